"""Feed and sitemap faults: hostile XML is read without reading local files, expanding
entities or looping, and broken XML gives what can be read or a clear error, never a hang."""
from __future__ import annotations

import gzip

import pytest

from crawler.discovery import parse_feed, parse_sitemap

from .watchdog import watchdog

pytestmark = pytest.mark.faults

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SECRET = "newsingest-local-secret-7d1f"


@pytest.fixture
def local_secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _xxe_doctype(path) -> str:
    return f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{path}">]>'


def _laughs_doctype(depth: int = 9) -> str:
    entities = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, depth + 1)]
    return f"<!DOCTYPE r [{''.join(entities)}]>"


def urls_of(found) -> list[str]:
    return [entry.url for entry in found]


def test_a_sitemap_with_an_external_entity_reads_no_local_file(local_secret):
    body = (f"<?xml version='1.0'?>{_xxe_doctype(local_secret)}<urlset xmlns='{SITEMAP_NS}'>"
            "<url><loc>https://news.example/a/&xxe;</loc></url>"
            "<url><loc>https://news.example/2026/11/harbour-ferries-return</loc></url></urlset>").encode()
    with watchdog(30):
        try:
            content = parse_sitemap(body)
        except Exception:  # noqa: BLE001 - refusing the document is fine too
            return
    assert not any(SECRET in url for url in urls_of(content.entries))


def test_a_feed_with_an_external_entity_reads_no_local_file(local_secret):
    body = (f"<?xml version='1.0'?>{_xxe_doctype(local_secret)}<rss version='2.0'><channel><title>t</title>"
            "<item><title>&xxe;</title><link>https://news.example/a/&xxe;</link></item>"
            "<item><title>Ferries</title><link>https://news.example/2026/11/ferries</link></item>"
            "</channel></rss>").encode()
    with watchdog(30):
        found = parse_feed(body, "https://news.example/feed.xml")
    assert not any(SECRET in url for url in urls_of(found))
    assert "https://news.example/2026/11/ferries" in urls_of(found)


@pytest.mark.parametrize("kind", ["sitemap", "feed"])
def test_entity_expansion_is_not_performed(kind):
    if kind == "sitemap":
        body = (f"<?xml version='1.0'?>{_laughs_doctype()}<urlset xmlns='{SITEMAP_NS}'>"
                "<url><loc>https://news.example/&l9;</loc></url>"
                "<url><loc>https://news.example/2026/11/ok-story</loc></url></urlset>").encode()
    else:
        body = (f"<?xml version='1.0'?>{_laughs_doctype()}<rss version='2.0'><channel><title>&l9;</title>"
                "<item><title>&l9;</title><link>https://news.example/&l9;</link></item>"
                "<item><title>ok</title><link>https://news.example/2026/11/ok-story</link></item></channel></rss>").encode()
    with watchdog(30):
        try:
            found = parse_sitemap(body).entries if kind == "sitemap" else parse_feed(body, "https://news.example/f")
        except Exception:  # noqa: BLE001 - refusing the document is fine too
            return
    assert all(len(url) < 1000 for url in urls_of(found))  # 10^9 "ha"s were never built


@pytest.mark.parametrize("body", [
    b"<?xml version='1.0'?><urlset><url><loc>https://news.example/a-story-here",  # cut off
    b"<urlset><url><loc>https://news.example/one-story</loc></url><url><loc>",
    b"\x00\x01\x02 not xml at all",
    b"",
    gzip.compress(b"<urlset", mtime=0)[:20],  # a broken gzip stream
])
def test_broken_sitemaps_end_quickly_with_what_can_be_read_or_an_error(body):
    with watchdog(30):
        try:
            content = parse_sitemap(body)
        except Exception:  # noqa: BLE001 - the spider reports "sitemap unreadable" for these
            return
    assert all(url.startswith("https://") for url in urls_of(content.entries))


def test_a_gzip_sitemap_bomb_is_bounded():
    bomb = gzip.compress(b"<urlset>" + b" " * 30_000_000 + b"</urlset>")
    with watchdog(60):
        with pytest.raises(Exception):  # noqa: B017 - over the limit: refused, not inflated
            parse_sitemap(bomb, max_size=1_000_000)


def test_junk_and_relative_links_in_a_feed_are_resolved_or_dropped():
    body = ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
            "<item><link>/2026/11/relative-story</link></item>"
            "<item><link>javascript:alert(1)</link></item>"
            "<item><link>mailto:desk@news.example</link></item>"
            "<item><link>   </link></item>"
            "<item><link>https://news.example/2026/11/absolute-story</link></item></channel></rss>").encode()
    found = urls_of(parse_feed(body, "https://news.example/feeds/main.xml"))
    assert found == ["https://news.example/2026/11/relative-story", "https://news.example/2026/11/absolute-story"]


@pytest.mark.parametrize("stamp", ["2026-11-29", "2026-11-29T10:15:00+01:00", "2026-11-29T10:15Z",
                                   "Sun, 29 Nov 2026 10:15:00 GMT", "29 November 2026", "garbage", ""])
def test_lastmod_in_any_format_never_breaks_the_sitemap(stamp):
    body = (f"<urlset xmlns='{SITEMAP_NS}'><url><loc>https://news.example/2026/11/dated-story</loc>"
            f"<lastmod>{stamp}</lastmod></url></urlset>").encode()
    [entry] = parse_sitemap(body).entries
    assert entry.url == "https://news.example/2026/11/dated-story"
    assert entry.modified_at is None or entry.modified_at.tzinfo is not None
