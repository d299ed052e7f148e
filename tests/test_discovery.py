"""Finding article URLs: feeds, sitemaps and front-page links, parsed offline."""
import gzip
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import pytest

from crawler.discovery import (DiscoveredUrl, SitemapContent, article_links, canonical_article_url,
                               looks_like_article_url, parse_feed, parse_sitemap, section_links)
from crawler.seeds import SiteSeed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def fixture(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def assert_aware_utc(value: datetime) -> None:
    assert value.tzinfo is not None
    assert value.utcoffset().total_seconds() == 0


BILLION_LAUGHS_DTD = b'<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' + b"".join(
    b'<!ENTITY lol%d "%s">\n' % (level, (b"&lol%s;" % (b"" if level == 1 else str(level - 1).encode())) * 10)
    for level in range(1, 10)) + b"]>"  # &lol9; would be 3 * 10**9 characters


# --- feeds -----------------------------------------------------------------------------------

def test_rss2():
    found = parse_feed(fixture("rss2.xml"), "https://news.example/feeds/world.xml")
    assert all(isinstance(entry, DiscoveredUrl) for entry in found)
    assert [entry.url for entry in found] == [
        "https://news.example/world/2024/05/council-votes-on-budget",
        "https://news.example/business/markets-rally-again",    # root-relative
        "https://news.example/feeds/sport/late-goal-wins-derby",  # relative to the feed URL
    ]  # the item without a link is skipped
    assert found[0].published_at == utc(2024, 5, 14, 8, 30)  # +0200 -> UTC
    assert found[1].published_at == utc(2024, 5, 15, 8, 0)
    assert found[2].published_at is None
    for entry in found[:2]:
        assert_aware_utc(entry.published_at)
    assert all(entry.modified_at is None for entry in found)


def test_rss1_rdf():
    found = parse_feed(fixture("rss1.rdf"), "https://news.example/science/index.rdf")
    assert [entry.url for entry in found] == [
        "https://news.example/science/new-comet-spotted-tonight",
        "https://news.example/culture/opera-house-reopens-today",
    ]
    assert found[0].published_at == utc(2024, 5, 14, 15, 30)  # dc:date -05:00 -> UTC
    assert_aware_utc(found[0].published_at)
    assert found[1].published_at is None


def test_rss091_with_its_public_doctype():
    found = parse_feed(fixture("rss091.xml"), "https://old.example/rss091.xml")
    assert [entry.url for entry in found] == [
        "https://old.example/stories/1999/12/y2k-fears-fade",
        "https://old.example/stories/12345.html",
    ]
    assert all(entry.published_at is None for entry in found)


def test_atom():
    found = parse_feed(fixture("atom.xml"), "https://atom.example/feeds/feed.atom")
    assert [entry.url for entry in found] == [
        "https://atom.example/2024/05/14/city-opens-new-library",
        "https://atom.example/tech/chip-maker-reports-profit",  # the alternate link, not the enclosure
        "https://atom.example/feeds/opinion/why-we-should-read-more",
    ]
    assert found[0].published_at == utc(2024, 5, 14, 3, 45)  # published (+05:30) wins over updated
    assert found[1].published_at == utc(2024, 5, 14, 3, 0)  # only updated (-04:00)
    assert found[2].published_at is None
    for entry in found[:2]:
        assert_aware_utc(entry.published_at)
    # <updated> is an Atom entry's lastmod: a change of it is a change of the article
    assert found[1].modified_at == utc(2024, 5, 14, 3, 0)


def test_feed_without_entries():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(body, "https://news.example/rss") == []


@pytest.mark.parametrize("body", [
    b"",
    b"   \n",
    b"garbage \x00\xff\xfe not xml at all",
    b"<html><body><p>Not a feed</p></body></html>",
    b"<rss",
    b"\x1f\x8b\x08\x00broken gzip",
    bytes(range(256)) * 4,
])
def test_empty_or_garbage_feed(body):
    assert parse_feed(body, "https://news.example/rss") == []


def _xxe_feed(target_uri: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "{target_uri}">
]>
<rss version="2.0"><channel><title>&xxe;</title><link>https://x.example/</link>
<item><title>Leak &xxe; here</title><link>https://x.example/news/story-&xxe;-here</link>
<description>&xxe;</description></item>
<item><title>Second</title><link>https://x.example/news/another-story-here</link>
<pubDate>Tue, 14 May 2024 10:30:00 GMT</pubDate></item>
</channel></rss>""".encode()


def test_feed_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETTOKEN42", encoding="utf-8")
    found = parse_feed(_xxe_feed(secret.as_uri()), "https://x.example/rss")
    assert "SECRETTOKEN42" not in repr(found)
    urls = [entry.url for entry in found]
    assert len(found) == 2
    assert urls[0].startswith("https://x.example/news/story-")
    assert urls[1] == "https://x.example/news/another-story-here"
    assert found[1].published_at == utc(2024, 5, 14, 10, 30)


def test_feed_external_entity_etc_passwd():
    found = parse_feed(_xxe_feed("file:///etc/passwd"), "https://x.example/rss")
    assert "root:" not in repr(found)
    assert [entry.url for entry in found][1:] == ["https://x.example/news/another-story-here"]
    assert len(found) == 2


def test_feed_billion_laughs_returns_quickly_without_expanding():
    body = b'<?xml version="1.0"?>\n' + BILLION_LAUGHS_DTD + b"""
<rss version="2.0"><channel><title>&lol9;</title><link>https://b.example/</link>
<item><title>&lol9;</title><link>https://b.example/news/bomb-&lol9;</link><description>&lol9;</description></item>
<item><title>ok</title><link>https://b.example/news/after-the-bomb-story</link></item>
</channel></rss>"""
    tracemalloc.start()
    started = time.monotonic()
    try:
        found = parse_feed(body, "https://b.example/rss")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 50 * 1024 * 1024
    assert all(len(entry.url) < 1000 for entry in found)
    assert "lollollol" not in repr(found)
    assert "https://b.example/news/after-the-bomb-story" in [entry.url for entry in found]


def test_feed_billion_laughs_in_utf16_is_harmless_too():
    body = ('<?xml version="1.0" encoding="utf-16"?>\n' + BILLION_LAUGHS_DTD.decode() + """
<rss version="2.0"><channel><title>&lol9;</title><link>https://b.example/</link>
<item><title>&lol9;</title><link>https://b.example/news/bomb-story-one</link></item>
</channel></rss>""").encode("utf-16")
    started = time.monotonic()
    found = parse_feed(body, "https://b.example/rss")
    assert time.monotonic() - started < 5
    assert all(len(entry.url) < 1000 for entry in found)


# --- sitemaps --------------------------------------------------------------------------------

def test_urlset():
    content = parse_sitemap(fixture("sitemap.xml"))
    assert isinstance(content, SitemapContent)
    assert content.is_index is False
    assert [entry.url for entry in content.entries] == [
        "https://news.example/world/2024/05/council-votes-on-budget",
        "https://news.example/business/markets-rally-again",
        "https://news.example/sport/late-goal-wins-derby",
    ]
    assert [entry.modified_at for entry in content.entries] == [
        utc(2024, 5, 14, 8, 30), utc(2024, 5, 15), None]
    assert_aware_utc(content.entries[0].modified_at)
    assert all(entry.published_at is None for entry in content.entries)


def test_sitemap_index():
    content = parse_sitemap(fixture("sitemap_index.xml"))
    assert content.is_index is True
    assert [entry.url for entry in content.entries] == [
        "https://news.example/sitemaps/2024-05.xml",
        "https://news.example/sitemaps/news.xml.gz",
    ]
    assert content.entries[0].modified_at == utc(2024, 5, 31)
    assert content.entries[1].modified_at is None


def test_gzip_sitemap():
    plain = parse_sitemap(fixture("sitemap.xml"))
    compressed = parse_sitemap(gzip.compress(fixture("sitemap.xml")))
    assert compressed == plain
    assert len(compressed.entries) == 3


def test_gzip_sitemap_index():
    content = parse_sitemap(gzip.compress(fixture("sitemap_index.xml")))
    assert content.is_index is True
    assert len(content.entries) == 2


def test_google_news_sitemap():
    content = parse_sitemap(fixture("sitemap_news.xml"))
    assert content.is_index is False
    first, second = content.entries
    assert first.url == "https://news.example/politics/minister-resigns-over-scandal"
    assert first.published_at == utc(2024, 5, 14, 22, 45)  # -04:00 -> UTC
    assert first.modified_at == utc(2024, 5, 15, 1, 0)
    assert_aware_utc(first.published_at)
    assert second.url == "https://news.example/science/new-comet-spotted-tonight"
    assert second.published_at == utc(2024, 5, 13)
    assert second.modified_at is None


def test_sitemap_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETTOKEN42", encoding="utf-8")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.example/news/&xxe;</loc></url>
<url><loc>https://x.example/news/plain-story-here</loc><lastmod>2024-05-14</lastmod></url>
</urlset>""".encode()
    content = parse_sitemap(body)
    assert "SECRETTOKEN42" not in repr(content)
    assert "https://x.example/news/plain-story-here" in [entry.url for entry in content.entries]


def test_sitemap_billion_laughs_returns_quickly_without_expanding():
    body = b'<?xml version="1.0"?>\n' + BILLION_LAUGHS_DTD + b"""
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.example/&lol9;</loc></url>
<url><loc>https://x.example/news/plain-story-here</loc></url>
</urlset>"""
    started = time.monotonic()
    content = parse_sitemap(body)
    assert time.monotonic() - started < 5
    assert all(len(entry.url) < 1000 for entry in content.entries)


# --- canonical_article_url -------------------------------------------------------------------

PLAIN = "https://www.example.com/world/2024/05/council-votes-on-budget"


@pytest.mark.parametrize("variant", [
    PLAIN,
    PLAIN + "?utm_source=twitter&utm_medium=social&utm_campaign=x",
    PLAIN + "?fbclid=IwAR0abc",
    PLAIN + "#comments",
    "HTTPS://WWW.EXAMPLE.COM/world/2024/05/council-votes-on-budget",
    "https://www.example.com:443/world/2024/05/council-votes-on-budget",
    PLAIN + "/",
    PLAIN + "/amp",
    PLAIN + "/amp/",
    PLAIN + "?amp=1",
    PLAIN + "?amp",
    PLAIN + "?outputType=amp",
    PLAIN + "/amp?utm_source=x#top",
    "https://www.example.com/amp/world/2024/05/council-votes-on-budget",
])
def test_canonical_article_url_variants(variant):
    assert canonical_article_url(variant) == PLAIN


@pytest.mark.parametrize("variant, plain", [
    ("https://www.example.com/world/council-votes-on-budget.amp.html",
     "https://www.example.com/world/council-votes-on-budget.html"),
    ("https://amp.example.com/world/council-votes-on-budget.html",
     "https://example.com/world/council-votes-on-budget.html"),
    ("https://AMP.example.com/world/council-votes-on-budget",
     "https://example.com/world/council-votes-on-budget"),
    ("http://example.com:80/world/a-b-c", "http://example.com/world/a-b-c"),
])
def test_canonical_article_url_amp_html_and_amp_host(variant, plain):
    assert canonical_article_url(variant) == canonical_article_url(plain) == plain


def test_canonical_article_url_keeps_meaningful_query():
    assert canonical_article_url("https://example.com/article?id=123") == "https://example.com/article?id=123"
    assert canonical_article_url("https://example.com/article?id=123&utm_source=x&amp=1#c") == \
        "https://example.com/article?id=123"
    assert canonical_article_url("https://example.com/article?id=123") != \
        canonical_article_url("https://example.com/article?id=124")


@pytest.mark.parametrize("url", [
    "https://example.com/news/amplifier-sales-soar-today",
    "https://example.com/news/story-about-amp",
    "https://amplify.example.com/news/some-story-here",
    "https://example.com/news/some-story-here?sample=1",
])
def test_canonical_article_url_leaves_amp_lookalikes_alone(url):
    assert canonical_article_url(url) == url


# --- looks_like_article_url ------------------------------------------------------------------

BASE = "https://news.example"


@pytest.mark.parametrize("path", [
    "/world/2024/05/council-votes-on-budget",
    "/world/council-votes-on-budget.html",
    "/politics/minister_resigns_over_scandal",
    "/news/uk-politics-68551234",
    "/story/123456",
    "/a/1234567",
    "/news/2024-budget-approved-by-council",
])
def test_looks_like_article(path):
    assert looks_like_article_url(BASE + path) is True


@pytest.mark.parametrize("path", [
    "", "/", "/index.html", "/world/", "/world/index.html", "/default.aspx", "/home",
    "/tag/x", "/tag/climate-change-policy-news", "/tags/climate",
    "/category/x", "/category/world-news-today",
    "/author/jane-doe",
    "/page/2", "/world/page/2",
    "/login", "/user/login", "/wp-login.php", "/register",
    "/images/photo-of-the-day.jpg", "/img/2024/05/council-meeting-photo.png",
    "/static/site-main-style.css", "/js/app-bundle-123456.js",
    "/sitemap-news-2024.xml", "/feed.rss", "/feed/",
    "/video/12345.mp4",
])
def test_does_not_look_like_article(path):
    assert looks_like_article_url(BASE + path) is False


@pytest.mark.parametrize("url", ["mailto:desk@news.example", "javascript:void(0)"])
def test_non_http_links_are_not_articles(url):
    assert looks_like_article_url(url) is False


# --- article_links and section_links ---------------------------------------------------------

FRONT = "https://www.news.example/world/"
SITE = SiteSeed(name="news", start_urls=(FRONT,), allowed_domains=("news.example",))
HREFS = [
    "/world/2024/05/council-votes-on-budget",
    "markets-rally-again-today",                        # relative to /world/
    "../sport/late-goal-wins-derby",
    "https://www.news.example/world/2024/05/council-votes-on-budget?utm_source=home",
    "https://www.news.example/world/2024/05/council-votes-on-budget/amp",
    "https://www.news.example/world/2024/05/council-votes-on-budget#comments",
    "https://other.example/world/big-story-elsewhere-today",  # another site
    "https://news.example.evil.example/world/phishing-story-here-now",
    "/tag/climate",
    "/world/",
    "/business/",
    "/login",
    "/author/jane-doe",
    "/page/2",
    "/images/council-meeting-photo.jpg",
    "/feed.xml",
    "mailto:desk@news.example",
    "javascript:void(0)",
    "#top",
    "  /culture/opera-house-reopens-today  ",
    "/story/123456",
    "https://WWW.NEWS.EXAMPLE/story/123456/",
    "https://live.news.example/sport/cup-final-live-blog",  # a subdomain of the site
    "https://other.example/politics/",
    "/culture",
    "/sport/late-goal-wins-derby.amp.html",
    "/sport/late-goal-wins-derby.html",
]


def test_article_links():
    assert article_links(HREFS, FRONT, SITE.allows) == [
        "https://www.news.example/world/2024/05/council-votes-on-budget",
        "https://www.news.example/world/markets-rally-again-today",
        "https://www.news.example/sport/late-goal-wins-derby",
        "https://www.news.example/culture/opera-house-reopens-today",
        "https://www.news.example/story/123456",
        "https://live.news.example/sport/cup-final-live-blog",
        "https://www.news.example/sport/late-goal-wins-derby.html",
    ]


def test_article_links_with_a_plain_callable():
    calls = []

    def allows(url):
        calls.append(url)
        return url.startswith("https://www.news.example/sport/")

    assert article_links(HREFS, FRONT, allows) == [
        "https://www.news.example/sport/late-goal-wins-derby",
        "https://www.news.example/sport/late-goal-wins-derby.html",
    ]
    assert all(url.startswith(("http://", "https://")) for url in calls)


def test_article_links_amp_subdomain_link_is_the_same_article():
    # A link to the amp. host of the same article is a duplicate, not a new article.
    # (amp.X maps to X: on a www.X site the two stay apart until the page's canonical
    # link gives both the same article_id, and the run's dedup drops the second.)
    front = "https://news.example/world/"
    hrefs = ["/world/2024/05/council-votes-on-budget",
             "https://amp.news.example/world/2024/05/council-votes-on-budget"]
    assert article_links(hrefs, front, lambda url: True) == [
        "https://news.example/world/2024/05/council-votes-on-budget"]


def test_article_links_empty():
    assert article_links([], FRONT, SITE.allows) == []
    assert article_links(["/", "#", "/tag/x"], FRONT, SITE.allows) == []


def test_section_links():
    sections = section_links(HREFS, FRONT, SITE.allows)
    # As the site writes them (a trailing slash may matter to its server), once each.
    assert sections == [
        "https://www.news.example/world/",
        "https://www.news.example/business/",
        "https://www.news.example/culture",
    ]
    articles = set(article_links(HREFS, FRONT, SITE.allows))
    assert not articles & set(sections)
    for url in sections:
        assert SITE.allows(url)
        assert not looks_like_article_url(url)


def test_a_malformed_url_is_skipped_and_the_rest_is_read():
    feed = (b"<rss version='2.0'><channel><item><link>http://[broken/a</link></item>"
            b"<item><link>https://news.example/world/fine-story-here</link></item></channel></rss>")
    assert [entry.url for entry in parse_feed(feed, "https://news.example/feed")] == [
        "https://news.example/world/fine-story-here"]
    assert article_links(["http://[broken/", "/world/fine-story-here"], "https://news.example/",
                         lambda url: True) == ["https://news.example/world/fine-story-here"]
