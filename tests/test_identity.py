"""Stable identifiers: one spelling per page URL, ids and hashes that never drift."""
import hashlib
import re

import pytest

from cleaning.identity import article_id, content_hash, domain_of, normalize_url

CANONICAL = "https://www.example.com/news/council-vote"


@pytest.mark.parametrize("variant", [
    "https://www.example.com/news/council-vote",
    "HTTPS://WWW.EXAMPLE.COM/news/council-vote",
    "https://WWW.Example.Com/news/council-vote",
    "https://www.example.com:443/news/council-vote",
    "https://www.example.com/news/council-vote/",
    "https://www.example.com/news/council-vote#comments",
    "https://www.example.com/news/council-vote#",
    "https://www.example.com/news/council-vote?",
    "https://www.example.com/news/council-vote?utm_source=twitter&utm_medium=social&utm_campaign=x",
    "https://www.example.com/news/council-vote?fbclid=IwAR0abc",
    "https://www.example.com/news/council-vote?gclid=abc",
    "https://www.example.com/news/council-vote/?utm_source=newsletter#top",
])
def test_variants_normalize_to_one_spelling(variant):
    assert normalize_url(variant) == CANONICAL


def test_default_http_port_removed():
    assert normalize_url("http://example.com:80/a") == "http://example.com/a"


def test_non_default_port_kept():
    assert normalize_url("https://example.com:8080/a") == "https://example.com:8080/a"


def test_path_case_is_kept():
    assert normalize_url("https://example.com/News/Story") == "https://example.com/News/Story"


def test_meaningful_query_parameters_are_kept_and_trackers_dropped():
    assert normalize_url("https://example.com/article?id=123") == "https://example.com/article?id=123"
    assert normalize_url("https://example.com/article?id=123&utm_campaign=z&fbclid=q") == \
        "https://example.com/article?id=123"
    assert normalize_url("https://example.com/list?page=2") == "https://example.com/list?page=2"


def test_query_is_sorted():
    assert normalize_url("https://example.com/a?b=2&a=1") == normalize_url("https://example.com/a?a=1&b=2")
    assert normalize_url("https://example.com/a?b=2&a=1") == "https://example.com/a?a=1&b=2"


def test_trailing_slash_removed_when_a_query_follows():
    # "no trailing slash": the same page with a meaningful query has one spelling too.
    assert normalize_url("https://example.com/a/?id=1") == normalize_url("https://example.com/a?id=1")


def test_site_root_with_and_without_slash_is_one_page():
    assert normalize_url("https://example.com/") == normalize_url("https://example.com")
    assert article_id("https://example.com/") == article_id("https://example.com")


@pytest.mark.parametrize("url", [
    "file:///pages/wordpress_theme.html",
    "file:///Pages/Story/?utm_source=x#frag",
    "ftp://example.com/A/",
    "data:text/html,<p>x</p>",
    "not a url",
    "",
])
def test_non_http_urls_are_returned_unchanged(url):
    assert normalize_url(url) == url


def test_malformed_url_is_returned_as_given_not_raised():
    # The courlan call is guarded so a bad URL comes back as given; urlsplit must not raise either.
    assert normalize_url("http://[::1") == "http://[::1"


def test_normalize_url_is_idempotent():
    for url in ("HTTPS://WWW.Example.COM:443/News/Story/?utm_source=x&b=2&a=1#c",
                "https://example.com/article?id=123", "http://example.com:80/"):
        once = normalize_url(url)
        assert normalize_url(once) == once


def test_article_id_is_32_hex_chars_of_sha256_over_the_normalized_url():
    value = article_id(CANONICAL)
    assert re.fullmatch(r"[0-9a-f]{32}", value)
    assert value == hashlib.sha256(CANONICAL.encode("utf-8")).hexdigest()[:32]


def test_article_id_is_stable_across_calls_and_known_value():
    assert article_id(CANONICAL) == article_id(CANONICAL)
    # Pinned: ids in stored datasets must never change from one release to the next.
    assert article_id("https://example.com/a") == hashlib.sha256(b"https://example.com/a").hexdigest()[:32]


def test_article_id_is_equal_for_url_variants():
    variants = [
        "https://www.example.com/news/council-vote",
        "HTTPS://www.example.com:443/news/council-vote/",
        "https://www.example.com/news/council-vote?utm_source=rss#top",
        "https://www.example.com/news/council-vote?fbclid=xyz",
    ]
    assert len({article_id(url) for url in variants}) == 1


def test_article_id_differs_for_different_pages():
    ids = {article_id("https://example.com/a"), article_id("https://example.com/b"),
           article_id("https://example.com/a?id=1"), article_id("https://example.com/a?id=2"),
           article_id("https://other.example.com/a"), article_id("file:///pages/a.html")}
    assert len(ids) == 6


def test_content_hash_is_sha256_of_utf8_text():
    text = "Café crème.\n\nSecond paragraph."
    assert content_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert len(content_hash(text)) == 64
    assert content_hash("") == hashlib.sha256(b"").hexdigest()


def test_content_hash_distinguishes_texts():
    assert content_hash("a") != content_hash("a ")
    assert content_hash("Café") != content_hash("Cafe\u0301")  # the caller normalizes, not the hash


@pytest.mark.parametrize("url, expected", [
    ("https://www.example.com/a", "example.com"),
    ("https://News.Example.CO.UK:8443/a", "news.example.co.uk"),
    ("file:///pages/a.html", None),
])
def test_domain_of(url, expected):
    assert domain_of(url) == expected
