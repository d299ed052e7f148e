"""Extraction: the article body as blocks (trafilatura, checked against readability).

The page is parsed once (lxml); the extractors work on copies of that tree and our own
readers (page_meta, dates, language, canonical URL) read the same tree. trafilatura's
metadata pass is not run: page_meta reads what the page states. The body is trafilatura's
without its fallbacks, checked against readability's (and justext's where trafilatura
looks unsure) by ``body_choice``; both second readers ship with trafilatura.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
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
from .page_meta import PageMeta

__all__ = ["Block", "Extraction", "body_blocks", "canonical_url", "declared_languages",
           "extract_article", "page_blocks", "parse_html"]


@dataclass(frozen=True)
class Extraction:
    blocks: list[Block]


def parse_html(html: str) -> HtmlElement | None:
    """The page's lxml tree, or None when there is nothing to parse."""
    return trafilatura.load_html(html)


def extract_article(tree: HtmlElement, url: str) -> Extraction | None:
    """The article's body (comments excluded)."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,  # its fallbacks are replaced by body_choice, which compares before it trusts
        include_comments=False,
        include_links=True,  # kept only to measure link density; links render as text
        include_tables=True,
        include_images=False,
        with_metadata=False,  # page_meta reads the metadata; the body does not depend on it
    )
    if document is None or document.body is None:
        return None  # not even trafilatura's last resort, the page's text, was there
    options = Extractor(comments=False, links=True, tables=True, url=url)
    blocks = choose_body(body_blocks(document.body), _readability_blocks(tree, options),
                         lambda: page_blocks(tree), lambda: _justext_blocks(tree, options))
    if not blocks:
        return None
    return Extraction(blocks)


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


def canonical_url(page: PageMeta, url: str) -> str | None:
    """The page's own statement of its URL: <link rel=canonical>, then og:url, in page order.

    A canonical that is the site's home page is a template mistake, not this article's
    URL: taken at its word it would make every article of the site one article.
    """
    for value in page.canonical_urls:
        absolute = http_url(value, url)
        if absolute and urlsplit(absolute).path not in {"", "/"}:
            return absolute
    return None


def declared_languages(tree: HtmlElement, page: PageMeta) -> list[str | None]:
    """Language codes the markup declares, most specific first: <html lang>, og:locale,
    the http-equiv Content-Language."""
    root = tree.getroottree().getroot()
    html_lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") \
        if root.tag == "html" else None
    return [value for value in (html_lang, page.first("og:locale"), page.first("content-language")) if value]
