"""Extraction quality of raw trafilatura and of our cleaning stage, side by side.

One run scores both dev sets, body and metadata, for both extractors on the same pages:

    python -W ignore -m benchmarks.extraction_quality [--only aeb|wcxb-dev]
        [--aeb DIR] [--wcxb DIR] [--dataset DIR ...] [--split even|odd|all] [--limit N]
        [--jobs N] [--json] [--save FILE]

Datasets (``html/<id>.html.gz`` and ``ground-truth.json``), looked for beside the
repository by default:

* ``../shared/datasets/aeb``: the public article extraction benchmark
  (https://github.com/scrapinghub/article-extraction-benchmark), body truth only.
* ``../shared/datasets/wcxb-dev``: English article pages of WCXB's dev split, with body,
  title, authors and published-date truth and must-have / must-not-have snippets.

``--dataset DIR`` scores other folders of the same layout instead; whatever truth their
``ground-truth.json`` holds is scored. Body scoring is in ``benchmarks.aeb_scoring``
(the AEB metric), WCXB's own figures and the metadata rules in
``benchmarks.wcxb_scoring``, the summaries and printing in
``benchmarks.extraction_report``. A page on which an extractor returns nothing, is
rejected, or raises counts as an empty prediction (a rejection: no metadata either).

Pages run in a process pool (``--jobs``, default: all cores); each worker times the
extractors itself, in CPU time of its process (``time.process_time``): ms/page is the
CPU time inside the extractor calls, which waiting for a busy CPU does not inflate.
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing import Pool
from pathlib import Path
from typing import Callable, Iterable, Sequence

from benchmarks.aeb_scoring import PageCounts, exact_match, page_counts, page_f1
from benchmarks.wcxb_scoring import compare_metadata, snippet_shares, word_f1

REPO_ROOT = Path(__file__).resolve().parent.parent


def _datasets_dir() -> Path:
    """``shared/datasets`` beside the repository, or beside a folder above it (a git
    worktree kept in a subfolder); by default the one beside the repository."""
    for folder in REPO_ROOT.parents:
        if (folder / "shared" / "datasets").is_dir():
            return folder / "shared" / "datasets"
    return REPO_ROOT.parent / "shared" / "datasets"


DATASETS_DIR = _datasets_dir()
AEB_SOURCE = "https://github.com/scrapinghub/article-extraction-benchmark"
WCXB_SOURCE = "https://github.com/Murrough-Foley/web-content-extraction-benchmark"
SPLITS = ("all", "even", "odd")


class DatasetMissing(Exception):
    pass


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    directory: Path
    source: str  # where to get it, for the error message
    language: str | None = None  # the language of every page, when the set is known to have one


def default_specs(aeb: Path | None = None, wcxb: Path | None = None) -> list[DatasetSpec]:
    return [
        DatasetSpec("aeb", aeb or DATASETS_DIR / "aeb", AEB_SOURCE),
        # Its README: the pages are English (629 declare lang="en", 21 nothing).
        DatasetSpec("wcxb-dev", wcxb or DATASETS_DIR / "wcxb-dev", WCXB_SOURCE, language="en"),
    ]


# --- pages and their truth ------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of a dataset and its truth. A truth field the dataset lacks is None."""

    page_id: str
    url: str
    html_path: Path
    truth: str  # articleBody
    title: str | None = None
    authors: tuple[str, ...] | None = None
    published: str | None = None  # "" when the truth is null
    language: str | None = None
    must_have: tuple[str, ...] | None = None  # WCXB "with" snippets
    must_not_have: tuple[str, ...] | None = None  # WCXB "without" snippets

    @property
    def html(self) -> bytes:
        with gzip.open(self.html_path, "rb") as f:
            return f.read()

    @property
    def half(self) -> str | None:
        return id_half(self.page_id)

    def metadata_truth(self) -> dict[str, object]:
        """The metadata truth this page has, in the form ``compare_metadata`` takes."""
        truth = {"title": self.title, "authors": self.authors, "published": self.published}
        return {k: v for k, v in truth.items() if v is not None}


def id_half(page_id: str) -> str | None:
    """"even" or "odd" by the id read as a number (decimal, else hexadecimal); None if neither."""
    for base in (10, 16):
        try:
            return "odd" if int(page_id, base) % 2 else "even"
        except ValueError:
            continue
    return None


def _text_tuple(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _page(page_id: str, entry: dict, html_dir: Path, language: str | None) -> Page:
    return Page(
        page_id=page_id,
        url=entry.get("url") or "",
        html_path=html_dir / f"{page_id}.html.gz",
        truth=entry.get("articleBody") or "",
        title=(entry["title"] or "") if "title" in entry else None,
        authors=(_text_tuple(entry["authors"]) or ()) if "authors" in entry else None,
        published=(entry["published"] or "") if "published" in entry else None,
        language=entry.get("language") or language,
        must_have=(_text_tuple(entry["with"]) or ()) if "with" in entry else None,
        must_not_have=(_text_tuple(entry["without"]) or ()) if "without" in entry else None,
    )


def load_dataset(
    directory: Path, limit: int | None = None, split: str = "all", language: str | None = None
) -> list[Page]:
    """Pages of an AEB-layout directory sorted by id: those of ``split``, at most ``limit``.

    ``language``: the truth language of every page that does not give its own.
    """
    truth_path = directory / "ground-truth.json"
    html_dir = directory / "html"
    if not truth_path.is_file() or not html_dir.is_dir():
        raise DatasetMissing(f"no ground-truth.json and html/ in {directory}")
    try:
        with truth_path.open(encoding="utf-8") as f:
            truth = json.load(f)
    except (OSError, ValueError) as exc:
        raise DatasetMissing(f"cannot read {truth_path}: {exc}") from exc
    ids = sorted(truth)
    if split != "all":
        unnumbered = [i for i in ids if id_half(i) is None]
        if unnumbered:
            raise DatasetMissing(f"--split needs numeric ids; {unnumbered[0]!r} is not one")
        ids = [i for i in ids if id_half(i) == split]
    if limit is not None:
        ids = ids[:limit]
    pages = [_page(i, truth[i] or {}, html_dir, language) for i in ids]
    for page in pages:
        if not page.html_path.is_file():
            raise DatasetMissing(f"no {page.html_path}")
    return pages


_HTML_LANG_RE = re.compile(rb"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?\s*([A-Za-z]{2,3})(?![A-Za-z])", re.I)


def declared_html_language(html: bytes) -> str | None:
    """Primary subtag of the page's ``<html lang>``, lower-cased; None when it has none."""
    match = _HTML_LANG_RE.search(html)
    return match.group(1).decode("ascii").lower() if match else None


def primary_language(code: str | None) -> str | None:
    """``zh-cn`` -> ``zh``: languages are compared on their primary subtag."""
    return re.split(r"[-_]", code.strip().lower())[0] if code and code.strip() else None


# --- extractors -----------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """What an extractor says about a page. A rejection predicts nothing."""

    body: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date (UTC day), or longer ISO text
    language: str | None = None
    rejected: str | None = None  # our reject reason

    def metadata(self) -> dict[str, object]:
        return {"title": self.title, "authors": self.authors, "published": self.published}


# (html bytes, page url) -> a Prediction, or just the body text (None or "": nothing).
ExtractFn = Callable[[bytes, str], "Prediction | str | None"]


@dataclass(frozen=True)
class Extractor:
    """A contender. ``extract`` is timed (ms/page); ``read_metadata``, for an extractor
    whose body call gives no metadata, is a second pass that is timed apart."""

    name: str
    extract: ExtractFn
    read_metadata: Callable[[bytes, str], Prediction] | None = None


def raw_trafilatura(html: bytes, url: str) -> str | None:
    # Note: the AEB README's figures for trafilatura 2.3.1 (F1 0.953, precision
    # 0.928, recall 0.978, accuracy 0.249) are for trafilatura's defaults, which
    # include comments; without comments (as here) it scores F1 0.960, precision
    # 0.942, recall 0.978, accuracy 0.293 with the same scoring.
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


def raw_trafilatura_metadata(html: bytes, url: str) -> Prediction:
    """Title, authors (its string split on ";") and date, as wcxb-dev's README baseline reads them.

    They are what ``bare_extraction(with_metadata=True)`` returns, read by its metadata
    pass alone (``extract_metadata`` with the options ``bare_extraction`` gives it),
    without running its content extraction a second time: the same fields on all 831
    dev pages, at 40% of the time. (``bare_extraction`` returns no metadata where it
    finds no body: ``run_extractor`` skips this pass on those pages.)
    """
    from trafilatura.metadata import extract_metadata

    options = _trafilatura_options()
    doc = extract_metadata(html, url, options.date_params, options.fast, options.author_blacklist)
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Prediction(title=doc.title, authors=authors, published=doc.date)


@functools.lru_cache(maxsize=1)
def _trafilatura_options():
    """trafilatura's default extraction options (its date search settings among them)."""
    from trafilatura.settings import Extractor as TrafilaturaOptions

    return TrafilaturaOptions(with_metadata=True)


def _utc_day(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.date().isoformat()


def newsingest(html: bytes, url: str) -> Prediction:
    # Imported here so this module loads even while the cleaning stage is absent.
    from cleaning import clean_page
    from cleaning.models import Article, PageInput

    result = clean_page(PageInput(body=html, url=url, headers={}))
    if not isinstance(result, Article):
        return Prediction(rejected=result.reason.value)
    return Prediction(
        body=result.text,
        title=result.title,
        authors=tuple(result.authors),
        published=_utc_day(result.published_at),
        language=result.language,
    )


# The first extractor is the baseline, the last one is "ours".
DEFAULT_EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("raw trafilatura", raw_trafilatura, read_metadata=raw_trafilatura_metadata),
    Extractor("newsingest", newsingest),
)


# --- one page: run every extractor and score it ---------------------------------


@dataclass(frozen=True)
class Timing:
    """CPU seconds inside one extractor's calls on one page, and whether it raised."""

    seconds: float = 0.0  # the timed extract call
    metadata_seconds: float = 0.0  # a separate metadata pass (0 without one)
    error: bool = False  # scored as an empty prediction


@dataclass(frozen=True)
class Outcome:
    """One extractor on one page: its prediction, its time and its per-page scores."""

    prediction: Prediction
    seconds: float  # inside the timed extract call
    metadata_seconds: float  # inside the separate metadata pass (0 without one)
    error: bool  # the extractor raised (scored as an empty prediction)
    counts: PageCounts  # AEB metric
    exact: bool
    f1: float  # AEB metric, this page alone
    word_f1: float  # WCXB metric
    found: float | None  # share of must-have snippets found (None: no snippet truth)
    leaked: float | None  # share of must-not-have snippets found
    agrees: dict[str, bool] = field(default_factory=dict)  # metadata, fields with a truth value
    empty_on_null: dict[str, bool] = field(default_factory=dict)  # fields whose truth is null
    language_right: bool | None = None  # against the truth language (None: no truth)
    language_as_declared: bool | None = None  # against <html lang> (None: none declared)


@dataclass(frozen=True)
class PageResult:
    dataset: str
    page_id: str
    half: str | None
    outcomes: dict[str, Outcome]  # by extractor name


def score_prediction(
    page: Page, prediction: Prediction, declared: str | None = None, timing: Timing = Timing()
) -> Outcome:
    """Per-page scores of one prediction; ``declared``: the page's <html lang>."""
    counts = page_counts(page.truth, prediction.body)
    found = leaked = None
    if page.must_have is not None or page.must_not_have is not None:
        found, leaked = snippet_shares(
            prediction.body, page.must_have or (), page.must_not_have or ()
        )
    agrees, empty_on_null = compare_metadata(page.metadata_truth(), prediction.metadata())
    detected = primary_language(prediction.language)
    truth_language = primary_language(page.language)
    return Outcome(
        prediction=prediction,
        seconds=timing.seconds,
        metadata_seconds=timing.metadata_seconds,
        error=timing.error,
        counts=counts,
        exact=exact_match(page.truth, prediction.body),
        f1=page_f1(counts),
        word_f1=word_f1(page.truth, prediction.body),
        found=found,
        leaked=leaked,
        agrees=agrees,
        empty_on_null=empty_on_null,
        language_right=None if truth_language is None else detected == truth_language,
        language_as_declared=None if declared is None else detected == declared,
    )


def _as_prediction(value: Prediction | str | None) -> Prediction:
    return value if isinstance(value, Prediction) else Prediction(body=value or "")


def _timed(fn: Callable, html: bytes, url: str, clock: Callable[[], float]):
    """(result, seconds, raised): an exception other than ImportError is a failed page."""
    start = clock()
    try:
        result, raised = fn(html, url), False
    except ImportError:
        raise
    except Exception:
        result, raised = None, True
    return result, clock() - start, raised


def run_extractor(
    extractor: Extractor, html: bytes, url: str, with_metadata: bool = True,
    clock: Callable[[], float] = time.process_time,
) -> tuple[Prediction, Timing]:
    """The extractor's prediction for one page, and the CPU time it took.

    ``with_metadata``: run the extractor's separate metadata pass, if it has one, on a
    page where it found a body (an extractor that finds nothing predicts nothing).
    """
    body, seconds, error = _timed(extractor.extract, html, url, clock)
    prediction = _as_prediction(body)
    metadata_seconds = 0.0
    if with_metadata and extractor.read_metadata is not None and prediction.body:
        metadata, metadata_seconds, metadata_error = _timed(extractor.read_metadata, html, url, clock)
        error = error or metadata_error
        if metadata is not None and not prediction.rejected:
            prediction = dataclasses.replace(metadata, body=prediction.body)
    return prediction, Timing(seconds, metadata_seconds, error)


def run_page(dataset: str, page: Page, extractors: Sequence[Extractor]) -> PageResult:
    html = page.html
    declared = declared_html_language(html)
    # A separate metadata pass is only worth its time where there is truth to score it on.
    with_metadata = bool(page.metadata_truth())
    outcomes = {}
    for extractor in extractors:
        prediction, timing = run_extractor(extractor, html, page.url, with_metadata)
        outcomes[extractor.name] = score_prediction(page, prediction, declared, timing)
    return PageResult(dataset, page.page_id, page.half, outcomes)


# --- many pages, in a process pool ----------------------------------------------

# A small article to warm each worker up on, untimed: lazy imports and first-call
# set-up (langdetect's profiles) are then not billed to whichever page comes first.
_WARM_UP_URL = "https://warm-up.example.org/news/2024/05/06/river-festival"
_WARM_UP_HTML = (
    "<!DOCTYPE html><html lang='en'><head><title>River festival draws crowds</title>"
    "<meta property='article:published_time' content='2024-05-06T08:00:00Z'></head><body>"
    "<article><h1>River festival draws crowds</h1><p class='byline'>By Ada Warmington</p>"
    + "".join(
        f"<p>Paragraph {n}: thousands of visitors lined the embankment on Sunday to watch "
        f"the boat parade, sample food from local stalls and listen to brass bands that "
        f"played until late in the evening, organisers said.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
).encode()

_worker_extractors: Sequence[Extractor] = ()


def _init_worker(extractors: Sequence[Extractor]) -> None:
    global _worker_extractors
    _worker_extractors = extractors
    for extractor in extractors:
        run_extractor(extractor, _WARM_UP_HTML, _WARM_UP_URL)


def _run_task(task: tuple[str, Page]) -> PageResult:
    dataset, page = task
    return run_page(dataset, page, _worker_extractors)


def run_pages(
    tasks: Sequence[tuple[str, Page]], extractors: Sequence[Extractor], jobs: int
) -> list[PageResult]:
    """Run every extractor on every (dataset, page); results in the order of ``tasks``."""
    # Biggest pages first, so that no worker is left with a long page at the end.
    order = sorted(tasks, key=lambda t: -t[1].html_path.stat().st_size)
    if jobs <= 1:
        _init_worker(extractors)
        results = [_run_task(t) for t in order]
    else:
        with Pool(jobs, initializer=_init_worker, initargs=(tuple(extractors),)) as pool:
            results = list(pool.imap_unordered(_run_task, order, chunksize=1))
    position = {(d, p.page_id): i for i, (d, p) in enumerate(tasks)}
    return sorted(results, key=lambda r: position[(r.dataset, r.page_id)])


# --- command line ---------------------------------------------------------------


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extraction_quality",
        description="Score raw trafilatura and the newsingest cleaning stage side by side "
        "on the dev sets: body (AEB metric, WCXB's figures), title, authors, date, "
        "language, rejections, time per page.",
    )
    specs = default_specs()
    parser.add_argument("--aeb", type=Path, default=specs[0].directory,
                        help=f"AEB directory (default: {specs[0].directory})")
    parser.add_argument("--wcxb", type=Path, default=specs[1].directory,
                        help=f"wcxb-dev directory (default: {specs[1].directory})")
    parser.add_argument("--only", choices=[s.name for s in specs],
                        help="score only this one of the two dev sets")
    parser.add_argument("--dataset", type=Path, action="append",
                        help="score this folder (html/<id>.html.gz, ground-truth.json) instead "
                        "of the dev sets; may be given more than once")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="pages with an even or odd numeric id, or all (default); with "
                        "all, figures for each half are printed too")
    parser.add_argument("--limit", type=_positive_int,
                        help="score only the first N pages (by id) of each dataset")
    parser.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1,
                        help="worker processes (default: %(default)s, the cores)")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument("--save", type=Path, metavar="FILE",
                        help="write every page's predictions and per-page F1 to this JSON file")
    return parser


def _chosen_specs(args: argparse.Namespace) -> list[DatasetSpec]:
    if args.dataset:
        return [DatasetSpec(d.name, d, f"{AEB_SOURCE} or {WCXB_SOURCE}") for d in args.dataset]
    specs = default_specs(args.aeb, args.wcxb)
    return [s for s in specs if args.only in (None, s.name)]


def _load(specs: Iterable[DatasetSpec], args: argparse.Namespace) -> dict[str, list[Page]]:
    datasets = {}
    for spec in specs:
        try:
            datasets[spec.name] = load_dataset(spec.directory, args.limit, args.split, spec.language)
        except DatasetMissing as exc:
            raise DatasetMissing(
                f"{spec.name} dataset not found or incomplete ({exc}); get html/*.html.gz "
                f"and ground-truth.json from {spec.source} and pass its folder"
            ) from exc
    return datasets


def main(argv: Sequence[str] | None = None, extractors: Sequence[Extractor] | None = None) -> int:
    from benchmarks import extraction_report as report

    args = build_parser().parse_args(argv)
    extractors = DEFAULT_EXTRACTORS if extractors is None else tuple(extractors)
    specs = _chosen_specs(args)
    try:
        datasets = _load(specs, args)
    except DatasetMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    tasks = [(name, page) for name, pages in datasets.items() for page in pages]
    try:
        results = run_pages(tasks, extractors, args.jobs)
    except ImportError as exc:
        print(f"error: cannot import an extractor: {exc}", file=sys.stderr)
        return 1
    wall = time.perf_counter() - started
    names = [e.name for e in extractors]
    reports = [
        report.build_report(spec.name, spec.directory, args.split, names,
                            [r for r in results if r.dataset == spec.name])
        for spec in specs
    ]
    if args.save:
        args.save.write_text(
            json.dumps(report.predictions_json(reports), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    if args.json:
        print(json.dumps(report.to_json(reports, wall, args.jobs), indent=2))
    else:
        print(report.format_reports(reports, wall, args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
