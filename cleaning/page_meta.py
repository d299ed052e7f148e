"""What the page states about itself: <meta> tags, JSON-LD, <title> and the <h1>s.

Read in one pass over the parsed tree, once per page, and shared by the readers of
titles, authors, dates and the quality gate. The fields no other reader decides
(description, site name, lead image, categories, tags) are read here, from the page's
structured metadata only: what the page does not state is null, not guessed.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from .identity import http_url
from .jsonld import JsonLd, is_json_ld, node_types, parse_json_ld

# A <meta>'s key is its property, name, itemprop or http-equiv ("content-language").
_META_KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")
# By trust: the link preview's own field first, then the plain and the vocabularies' ones.
_DESCRIPTION_KEYS = ("og:description", "description", "twitter:description", "dc.description",
                     "dcterms.description", "dcterms.abstract")
_SITE_NAME_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher")
_IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src", "image")
_SECTION_KEYS = ("article:section", "og:article:section", "articlesection", "parsely-section")
_KEYWORD_KEYS = ("keywords", "news_keywords", "og:article:tag", "parsely-tags", "sailthru.tags",
                 "citation_keywords", "dcterms.subject")
# Title meta names other than og:title / twitter:title, read when the page has none of those.
OTHER_TITLE_KEYS = ("title", "headline", "dc.title", "dcterms.title", "citation_title", "parsely-title")
_ARTICLE_TYPE = re.compile(r"(?:article|posting|report)$")  # casefolded @type: NewsArticle, BlogPosting
_SITE_TYPE = re.compile(r"(?:website|organization)$")  # WebSite, NewsMediaOrganization
# Between keywords: a comma or semicolon in any script.
_KEYWORD_SEPARATOR = re.compile(r"\s*[,;，、；]\s*")
_MAX_KEYWORD_CHARS = 100  # longer is a sentence, not a keyword


@dataclass(frozen=True)
class PageMeta:
    """The page's metadata as written; ``meta`` keys are the lowercased property, name,
    itemprop and http-equiv of each <meta> (one tag may state several), values in page order."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    json_ld: JsonLd = field(default_factory=JsonLd)
    json_ld_texts: list[str] = field(default_factory=list)  # the scripts as written, broken ones too
    title: str = ""  # the first <title> element's text
    h1s: list[HtmlElement] = field(default_factory=list)
    canonical_urls: list[str] = field(default_factory=list)  # <link rel=canonical> and og:url, in page order
    # Texts of links marked rel="category" / rel="tag" (a blog's category and tag links).
    category_links: list[str] = field(default_factory=list)
    tag_links: list[str] = field(default_factory=list)

    def first(self, *keys: str) -> str | None:
        """The first content of the first of these meta keys the page has."""
        return next((self.meta[key][0] for key in keys if key in self.meta), None)


def read_page_meta(tree: HtmlElement) -> PageMeta:
    meta: dict[str, list[str]] = {}
    scripts: list[str] = []
    title: str | None = None
    h1s: list[HtmlElement] = []
    category_links: list[str] = []
    tag_links: list[str] = []
    canonical_urls: list[str] = []
    for element in tree.iter("meta", "script", "title", "h1", "a", "link"):
        tag = element.tag
        if tag == "meta":
            content = element.get("content")
            if content and content.strip():
                keys = ((element.get(attribute) or "").strip().lower() for attribute in _META_KEY_ATTRIBUTES)
                for key in dict.fromkeys(key for key in keys if key):
                    meta.setdefault(key, []).append(content)
                if element.get("property") == "og:url":
                    canonical_urls.append(content)
        elif tag == "link":
            if (element.get("rel") or "").strip().lower() == "canonical" and element.get("href"):
                canonical_urls.append(element.get("href"))
        elif tag == "script":
            if element.text and is_json_ld(element):
                scripts.append(element.text)
        elif tag == "a":
            if rel := element.get("rel"):
                marks = rel.lower().split()  # "category tag": a category link
                if "category" in marks:
                    category_links.append(element.text_content())
                elif "tag" in marks:
                    tag_links.append(element.text_content())
        elif tag == "h1":
            h1s.append(element)
        elif title is None:
            title = element.text_content()
    return PageMeta(meta, parse_json_ld(scripts), scripts, title or "", h1s, canonical_urls, category_links, tag_links)


def description(page: PageMeta) -> str | None:
    """The page's summary: its description meta tags, else the article node's description."""
    return _clean(page.first(*_DESCRIPTION_KEYS)) or _clean(_article_value(page.json_ld, "description"))


def site_name(page: PageMeta) -> str | None:
    """The name the site gives itself: og:site_name, the JSON-LD publisher or WebSite name,
    the web app's name, the publisher meta tags. A URL (article:publisher often holds a
    Facebook page) is no name; nor is a handle or the host name: not stated, not guessed."""
    names = [page.first(key) for key in _SITE_NAME_KEYS[:1]]
    names.append(_name(page.json_ld.resolve(_article_value(page.json_ld, "publisher"))))
    names.extend(_name(node) for node in page.json_ld.nodes if any(_SITE_TYPE.search(t) for t in node_types(node)))
    names.extend(page.first(key) for key in _SITE_NAME_KEYS[1:])
    return next((name for name in map(_clean, names) if name and not http_url(name)), None)


def image_url(page: PageMeta, url: str) -> str | None:
    """The lead image: og:image and its kin, else the article node's image; absolute."""
    candidates = [page.first(*_IMAGE_KEYS), _image_of(page.json_ld.resolve(_article_value(page.json_ld, "image")))]
    return next((absolute for value in candidates if value and (absolute := http_url(value, url))), None)


def categories(page: PageMeta) -> list[str]:
    """The article's sections: JSON-LD articleSection, else the section meta tags, else the
    page's category links."""
    found = _strings(_article_value(page.json_ld, "articleSection"))
    return _distinct(found or page.meta.get(_first_key(page, _SECTION_KEYS), page.category_links))


def tags(page: PageMeta) -> list[str]:
    """The article's keywords: its article:tag tags, else the first keyword list (a meta
    tag, the JSON-LD keywords), else the page's tag links."""
    found = page.meta.get("article:tag", [])
    if len(found) < 2:  # one tag may hold them all ("a,b,c"); several each hold one ("Trump, Donald J")
        keywords = page.first("article:tag", *_KEYWORD_KEYS)
        lists = [keywords] if keywords else _strings(_article_value(page.json_ld, "keywords"))
        found = [keyword for value in lists for keyword in _KEYWORD_SEPARATOR.split(html.unescape(value))]
    found = found or page.tag_links
    return _distinct(keyword for keyword in found if len(keyword) <= _MAX_KEYWORD_CHARS)


def _article_value(json_ld: JsonLd, key: str) -> Any:
    """The value of ``key`` in the first article node that has it."""
    return next((node[key] for node in json_ld.nodes
                 if node.get(key) and any(_ARTICLE_TYPE.search(t) for t in node_types(node))), None)


def _first_key(page: PageMeta, keys: tuple[str, ...]) -> str | None:
    return next((key for key in keys if key in page.meta), None)


def _name(node: Any) -> str | None:
    if isinstance(node, dict):
        return next(iter(_strings(node.get("name"))), None)
    return node if isinstance(node, str) else None


def _image_of(value: Any) -> str | None:
    """An image's URL: a string, an ImageObject's url, or the first of a list of them."""
    first = value[0] if isinstance(value, list) and value else value
    if isinstance(first, dict):
        first = first.get("url") or first.get("contentUrl")
    return first if isinstance(first, str) else None


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v.strip()]


def _clean(value: str | None) -> str | None:
    """Whitespace collapsed; entities a template escaped twice ("&amp;amp;") unescaped."""
    return " ".join(html.unescape(value).split()) or None if value else None


def _distinct(values: Any) -> list[str]:
    cleaned = (_clean(value) for value in values)
    return list(dict.fromkeys(value for value in cleaned if value))
