"""The author string of the page's byline elements, by trafilatura's rules, at a tenth of the cost.

trafilatura's author reader (``trafilatura.metadata.extract_author``) copies the tree,
prunes comments, sidebars, dates and figures from it, and runs three XPaths whose EXSLT
regular expressions call back into Python for every element of the page (~15 ms a page).
Here the elements with a class, id or the like are tested once in Python for what any
of the three could match; the tiers and the pruning are then decided on those few alone.
"""
from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.xml import delete_element

# The elements that may be a byline; their attributes are then tested in Python, which
# is several times faster than as XPath string tests.
_MARKED = etree.XPath("//*[@class or @id or @itemprop or @rel or @data-testid or @data-component] | //author")
# What any of trafilatura's three AUTHOR_XPATHS can select, and a few more.
_CANDIDATE_CLASS = re.compile(r"uthor|yline|byl|BBL|username|screenname|writer|channel-name|zuozhe|bianji|"
                              r"xiaobian|submitted-by|posted-by|journalist-name")
_CANDIDATE_ID = re.compile(r"uthor|zuozhe|bianji|xiaobian")

_TIER_1_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_TIER_1_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_TIER_2_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_TIER_2_CLASSES = frozenset({"byline", "username", "byl", "BBL"})
_TIER_2_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_TIER_2_CLASS = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_TIER_3_ID = re.compile(r"[Aa]uthor")
_TIER_3_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
# trafilatura's AUTHOR_DISCARD_XPATHS: comments, sidebars, quotes, dates, figures.
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
                            r"article-(?:share|support)|print|category|meta-date|meta-reviewer")
_MAX_CHARS = 120


def byline_authors(tree: HtmlElement) -> list[str]:
    """The names in the first byline element of the most specific tier, as trafilatura
    normalizes them (title-cased, split on its separators)."""
    candidates = [element for element in _MARKED(tree) if _is_candidate(element)
                  and not any(map(_is_discarded, (element, *element.iterancestors())))]
    for tier in (_tier_1, _tier_2, _tier_3):
        for element in filter(tier, candidates):
            text = " ".join(" ".join(_kept_text(element)).split())
            if 2 < len(text) < _MAX_CHARS:
                authors = normalize_authors(None, text) or ""
                return [name.strip() for name in authors.split(";") if name.strip()]
    return []


def _is_candidate(element: HtmlElement) -> bool:
    get = element.get
    return (element.tag == "author" or bool(_CANDIDATE_CLASS.search(get("class") or ""))
            or bool(_CANDIDATE_ID.search(get("id") or "")) or "author" in (get("itemprop") or "")
            or get("rel") == "author" or get("data-testid") in ("AuthorCard", "AuthorURL")
            or "Byline" in (get("data-component") or ""))


def _tier_1(element: HtmlElement) -> bool:
    if element.tag == "author":
        return True
    get = element.get
    return element.tag in _TIER_1_TAGS and (
        get("rel") == "author" or get("id") == "author" or get("class") == "author"
        or get("itemprop") == "author name" or get("data-testid") in ("AuthorCard", "AuthorURL")
        or bool(_TIER_1_CLASS.search(get("class") or "")))


def _tier_2(element: HtmlElement) -> bool:
    get = element.get
    return element.tag in _TIER_2_TAGS and (
        get("class") in _TIER_2_CLASSES or "author" in (get("itemprop") or "")
        or bool(_TIER_2_ID.search(get("id") or "")) or bool(_TIER_2_CLASS.search(get("class") or "")))


def _tier_3(element: HtmlElement) -> bool:
    get = element.get
    return ("Byline" in (get("data-component") or "") or "author" in (get("itemprop") or "")
            or bool(_TIER_3_ID.search(get("id") or "")) or bool(_TIER_3_CLASS.search(get("class") or "")))


def _is_discarded(element: HtmlElement) -> bool:
    tag = element.tag
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    get = element.get
    element_id, classes = get("id") or "", get("class") or ""
    return (element_id == "comments" or classes in ("comments", "title", "date")
            or bool(_DISCARD_ID.search(element_id)) or bool(_DISCARD_CLASS.search(classes))
            or "Figure" in (get("data-component") or ""))


def _kept_text(element: HtmlElement) -> list[str]:
    """The element's texts without its pruned descendants (their tails stay, as in trafilatura)."""
    pruned = [node for node in element.iterdescendants() if _is_discarded(node)]
    if not pruned:
        return list(element.itertext())
    copy = deepcopy(element)  # rare: a date or a figure inside the byline
    for node in [node for node in copy.iterdescendants() if _is_discarded(node)]:
        delete_element(node)
    return list(copy.itertext())
