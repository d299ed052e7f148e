"""Publication dates from what the page states in markup, never from its header widgets.

Sources in order of trust: JSON-LD, meta tags, a <time> element marked as the
publication date, the caller's date (a feed or news sitemap), the URL path, a byline
in the text. No date is better than a wrong one: a value that does not parse, or lies
in the future, is dropped.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Iterator

from dateutil import parser as date_parser
from lxml.html import HtmlElement

from .bylines import byline_date


class DateSource:
    JSON_LD = "json_ld"
    META = "meta"
    TIME_ELEMENT = "time_element"
    FEED = "feed"
    URL = "url"
    TEXT = "text"


@dataclass(frozen=True)
class PageDates:
    published_at: datetime | None = None
    published_at_source: str | None = None
    modified_at: datetime | None = None


_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "date", "dc.date.issued", "dc.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "published_time",
)
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified",
    "dcterms.modified", "article.updated", "modified_time",
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
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|WebPage|LiveBlogPosting)$")


def utc_now() -> datetime:
    """Now, as an aware UTC datetime: the one clock every module reads."""
    return datetime.now(timezone.utc)


def find_dates(tree: HtmlElement, url: str, fetched_at: datetime,
               known_published_at: datetime | None = None,
               byline_lines: Iterable[str] = ()) -> PageDates:
    """The page's published and modified times in UTC, and where the first came from."""
    latest_valid = fetched_at + timedelta(days=1)  # clocks and time zones disagree a little
    json_ld_published, json_ld_modified = _json_ld_dates(tree)
    candidates: list[tuple[str, Any]] = [
        (DateSource.JSON_LD, json_ld_published),
        (DateSource.META, _meta_value(tree, _PUBLISHED_META)),
        (DateSource.TIME_ELEMENT, _time_element_value(tree)),
        (DateSource.FEED, known_published_at),
        (DateSource.URL, _url_date(url)),
        (DateSource.TEXT, _byline_date(byline_lines)),
    ]
    published_at, source = None, None
    for candidate_source, value in candidates:
        parsed = parse_datetime(value)
        if parsed is not None and _EARLIEST <= parsed <= latest_valid:
            published_at, source = parsed, candidate_source
            break
    modified_at = parse_datetime(json_ld_modified) or parse_datetime(_meta_value(tree, _MODIFIED_META))
    if modified_at is not None and not (_EARLIEST <= modified_at <= latest_valid):
        modified_at = None
    return PageDates(published_at, source, modified_at)


def parse_datetime(value: Any) -> datetime | None:
    """A datetime or date string as an aware UTC datetime; naive values are taken as UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if not text or len(text) > 64:
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


def _json_ld_dates(tree: HtmlElement) -> tuple[str | None, str | None]:
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for node in _json_ld_nodes(data):
            node_type = node.get("@type")
            types = node_type if isinstance(node_type, list) else [node_type]
            if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in types):
                published = node.get("datePublished") or node.get("dateCreated")
                if published:
                    return _first_string(published), _first_string(node.get("dateModified"))
    return None, None


def _json_ld_nodes(data: Any) -> Iterator[dict]:
    """Every object in a JSON-LD document, @graph and nested lists included."""
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _json_ld_nodes(data[key])


def _first_string(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _meta_value(tree: HtmlElement, names: tuple[str, ...]) -> str | None:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key in names and content and key not in found:
            found[key] = content
    return next((found[name] for name in names if name in found), None)


def _time_element_value(tree: HtmlElement) -> str | None:
    """A <time> (or any element) marked as the publication date in microdata or classes."""
    marked = tree.xpath(
        '//*[@itemprop="datePublished"]/@datetime | //*[@itemprop="datePublished"]/@content'
        ' | //time[@pubdate]/@datetime'
        ' | //time[contains(@class, "publish") or contains(@class, "entry-date")]/@datetime'
    )
    if marked:
        return str(marked[0])
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
