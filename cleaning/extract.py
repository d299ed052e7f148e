"""Extraction with trafilatura: the article body as blocks, plus the page's metadata.

The page is parsed once (lxml); trafilatura works on a copy of that tree and our own
readers (dates, language, canonical URL) read the same tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from .identity import http_url

# trafilatura's output tree: these elements start a new paragraph; the rest are inline.
_KIND_OF_BLOCK = {
    "p": "paragraph", "head": "heading", "item": "list_item", "list": "list_item",
    "quote": "quote", "code": "code", "table": "table_row", "row": "table_row",
    "cell": "paragraph", "div": "paragraph", "section": "paragraph", "graphic": "paragraph",
}
_INHERITED_KINDS = {"list_item", "quote"}
_PROSE_TAGS = {"p", "head", "list", "quote", "code", "table"}


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


def body_blocks(body: etree._Element) -> list[Block]:
    """The output tree as a flat list of paragraphs, in reading order.

    Line breaks split a paragraph: in table layouts and widgets a <br> usually
    separates items, not sentences. A table row of short cells is one line; a cell
    that holds paragraphs (the article of a table layout) is walked like a page.
    """
    lines = _LineBuilder()
    _walk(body, "paragraph", lines, in_link=False)
    lines.flush("paragraph")
    return lines.blocks


class _LineBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._link_chars = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self._parts.append(text)
            if in_link:
                self._link_chars += len(text.strip())

    def flush(self, kind: str) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.blocks.append(Block(kind, text, min(self._link_chars, len(text))))
        self._parts, self._link_chars = [], 0


def _walk(node: etree._Element, kind: str, lines: _LineBuilder, in_link: bool) -> None:
    lines.add(node.text, in_link)
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag == "lb":
            lines.flush(kind)
        elif tag == "row" and not any(d.tag in _PROSE_TAGS for d in child.iterdescendants()):
            lines.flush(kind)
            for cell in child:  # short cells side by side read as one line
                _walk(cell, "table_row", lines, in_link)
                lines.add(" ", False)
            lines.flush("table_row")
        elif tag in _KIND_OF_BLOCK:
            lines.flush(kind)
            child_kind = _KIND_OF_BLOCK[tag]
            if kind in _INHERITED_KINDS and child_kind == "paragraph":
                child_kind = kind  # a paragraph inside a list item is still that item
            _walk(child, child_kind, lines, in_link)
            lines.flush(child_kind)
        elif tag is not None:
            _walk(child, kind, lines, in_link or tag == "ref")
        lines.add(child.tail, in_link)


# HTML elements that flow inside a line; every other element starts a new line.
_INLINE_HTML = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt",
    "u", "var", "wbr", "img", "input", "select", "option", "button",
}
_INVISIBLE_HTML = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "textarea"}


def page_blocks(tree: HtmlElement) -> list[Block]:
    """Every visible line of the page, with its link text: what the page shows, unfiltered.

    Used when trafilatura's main extractor found nothing and its fallback returned the
    page's whole text as one paragraph: our rules then see the page's real lines.
    """
    lines = _LineBuilder()
    body = tree.find(".//body")
    _walk_html(body if body is not None else tree, lines, in_link=False)
    lines.flush("paragraph")
    return lines.blocks


def _walk_html(node: HtmlElement, lines: _LineBuilder, in_link: bool) -> None:
    lines.add(node.text, in_link)
    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else None
        if tag in _INVISIBLE_HTML or tag is None:
            pass
        elif tag == "br":
            lines.flush("paragraph")
        elif tag in _INLINE_HTML:
            _walk_html(child, lines, in_link or tag == "a")
        else:
            lines.flush("paragraph")
            _walk_html(child, lines, in_link)
            lines.flush("heading" if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} else
                        "list_item" if tag == "li" else "paragraph")
        lines.add(child.tail, in_link)


def is_page_dump(extracted: list[Block], page: list[Block]) -> bool:
    """trafilatura's last-resort fallback: one paragraph holding most of the page's text."""
    if len(extracted) != 1:
        return False
    page_chars = sum(len(block.text) for block in page)
    return page_chars > 0 and len(extracted[0].text) >= 0.6 * page_chars


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
