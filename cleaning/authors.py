"""Authors: the persons the page names as its writers, spelled as the page spells them.

Sources in order of trust: the JSON-LD `author` of the article, the author meta tags,
a "By …" line at the top of the text, trafilatura's names where the page's author
markup writes them, and last an itemprop / rel=author element. The first source that
names a person wins. An agency or the publication counts only when no person is named.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from lxml.html import HtmlElement

from .author_markup import marked_up_authors, names_as_written
from .author_names import distinct, folded, is_agency, is_company, is_name_like, split_names
from .bylines import authors_from_bylines
from .jsonld import JsonLd, node_types
from .page_meta import PageMeta, read_page_meta

_ARTICLE_TYPE = re.compile(r"(?:article|posting|report)$")  # casefolded @type: NewsArticle, BlogPosting
_PAGE_TYPE = re.compile(r"(?:webpage|creativework)$")
# Meta keys that hold author names, by trust; article:author often holds a profile URL instead.
_AUTHOR_META = ("author", "article:author", "og:article:author", "og:author", "dc.creator",
                "dcterms.creator", "parsely-author", "sailthru.author", "byl", "citation_author")
_PUBLISHER_META = ("og:site_name", "application-name", "publisher", "dc.publisher")


def find_authors(tree: HtmlElement, byline_lines: Iterable[str] = (),
                 extracted: Iterable[str] | Callable[[], Iterable[str]] = (),
                 page: PageMeta | None = None) -> list[str]:
    """The article's authors from its markup or byline.

    `extracted` is another reader's guess (trafilatura's), or the call that makes it:
    made only when the page's structured metadata and bylines name nobody.
    """
    page = page or read_page_meta(tree)
    json_ld, meta = page.json_ld, page.meta
    persons, organisations = _json_ld_authors(json_ld)
    publishers = {folded(name) for name in [*_publisher_names(json_ld, meta), *organisations]}
    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: persons,
        lambda: _meta_authors(meta),
        lambda: authors_from_bylines(byline_lines),
        lambda: names_as_written(tree, extracted() if callable(extracted) else extracted),
        lambda: marked_up_authors(tree),
    )
    first_named: list[str] = []
    for source in sources:
        names = distinct([_without_publication(name, publishers)
                          for value in source() for name in split_names(value)])
        named_persons = [name for name in names
                         if folded(name) not in publishers and not is_company(name) and not is_agency(name)]
        if named_persons:
            return named_persons
        first_named = first_named or names
    # No person named: the organisation the markup credits, or the publication itself.
    # As named: "Morgan & Morgan" is one firm.
    return distinct([name for name in organisations if is_name_like(name)]) or first_named


def _without_publication(name: str, publishers: set[str]) -> str:
    """"Sandee Lamar, CNN" -> "Sandee Lamar": the outlet after a comma is no credential."""
    first, *rest = name.split(", ")
    kept = [part for part in rest if folded(part) not in publishers and not is_agency(part)]
    return ", ".join([first, *kept])


def _json_ld_authors(json_ld: JsonLd) -> tuple[list[str], list[str]]:
    """The persons and the organisations credited as the author of the first article node."""
    for pattern in (_ARTICLE_TYPE, _PAGE_TYPE):
        for node in json_ld.nodes:
            if node.get("author") and any(pattern.search(t) for t in node_types(node)):
                persons, organisations = _authors_of(json_ld, node["author"])
                if persons or organisations:
                    return persons, organisations
    return [], []


def _authors_of(json_ld: JsonLd, value: Any) -> tuple[list[str], list[str]]:
    persons: list[str] = []
    organisations: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = json_ld.resolve(item)
        if isinstance(item, str):
            persons.append(item)
        elif isinstance(item, dict):
            name = _name_of(item)
            types = node_types(item)
            if name:  # an untyped author is taken for a person
                (persons if not types or "person" in types else organisations).append(name)
    return persons, organisations


def _name_of(node: dict) -> str | None:
    name = node.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if isinstance(name, str) and name.strip():
        return name
    parts = [node.get(key) for key in ("givenName", "familyName")]
    return " ".join(part for part in parts if isinstance(part, str) and part.strip()) or None


def _meta_authors(meta: dict[str, list[str]]) -> list[str]:
    """The values of the first author meta key that names someone (repeated for co-authors)."""
    for key in _AUTHOR_META:
        names = [value for value in meta.get(key, ()) if split_names(value)]
        if names:
            return names
    return []


def _publisher_names(json_ld: JsonLd, meta: dict[str, list[str]]) -> list[str]:
    """The publication's names: the site name meta tags and the JSON-LD publishers."""
    names = [value for key in _PUBLISHER_META for value in meta.get(key, ())]
    for node in json_ld.nodes:
        publisher = node.get("publisher")
        for item in publisher if isinstance(publisher, list) else [publisher]:
            item = json_ld.resolve(item)
            name = _name_of(item) if isinstance(item, dict) else item
            if isinstance(name, str):
                names.append(name)
    return names
