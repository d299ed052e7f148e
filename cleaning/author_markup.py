"""Author names in the page's author markup: bylines, itemprop="author", rel="author".

trafilatura reads bylines too, but title-cases them ("dpa" -> "Dpa"), drops dots
("mdr.de" -> "Mdr De") and joins the texts of neighbouring elements ("Luke Kim
December"). Its names are looked up here in the text nodes of elements whose class, id,
rel or itemprop mark an author or a byline; the node gives back the page's spelling and
ends where the name ends.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple

from lxml.html import HtmlElement

from .author_names import NAME_LIST, credited_text, is_credential, is_role, looks_like_one_name, split_names

# Class, id, rel or itemprop words of the elements that hold a byline ("authorities" aside).
_AUTHOR_MARK = re.compile(r"author(?!it)|byline|\bbyl\b|writer|autor|auteur|journalist|redakt|reporter|"
                          r"contributor|posted-?by|submitted-?by|zuozhe|bianji|xiaobian", re.I)
_MARKUP_DEPTH = 5  # how far up from a text node its byline element may be
# A byline's text node is short; paragraphs that mention the name are no byline.
_MAX_BYLINE_CHARS = 200
_FIRST_WORDS = 3  # where in trafilatura's string a name may start
_WORD = re.compile(r"[^\W_]+")
# What may follow a whole name inside its own text node: a role or credential ("Jane Doe, Reporter").
_AFTER_NAME = ",;|·•(/–—-"


def names_as_written(tree: HtmlElement, names: Iterable[str]) -> list[str]:
    """trafilatura's names as the page's author markup writes them; none it does not write."""
    wanted = [words for name in names if (words := credited_text(name).split())]
    # Title-casing changed a word's first letter: look the rest of the word up.
    firsts = dict.fromkeys(word for words in wanted for word in words[:_FIRST_WORDS])
    needles = {f"n{index}": word[1:] if len(word) > 2 else word for index, word in enumerate(firsts)}
    if not needles:
        return []
    condition = " or ".join(f"contains(., ${key})" for key in needles)
    texts = tree.xpath(f"//text()[{condition}]", **needles)  # one pass through the text for all names
    in_markup = (text for text in texts if len(text) <= 2 * _MAX_BYLINE_CHARS and _in_author_markup(text))
    bylines = [byline for text in in_markup if (byline := _byline(text))]
    return [written for words in wanted if (written := _written_form(bylines, words))]


class _Byline(NamedTuple):
    text: str  # the credited part of a text node: "By Jane Doe" -> "Jane Doe"
    words: list[tuple[int, int, str]]  # its words: start, end, casefolded
    name_starts: set[int]  # where the names in it start: "Linny and Peter" holds two


def _byline(text: str) -> _Byline | None:
    credited = credited_text(text)
    if len(credited) > _MAX_BYLINE_CHARS or is_role(credited):  # "Founder & Lead Reviewer": a title
        return None
    words = [(word.start(), word.end(), word.group().casefold()) for word in _WORD.finditer(credited)]
    return _Byline(credited, words, {credited.find(name) for name in split_names(credited)})


def _written_form(bylines: list[_Byline], words: list[str]) -> str | None:
    """The longest run of `words` that a name in a byline starts with, as the byline writes it.

    The run may start at one of the first words: an avatar's initials ("CM Craig McCarthy")
    or a label may come before the name; a later word alone is no name ("Monday").
    """
    found = []
    for start in range(min(len(words), _FIRST_WORDS)):
        wanted = [word.casefold() for word in _WORD.findall(" ".join(words[start:]))]
        runs = (_name_run(byline, wanted) for byline in bylines)
        found += [run for run in runs if run and (start == 0 or " " in run)]
    return max(found, key=lambda run: len(run.split())) if found else None  # the first of the longest


def _name_run(byline: _Byline, wanted: list[str]) -> str:
    """The longest run of the wanted words that makes up one of the names the byline holds."""
    text, words = byline.text, byline.words
    for index, (begin, _, _) in enumerate(words):
        if begin not in byline.name_starts:
            continue
        count = 0
        while count < len(wanted) and index + count < len(words) and words[index + count][2] == wanted[count]:
            count += 1
        if count:
            end = words[index + count - 1][1]
            if _ends_name(text, text[begin:end], end, complete=count == len(wanted)):
                return _with_credentials(text, text[begin:end])
    return ""


def _with_credentials(text: str, run: str) -> str:
    """The name with the credentials the text writes after it: "Dana Reyes, MS, RD"."""
    for name in split_names(text):
        if name.casefold().startswith(f"{run},".casefold()):
            credentials = name[len(run) + 1:].split(",")
            if all(is_credential(part.strip()) for part in credentials):
                return name
    return run


def _ends_name(text: str, run: str, end: int, complete: bool) -> bool:
    """The text ends with the name, goes on with another name or, after a whole name, a role.

    "Dec 3, 2025" is a date that trafilatura cut to its month: no name has digits.
    """
    rest = text[end:].strip()
    if any(c.isdigit() for c in run):
        return False
    return not rest or bool(NAME_LIST.match(text, end)) or complete and rest[0] in _AFTER_NAME


def _in_author_markup(text: Any) -> bool:
    """Whether the text sits in an element its markup calls the author's or the byline."""
    element = text.getparent()
    for _ in range(_MARKUP_DEPTH):
        if element is None or element.tag in {"script", "style", "body"}:
            return False
        marks = " ".join(element.get(key, "") for key in ("class", "id", "rel", "itemprop"))
        if _AUTHOR_MARK.search(marks):
            return True
        element = element.getparent()
    return False


def marked_up_authors(tree: HtmlElement) -> list[str]:
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
