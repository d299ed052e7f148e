"""The `newsingest` command."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from pipelines.dataset import OutputDirError

from .exit_codes import ExitCode
from .report import Progress, render_summary

DEFAULT_OUT = Path("data")


class UsageError(Exception):
    """A mistake in what the user asked for: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage + exits 2; keep it one line
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsingest", description="Scrape and clean news articles into a Parquet dataset.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    files = commands.add_parser("ingest-files", help="ingest saved HTML pages (.html, .htm, .html.gz, folders)")
    files.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="page files or folders (recursive)")
    _add_run_options(files)
    files.add_argument("--workers", type=int, default=None, help="cleaning processes (default: all cores)")
    files.set_defaults(handler=_run_ingest_files)
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="dataset folder (default: ./data)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary")


def _run_ingest_files(args: argparse.Namespace) -> int:
    from .ingest_files import ingest_files

    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    progress = Progress(enabled=False if args.quiet else None, unit="files")
    manifest, manifest_path = ingest_files(args.paths, args.out, progress, workers=args.workers)
    if not args.quiet:
        print(render_summary(manifest, manifest_path))
    if manifest.inputs == 0:
        print("newsingest: no .html, .htm or .html.gz files found", file=sys.stderr)
    return ExitCode.OK if manifest.articles else ExitCode.NOTHING_INGESTED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.USAGE
    except OutputDirError as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("\nnewsingest: interrupted; files written so far are kept", file=sys.stderr)
        return ExitCode.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
