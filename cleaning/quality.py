"""The quality gate: is what was extracted an article?"""
from __future__ import annotations

from dataclasses import dataclass

from .extract import Block
from .models import RejectReason


@dataclass(frozen=True)
class QualityThresholds:
    min_words: int = 40  # a news brief has more; a teaser or a stub has fewer
    max_link_share: float = 0.5  # of the extracted characters that sat in links
    max_list_share: float = 0.9  # of the extracted words that sit in list items
    min_list_items: int = 5


def word_count(text: str) -> int:
    return len(text.split())


def check_extracted(blocks: list[Block], thresholds: QualityThresholds) -> tuple[RejectReason, str] | None:
    """Before cleaning: a body made of links is an index, a section front or a tag page."""
    total_chars = sum(len(block.text) for block in blocks)
    if total_chars == 0:
        return RejectReason.NO_CONTENT, "the extractor found no article text"
    link_share = sum(block.link_chars for block in blocks) / total_chars
    if link_share > thresholds.max_link_share:
        return RejectReason.LINK_LIST, f"{link_share:.0%} of the extracted text is link text"
    # An index page whose headline links the extractor dropped: teasers in a list, no prose.
    items = [block for block in blocks if block.kind == "list_item"]
    total_words = sum(word_count(block.text) for block in blocks)
    list_words = sum(word_count(block.text) for block in items)
    if len(items) >= thresholds.min_list_items and list_words > thresholds.max_list_share * total_words:
        return RejectReason.LINK_LIST, f"the extracted body is a list of {len(items)} items with no prose"
    return None


def check_cleaned(kept: list[Block], extracted: list[Block],
                  thresholds: QualityThresholds) -> tuple[RejectReason, str] | None:
    """After cleaning: enough words left, and not only because the page was all furniture."""
    kept_words = sum(word_count(block.text) for block in kept)
    if kept_words >= thresholds.min_words:
        return None
    removed_words = sum(word_count(block.text) for block in extracted) - kept_words
    if not kept or removed_words > 2 * kept_words:
        return (RejectReason.ALL_BOILERPLATE,
                f"{removed_words} of {removed_words + kept_words} extracted words were boilerplate")
    return RejectReason.TOO_SHORT, f"{kept_words} words, fewer than {thresholds.min_words}"
