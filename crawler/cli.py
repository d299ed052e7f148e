"""The `newsingest` command.

Only argument parsing is imported up front (`newsingest --help` answers at once); each
command imports what it runs (Scrapy, pyarrow, the cleaning stage) when it runs.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from pipelines.output_dir import OutputDirError, ensure_writable_dir
from pipelines.lock import FolderLocked, OutputLock

from .exit_codes import ExitCode

DEFAULT_OUT = Path("data")


class UsageError(Exception):
    """A mistake in what the user asked for: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage + exits 2; keep it one line
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message} (see --help)\n")


class _VersionAction(argparse.Action):
    """--version: the installed version and the dataset schema it writes (read only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and the dataset schema version, and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from pipelines.schema import SCHEMA_VERSION, pipeline_version

        print(f"newsingest {pipeline_version()} (dataset schema {SCHEMA_VERSION})")  # stdout, as argparse's own
        parser.exit(ExitCode.OK)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsingest", description="Scrape and clean news articles into a Parquet dataset.")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    files = commands.add_parser("ingest-files", help="ingest saved HTML pages (.html, .htm, .html.gz, folders)")
    files.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="page files or folders (recursive)")
    _add_run_options(files)
    files.add_argument("--workers", type=int, default=None, help="cleaning processes (default: all cores)")
    files.set_defaults(handler=_run_ingest_files)

    urls = commands.add_parser("ingest", help="fetch URLs with Scrapy and ingest them")
    urls.add_argument("urls", nargs="*", metavar="URL", help="http(s) URLs")
    urls.add_argument("--urls-file", metavar="FILE", help="one URL per line (# comments); - reads stdin")
    _add_run_options(urls)
    _add_crawl_options(urls)
    urls.set_defaults(handler=_run_ingest_urls)

    crawl = commands.add_parser("crawl", help="scheduled crawl of the sites in a seeds file; only new articles")
    crawl.add_argument("seeds", type=Path, metavar="SEEDS.toml", help="seeds file (see seeds/example.toml)")
    _add_run_options(crawl)
    _add_scheduled_options(crawl)
    _add_crawl_options(crawl)
    crawl.set_defaults(handler=_run_crawl)

    demo = commands.add_parser("demo", help="crawl the bundled demo site, served on 127.0.0.1 (no internet)")
    demo.add_argument("--site", type=Path, default=None, metavar="DIR", help="demo site folder (default: seeds/demo-site)")
    demo.add_argument("--seeds", type=Path, default=None, metavar="FILE", help="seeds file (default: seeds/demo.toml)")
    _add_run_options(demo)
    _add_scheduled_options(demo)
    _add_crawl_options(demo)
    demo.set_defaults(handler=_run_demo)
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="dataset folder (default: ./data)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary")


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting, e.g. -s DOWNLOAD_TIMEOUT=10 (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")


def _setting_overrides(pairs: list[str]) -> dict[str, str]:
    from .setting_values import setting_error

    overrides = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name.strip():
            raise UsageError(f"-s expects NAME=VALUE, got {pair!r}")
        problem = setting_error(name.strip(), value)
        if problem:
            raise UsageError(f"-s {problem}")
        overrides[name.strip()] = value
    return overrides


def _run_ingest_urls(args: argparse.Namespace) -> int:
    from .url_lists import UrlFileError, open_url_file, read_url_lines

    urls = list(read_url_lines(args.urls))
    try:
        # Checked and counted now, read again as the crawl goes: never all in memory.
        url_file = open_url_file(args.urls_file) if args.urls_file else None
    except UrlFileError as error:
        raise UsageError(str(error)) from error
    try:
        if not urls and not (url_file and url_file.count):
            raise UsageError("no URLs given: pass URLs as arguments or with --urls-file FILE (- for stdin)")
        # The folder's state store, as for scheduled crawls: the same article with the same
        # text is counted as unchanged, with new text it is written as the next version.
        return _crawl_and_report(args, "ingest", {"urls": urls, "urls_file": url_file}, {"NEWSINGEST_STATE": True})
    finally:
        if url_file is not None:
            url_file.close()


def _add_scheduled_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full", action="store_true", help="re-fetch every URL, not only new ones")
    parser.add_argument("--max-failure-share", type=float, default=0.5, metavar="SHARE",
                        help="exit 4 when more than this share of fetches failed (default 0.5)")


def _run_crawl(args: argparse.Namespace) -> int:
    from .seeds import SeedsError, load_seeds

    if not args.seeds.is_file():  # a missing path is a usage error, as for every other command
        raise UsageError(f"no such seeds file: {args.seeds}")
    try:
        seeds = load_seeds(args.seeds)
    except SeedsError as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.CONFIG_ERROR
    return _scheduled_crawl(args, "crawl", seeds, {})


def _run_demo(args: argparse.Namespace) -> int:
    from .demo_site import DEMO_SITE, DemoSiteMissing, DemoSiteServer
    from .seeds import SeedsError, load_seeds

    site_dir = args.site or DEMO_SITE
    # The same port as the last demo into this folder keeps the site's URLs (and so the
    # article ids) the same, so a second run finds nothing new, as a real site would.
    port_file = args.out / ".demo-port"
    try:
        server = DemoSiteServer(site_dir, port=_remembered_port(port_file))
    except DemoSiteMissing as error:
        raise UsageError(str(error)) from error
    with server:
        _remember_port(port_file, server.origin)
        if not args.quiet:
            print(f"Serving the demo site at {server.origin}", file=sys.stderr)
        seeds_file = args.seeds or DEMO_SITE.parent / "demo.toml"
        try:
            seeds = load_seeds(seeds_file, (server.config.placeholder_origin, server.origin))
        except SeedsError as error:
            print(f"newsingest: error: {error}", file=sys.stderr)
            return ExitCode.CONFIG_ERROR
        # A local server answers in a millisecond: AutoThrottle need not start at 1 s.
        return _scheduled_crawl(args, "demo", seeds, {"AUTOTHROTTLE_START_DELAY": 0.05})


def _remembered_port(port_file: Path) -> int:
    try:
        return int(port_file.read_text().strip())
    except (OSError, ValueError):
        return 0


def _remember_port(port_file: Path, origin: str) -> None:
    try:
        port_file.parent.mkdir(parents=True, exist_ok=True)
        port_file.write_text(origin.rsplit(":", 1)[1] + "\n")
    except OSError:
        pass  # an unwritable folder is reported by the run itself


def _scheduled_crawl(args: argparse.Namespace, command: str, seeds, demo_overrides: dict) -> int:
    from .crawl_runner import CrawlFailed
    from .spiders.news import NewsSpider

    if not 0 <= args.max_failure_share <= 1:
        raise UsageError("--max-failure-share must be between 0 and 1")
    try:
        manifest, interrupted = _run_spider(args, NewsSpider, {"seeds": seeds, "full": args.full}, command,
                                            demo_overrides, unit="pages")
    except CrawlFailed as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.PARTIAL_FAILURE
    if interrupted:
        return ExitCode.INTERRUPTED
    return scheduled_exit_code(manifest, args.max_failure_share)


def scheduled_exit_code(manifest, max_failure_share: float) -> int:
    """0 new articles, 3 nothing new, 4 too many fetches failed (timeouts, 5xx, DNS...),
    counting the feeds, sitemaps and start pages as well as the articles."""
    sites = manifest.sites.values()
    attempted = manifest.inputs + sum(site.get("discovery_requests", 0) for site in sites)
    failed = manifest.failed_fetches + sum(site.get("discovery_failures", 0) for site in sites)
    if attempted and failed / attempted > max_failure_share:
        return ExitCode.PARTIAL_FAILURE
    return ExitCode.OK if manifest.articles else ExitCode.NOTHING_NEW


def _crawl_and_report(args: argparse.Namespace, command: str, spider_kwargs: dict,
                      demo_overrides: dict) -> int:
    from .crawl_runner import CrawlFailed
    from .spiders.urls import UrlsSpider

    try:
        manifest, interrupted = _run_spider(args, UrlsSpider, spider_kwargs, command, demo_overrides, unit="URLs")
    except CrawlFailed as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.NOTHING_INGESTED
    if interrupted:
        return ExitCode.INTERRUPTED
    return _outcome_code(manifest)


def _run_spider(args: argparse.Namespace, spider_cls: type, spider_kwargs: dict, command: str,
                overrides: dict, unit: str):
    """One crawl into args.out under the folder's lock; prints the summary. Returns the
    manifest and whether the run was interrupted."""
    from .crawl_runner import run_crawl
    from .report import Progress, render_summary

    settings = {**overrides, **_setting_overrides(args.set), "NEWSINGEST_LOCK_HELD": True}
    progress = Progress(enabled=False if args.quiet else None, unit=unit)
    ensure_writable_dir(args.out)  # before the lock file is made in it
    with OutputLock(args.out):
        manifest, manifest_path, interrupted = run_crawl(spider_cls, spider_kwargs, args.out, command, progress,
                                                         settings, verbose=args.verbose)
    if not args.quiet:
        print(render_summary(manifest, manifest_path))
    return manifest, interrupted


def _run_ingest_files(args: argparse.Namespace) -> int:
    from .ingest_files import ingest_files
    from .report import Progress, render_summary

    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    progress = Progress(enabled=False if args.quiet else None, unit="files")
    ensure_writable_dir(args.out)
    with OutputLock(args.out):
        manifest, manifest_path = ingest_files(args.paths, args.out, progress, workers=args.workers)
    if not args.quiet:
        print(render_summary(manifest, manifest_path))
    if manifest.inputs == 0:
        print("newsingest: no saved pages found (.html, .htm, .xhtml, .shtml, those .gz, or files without a suffix)",
              file=sys.stderr)
    return _outcome_code(manifest)


def _outcome_code(manifest) -> ExitCode:
    """0 with new rows, 3 when every article found was already in the folder, else 1."""
    if manifest.articles:
        return ExitCode.OK
    return ExitCode.NOTHING_NEW if manifest.unchanged else ExitCode.NOTHING_INGESTED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _setting_overrides(getattr(args, "set", []))  # bad -s values: told before anything starts
        return int(args.handler(args))
    except UsageError as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.USAGE
    except OutputDirError as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.USAGE
    except FolderLocked as error:
        print(f"newsingest: error: {error}", file=sys.stderr)
        return ExitCode.LOCKED
    except KeyboardInterrupt:
        print("\nnewsingest: interrupted; files written so far are kept", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as error:  # noqa: BLE001 - a bug still gets one line, not a traceback
        if os.environ.get("NEWSINGEST_DEBUG"):
            raise
        print(f"newsingest: error: unexpected {type(error).__name__}: {error} "
              "(set NEWSINGEST_DEBUG=1 to see the traceback)", file=sys.stderr)
        return ExitCode.NOTHING_INGESTED


if __name__ == "__main__":
    sys.exit(main())
