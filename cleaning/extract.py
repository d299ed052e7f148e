"""Extraction with trafilatura: the article body as blocks, plus the page's metadata.

The page is parsed once (lxml); trafilatura works on a copy of that tree and our own
readers (dates, language, canonical URL) read the same tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

# Elements of trafilatura's output tree that hold one paragraph of text each.
_TEXT_BLOCKS = {"p", "head", "quote", "code", "item", "row", "cell"}
_CONTAINERS = {"list", "table", "div", "section", "body", "doc", "main", "quote"}


@dataclass(frozen=True)
class Block:
    """One paragraph of the extracted body, with what its markup said about it."""

    kind: str  # heading, paragraph, list_item, quote, table_row, code
    text: str
    link_chars: int = 0  # characters of the text that sat inside links in the page

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


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
        # The date comes from our own reader (dates.py); this keeps htmldate off page text.
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
        image_url=_absolute_url(document.image, url),
    )


def body_blocks(body: etree._Element) -> list[Block]:
    """The output tree as a flat list of paragraphs, in reading order.

    Line breaks inside a paragraph split it: in table layouts and widgets a <br>
    usually separates items, not sentences.
    """
    blocks: list[Block] = []
    _collect(body, blocks)
    return blocks


def _collect(element: etree._Element, blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            for row in child.iter("row"):
                _emit(row, "table_row", blocks, separator=" ")
        elif tag == "list":
            for item in child.iterchildren("item"):
                _emit(item, "list_item", blocks)
        elif tag in _CONTAINERS and any(grand.tag in _TEXT_BLOCKS | _CONTAINERS for grand in child):
            _collect(child, blocks)
        elif tag:
            kind = {"head": "heading", "quote": "quote", "code": "code"}.get(tag, "paragraph")
            _emit(child, kind, blocks)


def _emit(element: etree._Element, kind: str, blocks: list[Block], separator: str = "") -> None:
    """Append the element's text, one block per <lb>-separated line; nested lists go on their own."""
    line: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal line, link_chars
        text = " ".join("".join(line).split())
        if text:
            blocks.append(Block(kind, text, min(link_chars, len(text))))
        line, link_chars = [], 0

    def walk(node: etree._Element, in_link: bool) -> None:
        nonlocal link_chars
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "lb":
                flush()
            elif child.tag == "list":
                flush()
                for item in child.iterchildren("item"):
                    _emit(item, "list_item", blocks)
            else:
                is_link = in_link or child.tag == "ref"
                if child.text:
                    line.append(child.text)
                    link_chars += len(child.text.strip()) if is_link else 0
                walk(child, is_link)
                if child.tag == "cell":
                    line.append(separator)
            if child.tail:
                line.append(child.tail)
                link_chars += len(child.tail.strip()) if in_link else 0

    if element.text:
        line.append(element.text)
    walk(element, element.tag == "ref")
    flush()


def _split_authors(author: str | None) -> list[str]:
    if not author:
        return []
    return [name.strip() for name in author.split(";") if name.strip()]


def canonical_url(tree: HtmlElement, url: str) -> str | None:
    """The page's own statement of its URL: <link rel=canonical>, then og:url."""
    for value in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        absolute = _absolute_url(str(value), url)
        if absolute:
            return absolute
    return None


def declared_languages(tree: HtmlElement) -> list[str | None]:
    """Language codes the markup declares, most specific first."""
    html_lang = tree.xpath("/html/@lang | /html/@xml:lang")
    locale = tree.xpath('//meta[@property="og:locale"]/@content')
    http_equiv = tree.xpath('//meta[translate(@http-equiv, "CONTENTLANGUAGE", "contentlanguage")'
                            '="content-language"]/@content')
    return [str(v) for v in (*html_lang[:1], *locale[:1], *http_equiv[:1])]


def _absolute_url(value: str | None, base: str) -> str | None:
    if not value:
        return None
    absolute = urljoin(base, value.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in {"http", "https"} and parts.netloc else None
