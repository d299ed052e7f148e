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

from .author_names import (NAME_LIST, credited_text, distinct, folded, is_agency, is_company, is_role,
                           looks_like_one_name, split_names)
from .bylines import authors_from_bylines
from .jsonld import JsonLd, is_json_ld, node_types, parse_json_ld

_ARTICLE_TYPE = re.compile(r"(?:article|posting|report)$")  # casefolded @type: NewsArticle, BlogPosting
_PAGE_TYPE = re.compile(r"(?:webpage|creativework)$")
# Meta keys that hold author names, by trust; article:author often holds a profile URL instead.
_AUTHOR_META = ("author", "article:author", "og:article:author", "og:author", "dc.creator",
                "dcterms.creator", "parsely-author", "sailthru.author", "byl", "citation_author")
_PUBLISHER_META = ("og:site_name", "application-name", "publisher", "dc.publisher")
# What may follow a name inside its own text node: a role or credential ("Jane Doe, Reporter").
_AFTER_NAME = ",;|·•(/–—-"
_WORD = re.compile(r"[^\W_]+")
_FIRST_WORDS = 3  # where in trafilatura's string a name may start
# A byline's text node is short; paragraphs that mention the name are no byline.
_MAX_BYLINE_CHARS = 200
# Class, id, rel or itemprop words of the elements that hold a byline.
_AUTHOR_MARK = re.compile(r"author|byline|\bbyl\b|writer|autor|auteur|journalist|redakt|reporter|"
                          r"contributor|posted-?by|submitted-?by|zuozhe|bianji|xiaobian", re.I)


def find_authors(tree: HtmlElement, byline_lines: Iterable[str] = (),
                 extracted: Iterable[str] = ()) -> list[str]:
    """The article's authors from its markup or byline; `extracted` is trafilatura's guess."""
    json_ld, meta = _structured_metadata(tree)
    persons, organisations = _json_ld_authors(json_ld)
    publishers = {folded(name) for name in [*_publisher_names(json_ld, meta), *organisations]}
    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: persons,
        lambda: _meta_authors(meta),
        lambda: authors_from_bylines(byline_lines),
        lambda: _as_written(tree, extracted),
        lambda: _markup_authors(tree),
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
    return distinct([name for value in organisations for name in split_names(value)]) or first_named


def _without_publication(name: str, publishers: set[str]) -> str:
    """"Sandee Lamar, CNN" -> "Sandee Lamar": the outlet after a comma is no credential."""
    first, *rest = name.split(", ")
    kept = [part for part in rest if folded(part) not in publishers and not is_agency(part)]
    return ", ".join([first, *kept])


def _structured_metadata(tree: HtmlElement) -> tuple[JsonLd, dict[str, list[str]]]:
    """The page's JSON-LD, and its meta contents by lowercased name or property: one pass."""
    blocks: list[str | None] = []
    meta: dict[str, list[str]] = {}
    for element in tree.iter("script", "meta"):
        if element.tag == "script":
            if is_json_ld(element):
                blocks.append(element.text)
            continue
        key, content = element.get("name") or element.get("property"), element.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), []).append(content)
    return parse_json_ld(blocks), meta


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


def _as_written(tree: HtmlElement, names: Iterable[str]) -> list[str]:
    """trafilatura's names as the page's author markup writes them; none it does not write.

    trafilatura title-cases ("dpa" -> "Dpa"), drops dots ("mdr.de" -> "Mdr De") and joins
    the texts of neighbouring elements ("Luke Kim December"). The text node that holds the
    name gives back its spelling and ends where the name ends.
    """
    wanted = [words for name in names if (words := credited_text(name).split())]
    # Title-casing changed a word's first letter: look the rest of the word up.
    needles = {f"n{index}": word[1:] if len(word) > 2 else word
               for index, word in enumerate(dict.fromkeys(w for words in wanted for w in words[:_FIRST_WORDS]))}
    if not needles:
        return []
    condition = " or ".join(f"contains(., ${key})" for key in needles)
    nodes = []  # one look through the page's text for all the names
    for text in tree.xpath(f"//text()[{condition}]", **needles):
        node = credited_text(text)
        if len(node) <= _MAX_BYLINE_CHARS and not is_role(node):  # "Founder & Lead Reviewer": a title
            nodes.append((text, node, [(w.start(), w.end(), w.group().casefold()) for w in _WORD.finditer(node)]))
    return [written for words in wanted if (written := _written_form(nodes, words))]


def _written_form(nodes: list[tuple[Any, str, list]], words: list[str]) -> str | None:
    """The longest run of `words` that a name in a text node of author markup starts with.

    The run may start at one of the first words: an avatar's initials ("CM Craig McCarthy")
    or a label may come before the name.
    """
    found = []
    for start in range(min(len(words), _FIRST_WORDS)):
        wanted = [word.casefold() for word in _WORD.findall(" ".join(words[start:]))]
        for text, node, tokens in nodes:
            run = _name_run(node, tokens, wanted)
            if run and (start == 0 or " " in run):  # a later word alone is no name ("Monday")
                found.append((run, text))
    runs = [run for run, text in found if _in_author_markup(text)]
    return max(runs, key=lambda run: len(run.split())) if runs else None  # the first of the longest


def _name_run(node: str, tokens: list[tuple[int, int, str]], wanted: list[str]) -> str:
    """The longest run of the wanted words that makes up one of the names the text holds."""
    begins = {0, *(separator.end() for separator in NAME_LIST.finditer(node))}
    for index, (begin, _, _) in enumerate(tokens):
        if begin not in begins:
            continue
        count = 0
        while count < len(wanted) and index + count < len(tokens) and tokens[index + count][2] == wanted[count]:
            count += 1
        if count:
            end = tokens[index + count - 1][1]
            if _ends_name(node, node[begin:end], end, complete=count == len(wanted)):
                return _with_credentials(node, node[begin:end])
    return ""


def _with_credentials(node: str, run: str) -> str:
    """The name as the text credits it: "Dana Reyes" -> "Dana Reyes, MS, RD"."""
    for name in split_names(node):
        if name.casefold().startswith(f"{run},".casefold()) and not any(c.isdigit() for c in name):
            return name
    return run


def _ends_name(node: str, run: str, end: int, complete: bool) -> bool:
    """The text ends with the name, goes on with another name or, after a whole name, a role.

    "Dec 3, 2025" is a date that trafilatura cut to its month: no name has digits.
    """
    rest = node[end:].strip()
    if any(c.isdigit() for c in run):
        return False
    return not rest or bool(NAME_LIST.match(node, end)) or complete and rest[0] in _AFTER_NAME


def _in_author_markup(text: Any) -> bool:
    """Whether the text sits in an element its markup calls the author's or the byline."""
    element = text.getparent()
    for _ in range(5):
        if element is None or element.tag in {"script", "style", "body"}:
            return False
        marks = " ".join(element.get(key, "") for key in ("class", "id", "rel", "itemprop"))
        if _AUTHOR_MARK.search(marks):
            return True
        element = element.getparent()
    return False


def _markup_authors(tree: HtmlElement) -> list[str]:
    """The first author element's name: itemprop="author", or a rel="author" link."""
    for element in tree.xpath('//*[contains(@itemprop, "author")] | //a[contains(@rel, "author")]'):
        if _in_comments_or_asides(element):
            continue
        name = _element_name(element)
        if name and looks_like_one_name(name):
            return [name]
    return []


def _element_name(element: HtmlElement) -> str | None:
    if element.get("content"):
        return element.get("content")
    named = element.xpath('.//*[@itemprop="name"]')
    if named:
        return named[0].get("content") or " ".join(named[0].text_content().split())
    return credited_text(element.text_content()).strip(" »›→") or None  # "More about Jane Doe »"


def _in_comments_or_asides(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in {"footer", "aside", "nav"}:
            return True
        marks = f'{ancestor.get("class", "")} {ancestor.get("id", "")}'.lower()
        if "comment" in marks or "related" in marks:
            return True
    return False
