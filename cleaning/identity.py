"""Stable identifiers: article_id from the canonical URL, content_hash from the text."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url as _courlan_normalize

_AMP_PATH = re.compile(r"(/amp/?$|\.amp(?=\.html?$)|/amp(?=/))", re.I)


def normalize_url(url: str) -> str:
    """One spelling per page: scheme and host case, default ports, fragments and tracking
    parameters (utm_*, fbclid…) removed, query sorted, no trailing slash.
    Non-HTTP URLs, and URLs that do not parse, come back as given."""
    try:
        if urlsplit(url).scheme not in {"http", "https"}:
            return url
        # strict=False: keep meaningful parameters (?id=…), drop only known trackers.
        parts = urlsplit(_courlan_normalize(url, strict=False, trailing_slash=False))
    except (ValueError, TypeError):
        return url
    # One spelling of the path: "/" for the site root, no trailing slash elsewhere.
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def dedup_key(url: str) -> str:
    """One spelling per article before dedup: normalized (case, ports, fragments, tracking
    parameters, trailing slash) and without AMP variants (/amp, .amp.html, ?amp, amp. host)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = parts.netloc
    if host.lower().startswith("amp."):
        host = host[4:]
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = "&".join(p for p in parts.query.split("&") if p and p.split("=")[0].lower() not in {"amp", "outputtype"})
    return normalize_url(urlunsplit((parts.scheme, host, path, query, "")))


def http_url(url: str | None, base: str | None = None) -> str | None:
    """`url` (resolved against `base`) when it is an http(s) URL with a host, else None.

    Never raises: pages and feeds carry malformed URLs ("http://[x/"), and one of them
    must not stop the others from being read.
    """
    if not url:
        return None
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        return absolute if parts.scheme in {"http", "https"} and parts.hostname else None
    except ValueError:
        return None


def domain_of(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def article_id(canonical_or_url: str) -> str:
    """16 hex bytes of SHA-256 over the normalized URL: stable across runs and machines."""
    return hashlib.sha256(normalize_url(canonical_or_url).encode("utf-8")).hexdigest()[:32]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
