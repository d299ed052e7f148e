"""The speed benchmark's figures, their targets, and the table they are printed in.

Pure helpers (no timing, no I/O): percentiles, the `--only` option, a figure with its
target and whether it holds, and the table.
"""
from __future__ import annotations

import math
import operator
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Sequence

SECTIONS = {
    1: "per page, one process (AEB)",
    2: "pool scaling",
    3: "end to end crawl",
    4: "memory",
    5: "whole command: ingest-files",
    6: "state at scale",
}
_COMPARE = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated between the closest ranks (numpy's default)."""
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0..100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms_summary(seconds: Sequence[float]) -> dict[str, float]:
    """Median, 95th percentile and mean of per-page times given in seconds, in ms."""
    return {"median_ms": percentile(seconds, 50) * 1000, "p95_ms": percentile(seconds, 95) * 1000,
            "mean_ms": sum(seconds) / len(seconds) * 1000}


def parse_only(text: str | None) -> list[int]:
    """`--only 1,3-4` -> [1, 3, 4]; None or "" -> every section."""
    if not text:
        return sorted(SECTIONS)
    chosen: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        first, dash, last = part.partition("-")
        try:
            numbers = range(int(first), int(last) + 1) if dash else [int(part)]
        except ValueError:
            raise ValueError(f"--only takes section numbers like 1,2 or 3-5, not {part!r}") from None
        for number in numbers:
            if number not in SECTIONS:
                raise ValueError(f"no section {number}: sections are {min(SECTIONS)}-{max(SECTIONS)}")
            chosen.add(number)
    if not chosen:
        raise ValueError("--only names no section")
    return sorted(chosen)


@dataclass(frozen=True)
class Target:
    """`value OP limit`, e.g. Target("<=", 1.15)."""

    op: str
    limit: float

    def __post_init__(self) -> None:
        if self.op not in _COMPARE:
            raise ValueError(f"unknown comparison {self.op!r}")

    def holds(self, value: float | None) -> bool | None:
        return None if value is None else _COMPARE[self.op](value, self.limit)


@dataclass(frozen=True)
class Figure:
    """One printed figure: what it is, its value, and its target (None: shown for context)."""

    section: int
    name: str
    value: float | None
    unit: str = ""
    target: Target | None = None
    note: str = ""  # how it was measured, or why it is missing

    @property
    def holds(self) -> bool | None:
        return self.target.holds(self.value) if self.target else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = f"{self.target.op} {format_number(self.target.limit)}" if self.target else None
        data["holds"] = self.holds
        return data


def format_number(value: float | None) -> str:
    """Plainly, about three significant digits: 0.975, 1.83, 12.3, 1234."""
    if value is None:
        return "n/a"
    if abs(value) >= 100 or (abs(value) >= 10 and float(value).is_integer()):
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _verdict(holds: bool | None) -> str:
    return {True: "yes", False: "NO", None: ""}[holds]


def format_table(figures: Iterable[Figure]) -> str:
    """Figures grouped by section, each with its value, target and whether it holds."""
    rows = [("", "figure", "value", "target", "holds")]
    notes: list[str] = []
    section = None
    for figure in figures:
        if figure.section != section:
            section = figure.section
            rows.append((f"({section})", SECTIONS.get(section, ""), "", "", ""))
        value = format_number(figure.value) + (f" {figure.unit}" if figure.unit and figure.value is not None else "")
        target = f"{figure.target.op} {format_number(figure.target.limit)}" if figure.target else ""
        name = figure.name
        if figure.note:
            notes.append(figure.note)
            name += f" [{len(notes)}]"
        rows.append(("", name, value, target, _verdict(figure.holds)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for row in rows:
        left = row[0].ljust(widths[0]) + " " + row[1].ljust(widths[1])
        lines.append((left + "  " + row[2].rjust(widths[2]) + "  " + row[3].ljust(widths[3]) + "  " + row[4]).rstrip())
        if row is rows[0]:
            lines.append("-" * len(lines[0]))
    lines += [f"[{n}] {note}" for n, note in enumerate(notes, 1)]
    return "\n".join(lines)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator
