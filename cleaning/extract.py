"""Extraction: the article body as blocks, plus the page's metadata (trafilatura).

The page is parsed once (lxml); the extractors work on copies of that tree and our own
readers (dates, language, canonical URL) read the same tree. The body is trafilatura's
without its fallbacks, checked against readability's (and justext's where trafilatura
looks unsure) by ``body_choice``; both second readers ship with trafilatura.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.external import justext_rescue, sanitize_tree, try_readability
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.settings import Extractor
from trafilatura.xpaths import REMOVE_COMMENTS_XPATH

from .blocks import Block, body_blocks, page_blocks
from .body_choice import choose_body
from .identity import http_url

__all__ = ["Block", "Extraction", "body_blocks", "canonical_url", "declared_languages",
           "extract_article", "page_blocks", "parse_html"]


@dataclass(frozen=True)
class Extraction:
    blocks: list[Block]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    description: str | None = None
    sitename: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    date: str | None = None  # htmldate's YYYY-MM-DD guess; dates.py weighs it against the rest


def parse_html(html: str) -> HtmlElement | None:
    """The page's lxml tree, or None when there is nothing to parse."""
    return trafilatura.load_html(html)


def extract_article(tree: HtmlElement, url: str) -> Extraction | None:
    """The article's body (comments excluded, title not part of it) and metadata."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,  # its fallbacks are replaced by body_choice, which compares before it trusts
        include_comments=False,
        include_links=True,  # kept only to measure link density; links render as text
        include_tables=True,
        include_images=False,
        with_metadata=True,
        # htmldate's date is dates.py's last resort; its extensive search of the page text
        # stays off: slow, and it takes any date in the text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or document.body is None:
        return None  # not even trafilatura's last resort, the page's text, was there
    options = Extractor(comments=False, links=True, tables=True, url=url)
    blocks = choose_body(body_blocks(document.body), _readability_blocks(tree, options),
                         lambda: page_blocks(tree), lambda: _justext_blocks(tree, options))
    if not blocks:
        return None
    return Extraction(
        blocks=blocks,
        title=document.title or None,
        authors=_split_authors(document.author),
        description=document.description or None,
        sitename=document.sitename or None,
        categories=[c for c in (document.categories or []) if c],
        tags=[t for t in (document.tags or []) if t],
        image_url=http_url(document.image, url),
        date=document.date or None,
    )


def _readability_blocks(tree: HtmlElement, options: Extractor) -> list[Block]:
    """readability's body (trafilatura's port), converted as trafilatura converts its fallback."""
    summary = try_readability(deepcopy(tree))  # readability edits the tree it reads
    if len(summary) == 0 and not summary.text:
        return []
    body, _ = sanitize_tree(summary, options)
    return body_blocks(body)


def _justext_blocks(tree: HtmlElement, options: Extractor) -> list[Block]:
    """justext's body: the page's paragraphs that read as prose (stop-word density).

    Readers' comments read as prose too: their containers go first, as in trafilatura.
    """
    body, _ = justext_rescue(prune_unwanted_nodes(deepcopy(tree), REMOVE_COMMENTS_XPATH), options)
    return body_blocks(body)


def _split_authors(author: str | None) -> list[str]:
    if not author:
        return []
    return [name.strip() for name in author.split(";") if name.strip()]


def canonical_url(tree: HtmlElement, url: str) -> str | None:
    """The page's own statement of its URL: <link rel=canonical>, then og:url.

    A canonical that is the site's home page is a template mistake, not this article's
    URL: taken at its word it would make every article of the site one article.
    """
    for value in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        absolute = http_url(str(value), url)
        if absolute and urlsplit(absolute).path not in {"", "/"}:
            return absolute
    return None


def declared_languages(tree: HtmlElement) -> list[str | None]:
    """Language codes the markup declares, most specific first."""
    html_lang = tree.xpath("/html/@lang | /html/@xml:lang")
    locale = tree.xpath('//meta[@property="og:locale"]/@content')
    http_equiv = tree.xpath('//meta[translate(@http-equiv, "CONTENTLANGUAGE", "contentlanguage")'
                            '="content-language"]/@content')
    return [str(v) for v in (*html_lang[:1], *locale[:1], *http_equiv[:1])]
