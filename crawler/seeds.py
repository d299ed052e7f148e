"""Seeds files: which news sites a scheduled crawl visits, validated before any request.

    [[site]]
    name = "demo"                                   # required, unique
    start_urls = ["https://news.example/world/"]    # section fronts: article links are followed
    feeds = ["https://news.example/rss.xml"]        # RSS 0.9x/1.0/2.0 or Atom
    sitemaps = ["https://news.example/sitemap.xml"] # sitemap, sitemap index or Google News sitemap
    allowed_domains = ["news.example"]              # default: the hosts of the URLs above
    max_pages = 500                                 # article pages fetched per run (default 1000)
    max_depth = 1                                   # link hops from start_urls (default 1)
    crawl_delay = 1.0                               # seconds between requests to the site
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaning.identity import http_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_URL_LISTS = ("start_urls", "feeds", "sitemaps")
_KNOWN_KEYS = {"name", *_URL_LISTS, "allowed_domains", "max_pages", "max_depth", "crawl_delay"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SITE_HEADER = re.compile(r"^\s*\[\[\s*[\"']?site[\"']?\s*\]\]")


class SeedsError(ValueError):
    """A seeds file that cannot be used; the message names the file, line and key."""


@dataclass(frozen=True)
class SiteSeed:
    name: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    max_pages: int = 1000
    max_depth: int = 1
    crawl_delay: float | None = None

    def allows(self, url: str) -> bool:
        if not http_url(url):
            return False
        host = (urlsplit(url).hostname or "").lower()
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains)


@dataclass(frozen=True)
class Seeds:
    path: Path
    sites: tuple[SiteSeed, ...] = field(default_factory=tuple)


def load_seeds(path: Path | str, replace_origin: tuple[str, str] | None = None) -> Seeds:
    """Read and validate a seeds file. `replace_origin` swaps a placeholder origin in every URL
    (the demo serves its site on a port chosen at run time)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedsError(f"{path}: cannot read seeds file: {error.strerror or error}") from error
    if replace_origin:
        text = text.replace(*replace_origin)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SeedsError(f"{path}: invalid TOML: {error}") from error
    locate = _Locator(path, text)
    unknown_top = set(data) - {"site"}
    if unknown_top:
        key = sorted(unknown_top)[0]
        raise SeedsError(f"{locate.top(key)}: unknown key '{key}' (expected [[site]] tables)")
    tables = data.get("site")
    if not isinstance(tables, list) or not tables:
        raise SeedsError(f"{path}: no [[site]] tables: a seeds file lists at least one site")
    sites = [_site(table, index, locate) for index, table in enumerate(tables)]
    names = [site.name for site in sites]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise SeedsError(f"{locate.key(index, 'name')}: site name '{name}' is used twice")
    return Seeds(path, tuple(sites))


def _site(table: dict[str, Any], index: int, locate: "_Locator") -> SiteSeed:
    def fail(key: str, message: str) -> SeedsError:
        return SeedsError(f"{locate.key(index, key)}: {message}")

    for key in table:
        if key not in _KNOWN_KEYS:
            raise fail(key, f"unknown key '{key}' (known: {', '.join(sorted(_KNOWN_KEYS))})")
    name = table.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name", "'name' is required: letters, digits, '.', '_' or '-'")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _URL_LISTS:
        values = table.get(key, [])
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise fail(key, f"'{key}' must be a list of URLs")
        for value in values:
            if not http_url(value):
                raise fail(key, f"'{key}' has a bad URL {value!r}: expected http(s)://host/...")
        lists[key] = tuple(values)
    if not any(lists.values()):
        raise fail("name", f"site '{name}' has no start_urls, feeds or sitemaps")
    domains = table.get("allowed_domains")
    if domains is None:
        domains = sorted({urlsplit(url).hostname for urls in lists.values() for url in urls})
    elif not isinstance(domains, list) or not all(isinstance(domain, str) and domain for domain in domains):
        raise fail("allowed_domains", "'allowed_domains' must be a list of host names")
    numbers = {}
    for key, kind, default, minimum in (("max_pages", int, 1000, 1), ("max_depth", int, 1, 0),
                                        ("crawl_delay", (int, float), None, 0)):
        value = table.get(key, default)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind) or value < minimum):
            raise fail(key, f"'{key}' must be a number >= {minimum}")
        numbers[key] = value
    return SiteSeed(name=name, **lists, allowed_domains=tuple(d.lower() for d in domains),
                    max_pages=numbers["max_pages"], max_depth=numbers["max_depth"],
                    crawl_delay=float(numbers["crawl_delay"]) if numbers["crawl_delay"] is not None else None)


class _Locator:
    """File:line of a key, for error messages (tomllib gives values, not positions)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def top(self, key: str) -> str:
        return self._find(key, 0, len(self.lines))

    def key(self, site_index: int, key: str) -> str:
        starts = [number for number, line in enumerate(self.lines) if _SITE_HEADER.match(line)]
        if site_index >= len(starts):
            return str(self.path)
        end = starts[site_index + 1] if site_index + 1 < len(starts) else len(self.lines)
        return self._find(key, starts[site_index], end, fallback=starts[site_index])

    def _find(self, key: str, start: int, end: int, fallback: int | None = None) -> str:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=|^\s*\[+\s*{re.escape(key)}\b")
        for number in range(start, end):
            if pattern.match(self.lines[number]):
                return f"{self.path}:{number + 1}"
        return f"{self.path}:{fallback + 1}" if fallback is not None else str(self.path)
