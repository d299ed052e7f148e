"""The extracted body as a flat list of blocks (paragraphs, headings, list items...).

Two readers: trafilatura's output tree (``body_blocks``) and the page itself
(``page_blocks``, every visible line). Each block keeps how much of its text sat in links.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

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
