"""The quality gate: is what was extracted an article?"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from .extract import Block
from .models import RejectReason
from .page_meta import PageMeta
from .text_units import count_words

_OPENING = 20
_CARD_SIZE = 3  # a card's text is at most this many times its teaser's


@dataclass(frozen=True)
class QualityThresholds:
    min_words: int = 30  # a news brief has more; a teaser or a stub has fewer
    max_link_share: float = 0.7  # of the extracted characters that sat in links
    # A page that says it is one article (og:type, JSON-LD) is believed unless it is
    # almost all links: listicles and guides link every item, and are still articles.
    max_link_share_declared_article: float = 0.9
    max_list_share: float = 0.9  # of the extracted words that sit in list items
    min_list_items: int = 5
    min_teasers: int = 4  # a section front lists several stories, each under its headline link
    max_teaser_share: float = 0.5  # of the extracted paragraphs


# JSON-LD types of one article (schema.org: Article and its subtypes, blog and live posts).
_ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*)?"(?:\w*Article|\w*BlogPosting|ReportageNews|Report)"')


def declares_article(page: PageMeta) -> bool:
    """Does the page's own metadata say it is one article (og:type, a JSON-LD Article node)?

    Section fronts and tag pages say "website" or nothing (or CollectionPage, ItemList).
    The JSON-LD is searched as written: a script that is not valid JSON still says it.
    """
    if any(value.strip().lower() == "article" for value in page.meta.get("og:type", ())):
        return True
    return any(_ARTICLE_TYPE.search(script) for script in page.json_ld_texts)


def check_extracted(blocks: list[Block], thresholds: QualityThresholds,
                    declared_article: bool = False) -> tuple[RejectReason, str] | None:
    """Before cleaning: a body made of links is an index, a section front or a tag page.

    A page that declares itself an article is rejected only when it is almost all links:
    a list of items (a listicle, a guide, an events list) is its content.
    """
    total_chars = sum(len(block.text) for block in blocks)
    if total_chars == 0:
        return RejectReason.NO_CONTENT, "the extractor found no article text"
    link_share = sum(block.link_chars for block in blocks) / total_chars
    max_link_share = (thresholds.max_link_share_declared_article if declared_article
                      else thresholds.max_link_share)
    if link_share > max_link_share:
        return RejectReason.LINK_LIST, f"{link_share:.0%} of the extracted text is link text"
    if declared_article:
        return None
    # An index page whose headline links the extractor dropped: teasers in a list, no prose.
    items = [block for block in blocks if block.kind == "list_item"]
    total_words = sum(count_words(block.text) for block in blocks)
    list_words = sum(count_words(block.text) for block in items)
    if len(items) >= thresholds.min_list_items and list_words > thresholds.max_list_share * total_words:
        return RejectReason.LINK_LIST, f"the extracted body is a list of {len(items)} items with no prose"
    return None


def check_cleaned(kept: list[Block], extracted: list[Block],
                  thresholds: QualityThresholds) -> tuple[RejectReason, str] | None:
    """After cleaning: enough words left, and not only because the page was all furniture."""
    kept_words = sum(count_words(block.text) for block in kept)
    if kept_words >= thresholds.min_words:
        return None
    removed_words = sum(count_words(block.text) for block in extracted) - kept_words
    if not kept or removed_words > 2 * kept_words:
        return (RejectReason.ALL_BOILERPLATE,
                f"{removed_words} of {removed_words + kept_words} extracted words were boilerplate")
    return RejectReason.TOO_SHORT, f"{kept_words} words, fewer than {thresholds.min_words}"


def check_teasers(tree: HtmlElement, blocks: list[Block], thresholds: QualityThresholds,
                  declared_article: bool = False) -> tuple[RejectReason, str] | None:
    """A section front: the extractor kept the teasers and dropped the headline links above them.

    Not asked of a page that declares itself an article: a listicle's items (a headline
    link, a paragraph) look like cards, and a real section front does not say "article".
    """
    if declared_article:
        return None
    paragraphs = {block.text for block in blocks if block.kind == "paragraph" and len(block.text) > 40}
    if len(paragraphs) < thresholds.min_teasers:
        return None
    total, teasers = len(paragraphs), 0
    openings = {paragraph[:_OPENING] for paragraph in paragraphs}
    for element in tree.iter("p", "div", "li", "span", "section"):
        # Cheap test first: does the element's own text start one of the paragraphs?
        if " ".join((element.text or "").split())[:_OPENING] not in openings:
            continue
        text = " ".join(element.text_content().split())
        if text in paragraphs:
            paragraphs.discard(text)
            teasers += _is_teaser_card(element, len(text))
    if teasers >= thresholds.min_teasers and teasers > thresholds.max_teaser_share * total:
        return RejectReason.SECTION_FRONT, f"{teasers} of {total} paragraphs are teasers under headline links"
    return None


def _is_teaser_card(element: HtmlElement, paragraph_chars: int) -> bool:
    """Does a small container around the paragraph hold a headline link (a card)?

    An article's paragraphs sit in the article body, whose text is far longer than one
    paragraph; a teaser sits in a card: headline link, maybe a date, the teaser.
    """
    for ancestor in element.iterancestors():
        if len(ancestor.text_content()) > _CARD_SIZE * paragraph_chars:
            return False
        for heading in ancestor.iter("h1", "h2", "h3", "h4", "h5", "h6", "a"):
            if heading is element or element in heading.iterancestors():
                continue
            link_text = heading.text_content() if heading.tag == "a" else " ".join(
                link.text_content() for link in heading.iter("a"))
            if len(link_text.split()) >= 3:
                return True
    return False
