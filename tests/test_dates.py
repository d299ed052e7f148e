"""Publication dates from markup, the caller, the URL, the dateline, bylines and htmldate; all in UTC."""
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
    assert {DateSource.JSON_LD, DateSource.META, DateSource.TIME_ELEMENT, DateSource.FEED, DateSource.URL,
            DateSource.DATELINE, DateSource.TEXT, DateSource.HTMLDATE} == {
        "json_ld", "meta", "time_element", "feed", "url", "dateline", "text", "htmldate"}


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


# --- more markup keys ------------------------------------------------------------------------

@pytest.mark.parametrize("head", [
    '<meta property="og:publish_date" content="2024-02-21T10:00:00Z">',
    '<meta name="citation_publication_date" content="2024/02/21">',
    '<meta name="published-date" content="2024-02-21">',
])
def test_more_published_meta_keys(head):
    found = dates_of(page(head))
    assert found.published_at.date() == date(2024, 2, 21)
    assert found.published_at_source == "meta"


def test_modified_meta_without_published_meta():
    html = page('<meta property="article:modified" content="2024-02-22T10:00:00Z">')
    assert dates_of(html) == PageDates(None, None, utc(2024, 2, 22, 10, 0))


def test_itemprop_among_several_names():
    html = page(body='<article><span itemprop="datePublished dateCreated" content="2024-02-23">Feb 23</span>'
                     + BODY + '</article>')
    assert dates_of(html).published_at == utc(2024, 2, 23)


def test_itemprop_date_published_as_text():
    html = page(body='<article><span itemprop="datePublished">February 23, 2024</span>' + BODY + '</article>')
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 23)
    assert found.published_at_source == "time_element"


def test_json_ld_of_another_creative_work_when_no_article_is_dated():
    html = page(json_ld({"@type": "Recipe", "datePublished": "2024-02-12"}))
    assert dates_of(html).published_at == utc(2024, 2, 12)


def test_json_ld_article_wins_over_an_earlier_creative_work():
    html = page(json_ld([{"@type": "Review", "datePublished": "2023-05-01"},
                         {"@type": "NewsArticle", "datePublished": "2024-02-12"}]))
    assert dates_of(html).published_at == utc(2024, 2, 12)


def test_json_ld_of_an_embedded_video_is_ignored():
    html = page(json_ld({"@type": "VideoObject", "datePublished": "2023-05-01"}))
    assert dates_of(html).published_at is None


# --- the dateline beside the headline -------------------------------------------------------

HEADLINE = "<h1>Council expands the bus network</h1>"


def with_dateline(dateline: str) -> str:
    return page(body=f'<article>{HEADLINE}<div class="byline">{dateline}</div>{BODY}</article>')


def test_dateline_when_the_markup_has_no_date():
    found = dates_of(with_dateline("By Jane Doe · Published on February 20, 2024"))
    assert found.published_at == utc(2024, 2, 20)
    assert found.published_at_source == DateSource.DATELINE == "dateline"


@pytest.mark.parametrize("dateline", ["13 марта 2023", "2023年3月13日", "13. März 2023", "13 de marzo de 2023",
                                      "13 มีนาคม 2566"])
def test_dateline_in_other_languages(dateline):
    assert dates_of(with_dateline(dateline)).published_at == utc(2023, 3, 13)


def test_url_date_wins_over_the_dateline():
    found = dates_of(with_dateline("February 20, 2024"), url="https://example.com/2024/02/19/council")
    assert found.published_at_source == "url"


def test_dateline_wins_over_a_byline_line_of_the_text():
    found = dates_of(with_dateline("February 20, 2024"), byline_lines=["Published: February 2, 2024"])
    assert found.published_at == utc(2024, 2, 20)


def test_older_printed_date_wins_over_markup_the_page_does_not_print():
    # A re-published story: the markup has the CMS date, the page prints its own.
    html = with_dateline("January 31, 2023").replace(
        "</head>", json_ld({"@type": "BlogPosting", "datePublished": "2024-02-25T08:00:00Z"}) + "</head>")
    found = dates_of(html)
    assert found.published_at == utc(2023, 1, 31)
    assert found.published_at_source == "dateline"


def test_printed_update_does_not_replace_the_markup_date():
    html = with_dateline("Updated February 28, 2024").replace(
        "</head>", json_ld({"@type": "NewsArticle", "datePublished": "2024-02-20T08:00:00Z"}) + "</head>")
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 20, 8, 0)
    assert found.published_at_source == "json_ld"


def test_markup_date_printed_beside_an_older_one_stays():
    html = with_dateline("First published January 3, 2024 · Updated February 20, 2024").replace(
        "</head>", json_ld({"@type": "NewsArticle", "datePublished": "2024-02-20T08:00:00Z"}) + "</head>")
    assert dates_of(html).published_at_source == "json_ld"


def test_markup_in_another_time_zone_than_the_printed_day_stays():
    # 23:30 in New York is the next day in UTC: the page prints the local day.
    html = with_dateline("February 20, 2024").replace(
        "</head>", json_ld({"@type": "NewsArticle", "datePublished": "2024-02-20T23:30:00-05:00"}) + "</head>")
    found = dates_of(html)
    assert found.published_at == utc(2024, 2, 21, 4, 30)
    assert found.published_at_source == "json_ld"


def test_site_header_today_is_never_the_published_date():
    # FETCHED is March 1, 2024: the header prints the day the page was served.
    html = page(body='<header><div class="date">Friday, March 1, 2024</div><nav><a href="/">Home</a></nav>'
                     f'</header><main>{HEADLINE}{BODY}</main>')
    assert dates_of(html, htmldate_guess=lambda: "2024-03-01") == PageDates(None, None, None)


# --- htmldate's guess, the last resort --------------------------------------------------------

def test_htmldate_guess_when_nothing_else_dates_the_page():
    found = dates_of(page(), htmldate_guess=lambda: "2024-02-14")
    assert found.published_at == utc(2024, 2, 14)
    assert found.published_at_source == DateSource.HTMLDATE == "htmldate"


def test_every_other_source_wins_over_the_htmldate_guess():
    assert dates_of(with_dateline("February 20, 2024"),
                    htmldate_guess=lambda: "2024-02-14").published_at_source == "dateline"
    assert dates_of(page(), byline_lines=["Posted March 3, 2023"],
                    htmldate_guess=lambda: "2024-02-14").published_at_source == "text"


def test_htmldate_is_not_asked_when_another_source_dates_the_page():
    def no_htmldate():
        raise AssertionError("htmldate asked")

    html = page('<meta property="article:published_time" content="2024-02-10T08:00:00Z">')
    assert dates_of(html, htmldate_guess=no_htmldate).published_at_source == "meta"


def test_htmldate_guess_that_is_the_modification_date_is_dropped():
    html = page('<meta property="article:modified_time" content="2024-02-14T10:00:00Z">')
    assert dates_of(html, htmldate_guess=lambda: "2024-02-14").published_at is None


@pytest.mark.parametrize("guess", ["2024-03-01", "2024-02-29", "not a date", "2031-01-01"])
def test_htmldate_guess_of_the_fetch_day_or_unparseable_or_future_is_dropped(guess):
    assert dates_of(page(), htmldate_guess=lambda: guess).published_at is None


def test_clean_page_takes_htmldate_guess_where_the_page_says_nothing_else():
    from cleaning import PageInput, clean_page

    story = "".join(f"<p>Part {n} of the harbour report: the authority weighed ferry routes, fares and the "
                    "timetable for the islands, and residents spoke at length about winter crossings.</p>"
                    for n in range(6))
    html = ("<html><head><title>Ferry timetable approved</title></head><body><article>"
            f"<h1>Ferry timetable approved</h1>{story}</article>"
            '<div class="post-date">2024-02-14</div></body></html>')
    article = clean_page(PageInput(body=html.encode(), url="https://news.example.com/ferry", fetched_at=FETCHED))
    assert article.published_at == utc(2024, 2, 14)
    assert article.published_at_source == "htmldate"
