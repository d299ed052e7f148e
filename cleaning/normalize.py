"""Text normalization: the same text always comes out the same way."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import ftfy
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

# Characters that render as nothing and only break tokens and hashes.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff]")
# C0/C1 controls except tab, newline and carriage return: they mean nothing in a page.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Any run of whitespace but the newline (NBSP and the Unicode spaces included), except
# the single plain space most of them already are: replacing those is most of the cost.
_SPACES = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")
_MAX_REPAIR_PASSES = 4
# ftfy, as configured below, changes a text only where it finds one of these: mojibake,
# which its patterns (``BADNESS_RE``) recognise by characters beyond everyday typography
# (accented Latin letters, currency and math signs, box drawing, C1 controls, a few
# Cyrillic and Greek capitals); the controls and invisible formatting characters it
# drops; line separators; lone surrogates; terminal escapes (ESC is a C0 control).
# Quotes, dashes, ellipses and no-break spaces alone never make mojibake for it.
_TYPOGRAPHY = "".join(MOJIBAKE_CATEGORIES[name] for name in ("common", "start_punctuation", "end_punctuation"))
_MOJIBAKE_PARTS = "".join(
    [value for name, value in MOJIBAKE_CATEGORIES.items()
     if name not in ("common", "start_punctuation", "end_punctuation")]
    + sorted({char for char in BADNESS_RE.pattern if not char.isascii()} - set(_TYPOGRAPHY)))
_FTFY_TARGET = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f\r\u2028\u2029\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff"
    + _MOJIBAKE_PARTS + "]")
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
        # Without anything left for ftfy, another pass would only redo the tidying, which
        # changes nothing the second time: the text is at its fixed point.
        done = repaired == text or not may_need_ftfy(repaired)
        text = repaired
        if done:
            break
    return text.split("\n") if text else []


def may_need_ftfy(text: str) -> bool:
    """Could ftfy change this text? Most text has nothing for it to do, and ftfy costs a walk per line."""
    return _FTFY_TARGET.search(text) is not None


def _repair_once(text: str) -> str:
    if may_need_ftfy(text):
        text = ftfy.fix_text(text, config=_FTFY_CONFIG)
    text = _SPACES.sub(" ", CONTROL_CHARS.sub(" ", _INVISIBLE.sub("", text)))
    lines = (line.strip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The text column's layout: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs)


def normalize_text(text: str) -> str:
    """A whole text: every line is a paragraph; idempotent."""
    return join_paragraphs(normalize_paragraphs([text]))
