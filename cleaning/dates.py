"""Publication dates from what the page states, never from its header widgets.

Sources in order of trust: JSON-LD, meta tags, a <time> element marked as the
publication date, the caller's date (a feed or news sitemap), the URL path, the dateline
printed beside the headline, a byline in the text, and last htmldate's guess (asked
for only then: it is slow). One exception to that order: a markup date the page does not
print, later than the dateline it does print, gives way to the dateline; such markup
is a re-publication or a CMS date, and the page's own date is the older one.
No date is better than a wrong one: a value that does not parse, or lies in the
future, is dropped.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Iterator

from dateutil import parser as date_parser
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from .bylines import byline_date
from .datelines import Dateline, headline_dateline
from .jsonld import JsonLd
from .page_meta import PageMeta, read_page_meta


class DateSource:
    JSON_LD = "json_ld"
    META = "meta"
    TIME_ELEMENT = "time_element"
    FEED = "feed"
    URL = "url"
    DATELINE = "dateline"
    TEXT = "text"
    HTMLDATE = "htmldate"


@dataclass(frozen=True)
class PageDates:
    published_at: datetime | None = None
    published_at_source: str | None = None
    modified_at: datetime | None = None


# In order of preference; keys are the lower-cased property, name or itemprop.
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:publish_date", "article:published",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "published-date",
    "published_date", "published-time", "published_at", "publication_date", "date", "dc.date.issued",
    "dc.date", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "citation_publication_date", "citation_online_date",
    "citation_date",
)
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "lastmod",
    "last-modified", "modified-date", "modified-time", "dcterms.modified", "dc.date.modified",
    "article.updated", "modified_time",
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|\b)")
# Abbreviations dateutil does not know; without them "10:00 EST" would be read as UTC.
_TZ_ABBREVIATIONS = {
    name: int(hours * 3600) for name, hours in {
        "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2,
        "EET": 2, "EEST": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "AEST": 10, "AEDT": 11, "JST": 9,
    }.items()
}
_LONGEST_DATE_TEXT = 64
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|WebPage|LiveBlogPosting)$")
# Read when no article node has a date: pages whose main node is one of these.
_OTHER_WORK_TYPES = re.compile(r"(CreativeWork|Review|Recipe|HowTo|Page)$")


def utc_now() -> datetime:
    """Now, as an aware UTC datetime: the one clock every module reads."""
    return datetime.now(timezone.utc)


def find_dates(tree: HtmlElement, url: str, fetched_at: datetime,
               known_published_at: datetime | None = None,
               byline_lines: Iterable[str] = (),
               htmldate_guess: Callable[[], str | None] | None = None,
               page: PageMeta | None = None) -> PageDates:
    """The page's published and modified times in UTC, and where the first came from.

    htmldate_guess makes htmldate's date (YYYY-MM-DD) for the page (``read_htmldate``);
    it is called only when no other source dates the page.
    """
    page = page or read_page_meta(tree)
    latest_valid = fetched_at + timedelta(days=1)  # clocks and time zones disagree a little

    def valid(value: Any) -> datetime | None:
        parsed = parse_datetime(value)
        return parsed if parsed is not None and _EARLIEST <= parsed <= latest_valid else None

    json_ld_published, json_ld_modified = _json_ld_dates(page.json_ld)
    meta_published, meta_modified = _meta_dates(page.meta)
    modified_at = valid(json_ld_modified) or valid(meta_modified)
    dateline = headline_dateline(tree)
    printed = _as_datetime(dateline.first)

    def markup() -> Iterator[tuple[str, Any]]:
        yield DateSource.JSON_LD, json_ld_published
        yield DateSource.META, meta_published
        yield DateSource.TIME_ELEMENT, _time_element_value(tree)  # read only when needed: a scan

    def fallbacks() -> Iterator[tuple[str, Any]]:
        yield DateSource.FEED, known_published_at
        yield DateSource.URL, _url_date(url)
        yield DateSource.DATELINE, printed
        yield DateSource.TEXT, _byline_date(byline_lines)
        if htmldate_guess is not None:
            yield DateSource.HTMLDATE, _trusted_guess(htmldate_guess(), fetched_at, modified_at)

    for source, value in markup():
        published_at = valid(value)
        if published_at is not None:
            if printed is not None and _printed_instead(published_at, printed, dateline):
                return PageDates(printed, DateSource.DATELINE, modified_at)
            return PageDates(published_at, source, modified_at)
    for source, value in fallbacks():
        published_at = valid(value)
        if published_at is not None:
            return PageDates(published_at, source, modified_at)
    return PageDates(None, None, modified_at)


def _printed_instead(markup: datetime, printed: datetime, dateline: Dateline) -> bool:
    """Whether the page prints an older date than its markup's, and nowhere the markup's own."""
    if markup - printed <= timedelta(days=1):
        return False
    return not any(abs(markup.date() - day) <= timedelta(days=1) for day in dateline.shown)


def read_htmldate(tree: HtmlElement, url: str) -> str | None:
    """htmldate's date for the page, as trafilatura's metadata pass would ask for it.

    Its extensive search of the page text stays off: slow, and it takes any date in the text.
    """
    return find_date(tree, url=url, extensive_search=False, original_date=True)


def _trusted_guess(guess: str | None, fetched_at: datetime, modified_at: datetime | None) -> datetime | None:
    """htmldate's date, unless it may be the site's "today" or is the modification date.

    htmldate reads date-like elements anywhere, the header's "today" widget included, and
    falls back on dateModified; neither is when the article was published.
    """
    parsed = parse_datetime(guess)
    if parsed is None:
        return None
    for other in (fetched_at, modified_at):
        if other is not None and abs(parsed.date() - other.date()) <= timedelta(days=1):
            return None
    return parsed


def _as_datetime(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc) if day else None


def parse_datetime(value: Any) -> datetime | None:
    """A datetime or date string as an aware UTC datetime; naive values are taken as UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if not text or len(text) > _LONGEST_DATE_TEXT:
            return None
        try:
            parsed = date_parser.isoparse(text)
        except (ValueError, OverflowError):
            if not _YEAR.search(text):  # dateutil fills a missing year from today: no
                return None
            try:
                with warnings.catch_warnings():  # an unknown zone name: dropped, not fatal
                    warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
                    parsed = date_parser.parse(text, fuzzy=False, tzinfos=_TZ_ABBREVIATIONS)
            except (ValueError, OverflowError, TypeError):
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _json_ld_dates(json_ld: JsonLd) -> tuple[str | None, str | None]:
    """datePublished (or dateCreated) and dateModified of the page's article node.

    Other creative works (a review, a recipe, an item page) count only when no article
    node is dated: an article's embedded video or product has dates of its own.
    """
    fallback: tuple[str | None, str | None] = (None, None)
    for node in json_ld.nodes:
        published = node.get("datePublished") or node.get("dateCreated")
        if not published:
            continue
        node_type = node.get("@type")
        types = [t for t in (node_type if isinstance(node_type, list) else [node_type]) if isinstance(t, str)]
        dates = _first_string(published), _first_string(node.get("dateModified"))
        if any(_ARTICLE_TYPES.search(t) for t in types):
            return dates
        if fallback[0] is None and any(_OTHER_WORK_TYPES.search(t) for t in types):
            fallback = dates
    return fallback


def _first_string(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _meta_dates(meta: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """The preferred published and modified values of the page's <meta> tags."""
    return (next((meta[name][0] for name in _PUBLISHED_META if name in meta), None),
            next((meta[name][0] for name in _MODIFIED_META if name in meta), None))


def _time_element_value(tree: HtmlElement) -> str | None:
    """A <time> (or any element) marked as the publication date in microdata or classes."""
    for element in _MARKED_PUBLISHED(tree):
        value = (element.get("datetime") or element.get("content") or element.text_content()).strip()
        if 0 < len(value) <= _LONGEST_DATE_TEXT:
            return value
    # Otherwise one <time datetime> in the article, or outside the page's furniture
    # (header, nav, aside, footer hold "today" widgets and other stories' dates).
    # Several different ones are ambiguous: no date rather than a wrong one.
    for xpath in ("//article//time/@datetime", _UNFURNISHED_TIME):
        values = set(tree.xpath(xpath))
        if len(values) == 1:
            return str(values.pop())
        if values:
            return None
    return None


# itemprop holds a list of names ("datePublished dateCreated"); one scan of the tree.
_MARKED_PUBLISHED = etree.XPath(
    'descendant::*[@itemprop][contains(concat(" ", normalize-space(@itemprop), " "), " datePublished ")]'
    ' | descendant::time[@pubdate or contains(@class, "publish") or contains(@class, "entry-date")]'
)
_UNFURNISHED_TIME = (
    "//body//time[not(ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer)]/@datetime"
)


def _url_date(url: str) -> datetime | None:
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None


def _byline_date(lines: Iterable[str]) -> str | None:
    return next((date for date in map(byline_date, lines) if date), None)
