"""Stable identifiers: article_id from the canonical URL, content_hash from the text."""
from __future__ import annotations

import hashlib
from urllib.parse import urldefrag, urlsplit

from courlan import normalize_url as _courlan_normalize


def normalize_url(url: str) -> str:
    """One spelling per page: scheme and host case, default ports, fragments and tracking
    parameters (utm_*, fbclid…) removed, query sorted, no trailing slash.
    Non-HTTP URLs come back as given."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return url
    try:
        # strict=False: keep meaningful parameters (?id=…), drop only known trackers.
        normalized = _courlan_normalize(url, strict=False, trailing_slash=False)
    except (ValueError, TypeError):
        return url
    return urldefrag(normalized).url


def domain_of(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.lower().removeprefix("www.") if host else None


def article_id(canonical_or_url: str) -> str:
    """16 hex bytes of SHA-256 over the normalized URL: stable across runs and machines."""
    return hashlib.sha256(normalize_url(canonical_or_url).encode("utf-8")).hexdigest()[:32]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
