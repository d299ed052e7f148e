"""The article's headline as the page shows it: no site name, section label or date.

A page states its title several times: the visible <h1>, og:title, twitter:title, the
JSON-LD headline, the <title> element. The metadata titles often carry the site name
("… | Site", "Site - …", "… – DW – 13.06.2023", "…_新浪网"), and a page may hold several
<h1> (the logo, widget titles). The headline is the visible <h1> that agrees best with the
metadata titles; without one, the first metadata title with the segments that name the
site or a date cut off. A segment is cut only when it is identified as such: a headline
may hold a colon or a dash itself ("Ukraine: what we know").
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from .boilerplate import is_date_only
from .bylines import is_byline
from .datelines import dates_in_text
from .page_meta import OTHER_TITLE_KEYS, PageMeta

# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, CJK).
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Words; a run of an unspaced script is one token here, cut into character pairs later.
_TOKEN = re.compile(rf"[{_UNSPACED}]+|[^\W{_UNSPACED}]+")
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
_WORD = re.compile(r"\w+")
# Between a headline and a site name: a spaced separator in any script, a colon, a
# full-width bar or dash, or a low line or hyphen touching CJK/Thai text ("…_新浪网").
_SEPARATOR = re.compile(rf"\s+[|\-–—:·•»/~]\s+|:\s+|\s*[|｜丨－：]\s*|(?<=[{_UNSPACED}])[_-]|[_-](?=[{_UNSPACED}])")
_SEPARATOR_CHARS = " |-–—:·•»/~｜丨_－："
_JSON_HEADLINE = re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.)*)"')
_CJK_DATE = re.compile(r"^\d{2,4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?$")
_FOLD = str.maketrans({"‘": "'", "’": "'", "‛": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"',
                       "–": "-", "—": "-", "‒": "-", "−": "-", "…": "..."})
_HIDDEN_CLASSES = {"hidden", "sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden"}
_NOT_SHOWN = {"script", "style", "noscript", "template"}
_SITE_NAME_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
# Host name labels that name no site: "www.", "m.", "blog.", second-level "co.", "com.".
_GENERIC_LABELS = {"www", "m", "amp", "mobile", "blog", "blogs", "news", "en", "com", "co", "net", "org",
                   "gov", "edu", "ac", "or", "ne", "go"}
_MAX_H1 = 8  # beyond this many, the h1 elements are a layout's widget titles
_MAX_TITLE_CHARS = 300
_MIN_SHARED = 0.2  # share of the longer title's tokens an h1 must share with a metadata title
_SAME_TITLE = 1.0
_MAIN_PART = 0.95  # the h1 is the title's main segments (the rest: a site name we could not name)


def headline(page: PageMeta, url: str, *, known_title: str | None = None,
             site_name: str | None = None) -> str | None:
    """The headline, spelled as the page spells it (whitespace collapsed), or None.

    ``known_title`` is what a feed or sitemap said; ``site_name`` the name the page's
    metadata gives the site.
    """
    metas = _metadata_titles(page, known_title)
    h1s = _visible_h1s(page.h1s)
    site = _Site.of(page, url, site_name, h1s)
    stripped = list(dict.fromkeys(site.strip(title, metas) for title in metas))
    if not stripped:
        return next((h1.text for h1 in h1s if not h1.is_logo), None)
    if chosen := _closest_h1(h1s, stripped, metas, site):
        return _without_dateline(_metadata_casing(site.strip(chosen, stripped), metas), stripped)
    return stripped[0]


def _without_dateline(h1: str, titles: list[str]) -> str:
    """A metadata title the h1 holds with a date or a byline beside it ("Dec 18 2025 …",
    "… Posted on July 1, 2024 by Jo"): the heading element took in its dateline."""
    for title in titles:
        at = h1.find(title)
        if at < 0 or len(title) == len(h1):
            continue
        rest = (h1[:at] + " " + h1[at + len(title):]).strip(_SEPARATOR_CHARS)
        if rest and (any(dates_in_text(rest)) or is_byline(rest)):
            return title
    return h1


@dataclass(frozen=True)
class _Heading:
    text: str
    is_logo: bool


def _metadata_titles(page: PageMeta, known_title: str | None) -> list[str]:
    """The metadata titles, most trusted first, each once.

    The less common title meta tags (name="title", dc.title…) count only when the page
    has none of the usual ones.
    """
    found = [known_title or "", page.first("og:title") or "", page.first("twitter:title") or "",
             *_json_ld_headlines(page.json_ld_texts), page.title]
    if not any(title.strip() for title in found):
        found.append(page.first(*OTHER_TITLE_KEYS) or "")
    titles = (_one_line(title) for title in found)
    return list(dict.fromkeys(title for title in titles if title))


def _json_ld_headlines(scripts: list[str]) -> list[str]:
    """JSON-LD "headline" values, read without parsing the (often large, often broken) JSON."""
    headlines = []
    for script in scripts:
        for match in _JSON_HEADLINE.finditer(script):
            try:
                headlines.append(json.loads(f'"{match[1]}"'))
            except ValueError:
                continue
    return headlines


def _visible_h1s(elements: list[HtmlElement]) -> list[_Heading]:
    headings = []
    for element in elements:
        if len(headings) == _MAX_H1:
            break
        if not _is_hidden(element) and (text := _one_line(_text_with_breaks(element))):
            headings.append(_Heading(text, _is_home_link(element)))
    return headings


def _text_with_breaks(element: HtmlElement) -> str:
    """The element's shown text; a <br> separates words (text_content() would glue them)."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == "br":
                parts.append(" ")
            elif isinstance(child.tag, str) and child.tag not in _NOT_SHOWN:
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts)


def _is_hidden(element: HtmlElement) -> bool:
    """Hidden by markup, inline style or the usual screen-reader-only class names."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("template", "noscript") or node.get("hidden") is not None \
                or node.get("aria-hidden") == "true":
            return True
        style = (node.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        if _HIDDEN_CLASSES.intersection((node.get("class") or "").lower().split()):
            return True
    return False


def _is_home_link(element: HtmlElement) -> bool:
    """A logo: the h1's whole text is one link to the site's front page."""
    links = element.findall(".//a")
    if len(links) != 1:
        return False
    href = urlsplit(links[0].get("href") or "")
    return href.path in ("", "/") and not href.query and not href.fragment and \
        _one_line(links[0].text_content()) == _one_line(element.text_content())


@dataclass(frozen=True)
class _Site:
    """The site's names as the page states them (folded), its host name, and the
    sections its URL path names ("/politik/deutschland/…": politik, deutschland)."""

    names: tuple[str, ...]
    host: str
    sections: frozenset[str]

    @classmethod
    def of(cls, page: PageMeta, url: str, site_name: str | None, h1s: list[_Heading]) -> _Site:
        names = [site_name or "", *(page.first(key) or "" for key in _SITE_NAME_KEYS)]
        names.extend(h1.text for h1 in h1s if h1.is_logo)
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        folders = (_squeeze(_fold(unquote(folder))) for folder in parts.path.split("/")[:-1])
        return cls(tuple(dict.fromkeys(name for name in map(_fold, names) if name)), host,
                   frozenset(folder for folder in folders if folder))

    def is_named(self, key: str) -> bool:
        """The folded text is one of the site's names or its host name."""
        squeezed = _squeeze(key)
        return key == self.host or any(key == name or squeezed == _squeeze(name) for name in self.names)

    def strip(self, title: str, others: list[str]) -> str:
        """The title without the leading and trailing segments that name the site or a date."""
        segments = _segments(title)
        while len(segments) > 1 and self._names_segment(segments[-1], title, others, after=segments[-2]):
            segments.pop()
        while len(segments) > 1 and self._names_segment(segments[0], title, others, before=segments[1]):
            segments.pop(0)
        return title[segments[0][1]:segments[-1][2]].strip() if segments else title

    def _names_segment(self, segment: tuple[str, int, int], title: str, others: list[str],
                       after: tuple[str, int, int] | None = None, before: tuple[str, int, int] | None = None) -> bool:
        """Whether an edge segment names the site, a section or (at the end) a date.

        An exact site name counts anywhere. Weaker evidence counts only for a trailing
        segment set off by a separator other than a colon (a colon joins a headline's own
        parts: "Ukraine: what we know"): the domain's name, a longer form of the site's
        name, a folder of the URL, or another metadata title that is this one without it.
        """
        text, leading = segment[0], before is not None
        key = _fold(text)
        if len(key) < 2:
            return False
        if self.is_named(key) or (not leading and (is_date_only(text) or _CJK_DATE.match(text.strip()))):
            return True
        joint = title[segment[2]:before[1]] if leading else title[after[2]:segment[1]]
        if ":" in joint or "：" in joint:
            return False
        if not leading and (_squeeze(key) in self.sections or self._names_domain(key)
                            or any(_long_form(key, name) for name in self.names)):
            return True
        rest = _fold(title.replace(text, "", 1).strip(_SEPARATOR_CHARS))
        return any(_fold(other) == rest for other in others if other != title)

    def _names_domain(self, key: str) -> bool:
        """"Golem.de", "CBC News" on cbc.ca, "DianaHR" on getdianahr.com, "Rust Blog" on
        blog.rust-lang.org."""
        squeezed, host = _squeeze(key), _squeeze(self.host)
        if not squeezed or not host:
            return False
        labels = [label.replace("-", "") for label in self.host.split(".")[:-1] if label not in _GENERIC_LABELS]
        for label in labels:
            if squeezed == label or (len(label) >= 3 and squeezed.startswith(label) and len(squeezed) <= len(label) + 8) \
                    or (len(squeezed) >= 4 and squeezed in label):
                return True
        words = _WORD.findall(key)
        return squeezed == host or (0 < len(words) <= 4 and all(len(word) >= 2 and word in host for word in words))


def _long_form(key: str, name: str) -> bool:
    """A short and a long form of one name: "Soliant" and "Soliant Health"."""
    return name.startswith(key + " ") or key.startswith(name + " ")


def _segments(title: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each part between separators."""
    parts, start = [], 0
    for match in _SEPARATOR.finditer(title):
        if match.start() > start:
            parts.append((title[start:match.start()], start, match.start()))
        start = match.end()
    if start < len(title):
        parts.append((title[start:], start, len(title)))
    return [part for part in parts if part[0].strip()]


def _closest_h1(h1s: list[_Heading], stripped: list[str], metas: list[str], site: _Site) -> str | None:
    """The first h1 that agrees best with the metadata titles, unless none shares enough.

    The visible headline may be worded otherwise than the metadata title (written for
    search results and link previews); it still shares some of its words.
    """
    best, best_score = None, _MIN_SHARED
    for h1 in h1s:
        key = _fold(h1.text)
        if h1.is_logo or site.is_named(key):
            continue
        score = max([*(_agreement(key, _fold(title)) for title in (*stripped, *metas)),
                     *(_main_part(key, title) for title in metas)])
        if score > best_score or (best is None and score >= best_score):
            best, best_score = h1.text, score
    return best


def _agreement(a: str, b: str) -> float:
    """1 for the same title; else the share of tokens they share, of the longer one's,
    when they share two or one title begins with the other."""
    if a == b:
        return _SAME_TITLE
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    if not tokens_a or not tokens_b:
        return 0.0
    shared = len(tokens_a & tokens_b)
    if shared < 2 and not (b.startswith(a) and not b[len(a):len(a) + 1].isalnum()):
        return 0.0  # one word in common ("Sport" and "… | Sport") is no agreement
    return 0.99 * shared / max(len(tokens_a), len(tokens_b))


def _main_part(key: str, title: str) -> float:
    """Whether the h1 is whole segments of the title, and most of its text."""
    segments = _segments(title)
    for first, last in _runs(len(segments)):
        if _fold(title[segments[first][1]:segments[last][2]]) == key:
            return _MAIN_PART if len(key) >= 0.5 * len(_fold(title)) else 0.0
    return 0.0


def _metadata_casing(text: str, metas: list[str]) -> str:
    """A metadata title's letter case for an h1 all in capitals or all in lower case:
    that is the heading's style; the metadata keeps the words as written."""
    if not (text.isupper() or text.islower()):
        return text
    lowered = text.lower()
    for title in metas:
        segments = _segments(title)
        for first, last in _runs(len(segments)):
            part = title[segments[first][1]:segments[last][2]].strip()
            if part != text and part.lower() == lowered:
                return part
    return text


def _runs(count: int) -> list[tuple[int, int]]:
    """(first, last) of every run of consecutive segments, longest first."""
    return sorted(((first, last) for first in range(count) for last in range(first, count)),
                  key=lambda run: run[0] - run[1])


def _tokens(text: str) -> set[str]:
    """Words; in scripts without spaces, pairs of adjacent characters."""
    tokens: set[str] = set()
    for token in _TOKEN.findall(text):
        if len(token) > 1 and _UNSPACED_RUN.match(token):
            tokens.update(token[i:i + 2] for i in range(len(token) - 1))
        else:
            tokens.add(token)
    return tokens


def _fold(text: str) -> str:
    """For comparing: compatibility forms, case, quotes and dashes folded; spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_FOLD).split())


def _squeeze(text: str) -> str:
    """Letters and digits only: "Golem.de" and "golem de" are one name."""
    return "".join(_WORD.findall(text)).replace("_", "")


def _one_line(text: str) -> str:
    """Whitespace collapsed; empty when too long to be a title (a paragraph in an h1)."""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_TITLE_CHARS else ""
