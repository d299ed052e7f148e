"""Figures of one extraction-quality run: summaries per dataset, as tables or JSON.

``benchmarks.extraction_quality`` runs the extractors and scores each page; this module
adds the pages up (for all pages, and for the even and odd halves of the ids), finds
the pages where "ours" (the last extractor) loses most to the baseline (the first),
and prints it all.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from benchmarks.aeb_scoring import Scores, aggregate
from benchmarks.wcxb_scoring import METADATA_FIELDS

if TYPE_CHECKING:  # run as ``python -m``, that module is __main__: no second copy of it
    from benchmarks.extraction_quality import Outcome, PageResult

WORST_PAGES = 10
HALVES = ("even", "odd")

_FIELD_LABELS = {
    "title": "title (exact)",
    "title~": "title~ (loose)",
    "published": "published (same day)",
    "authors": "authors (same set)",
}


@dataclass(frozen=True)
class Rate:
    hits: int
    pages: int

    @property
    def share(self) -> float | None:
        return self.hits / self.pages if self.pages else None

    def percent(self) -> str:
        return "n/a" if self.share is None else f"{100 * self.share:.1f}%"

    def __str__(self) -> str:
        return f"{self.hits} = {self.percent()}"

    def as_dict(self) -> dict:
        return {"hits": self.hits, "pages": self.pages, "share": self.share}


def _rate(flags: Sequence[bool | None]) -> Rate:
    known = [f for f in flags if f is not None]
    return Rate(sum(known), len(known))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Summary:
    """One extractor on a set of pages."""

    pages: int
    body: Scores  # AEB metric
    word_f1: float | None  # WCXB metric; None when the set has no snippet truth
    found: float | None  # mean share of must-have snippets found
    leaked: float | None  # mean share of must-not-have snippets found
    metadata: dict[str, Rate]  # agreement on the pages whose truth has the field
    empty_on_null: dict[str, Rate]  # left empty on the pages whose truth is null
    language: Rate | None  # right against the truth; None: no truth, or no language predicted
    language_as_declared: Rate | None  # equal to <html lang>, where the page declares one
    rejections: dict[str, int]  # by reason
    empty_bodies: int  # pages with no body (rejections included)
    ms_per_page: float  # mean time inside the timed extract call
    metadata_ms_per_page: float  # mean time of a separate metadata pass (0 without one)
    errors: int

    def as_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d.update(self.body.as_dict())
        del d["body"]
        d["metadata"] = {k: v.as_dict() for k, v in self.metadata.items()}
        d["empty_on_null"] = {k: v.as_dict() for k, v in self.empty_on_null.items()}
        for key in ("language", "language_as_declared"):
            rate = getattr(self, key)
            d[key] = rate.as_dict() if rate else None
        return d


def summarize(outcomes: Sequence[Outcome]) -> Summary:
    with_snippets = [o for o in outcomes if o.found is not None]
    predicts_language = any(o.prediction.language for o in outcomes)
    fields = [f for f in METADATA_FIELDS if any(f in o.agrees for o in outcomes)]
    null_fields = [f for f in METADATA_FIELDS if any(f in o.empty_on_null for o in outcomes)]
    language = _rate([o.language_right for o in outcomes])
    return Summary(
        pages=len(outcomes),
        body=aggregate([o.counts for o in outcomes], [o.exact for o in outcomes]),
        word_f1=_mean([o.word_f1 for o in with_snippets]) if with_snippets else None,
        found=_mean([o.found for o in with_snippets]) if with_snippets else None,
        leaked=_mean([o.leaked for o in with_snippets]) if with_snippets else None,
        metadata={f: _rate([o.agrees.get(f) for o in outcomes]) for f in fields},
        empty_on_null={f: _rate([o.empty_on_null.get(f) for o in outcomes]) for f in null_fields},
        language=language if predicts_language and language.pages else None,
        language_as_declared=(
            _rate([o.language_as_declared for o in outcomes]) if predicts_language else None
        ),
        rejections=dict(Counter(o.prediction.rejected for o in outcomes if o.prediction.rejected)),
        empty_bodies=sum(1 for o in outcomes if not o.prediction.body.strip()),
        ms_per_page=1000 * _mean([o.seconds for o in outcomes]),
        metadata_ms_per_page=1000 * _mean([o.metadata_seconds for o in outcomes]),
        errors=sum(o.error for o in outcomes),
    )


@dataclass(frozen=True)
class Loss:
    """A page where ours scores a lower body F1 than the baseline."""

    page_id: str
    baseline_f1: float
    ours_f1: float
    rejected: str | None  # our reject reason, if we rejected the page

    @property
    def difference(self) -> float:
        return self.ours_f1 - self.baseline_f1


def worst_pages(
    results: Sequence[PageResult], baseline: str, ours: str, n: int = WORST_PAGES
) -> list[Loss]:
    """The ``n`` pages where ours loses most body F1 to the baseline (losses only)."""
    losses = [
        Loss(r.page_id, r.outcomes[baseline].f1, r.outcomes[ours].f1,
             r.outcomes[ours].prediction.rejected)
        for r in results
    ]
    losses = [loss for loss in losses if loss.difference < 0]
    return sorted(losses, key=lambda loss: (loss.difference, loss.page_id))[:n]


@dataclass(frozen=True)
class DatasetReport:
    name: str
    directory: Path
    split: str
    names: list[str]  # extractors: the first is the baseline, the last is ours
    results: list[PageResult]
    summaries: dict[str, Summary]  # by extractor
    halves: dict[str, dict[str, Summary]]  # "even"/"odd" -> by extractor; {} unless split all
    worst: list[Loss]

    @property
    def baseline(self) -> str:
        return self.names[0]

    @property
    def ours(self) -> str:
        return self.names[-1]

    def ratios(self) -> dict:
        """Ours over the baseline: body F1 and time per page."""
        if len(self.names) < 2:
            return {}
        base, ours = self.summaries[self.baseline], self.summaries[self.ours]
        return {
            "ours": self.ours,
            "baseline": self.baseline,
            "f1": _ratio(ours.body.f1, base.body.f1),
            "time": _ratio(ours.ms_per_page, base.ms_per_page),
        }


def _ratio(ours: float, base: float) -> float | None:
    return ours / base if base else None


def _summaries(results: Sequence[PageResult], names: Sequence[str]) -> dict[str, Summary]:
    return {name: summarize([r.outcomes[name] for r in results]) for name in names}


def build_report(
    name: str, directory: Path, split: str, names: Sequence[str], results: Sequence[PageResult]
) -> DatasetReport:
    halves = {}
    if split == "all" and results and all(r.half for r in results):
        halves = {
            half: _summaries([r for r in results if r.half == half], names) for half in HALVES
        }
    worst = worst_pages(results, names[0], names[-1]) if len(names) > 1 else []
    return DatasetReport(name, directory, split, list(names), list(results),
                         _summaries(results, names), halves, worst)


# --- text -----------------------------------------------------------------------


def _fmt_ratio(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _table(rows: list[list[str]], left: int = 1) -> list[str]:
    """Rows of cells, first ``left`` columns left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "-" * len(lines[0]))
    return lines


def _title(report: DatasetReport) -> str:
    title = f"== {report.name}: {len(report.results)} pages from {report.directory}, split {report.split}"
    if report.halves:
        counts = {h: next(iter(report.halves[h].values())).pages for h in HALVES}
        title += f" ({counts['even']} even, {counts['odd']} odd ids)"
    return title + " =="


def _body_table(report: DatasetReport) -> list[str]:
    header = ["body, AEB metric", "F1", "precision", "recall", "accuracy", "pages", "ms/page"]
    if report.halves:
        header += ["F1 even", "F1 odd"]
    rows = [header]
    for name in report.names:
        s = report.summaries[name]
        b = s.body
        row = [name, f"{b.f1:.3f}", f"{b.precision:.3f}", f"{b.recall:.3f}",
               f"{b.accuracy:.3f}", str(b.pages), f"{s.ms_per_page:.1f}"]
        row += [f"{report.halves[h][name].body.f1:.3f}" for h in HALVES if report.halves]
        rows.append(row)
    return _table(rows)


def _wcxb_table(report: DatasetReport) -> list[str]:
    if report.summaries[report.baseline].word_f1 is None:
        return []
    header = ["body, WCXB metric", "word F1", "with", "without (leaked)"]
    if report.halves:
        header += ["word F1 even", "word F1 odd"]
    rows = [header]
    for name in report.names:
        s = report.summaries[name]
        row = [name, f"{s.word_f1:.3f}", f"{100 * s.found:.1f}%", f"{100 * s.leaked:.1f}%"]
        row += [f"{report.halves[h][name].word_f1:.3f}" for h in HALVES if report.halves]
        rows.append(row)
    return [""] + _table(rows)


def _metadata_table(report: DatasetReport) -> list[str]:
    fields = [f for f in METADATA_FIELDS if f in report.summaries[report.baseline].metadata]
    if not fields:
        return []
    header = ["metadata", "pages"] + report.names
    if report.halves:
        header += [f"{name} even / odd" for name in report.names]
    rows = [header]
    for f in fields:
        rates = [report.summaries[name].metadata[f] for name in report.names]
        row = [_FIELD_LABELS[f], str(rates[0].pages)] + [str(r) for r in rates]
        for name in report.names if report.halves else []:
            even, odd = (report.halves[h][name].metadata[f] for h in HALVES)
            row.append(f"{even.percent()} / {odd.percent()}")
        rows.append(row)
    lines = ["", "metadata: agreement on the pages whose truth has a value (wcxb-dev README rules)"]
    lines += _table(rows)
    nulls = [f for f in fields if f in report.summaries[report.baseline].empty_on_null]
    if nulls:
        parts = []
        for f in nulls:
            rates = ", ".join(
                f"{name} {r.hits}/{r.pages}"
                for name in report.names
                for r in [report.summaries[name].empty_on_null[f]]
            )
            parts.append(f"{f}: {rates}")
        lines.append("left empty where the truth is null: " + "; ".join(parts))
    return lines


def _halves_note(report: DatasetReport, name: str, attribute: str) -> str:
    if not report.halves:
        return ""
    parts = [f"{h} {getattr(report.halves[h][name], attribute).percent()}" for h in HALVES
             if getattr(report.halves[h][name], attribute) is not None]
    return f" ({', '.join(parts)})" if parts else ""


def _language_lines(report: DatasetReport) -> list[str]:
    lines = []
    for name in report.names:
        s = report.summaries[name]
        if s.language is not None:
            lines.append(f"language, {name}: the truth language on {s.language} of "
                         f"{s.language.pages} pages{_halves_note(report, name, 'language')}")
        elif s.language_as_declared is not None:
            lines.append(
                f"language, {name}: no truth in this set; equal to the page's declared "
                f"<html lang> on {s.language_as_declared} of the {s.language_as_declared.pages} "
                f"pages that declare one{_halves_note(report, name, 'language_as_declared')}"
            )
    others = [n for n in report.names if report.summaries[n].language is None
              and report.summaries[n].language_as_declared is None]
    if others and len(others) < len(report.names):
        lines.append(f"language: not predicted by {', '.join(others)}")
    return lines


def _rejection_lines(report: DatasetReport) -> list[str]:
    lines = []
    for name in report.names:
        s = report.summaries[name]
        reasons = ", ".join(f"{reason} {n}" for reason, n in
                            sorted(s.rejections.items(), key=lambda kv: (-kv[1], kv[0])))
        line = f"no body, {name}: {s.empty_bodies} of {s.pages} pages"
        if s.rejections:
            line += f"; rejected {sum(s.rejections.values())}: {reasons}"
            if report.halves:
                halves = ", ".join(
                    f"{h} {sum(report.halves[h][name].rejections.values())}" for h in HALVES
                )
                line += f" ({halves})"
        lines.append(line)
    return lines


def _time_lines(report: DatasetReport) -> list[str]:
    rat = report.ratios()
    lines = []
    if rat:
        lines.append(f"{rat['ours']} / {rat['baseline']}: F1 {_fmt_ratio(rat['f1'])}, "
                     f"time {_fmt_ratio(rat['time'])} (ms/page measured in the workers, same run)")
    for name in report.names:
        s = report.summaries[name]
        if s.metadata_ms_per_page:
            lines.append(f"{name}'s separate metadata pass: {s.metadata_ms_per_page:.1f} ms/page, "
                         f"not in its ms/page")
        if s.errors:
            lines.append(f"note: {name} raised on {s.errors} page(s), scored as empty")
    return lines


def _worst_lines(report: DatasetReport) -> list[str]:
    if len(report.names) < 2:
        return []
    if not report.worst:
        return ["", f"no page where {report.ours} loses body F1 to {report.baseline}"]
    rows = [["id", f"{report.baseline} F1", f"{report.ours} F1", "difference", "rejected"]]
    for loss in report.worst:
        rows.append([loss.page_id, f"{loss.baseline_f1:.3f}", f"{loss.ours_f1:.3f}",
                     f"{loss.difference:+.3f}", loss.rejected or ""])
    lines = ["", f"the {len(report.worst)} pages where {report.ours} loses most body F1 "
             f"to {report.baseline}"]
    return lines + _table(rows)


def format_report(report: DatasetReport) -> str:
    lines = [_title(report)]
    lines += _body_table(report)
    lines += _time_lines(report)
    lines += _wcxb_table(report)
    lines += _metadata_table(report)
    lines.append("")
    lines += _language_lines(report)
    lines += _rejection_lines(report)
    lines += _worst_lines(report)
    return "\n".join(lines)


def extractor_seconds(reports: Sequence[DatasetReport]) -> float:
    """CPU time spent inside the extractors, all pages and passes: the run's real cost."""
    return sum(o.seconds + o.metadata_seconds
               for r in reports for result in r.results for o in result.outcomes.values())


def format_reports(reports: Sequence[DatasetReport], wall_seconds: float, jobs: int) -> str:
    pages = sum(len(r.results) for r in reports)
    parts = [format_report(r) for r in reports]
    parts.append(
        f"{pages} pages in {wall_seconds:.1f} s wall time, {jobs} worker process(es); "
        f"CPU time inside the extractors {extractor_seconds(reports):.1f} s "
        f"(a busy machine stretches the wall time, not this)"
    )
    return "\n\n".join(parts)


# --- JSON -----------------------------------------------------------------------


def report_json(report: DatasetReport) -> dict:
    return {
        "directory": str(report.directory),
        "split": report.split,
        "pages": len(report.results),
        "extractors": {name: s.as_dict() for name, s in report.summaries.items()},
        "halves": {
            half: {
                "pages": next(iter(by_name.values())).pages,
                "extractors": {name: s.as_dict() for name, s in by_name.items()},
            }
            for half, by_name in report.halves.items()
        },
        "ratios": report.ratios(),
        "worst": [{**dataclasses.asdict(loss), "difference": loss.difference}
                  for loss in report.worst],
    }


def to_json(reports: Sequence[DatasetReport], wall_seconds: float, jobs: int) -> dict:
    return {
        "datasets": {r.name: report_json(r) for r in reports},
        "wall_seconds": wall_seconds,
        "extractor_cpu_seconds": extractor_seconds(reports),
        "jobs": jobs,
    }


def predictions_json(reports: Sequence[DatasetReport]) -> dict:
    """Every page's prediction by each extractor, with its per-page scores, for diffing."""
    out: dict[str, dict] = {}
    for report in reports:
        pages = out.setdefault(report.name, {})
        for result in report.results:
            pages[result.page_id] = {
                name: {
                    **dataclasses.asdict(o.prediction),
                    "f1": o.f1,
                    "word_f1": o.word_f1,
                    "metadata_agrees": o.agrees,
                    "error": o.error,
                }
                for name, o in result.outcomes.items()
            }
    return out
