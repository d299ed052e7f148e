"""Text normalization: the same text always comes out the same way."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import ftfy

# Characters that render as nothing and only break tokens and hashes.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff]")
# C0/C1 controls except tab, newline and carriage return: they mean nothing in a page.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Any run of whitespace but the newline (NBSP and the Unicode spaces included).
_SPACES = re.compile(r"[^\S\n]+")
_MAX_REPAIR_PASSES = 4
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # the extractor already unescaped; "&amp;" in text is literal
    fix_line_breaks=True,
    uncurl_quotes=False,  # curly quotes are the text, not damage
    fix_latin_ligatures=False,  # ligatures and full-width forms are the text too
    fix_character_width=False,
    normalization=None,  # NFC is applied once, after the other repairs
    explain=False,
)


def normalize_line(line: str) -> str:
    """One line of text (a title, a name): repaired, NFC, on one line."""
    return " ".join(normalize_paragraphs([line]))


def normalize_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Each paragraph repaired and normalized; empty ones dropped; a newline inside one splits it.

    The text is repaired in one piece (ftfy works line by line anyway) and to a fixed
    point: one repair can reveal another (a C1 control becomes a cp1252 character that
    now reads as mojibake), and normalizing twice must change nothing.
    """
    text = "\n".join(paragraphs)
    for _ in range(_MAX_REPAIR_PASSES):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text.split("\n") if text else []


def _repair_once(text: str) -> str:
    text = ftfy.fix_text(text, config=_FTFY_CONFIG)
    text = CONTROL_CHARS.sub(" ", _INVISIBLE.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The text column's layout: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs)


def normalize_text(text: str) -> str:
    """A whole text: every line is a paragraph; idempotent."""
    return join_paragraphs(normalize_paragraphs([text]))
