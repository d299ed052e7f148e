"""Bytes to HTML text: sniff what the bytes are, pick the charset, repair the text."""
from __future__ import annotations

import codecs
import re
from typing import Mapping

from bs4.dammit import UnicodeDammit

from .models import RejectReason
from .normalize import CONTROL_CHARS

# Magic numbers of the non-HTML payloads a crawl meets most often.
_PDF_MAGIC = b"%PDF-"
_IMAGE_MAGICS = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"RIFF",  # WEBP (and other RIFF media)
    b"\x00\x00\x01\x00",  # ICO
)
_BINARY_MAGICS = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"\x7fELF", b"MZ", b"Rar!")
_HTML_HINT = re.compile(rb"<\s*(!doctype\s+html|html|head|body|p|div|article|title|meta|table)\b", re.I)
# A JSON document opens with an object or array of JSON values; no HTML page does. Its
# strings may hold markup ("<p>" in an API's rendered body), so the HTML hint cannot judge it.
_JSON_OPENING = re.compile(rb"""[\[{]\s*(?:["{\[\]}]|-?\d|true\b|false\b|null\b)""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


class NotHtmlError(ValueError):
    """The bytes are not an HTML document; `reason` says what they look like."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def charset_from_headers(headers: Mapping[str, str]) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    content_type = header_value(headers, "content-type")
    match = re.search(r"charset\s*=\s*[\"']?([\w.:\-]+)", content_type or "", re.I)
    return match.group(1).lower() if match else None


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, whatever the case of its name (name given in lower case)."""
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def sniff_payload(body: bytes, headers: Mapping[str, str]) -> None:
    """Raise NotHtmlError when the bytes are clearly not an HTML page."""
    head = body[:1024].lstrip()
    if not body.strip():
        raise NotHtmlError(RejectReason.EMPTY, "the page has no content (0 bytes or whitespace only)")
    if head.startswith(_PDF_MAGIC):
        raise NotHtmlError(RejectReason.PDF, "the bytes are a PDF document, not HTML")
    if head.startswith(_IMAGE_MAGICS):
        raise NotHtmlError(RejectReason.IMAGE, "the bytes are an image, not HTML")
    if bom_codec := _bom_codec(body):  # UTF-16/32 text is full of NUL bytes: judge the decoded text
        body = body.decode(bom_codec, errors="replace")[:65536].encode("utf-8")
    elif head.startswith(_BINARY_MAGICS) or _looks_binary(body[:4096]):
        raise NotHtmlError(RejectReason.BINARY, "the bytes are binary data, not HTML")
    content_type = (header_value(headers, "content-type") or "").split(";")[0].strip().lower()
    declared_other = content_type and "html" not in content_type and "xml" not in content_type
    if declared_other and content_type != "text/plain" and not content_type.startswith("application/octet"):
        raise NotHtmlError(RejectReason.NOT_HTML, f"Content-Type is {content_type}, not HTML")
    if _JSON_OPENING.match(body[:1024].lstrip()):
        raise NotHtmlError(RejectReason.NOT_HTML, "the bytes are a JSON document, not HTML"
                           + (f" (served as {content_type})" if content_type else ""))
    if not _HTML_HINT.search(body[:65536]):
        raise NotHtmlError(RejectReason.NOT_HTML, "no HTML markup found in the page")


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes or many non-text bytes: no HTML page looks like that."""
    if not sample:
        return False
    if sample.count(b"\x00") > len(sample) // 100:
        return True
    text_bytes = bytes(range(32, 127)) + b"\t\n\r\f\b"
    non_text = sum(1 for byte in sample if byte not in text_bytes and byte < 128)
    return non_text / len(sample) > 0.10


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_codec(body: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if body.startswith(bom)), None)


def decode_html(body: bytes, headers: Mapping[str, str]) -> str:
    """Decode page bytes: BOM, then HTTP charset, then <meta charset>, then detection.


    The BOM wins over HTTP because a BOM cannot be wrong about the bytes it starts;
    a server's default charset often is.
    """
    bom_codec = _bom_codec(body)
    if bom_codec:
        return CONTROL_CHARS.sub("", body.decode(bom_codec, errors="replace"))
    candidates = [charset_from_headers(headers), _meta_charset(body)]
    known = [name for name in candidates if name and _is_known_codec(name)]
    if known and _is_utf8(known[0]):
        mislabelled = _mislabelled_utf8(body)
        if mislabelled is not None:
            return CONTROL_CHARS.sub("", mislabelled)
    # UnicodeDammit tries our candidates in order, then the document's own declarations,
    # then charset detection.
    dammit = UnicodeDammit(body, known_definite_encodings=known, is_html=True)
    text = dammit.unicode_markup
    if text is None:  # every candidate failed: keep what can be read
        text = body.decode("utf-8", errors="replace")
    # Control characters break lxml and mean nothing in a page.
    return CONTROL_CHARS.sub("", text)


def _is_utf8(name: str) -> bool:
    return codecs.lookup(name).name == "utf-8"


# Non-ASCII letters in a run of 3 or more: Cyrillic, Greek or CJK bytes read as cp1252
# ("Ïðèâåò"); Western European text has its accented letters one or two at a time.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def _mislabelled_utf8(body: bytes) -> str | None:
    """The text of a page labelled UTF-8 whose bytes are not, when its real state is clear.

    A UTF-8 page with a few broken bytes (a cut multi-byte character) stays UTF-8, the
    broken bytes replaced. A page with no valid UTF-8 beyond ASCII whose cp1252 reading has
    its accents one at a time is cp1252, the most common mislabelling: charset detection
    guesses Baltic or Cyrillic code pages on text that has only a few accented letters.
    Anything else is left to detection (None).
    """
    try:
        body.decode("utf-8")
        return None  # the label is right
    except UnicodeDecodeError:
        pass
    as_utf8 = body.decode("utf-8", errors="replace")
    broken = as_utf8.count("\ufffd")
    decoded_non_ascii = sum(1 for char in as_utf8 if char > "\x7f") - broken
    if decoded_non_ascii > 10 * broken:
        return as_utf8
    if decoded_non_ascii == 0:
        as_cp1252 = body.decode("cp1252", errors="replace")
        non_ascii = sum(1 for char in as_cp1252 if char > "\x7f")
        in_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(as_cp1252))
        if in_runs <= 0.2 * non_ascii:
            return as_cp1252
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    # Browsers read a declared latin-1 page as windows-1252 (WHATWG encoding spec).
    return "windows-1252" if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"} else name


def _is_known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
