"""Text normalization: the same text always comes out the same way."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import ftfy

# Characters that render as nothing and only break tokens and hashes.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Any run of whitespace, NBSP and the Unicode spaces included.
_SPACES = re.compile(r"\s+")
_MAX_REPAIR_PASSES = 4
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # the extractor already unescaped; "&amp;" in text is literal
    fix_line_breaks=True,
    uncurl_quotes=False,  # curly quotes are the text, not damage
    normalization="NFC",
    explain=False,
)


def normalize_line(line: str) -> str:
    """One paragraph: mojibake repaired, NFC, invisible characters out, spaces collapsed."""
    # One repair can reveal another (a C1 control becomes a cp1252 character that now
    # reads as mojibake): repeat to a fixed point so normalizing twice changes nothing.
    for _ in range(_MAX_REPAIR_PASSES):
        repaired = _repair_once(line)
        if repaired == line:
            break
        line = repaired
    return line


def _repair_once(line: str) -> str:
    line = ftfy.fix_text(line, config=_FTFY_CONFIG)
    line = _CONTROL.sub(" ", _INVISIBLE.sub("", line))
    line = _SPACES.sub(" ", line).strip()
    return unicodedata.normalize("NFC", line)


def normalize_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Normalize each paragraph and drop the ones left empty."""
    result = []
    for paragraph in paragraphs:
        line = normalize_line(paragraph)
        if line:
            result.append(line)
    return result


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The text column's layout: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs)


def normalize_text(text: str) -> str:
    """A whole text: every line is a paragraph; idempotent."""
    return join_paragraphs(normalize_paragraphs(text.splitlines()))
