"""Extraction with trafilatura: the article body as blocks, plus the page's metadata.

The page is parsed once (lxml); trafilatura works on a copy of that tree and our own
readers (dates, language, canonical URL) read the same tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement

from .blocks import Block, body_blocks, is_page_dump, page_blocks
from .identity import http_url

__all__ = ["Block", "Extraction", "body_blocks", "canonical_url", "declared_languages",
           "extract_article", "is_page_dump", "page_blocks", "parse_html"]

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
    """trafilatura's body (comments excluded, title not part of it) and metadata."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
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
        return None
    return Extraction(
        blocks=list(body_blocks(document.body)),
        title=document.title or None,
        authors=_split_authors(document.author),
        description=document.description or None,
        sitename=document.sitename or None,
        categories=[c for c in (document.categories or []) if c],
        tags=[t for t in (document.tags or []) if t],
        image_url=http_url(document.image, url),
        date=document.date or None,
    )


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
