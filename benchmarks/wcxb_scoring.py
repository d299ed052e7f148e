"""WCXB's scoring rules: its own body figures and the metadata agreement rules.

The same rules as ``baseline.py`` and the README of ``../shared/datasets/wcxb-dev``
(a subset of https://github.com/Murrough-Foley/web-content-extraction-benchmark):

* Word F1: per page, the F1 of the bags of lower-cased ``\\w+`` tokens; a page where
  either side has no token scores 1 if both are empty, else 0.
* ``with``: share of a page's must-have snippets found in the prediction, ``without``:
  share of its must-not-have snippets found there (leaked); both lower-cased substring
  tests. A page with no must-have snippet counts 1, one with no must-not-have snippet 0.
* Title: equal after collapsing whitespace (case kept). ``title~`` (loose): casefolded,
  typographic quotes, dashes and the ellipsis folded to ASCII, and a site name joined
  by ``| - : · » /`` before or after the title allowed.
* Published: the same day (the first 10 characters of ISO dates); a ``YYYY-MM`` truth
  matches any day of that month.
* Authors: the same set after collapsing whitespace and casefolding; an author string
  (trafilatura's) is split on ``;``.

Each metadata figure is counted over the pages whose truth has a value for the field.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping, Sequence

_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
    "\u2026": "...",
})
_SITE_NAME_SEPARATOR = r"\s*[|:\u00b7\u00bb/-]\s*"

# The metadata fields, in the order the README's table gives them.
METADATA_FIELDS = ("title", "title~", "published", "authors")


def collapse_whitespace(text: str | None) -> str:
    return _SPACE_RE.sub(" ", text or "").strip()


def word_f1(truth: str | None, pred: str | None) -> float:
    """F1 of the bags of lower-cased ``\\w+`` tokens of one page."""
    true_words = _WORD_RE.findall((truth or "").lower())
    pred_words = _WORD_RE.findall((pred or "").lower())
    if not true_words or not pred_words:
        return float(not true_words and not pred_words)
    overlap = sum((Counter(pred_words) & Counter(true_words)).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / len(pred_words), overlap / len(true_words)
    return 2 * precision * recall / (precision + recall)


def snippet_shares(
    pred: str | None, must_have: Sequence[str], must_not_have: Sequence[str]
) -> tuple[float, float]:
    """(share of must-have snippets found, share of must-not-have snippets leaked)."""
    low = (pred or "").lower()
    found = sum(s.lower() in low for s in must_have) / len(must_have) if must_have else 1.0
    leaked = (
        sum(s.lower() in low for s in must_not_have) / len(must_not_have) if must_not_have else 0.0
    )
    return found, leaked


def title_exact(truth: str | None, pred: str | None) -> bool:
    return collapse_whitespace(truth) == collapse_whitespace(pred)


def _fold_title(text: str | None) -> str:
    return collapse_whitespace(text).casefold().translate(_FOLD)


def title_loose(truth: str | None, pred: str | None) -> bool:
    """Equal once folded, or the prediction is the title with a site name joined to it."""
    t, q = _fold_title(truth), _fold_title(pred)
    if not t or not q:
        return t == q
    title = re.escape(t)
    return (
        t == q
        or re.fullmatch(title + _SITE_NAME_SEPARATOR + r".+", q) is not None
        or re.fullmatch(r".+" + _SITE_NAME_SEPARATOR + title, q) is not None
    )


def same_day(truth: str | None, pred: str | None) -> bool:
    """Same ISO day; a truth shorter than a day (``YYYY-MM``) is matched as a prefix."""
    t, q = (truth or "").strip(), (pred or "").strip()
    if len(t) >= 10:
        return q[:10] == t[:10]
    return bool(t) and q.startswith(t)


def author_set(value: str | Sequence[str] | None) -> set[str]:
    """Authors as a set of casefolded names; a string is split on ``;``."""
    items = (value or "").split(";") if isinstance(value, str) or value is None else value
    return {collapse_whitespace(a).casefold() for a in items if collapse_whitespace(a)}


def same_authors(truth: str | Sequence[str] | None, pred: str | Sequence[str] | None) -> bool:
    return author_set(truth) == author_set(pred)


def compare_metadata(
    truth: Mapping[str, Any], pred: Mapping[str, Any]
) -> tuple[dict[str, bool], dict[str, bool]]:
    """Score a page's predicted title, authors and published date against its truth.

    ``truth`` and ``pred`` map "title", "authors" and "published" to values; a field
    missing from ``truth`` is not scored. Returns ``(agrees, empty_on_null)``: for each
    field whose truth has a value, whether the prediction agrees; for each field whose
    truth is null or empty, whether the prediction is empty too (null beats wrong).
    """
    agrees: dict[str, bool] = {}
    empty_on_null: dict[str, bool] = {}
    if "title" in truth:
        t, q = collapse_whitespace(truth["title"]), collapse_whitespace(pred.get("title"))
        if t:
            agrees["title"] = title_exact(t, q)
            agrees["title~"] = title_loose(t, q)
        else:
            empty_on_null["title"] = empty_on_null["title~"] = not q
    if "published" in truth:
        t, q = (truth["published"] or "").strip(), (pred.get("published") or "").strip()
        if t:
            agrees["published"] = same_day(t, q)
        else:
            empty_on_null["published"] = not q
    if "authors" in truth:
        t_set, q_set = author_set(truth["authors"]), author_set(pred.get("authors"))
        if t_set:
            agrees["authors"] = t_set == q_set
        else:
            empty_on_null["authors"] = not q_set
    return agrees, empty_on_null
