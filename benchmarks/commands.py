"""Running the project's commands as whole processes, as a user does, on this worktree's code."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from benchmarks.reactor_lag import OUT_SETTING, PROBE
from crawler import settings as project_settings

REPO_ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """This checkout's packages first on the path (not an editable install's elsewhere)."""
    path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def newsingest(*args: str) -> list[str]:
    """The `newsingest` command line: the installed script beside this Python, or the same
    entry point through `python -c` where there is none."""
    script = Path(sys.executable).parent / "newsingest"
    if script.is_file():
        return [sys.executable, str(script), *args]
    return [sys.executable, "-c", "import sys; from crawler.cli import main; sys.exit(main())", *args]


def probe_settings(out_file: Path, **settings: Any) -> list[str]:
    """`-s` options that add the reactor lag probe (writing to `out_file`) and `settings`."""
    # Added to the project's extensions: a -s value replaces the whole dict.
    extensions = {**project_settings.EXTENSIONS, PROBE: 0}
    options = ["-s", "EXTENSIONS=" + json.dumps(extensions), "-s", f"{OUT_SETTING}={out_file}"]
    for name, value in settings.items():
        options += ["-s", f"{name}={value}"]
    return options


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The run manifest a command wrote in `out_dir` (the last one), or None."""
    manifests = sorted((out_dir / "runs").glob("*.json"))
    return json.loads(manifests[-1].read_text(encoding="utf-8")) if manifests else None
