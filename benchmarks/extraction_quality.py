"""Article-body extraction quality on the article extraction benchmark (AEB).

Scores raw trafilatura and our cleaning stage on the same pages in the same run:

    python -m benchmarks.extraction_quality [--dataset DIR] [--limit N] [--json]

The dataset is the public https://github.com/scrapinghub/article-extraction-benchmark
(``html/<id>.html.gz`` and ``ground-truth.json``); by default it is looked for in
``../shared/datasets/aeb`` relative to the repository root. Scoring is in
``benchmarks.aeb_scoring``. Only the article body is compared (no title). A page on
which an extractor returns nothing, is rejected, or raises counts as an empty
prediction.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from benchmarks.aeb_scoring import Scores, aggregate, exact_match, page_counts

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = (REPO_ROOT / ".." / "shared" / "datasets" / "aeb").resolve()
DATASET_SOURCE = "https://github.com/scrapinghub/article-extraction-benchmark"

# (html bytes, page url) -> article body text; None or "" means nothing extracted.
Extractor = Callable[[bytes, str], "str | None"]


def raw_trafilatura(html: bytes, url: str) -> str | None:
    # Note: the dataset README's figures for trafilatura 2.3.1 (F1 0.953, precision
    # 0.928, recall 0.978, accuracy 0.249) are for trafilatura's defaults, which
    # include comments; without comments (as here) it scores F1 0.960, precision
    # 0.942, recall 0.978, accuracy 0.293 with the same scoring.
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


def newsingest(html: bytes, url: str) -> str:
    # Imported here so this module loads even while the cleaning stage is absent.
    from cleaning import clean_page
    from cleaning.models import Article, PageInput

    result = clean_page(PageInput(body=html, url=url, headers={}))
    return result.text if isinstance(result, Article) else ""  # Rejection: empty


# The first extractor is the baseline, the last one is "ours".
DEFAULT_EXTRACTORS: tuple[tuple[str, Extractor], ...] = (
    ("raw trafilatura", raw_trafilatura),
    ("newsingest", newsingest),
)


class DatasetMissing(Exception):
    pass


@dataclass(frozen=True)
class Page:
    page_id: str
    url: str
    html: bytes
    truth: str


def load_dataset(directory: Path, limit: int | None = None) -> list[Page]:
    """Pages of an AEB-layout directory, sorted by id, at most ``limit`` of them."""
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
    if limit is not None:
        ids = ids[:limit]
    pages = []
    for page_id in ids:
        html_path = html_dir / f"{page_id}.html.gz"
        try:
            with gzip.open(html_path, "rb") as f:
                html = f.read()
        except (OSError, EOFError) as exc:
            raise DatasetMissing(f"cannot read {html_path}: {exc}") from exc
        entry = truth[page_id] or {}
        pages.append(
            Page(
                page_id=page_id,
                url=entry.get("url") or "",
                html=html,
                truth=entry.get("articleBody") or "",
            )
        )
    return pages


@dataclass(frozen=True)
class Result:
    name: str
    scores: Scores
    seconds: float  # total time spent inside the extractor
    errors: int  # pages on which the extractor raised (scored as empty)

    def as_dict(self) -> dict:
        d = {"name": self.name, **self.scores.as_dict()}
        d["seconds"] = self.seconds
        d["errors"] = self.errors
        return d


def evaluate(
    pages: Sequence[Page],
    extractors: Sequence[tuple[str, Extractor]],
    clock: Callable[[], float] = time.perf_counter,
) -> list[Result]:
    """Run every extractor on every page (page by page, in turn) and score them."""
    counts: dict[str, list] = {name: [] for name, _ in extractors}
    matches: dict[str, list] = {name: [] for name, _ in extractors}
    seconds = {name: 0.0 for name, _ in extractors}
    errors = {name: 0 for name, _ in extractors}
    if pages:
        # Untimed warm-up, so lazy imports and first-call set-up are not billed
        # to whichever extractor happens to go first.
        for _, extract in extractors:
            _warm_up(extract, pages[0])
    for page in pages:
        for name, extract in extractors:
            start = clock()
            try:
                pred = _call(extract, page)
            except ImportError:
                raise
            except Exception:
                pred = ""
                errors[name] += 1
            seconds[name] += clock() - start
            counts[name].append(page_counts(page.truth, pred))
            matches[name].append(exact_match(page.truth, pred))
    return [
        Result(name, aggregate(counts[name], matches[name]), seconds[name], errors[name])
        for name, _ in extractors
    ]


def _call(extract: Extractor, page: Page) -> str:
    return extract(page.html, page.url) or ""


def _warm_up(extract: Extractor, page: Page) -> None:
    try:
        _call(extract, page)
    except ImportError:
        raise
    except Exception:
        pass  # counted when the page is scored


def _ratio(ours: float, base: float) -> float | None:
    return ours / base if base else None


def ratios(results: Sequence[Result]) -> dict:
    """Last ("ours") over first ("raw") extractor: F1 and time."""
    if len(results) < 2:
        return {}
    base, ours = results[0], results[-1]
    return {
        "ours": ours.name,
        "baseline": base.name,
        "f1": _ratio(ours.scores.f1, base.scores.f1),
        "time": _ratio(ours.seconds, base.seconds),
    }


def _fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_table(results: Sequence[Result]) -> str:
    name_w = max([len("extractor")] + [len(r.name) for r in results])
    header = (
        f"{'extractor':<{name_w}}  {'F1':>6}  {'precision':>9}  {'recall':>6}  "
        f"{'accuracy':>8}  {'pages':>5}  {'seconds':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        s = r.scores
        lines.append(
            f"{r.name:<{name_w}}  {s.f1:>6.3f}  {s.precision:>9.3f}  {s.recall:>6.3f}  "
            f"{s.accuracy:>8.3f}  {s.pages:>5d}  {r.seconds:>8.3f}"
        )
    rat = ratios(results)
    if rat:
        lines.append("")
        lines.append(f"F1   {rat['ours']} / {rat['baseline']}: {_fmt_ratio(rat['f1'])}")
        lines.append(f"time {rat['ours']} / {rat['baseline']}: {_fmt_ratio(rat['time'])}")
    for r in results:
        if r.errors:
            lines.append(f"note: {r.name} raised on {r.errors} page(s), scored as empty")
    return "\n".join(lines)


def to_json(results: Sequence[Result], dataset: Path) -> dict:
    return {
        "dataset": str(dataset),
        "pages": results[0].scores.pages if results else 0,
        "extractors": {r.name: r.as_dict() for r in results},
        "ratios": ratios(results),
    }


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extraction_quality",
        description="Score raw trafilatura and the newsingest cleaning stage on the "
        "article extraction benchmark (article body only).",
    )
    parser.add_argument(
        "--dataset",
        type=Path,
        default=DEFAULT_DATASET,
        help=f"AEB directory with html/<id>.html.gz and ground-truth.json "
        f"(default: {DEFAULT_DATASET})",
    )
    parser.add_argument("--limit", type=_positive_int, help="score only the first N pages")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    return parser


def main(
    argv: Sequence[str] | None = None,
    extractors: Sequence[tuple[str, Extractor]] | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    extractors = DEFAULT_EXTRACTORS if extractors is None else extractors
    try:
        pages = load_dataset(args.dataset, args.limit)
    except DatasetMissing as exc:
        print(
            f"error: AEB dataset not found or incomplete ({exc}); get html/*.html.gz "
            f"and ground-truth.json from {DATASET_SOURCE} and pass --dataset DIR",
            file=sys.stderr,
        )
        return 2
    try:
        results = evaluate(pages, extractors)
    except ImportError as exc:
        print(f"error: cannot import an extractor: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(to_json(results, args.dataset), indent=2))
    else:
        print(f"AEB: {len(pages)} pages from {args.dataset}")
        print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
