"""Bylines: "By Jane Doe, Staff Writer", "Published: March 3, 2023", "Par Claire Lemoine".

Metadata lines, not article text; when the markup names no author, the byline does.
A line counts only when what follows "By" looks like personal names, so "By 2030, the
city…" or "Par ailleurs, …" stay in the article.
"""
from __future__ import annotations

import re
from typing import Iterable

_MAX_BYLINE_WORDS = 14
# "By …" and its kin, or a label ("Autor:", "Автор:", "بقلم"): the names follow. Not the
# English "Author:", which labels a book's or a program's author in the text more than a byline.
_AUTHOR_BYLINE = re.compile(
    r"^(?:(?:by|par|von|por|di|door|oleh|bởi|โดย)\s*:?\s+|"
    r"(?:autor(?:in)?|auteur|автор|текст|yazan|بقلم)\s*:?\s+)(?P<names>[^,|•·–—(]+)", re.I)
# "Published: March 3, 2023", "Publicado el 3 de marzo de 2023": a date follows the word.
_DATE_BYLINE = re.compile(
    r"^(?:published|posted|updated|last updated|date|publié le|mis à jour le|veröffentlicht am|"
    r"aktualisiert am|publicado(?: el)?|actualizado(?: el)?)\b\s*:?\s*(?P<date>\D{0,30}\d.*)$",
    re.I,
)
# "Posted by admin", "Written by the news desk": whoever follows, the line is a credit.
_CREDIT_BYLINE = re.compile(
    r"^(?:posted|written|published|reported|publié|écrit|geschrieben|escrito|publicado)\s+"
    r"(?:by|par|von|por)\s+\S", re.I)
_MAX_CREDIT_WORDS = 8
_NAME_SEPARATOR = re.compile(r"\s+(?:and|&|et|und|y|e|en)\s+|\s*;\s*", re.I)
_NAME_PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "do", "dos", "du", "la", "le", "van", "von", "y", "bin", "al"}


def is_byline(text: str) -> bool:
    text = text.strip()
    if len(text.split()) > _MAX_BYLINE_WORDS:
        return False
    if _CREDIT_BYLINE.match(text) and len(text.split()) <= _MAX_CREDIT_WORDS:
        return True
    return bool(_DATE_BYLINE.match(text)) or bool(_names_in(text))


def byline_date(line: str) -> str | None:
    """The date part of a dated byline ("Published: March 3, 2023" -> "March 3, 2023")."""
    line = line.strip()
    match = _DATE_BYLINE.match(line) if len(line.split()) <= _MAX_BYLINE_WORDS else None
    return match.group("date").strip(" .") if match else None


def authors_from_bylines(lines: Iterable[str]) -> list[str]:
    """Names from the first "By …" line whose words look like personal names."""
    for line in lines:
        line = line.strip()
        if len(line.split()) <= _MAX_BYLINE_WORDS:
            names = _names_in(line)
            if names:
                return names
    return []


def _names_in(line: str) -> list[str]:
    match = _AUTHOR_BYLINE.match(line)
    if not match:
        return []
    names = [name.strip(" .") for name in _NAME_SEPARATOR.split(match.group("names").strip())]
    if not names or not all(_looks_like_name(name) for name in names):
        return []
    return names


def _looks_like_name(text: str) -> bool:
    """Two to five words, none lowercase (particles like "de", "van" aside), no digits.

    Scripts without case (Arabic, Thai, Devanagari…) have no lowercase word to object to.
    """
    words = text.split()
    if not 2 <= len(words) <= 5 or any(char.isdigit() for char in text):
        return False
    return (all(not word[0].islower() or word.lower() in _NAME_PARTICLES for word in words)
            and not words[0][0].islower() and words[0][0].isalpha())
