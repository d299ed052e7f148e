"""Section 5 of the speed benchmark: `newsingest ingest-files` against a raw trafilatura
loop (`benchmarks.raw_loop`) over the same saved pages, each a whole process (start-up
included), alternated, median wall time of each."""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Sequence

from benchmarks.commands import REPO_ROOT, child_env, newsingest, read_manifest
from benchmarks.process_memory import run_sampled
from benchmarks.speed_pages import write_copies
from benchmarks.speed_report import Figure, Target

COMMAND_RATIO_TARGET = 0.6


def _run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of the process tree); a failed run raises."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        code, wall, peak = run_sampled(args, cwd=REPO_ROOT, env=child_env(), stdout=subprocess.DEVNULL,
                                       stderr=stderr)
        if code != 0:
            stderr.seek(0)
            last_line = (stderr.read().strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"{' '.join(args[1:4])} ... exited with {code}: {last_line}")
    return wall, peak.rss_mib


def whole_command(templates: Sequence[bytes], files: int, rounds: int = 3) -> tuple[list[Figure], dict[str, Any]]:
    ours: list[tuple[float, float]] = []
    raw: list[tuple[float, float]] = []
    manifest = None
    with tempfile.TemporaryDirectory(prefix="speed-files-") as tmp:
        pages = Path(tmp) / "pages"
        write_copies(templates, files, pages)
        for n in range(rounds):
            out = Path(tmp) / f"data-{n}"
            # Alternate which goes first, so neither always follows the other's cache warm-up.
            runs = [("ours", newsingest("ingest-files", str(pages), "--out", str(out), "--quiet")),
                    ("raw", [sys.executable, "-m", "benchmarks.raw_loop", str(pages)])]
            for name, args in runs if n % 2 == 0 else reversed(runs):
                (ours if name == "ours" else raw).append(_run(args))
            manifest = read_manifest(out)
    ours_s = statistics.median(wall for wall, _ in ours)
    raw_s = statistics.median(wall for wall, _ in raw)
    m = manifest or {}
    figures = [
        Figure(5, f"ingest-files, {files} pages", ours_s, "s",
               note=f"wall time of the whole process, median of {rounds}, alternated with the raw loop; "
                    f"{m.get('articles')} articles, {m.get('duplicates')} duplicates, {m.get('rejects')} rejects"),
        Figure(5, "raw trafilatura loop (with metadata)", raw_s, "s"),
        Figure(5, "ingest-files / raw loop", ours_s / raw_s, "x", Target("<=", COMMAND_RATIO_TARGET)),
        Figure(5, "ingest-files peak RSS, all processes", max(rss for _, rss in ours), "MB"),
        Figure(5, "raw loop peak RSS", max(rss for _, rss in raw), "MB"),
    ]
    return figures, {"files": files, "rounds": rounds, "ours": ours, "raw": raw}
