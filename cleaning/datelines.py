"""The dates a page prints beside its headline, read in any language.

A dateline sits with the headline: in the headline's parent, or a few levels up, but
inside the article. We look no further than that, so the site's "today" in the page
header, other stories' dates in a sidebar and comment dates are not read. Calendar
dates are read from text with the month names of the Unicode CLDR (month_names.toml)
or as numbers; a day/month order that cannot be told ("03/04/2024") is kept aside as
both readings, good to confirm a date but not to give one.
"""
from __future__ import annotations

import functools
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources

from lxml import etree
from lxml.html import HtmlElement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_MAX_LEVELS = 6  # from the headline up to its article header, not to the page's
# Elements looked at, at most: a dateline is beside the headline, not after the article.
_MAX_ELEMENTS = 400
# Elements whose subtree is never the article's dateline.
_FURNITURE = frozenset({"nav", "aside", "footer", "form", "button", "select", "script", "style",
                        "noscript", "template", "svg", "iframe"})
_ARTICLE_ROOTS = frozenset({"article", "main"})
# A class, id or itemprop that says "this holds a date"; such an element may carry a label
# ("Published on …", "Last updated: …"), any other only a short line that is the date.
_DATE_CUES = ("date", "time", "publish", "posted", "updated", "modified", "byline", "meta", "submitted")
_LABELLED_CHARS = 120
_BARE_CHARS = 40
_MAX_DISTINCT = 2  # "published … updated …"; more different dates is a list of stories

_NAME = r"[^\W\d_][^\s\d,;:/|()\[\]·•–—-]*"  # letters, combining marks and inner dots ("มี.ค.")
_DAY_NAME_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+)?({_NAME})\s*(?:de\s+|,\s*)?(\d{{4}})(?!\d)")
_NAME_DAY_YEAR = re.compile(rf"({_NAME})\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)")
_YEAR_NAME_DAY = re.compile(rf"(?<!\d)(\d{{4}})\.?\s*(?:m\.\s*)?({_NAME})\s*(\d{{1,2}})(?!\d)")
# 2024-03-13, 2024/3/13, 2024. 3. 13., 2024年3月13日, 2024년 3월 13일
_YEAR_MONTH_DAY = re.compile(r"(?<!\d)(\d{4})\s*[-/.年년]\s*(\d{1,2})\s*[-/.月월]\s*(\d{1,2})(?!\d)")
# 13 tháng 3, 2024: Vietnamese names a month by its number
_DAY_MONTH_NUMBER_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s+(?:tháng|thg)\s+(\d{1,2}),?\s*(?:năm\s+)?(\d{4})(?!\d)", re.I)
# 13.03.2024, 13/3/2024, 03-13-2024
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
_DIGIT = re.compile(r"\d")
_BUDDHIST_ERA = 543  # Thai years: 2567 is 2024


@dataclass(frozen=True)
class Dateline:
    """What the headline's surroundings print: dates in page order, and every day shown."""

    dates: tuple[date, ...] = ()
    shown: frozenset[date] = frozenset()  # also both readings of "03/04/2024" and <time datetime>

    @property
    def first(self) -> date | None:
        """The dateline's date, unless the headline sits among a list of dated stories."""
        if not self.dates or len(set(self.dates)) > _MAX_DISTINCT:
            return None
        return self.dates[0]


def headline_dateline(tree: HtmlElement) -> Dateline:
    """The dates printed nearest the headline, within its article."""
    node = _headline(tree)
    reader = _DatelineReader()
    for _ in range(_MAX_LEVELS):
        parent = node.getparent() if node is not None else None
        if parent is None or parent.tag in ("body", "html"):
            break
        for sibling in parent:
            if sibling is not node and isinstance(sibling.tag, str) and sibling.tag not in _FURNITURE:
                reader.read(sibling)
        if reader.shown:
            return Dateline(tuple(reader.dates), frozenset(reader.shown))
        if parent.tag in _ARTICLE_ROOTS or reader.budget <= 0:
            break
        node = parent
    return Dateline()


def dates_in_text(text: str) -> tuple[list[date], list[date]]:
    """Calendar dates written in the text, in order, and the ambiguous day/month ones apart."""
    found: list[tuple[int, date]] = []
    ambiguous: list[date] = []
    for match in _YEAR_MONTH_DAY.finditer(text):
        _add(found, match.start(), match[1], match[2], match[3])
    for match in _DAY_MONTH_NUMBER_YEAR.finditer(text):
        _add(found, match.start(), match[3], match[2], match[1])
    for match in _DAY_MONTH_YEAR.finditer(text):
        first, second, year = int(match[1]), int(match[3]), match[4]
        if first > 12 or first == second:
            _add(found, match.start(), year, second, first)
        elif second > 12:
            _add(found, match.start(), year, first, second)
        else:
            ambiguous.extend(filter(None, (_date(year, second, first), _date(year, first, second))))
    for pattern, (day, name, year) in ((_DAY_NAME_YEAR, (1, 2, 3)), (_NAME_DAY_YEAR, (2, 1, 3)),
                                        (_YEAR_NAME_DAY, (3, 2, 1))):
        for match in pattern.finditer(text):
            month = month_number(match[name])
            if month:
                _add(found, match.start(), match[year], month, match[day])
    found.sort(key=lambda item: item[0])
    return [day for _, day in found], ambiguous


def month_number(name: str) -> int | None:
    """1-12 for a month's name or abbreviation in any CLDR language we list, else None."""
    return _month_names().get(_fold(name))


def _headline(tree: HtmlElement) -> HtmlElement | None:
    """The first <h1> of the content: not one in the navigation, nor the site's logo in a header."""
    for heading in tree.iter("h1"):
        for ancestor in heading.iterancestors():
            if ancestor.tag in _ARTICLE_ROOTS:
                return heading
            if ancestor.tag in _FURNITURE or (
                    ancestor.tag == "header" and next(ancestor.iter("nav"), None) is not None):
                break
        else:
            return heading
    return None


class _DatelineReader:
    """Collects the dates of subtrees, looking at no more than _MAX_ELEMENTS elements."""

    def __init__(self) -> None:
        self.budget = _MAX_ELEMENTS
        self.dates: list[date] = []
        self.shown: set[date] = set()

    def read(self, root: HtmlElement) -> None:
        for element in root.iter(etree.Element):  # comments and processing instructions aside
            self.budget -= 1
            if self.budget < 0:
                return
            limit = _text_limit(element)
            if not limit or _in_furniture(element, root):
                continue
            text = _short_text(element, limit)
            if text is None:
                continue
            found, ambiguous = dates_in_text(text)
            self.dates.extend(found)
            self.shown.update(found, ambiguous)
            if element.tag == "time":
                marked = _iso_day(element.get("datetime"))
                if marked:
                    self.shown.add(marked)


def _in_furniture(element: HtmlElement, root: HtmlElement) -> bool:
    while element is not root and element is not None:
        element = element.getparent()
        if element is not None and element.tag in _FURNITURE:
            return True
    return False


def _short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text with spaces collapsed, or None when it is longer than limit."""
    pieces, length = [], 0
    for piece in element.itertext():
        pieces.append(piece)
        length += len(piece)
        if length > 4 * limit:  # indentation counts here: generous, then measured exactly
            return None
    text = " ".join(" ".join(pieces).split())  # "Health</a>DECEMBER 22" must not glue
    return text if 0 < len(text) <= limit else None


def _text_limit(element: HtmlElement) -> int:
    """How long the element's text may be to count as a dateline; 0 if it cannot be one."""
    if element.tag in ("time", "date"):
        return _LABELLED_CHARS
    attributes = element.attrib
    if attributes:  # one lower-cased string and plain substring tests: this runs on every element
        marks = f'{attributes.get("class", "")} {attributes.get("id", "")} {attributes.get("itemprop", "")}'.lower()
        if any(cue in marks for cue in _DATE_CUES):
            return _LABELLED_CHARS
    own = element.text
    return _BARE_CHARS if own and len(own) <= 4 * _BARE_CHARS and _DIGIT.search(own) else 0


def _iso_day(value: str | None) -> date | None:
    match = _YEAR_MONTH_DAY.match(value.strip()) if value else None
    return _date(match[1], match[2], match[3]) if match else None


def _add(found: list[tuple[int, date]], position: int, year: str, month: str | int, day: str) -> None:
    parsed = _date(year, month, day)
    if parsed:
        found.append((position, parsed))


def _date(year: str, month: str | int, day: str | int) -> date | None:
    number = int(year)
    if number > 2400:
        number -= _BUDDHIST_ERA
    try:
        return date(number, int(month), int(day))
    except ValueError:
        return None


def _fold(name: str) -> str:
    # casefold, without the dot that Turkish "İ" leaves behind, and without a final dot.
    return unicodedata.normalize("NFC", name.casefold().replace("\u0307", "")).rstrip(".")


@functools.lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    raw = tomllib.loads(resources.files(__package__).joinpath("month_names.toml").read_text("utf-8"))
    return {name: int(month) for month, names in raw["months"].items() for name in names}
