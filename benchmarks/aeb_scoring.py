"""Scoring for the article extraction benchmark (AEB).

Same definitions as ``evaluate.py`` in scrapinghub/article-extraction-benchmark
(without its bootstrap confidence intervals):

* Texts are split into ``\\w+`` tokens (Unicode, case kept).
* Shingles are runs of 4 consecutive tokens; a text with 1-3 tokens is a single
  shorter shingle, and a text with no token has no shingle at all (so an empty
  prediction, ``None`` or punctuation only, predicts nothing).
* Per page: TP = shingles in both texts, counted with multiplicity (multiset
  intersection), FP = predicted only, FN = truth only, each divided by TP+FP+FN so
  that long pages weigh no more than short ones.
* Page precision = TP/(TP+FP), page recall = TP/(TP+FN); a page with FP = FN = 0
  scores 1 for both.
* Precision is the mean page precision over pages with TP+FP > 0 (pages where
  something was predicted), recall the mean page recall over pages with TP+FN > 0
  (pages with a non-empty truth). An empty prediction for a non-empty truth thus
  lowers recall only; a page where both texts are empty counts in neither.
* F1 = 2PR/(P+R) of those two means (not a mean of page F1s).
* Accuracy is the share of all pages whose predicted token sequence equals the
  truth's exactly.

Where the original would divide by zero we return 0.0: precision (or recall) when no
page qualifies, F1 when P+R = 0, every metric on an empty list of pages.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

NGRAM_N = 4

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)

# (tp, fp, fn) for one page, normalised to sum to 1 (or all 0 when both are empty).
PageCounts = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    """``\\w+`` tokens of ``text``, in order; ``None`` is the empty text."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = NGRAM_N) -> Counter[tuple[str, ...]]:
    """Multiset of the ``n``-token shingles of ``text``.

    A text with fewer than ``n`` tokens (but at least one) gives one shorter shingle;
    a text with no token gives none.
    """
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str | None, pred: str | None, n: int = NGRAM_N) -> PageCounts:
    """Normalised (TP, FP, FN) of one page's shingles."""
    true_sh = shingles(true, n)
    pred_sh = shingles(pred, n)
    tp = sum((true_sh & pred_sh).values())
    fp = sum((pred_sh - true_sh).values())
    fn = sum((true_sh - pred_sh).values())
    total = tp + fp + fn
    if total == 0:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp + fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp + fn == 0:
        return 0.0
    return tp / (tp + fn)


def page_f1(counts: PageCounts) -> float:
    """F1 of one page's precision and recall (0 when nothing or nothing right is predicted)."""
    precision, recall = precision_score(*counts), recall_score(*counts)
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def exact_match(true: str | None, pred: str | None) -> bool:
    """True when both texts have the same token sequence."""
    return tokenize(true) == tokenize(pred)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int  # pages scored
    precision_pages: int  # pages with a non-empty prediction (TP+FP > 0)
    recall_pages: int  # pages with a non-empty truth (TP+FN > 0)

    def as_dict(self) -> dict:
        return asdict(self)


def aggregate(counts: Sequence[PageCounts], matches: Sequence[bool]) -> Scores:
    """Benchmark metrics from per-page counts and per-page exact matches."""
    if len(counts) != len(matches):
        raise ValueError("one exact-match flag per page is needed")
    precisions = [precision_score(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [recall_score(*c) for c in counts if c[0] + c[2] > 0]
    precision = _mean(precisions)
    recall = _mean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return Scores(
        f1=f1,
        precision=precision,
        recall=recall,
        accuracy=_mean([1.0 if m else 0.0 for m in matches]),
        pages=len(counts),
        precision_pages=len(precisions),
        recall_pages=len(recalls),
    )


def score(pairs: Iterable[tuple[str | None, str | None]], n: int = NGRAM_N) -> Scores:
    """Score ``(truth, prediction)`` pairs, one per page."""
    counts: list[PageCounts] = []
    matches: list[bool] = []
    for true, pred in pairs:
        counts.append(page_counts(true, pred, n))
        matches.append(exact_match(true, pred))
    return aggregate(counts, matches)
