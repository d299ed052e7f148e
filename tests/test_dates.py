"""Publication dates from markup, the caller, the URL and bylines; all in UTC."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from cleaning.dates import DateSource, PageDates, find_dates, parse_datetime
from cleaning.extract import parse_html

FETCHED = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
URL = "https://news.example.com/politics/council-vote"
BODY = "<p>The council voted on Tuesday to expand the bus network to the suburbs.</p>"


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"


def json_ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def dates_of(html: str, url: str = URL, **kwargs) -> PageDates:
    tree = parse_html(html)
    assert tree is not None
    return find_dates(tree, url, FETCHED, **kwargs)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


# --- JSON-LD ---------------------------------------------------------------------------

def test_json_ld_news_article_with_offset_is_converted_to_utc():
    html = page(json_ld({"@context": "https://schema.org", "@type": "NewsArticle",
                         "datePublished": "2024-02-27T09:30:00+02:00",
                         "dateModified": "2024-02-28T18:00:00-05:00"}))
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 27, 7, 30)
    assert found.published_at.utcoffset() == timedelta(0)
    assert found.published_at_source == DateSource.JSON_LD == "json_ld"
    assert found.modified_at == utc(2024, 2, 28, 23, 0)


def test_json_ld_graph_is_searched():
    html = page(json_ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Example"},
        {"@type": "Organization", "name": "Example Media"},
        {"@type": "Article", "datePublished": "2024-02-20T08:00:00Z"},
    ]}))
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 20, 8, 0)
    assert found.published_at_source == "json_ld"


def test_json_ld_list_of_objects_is_searched():
    html = page(json_ld([
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": ["NewsArticle", "CreativeWork"], "datePublished": "2024-01-15T10:00:00+01:00"},
    ]))
    assert dates_of(html).published_at == utc(2024, 1, 15, 9, 0)


def test_json_ld_of_other_types_is_ignored():
    html = page(json_ld({"@type": "Event", "startDate": "2024-02-01", "datePublished": "2024-02-01"}))
    found = dates_of(html)
    assert found.published_at is None
    assert found.published_at_source is None


def test_invalid_json_ld_is_skipped_and_the_next_script_read():
    html = page('<script type="application/ld+json">{not json</script>'
                + json_ld({"@type": "BlogPosting", "datePublished": "2024-02-10"}))
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 10)
    assert found.published_at_source == "json_ld"


def test_json_ld_wins_over_meta():
    html = page(json_ld({"@type": "NewsArticle", "datePublished": "2024-02-27T10:00:00Z"})
                + '<meta property="article:published_time" content="2024-01-01T00:00:00Z">')
    assert dates_of(html).published_at_source == "json_ld"


# --- meta tags and marked elements ---------------------------------------------------------

def test_meta_article_published_time():
    html = page('<meta property="article:published_time" content="2024-02-27T14:05:00+01:00">'
                '<meta property="article:modified_time" content="2024-02-28T08:00:00Z">')
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 27, 13, 5)
    assert found.published_at_source == DateSource.META == "meta"
    assert found.modified_at == utc(2024, 2, 28, 8, 0)


def test_meta_name_is_case_insensitive():
    html = page('<meta name="PubDate" content="2024-02-25">')
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 25)
    assert found.published_at_source == "meta"


def test_itemprop_date_published():
    html = page(body='<article><span itemprop="datePublished" content="2024-02-26T07:00:00-05:00">'
                     'Feb 26</span>' + BODY + '</article>')
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 26, 12, 0)
    assert found.published_at_source == DateSource.TIME_ELEMENT == "time_element"


def test_single_time_in_article():
    html = page(body='<article><time datetime="2024-02-27T08:00:00Z">Feb 27</time>' + BODY + '</article>')
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 27, 8, 0)
    assert found.published_at_source == "time_element"


def test_time_in_header_is_ignored():
    html = page(body='<header><time datetime="2024-02-29">Thursday, February 29, 2024</time></header>'
                     '<main>' + BODY + '</main>')
    found = dates_of(html)
    assert found.published_at is None
    assert found.published_at_source is None


def test_time_in_header_does_not_hide_the_time_of_the_body():
    html = page(body='<header><time datetime="2024-02-29">today</time></header>'
                     '<div><time datetime="2024-02-20T10:00:00Z">Feb 20</time>' + BODY + '</div>'
                     '<aside><time datetime="2024-02-28">other story</time></aside>')
    assert dates_of(html).published_at == utc(2024, 2, 20, 10, 0)


def test_several_different_times_in_the_article_are_ambiguous():
    html = page(body='<article><time datetime="2024-02-20">a</time>' + BODY
                     + '<time datetime="2024-02-22">b</time></article>')
    found = dates_of(html)
    assert found.published_at is None
    assert found.published_at_source is None


def test_the_same_time_twice_is_not_ambiguous():
    html = page(body='<article><time datetime="2024-02-20">a</time>' + BODY
                     + '<time datetime="2024-02-20">a</time></article>')
    assert dates_of(html).published_at == utc(2024, 2, 20)


def test_ambiguous_times_fall_through_to_the_url():
    html = page(body='<article><time datetime="2024-02-20">a</time>'
                     '<time datetime="2024-02-22">b</time>' + BODY + '</article>')
    found = dates_of(html, url="https://news.example.com/2024/02/21/council-vote/")
    assert found.published_at == utc(2024, 2, 21)
    assert found.published_at_source == "url"


# --- the caller, the URL, bylines --------------------------------------------------------

def test_feed_date_used_when_markup_has_none():
    known = datetime(2024, 2, 27, 6, 0, tzinfo=timezone(timedelta(hours=-5)))
    found = dates_of(page(), known_published_at=known)
    assert found.published_at == utc(2024, 2, 27, 11, 0)
    assert found.published_at_source == DateSource.FEED == "feed"


def test_markup_wins_over_the_feed_date():
    html = page('<meta property="article:published_time" content="2024-02-27T10:00:00Z">')
    found = dates_of(html, known_published_at=utc(2024, 2, 26))
    assert found.published_at == utc(2024, 2, 27, 10, 0)
    assert found.published_at_source == "meta"


def test_feed_date_wins_over_the_url():
    found = dates_of(page(), url="https://example.com/2024/01/02/story", known_published_at=utc(2024, 2, 26))
    assert found.published_at == utc(2024, 2, 26)
    assert found.published_at_source == "feed"


@pytest.mark.parametrize("url", [
    "https://news.example.com/2024/02/29/council-vote/",
    "https://news.example.com/world/2024-02-29-council-vote",
    "https://news.example.com/2024/02/29",
])
def test_url_date(url):
    found = dates_of(page(), url=url)
    assert found.published_at == utc(2024, 2, 29)
    assert found.published_at_source == DateSource.URL == "url"


@pytest.mark.parametrize("url", [
    "https://news.example.com/2023/02/30/story",  # no such day
    "https://news.example.com/story-20240229",
    "https://news.example.com/2024/13/01/story",
])
def test_url_without_a_valid_date(url):
    assert dates_of(page(), url=url).published_at is None


def test_byline_date():
    found = dates_of(page(), byline_lines=["By Jane Doe", "Published: March 3, 2023"])
    assert found.published_at == utc(2023, 3, 3)
    assert found.published_at_source == DateSource.TEXT == "text"


@pytest.mark.parametrize("line, expected", [
    ("Publié le 3 mars 2023", None),  # dateutil reads no French month names: no date, not a wrong one
    ("Updated: 2023-03-04 10:00", utc(2023, 3, 4, 10, 0)),
    ("Posted March 3, 2023 10:00 EST", utc(2023, 3, 3, 15, 0)),
])
def test_byline_date_variants(line, expected):
    assert dates_of(page(), byline_lines=[line]).published_at == expected


def test_url_wins_over_the_byline():
    found = dates_of(page(), url="https://example.com/2023/03/01/x", byline_lines=["Published: March 3, 2023"])
    assert found.published_at == utc(2023, 3, 1)
    assert found.published_at_source == "url"


def test_future_date_is_dropped_and_the_next_source_used():
    html = page('<meta property="article:published_time" content="2030-01-01T00:00:00Z">')
    found = dates_of(html, url="https://example.com/2024/02/20/x")
    assert found.published_at == utc(2024, 2, 20)
    assert found.published_at_source == "url"


def test_future_date_alone_gives_none():
    html = page(json_ld({"@type": "NewsArticle", "datePublished": "2024-03-05T00:00:00Z",
                         "dateModified": "2024-03-06T00:00:00Z"}))
    found = dates_of(html)
    assert found == PageDates(None, None, None)


def test_a_few_hours_after_the_fetch_is_tolerated():
    html = page('<meta property="article:published_time" content="2024-03-01T20:00:00Z">')
    assert dates_of(html).published_at == utc(2024, 3, 1, 20, 0)


def test_dates_before_1990_are_dropped():
    html = page('<meta property="article:published_time" content="1970-01-01T00:00:00Z">')
    assert dates_of(html).published_at is None


def test_unparseable_meta_falls_through():
    html = page('<meta property="article:published_time" content="not a date">')
    found = dates_of(html, known_published_at=utc(2024, 2, 1))
    assert found.published_at_source == "feed"


def test_no_date_anywhere():
    assert dates_of(page()) == PageDates(None, None, None)


def test_modified_from_json_ld_date_modified():
    html = page(json_ld({"@type": "NewsArticle", "datePublished": "2024-02-20T10:00:00Z",
                         "dateModified": ["2024-02-21T11:00:00+01:00", "2024-02-22T00:00:00Z"]}))
    assert dates_of(html).modified_at == utc(2024, 2, 21, 10, 0)


def test_published_at_source_values_are_the_documented_ones():
    assert {DateSource.JSON_LD, DateSource.META, DateSource.TIME_ELEMENT, DateSource.FEED,
            DateSource.URL, DateSource.TEXT} == {"json_ld", "meta", "time_element", "feed", "url", "text"}


# --- parse_datetime ------------------------------------------------------------------------

def test_parse_iso_with_offset_to_utc():
    parsed = parse_datetime("2024-02-27T09:30:00+02:00")
    assert parsed == utc(2024, 2, 27, 7, 30)
    assert parsed.tzinfo == timezone.utc


def test_naive_values_are_taken_as_utc():
    assert parse_datetime("2024-02-27T09:30:00") == utc(2024, 2, 27, 9, 30)
    assert parse_datetime("2024-02-27") == utc(2024, 2, 27)
    naive = parse_datetime(datetime(2024, 2, 27, 9, 30))
    assert naive == utc(2024, 2, 27, 9, 30)
    assert naive.tzinfo == timezone.utc


def test_aware_datetime_is_converted():
    aware = datetime(2024, 2, 27, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert parse_datetime(aware) == utc(2024, 2, 27, 4, 0)


def test_date_object_string_forms():
    assert parse_datetime("March 3, 2023") == utc(2023, 3, 3)
    assert parse_datetime("3 March 2023 14:00") == utc(2023, 3, 3, 14, 0)


@pytest.mark.parametrize("text, expected", [
    ("March 3, 2023 10:00 EST", utc(2023, 3, 3, 15, 0)),
    ("March 3, 2023 10:00 PDT", utc(2023, 3, 3, 17, 0)),
    ("March 3, 2023 10:00 CET", utc(2023, 3, 3, 9, 0)),
    ("March 3, 2023 10:00 GMT", utc(2023, 3, 3, 10, 0)),
    ("2023-03-03 10:00 IST", utc(2023, 3, 3, 4, 30)),
])
def test_zone_abbreviations_are_honoured(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("value", [
    None, "", "   ", "Thursday", "March 3", "10:00", "yesterday", "not a date", "x" * 65,
    "2024-02-30",
])
def test_unparseable_values_give_none(value):
    assert parse_datetime(value) is None


def test_weekday_without_year_is_not_filled_from_today():
    assert parse_datetime("Thursday, February 29") is None


def test_parse_datetime_result_is_always_utc():
    for value in ("2024-02-27T09:30:00-08:00", "2024-02-27", "Feb 27, 2024 9:30 am EST"):
        parsed = parse_datetime(value)
        assert parsed is not None
        assert parsed.utcoffset() == timedelta(0)
        assert parsed.date() == date(2024, 2, 27)
