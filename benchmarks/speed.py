"""Speed and memory of newsingest against raw trafilatura (issue 9), one command:

    python -W ignore -m benchmarks.speed [--only 1,2] [--full] [--json] [--aeb DIR]

Sections (each figure is printed with its target and whether it holds; nothing is
asserted, the figures depend on the machine):

1. per page, one process, AEB pages: our stage vs raw trafilatura (without and with its
   metadata), median and p95 CPU ms/page, ratios, and AEB body F1 of the same bodies;
2. pool scaling: pages/s of the project's process pool on every core vs one process;
3. end to end: `newsingest ingest --urls-file` of distinct AEB copies from a local
   server process: pages/s vs (2), and the reactor's lag;
4. memory: peak RSS (and PSS) of the command's processes at two sizes, and with a long
   URL list;
5. `newsingest ingest-files` vs a raw trafilatura loop, whole processes, median of 3;
6. discovery against a large state store and a large sitemap, and `newsingest --help`.

By default the page counts are scaled so that the run takes under 5 minutes on 2 idle
cores; `--full` runs the counts of issue 9 (much longer). What was scaled is printed.
Sections 1-5 need the AEB pages (`../shared/datasets/aeb`, as
`benchmarks.extraction_quality` finds them); without them they are skipped with a
message, and section 6 still runs.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from benchmarks.extraction_quality import DatasetMissing
from benchmarks.speed_pages import AEB_DIR
from benchmarks.speed_report import SECTIONS, Figure, format_table, parse_only


@dataclass(frozen=True)
class Scale:
    """Page and URL counts of one run."""

    pool_pages: int  # (2), per round (two rounds)
    crawl_pages: int  # (3), and the larger memory run of (4) when memory_large equals it
    memory_small: int  # (4)
    memory_large: int  # (4)
    long_list: int  # (4) URLs in a list that is stopped after long_list_seconds
    long_list_seconds: int
    files: int  # (5)
    known_small: int  # (6)
    known_large: int
    sitemap_urls: int

    def scaled(self, full: "Scale", sections: Sequence[int]) -> list[str]:
        """What this run does, in `sections`, with fewer pages than issue 9 asks for."""
        labels = {"crawl_pages": (3, "crawl pages"), "memory_small": (4, "memory, smaller run"),
                  "memory_large": (4, "memory, larger run"), "long_list": (4, "long URL list"),
                  "files": (5, "ingest-files pages"), "known_large": (6, "known URLs"),
                  "sitemap_urls": (6, "sitemap URLs")}
        return [f"({section}) {label} {getattr(self, key):,} (issue 9: {getattr(full, key):,})"
                for key, (section, label) in labels.items()
                if section in sections and getattr(self, key) < getattr(full, key)]


FULL = Scale(pool_pages=181, crawl_pages=2000, memory_small=1000, memory_large=10000, long_list=1_000_000,
             long_list_seconds=20, files=500, known_small=1000, known_large=200_000, sitemap_urls=50_000)
QUICK = Scale(pool_pages=60, crawl_pages=1000, memory_small=100, memory_large=1000, long_list=50_000,
              long_list_seconds=10, files=120, known_small=1000, known_large=200_000, sitemap_urls=50_000)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.speed",
        description="Speed and memory of newsingest against raw trafilatura, each figure with its "
                    "issue 9 target. Sections: " + "; ".join(f"{n} {name}" for n, name in SECTIONS.items()))
    parser.add_argument("--only", metavar="SECTIONS", help="run only these sections, e.g. 1,2 or 3-5")
    parser.add_argument("--full", action="store_true",
                        help="issue 9's page counts (2,000-page crawl, memory at 1,000 and 10,000 pages, "
                             "500 files): much longer than the default 5 minutes")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of the table")
    parser.add_argument("--aeb", type=Path, default=AEB_DIR, help=f"AEB directory (default: {AEB_DIR})")
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(sections: Sequence[int], scale: Scale, aeb: Path) -> tuple[list[Figure], dict[str, Any], list[str]]:
    """Run the chosen sections; (figures, details, messages about what was skipped or failed).
    A crawl that fails shows as n/a figures with its exit code and last error line."""
    from benchmarks import speed_command, speed_crawl, speed_stage, speed_state
    from benchmarks.speed_pages import load_aeb, templates

    figures: list[Figure] = []
    details: dict[str, Any] = {}
    skipped: list[str] = []
    pages = None
    if any(n <= 5 for n in sections):
        try:
            pages = load_aeb(aeb)
        except DatasetMissing as error:
            skipped.append(f"sections {', '.join(str(n) for n in sections if n <= 5)} skipped: {error}")
    if pages is not None:
        if 1 in sections:
            _progress(f"(1) per page: {len(pages)} AEB pages x 3 extractors, one process...")
            found, details["1"] = speed_stage.per_page(pages)
            figures += found
        pool_rate = None
        if 2 in sections:
            _progress(f"(2) pool scaling: {scale.pool_pages} pages x 2 rounds...")
            found, details["2"] = speed_stage.pool_scaling(pages[:scale.pool_pages])
            figures += found
            pool_rate = details["2"]["pool_pages_per_s"]
        copies = templates(pages) if any(n in sections for n in (3, 4, 5)) else []
        if 3 in sections or 4 in sections:
            with speed_crawl.site(copies) as server:
                runs: dict[int, Any] = {}

                def crawl(urls: int, **settings: str) -> Any:
                    _progress(f"(3/4) crawl of {urls:,} URLs...")
                    return speed_crawl.crawl(server, urls, **settings)

                if 3 in sections:
                    runs[scale.crawl_pages] = crawl(scale.crawl_pages)
                    figures += speed_crawl.crawl_figures(runs[scale.crawl_pages], pool_rate)
                    details["3"] = runs[scale.crawl_pages].as_dict()
                if 4 in sections:
                    for urls in (scale.memory_small, scale.memory_large):
                        if urls not in runs:
                            runs[urls] = crawl(urls)
                    long_list = crawl(scale.long_list, CLOSESPIDER_TIMEOUT=str(scale.long_list_seconds))
                    figures += speed_crawl.memory_figures(runs[scale.memory_small], runs[scale.memory_large],
                                                          long_list)
                    details["4"] = {"small": runs[scale.memory_small].as_dict(),
                                    "large": runs[scale.memory_large].as_dict(), "long_list": long_list.as_dict()}
        if 5 in sections:
            _progress(f"(5) ingest-files vs raw loop: {scale.files} pages, 3 rounds...")
            try:
                found, details["5"] = speed_command.whole_command(copies, scale.files)
                figures += found
            except (RuntimeError, subprocess.SubprocessError) as error:
                skipped.append(f"section 5 failed: {error}")
    if 6 in sections:
        _progress(f"(6) state at scale: {scale.known_large:,} known URLs, {scale.sitemap_urls:,}-URL sitemap...")
        try:
            found, details["6"] = speed_state.state_at_scale(scale.known_small, scale.known_large,
                                                             scale.sitemap_urls)
            figures += found
        except (RuntimeError, subprocess.SubprocessError) as error:
            skipped.append(f"section 6 failed: {error}")
    return figures, details, skipped


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        sections = parse_only(args.only)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    scale = FULL if args.full else QUICK
    started = time.perf_counter()
    figures, details, skipped = run(sections, scale, args.aeb)
    seconds = time.perf_counter() - started
    scaled = scale.scaled(FULL, sections)
    if args.json:
        print(json.dumps({"sections": sections, "seconds": round(seconds, 1), "scaled": scaled, "skipped": skipped,
                          "figures": [f.as_dict() for f in figures], "details": details}, indent=2, default=str))
        return 0
    for message in skipped:
        print(message)  # on stdout, beside the table: a reader of the output sees what is missing
    if figures:
        print(format_table(figures))
    if scaled:
        print("scaled to fit 5 minutes (--full for issue 9's counts): " + "; ".join(scaled))
    print(f"sections {','.join(map(str, sections))} in {seconds:.0f} s wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
