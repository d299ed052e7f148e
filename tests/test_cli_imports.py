"""`newsingest --help` answers at once: the command module imports no heavy library."""
import subprocess
import sys

from .conftest import REPO_ROOT

HEAVY = ("scrapy", "twisted", "pyarrow", "cleaning", "trafilatura", "lxml", "duckdb")


def test_help_imports_nothing_heavy():
    code = ("import sys, contextlib, io\n"
            "from crawler import cli\n"
            "for argv in (['--help'], ['ingest', '--help'], ['crawl', '--help'], ['ingest-files', '--help']):\n"
            "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "        cli.main(argv)\n"
            f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
