from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"


@pytest.fixture
def pages_dir() -> Path:
    return PAGES


REPO_ROOT = Path(__file__).resolve().parent.parent


def run_command(args: list[str], *, stdin: str | None = None, cwd: Path | None = None,
                timeout: float = 120):
    """Run `newsingest …` (or any module) as a user would: a separate process."""
    import subprocess
    import sys

    if args and args[0] == "newsingest":
        args = [sys.executable, "-m", "crawler.cli", *args[1:]]
    elif args and args[0] == "scrapy":
        args = [sys.executable, "-m", "scrapy", *args[1:]]
    return subprocess.run(args, input=stdin, capture_output=True, text=True, cwd=cwd or REPO_ROOT,
                          timeout=timeout)
