"""Bylines: "By Jane Doe, Staff Writer", "Published: March 3, 2023", "Par Claire Lemoine".

Metadata lines, not article text; when the markup names no author, the byline does.
"""
from __future__ import annotations

import re
from typing import Iterable

_MAX_BYLINE_WORDS = 14
_BYLINE = re.compile(
    r"^(?:(?:by|par|von|por|di|door)\s+\w|(?:published|posted|updated|last updated|publié le|"
    r"mis à jour le|veröffentlicht am|aktualisiert am|publicado|actualizado)\b\s*:?\s*\S)",
    re.I,
)
_AUTHOR_BYLINE = re.compile(r"^(?:by|par|von|por|di|door)\s+(?P<names>[^,|•·–—(]+)", re.I)
_NAME_SEPARATOR = re.compile(r"\s+(?:and|&|et|und|y|e|en)\s+|\s*;\s*", re.I)
_NAME = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,4}$")


def is_byline(text: str) -> bool:
    return len(text.split()) <= _MAX_BYLINE_WORDS and bool(_BYLINE.match(text.strip()))


def authors_from_bylines(lines: Iterable[str]) -> list[str]:
    """Names from the first "By …" line; only strings that look like personal names."""
    for line in lines:
        line = line.strip()
        match = _AUTHOR_BYLINE.match(line)
        if not match or len(line.split()) > _MAX_BYLINE_WORDS:
            continue
        names = [name.strip(" .") for name in _NAME_SEPARATOR.split(match.group("names"))]
        return [name for name in names if _NAME.match(name)]
    return []
