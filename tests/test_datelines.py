"""Dates printed beside the headline, and calendar dates written in text in many languages."""
from datetime import date

import pytest

from cleaning.datelines import Dateline, dates_in_text, headline_dateline, month_number
from cleaning.extract import parse_html

MARCH_13 = date(2024, 3, 13)


@pytest.mark.parametrize("text", [
    "March 13, 2024", "Mar. 13, 2024", "13 March 2024", "13th March, 2024", "Published on March 13th, 2024",
    "2024-03-13", "2024/03/13", "13.03.2024", "13/3/2024",
    "13 марта 2024",             # ru, genitive
    "13 березня 2024",           # uk
    "2024年3月13日",              # zh, ja
    "2024년 3월 13일",            # ko
    "13. März 2024",             # de
    "13 mars 2024",              # fr
    "13 de marzo de 2024",       # es
    "13 de março de 2024",       # pt
    "13 marca 2024",             # pl
    "13 marzo 2024",             # it
    "13 maart 2024",             # nl
    "13 Mart 2024",              # tr
    "13 Μαρτίου 2024",           # el
    "13 مارس 2024",              # ar
    "١٣ مارس ٢٠٢٤",              # ar, Arabic-Indic digits
    "13 במרץ 2024",              # he, the preposition glued to the month
    "13 मार्च 2024",              # hi
    "13 มีนาคม 2567",             # th, Buddhist era
    "13 มี.ค. 2567",              # th, abbreviated with inner dots
    "2024. március 13.",         # hu
    "2024 m. kovo 13 d.",        # lt
    "13 tháng 3, 2024",          # vi: the month is named by its number
    "MARCH 13, 2024",
])
def test_a_date_in_many_languages(text):
    found, ambiguous = dates_in_text(text)
    assert found == [MARCH_13]
    assert ambiguous == []


def test_dates_come_in_the_order_of_the_text():
    found, _ = dates_in_text("Updated 2024-03-20 · First published 13 March 2024")
    assert found == [date(2024, 3, 20), MARCH_13]


def test_day_and_month_that_cannot_be_told_apart_are_kept_aside():
    found, ambiguous = dates_in_text("03/04/2024")
    assert found == []
    assert set(ambiguous) == {date(2024, 4, 3), date(2024, 3, 4)}


@pytest.mark.parametrize("text", [
    "March 13", "13 March", "Version 2.3 2024", "30 February 2024", "2024-02-30", "10 000 2024",
    "Call 13 Marchbanks 2024", "13 tháng 13, 2024",
])
def test_no_date(text):
    assert dates_in_text(text) == ([], [])


@pytest.mark.parametrize("name, month", [
    ("January", 1), ("SEPT", 9), ("sept.", 9), ("Dez", 12), ("listopada", 11), ("EKİM", 10),
    ("Μαρτίου", 3), ("мая", 5), ("Tuesday", None), ("de", None),
])
def test_month_number(name, month):
    assert month_number(name) == month


# --- the dateline beside the headline ---------------------------------------------------------

STORY = "<p>The harbour authority approved the new ferry timetable after a long public hearing.</p>"


def dateline_of(body: str) -> Dateline:
    tree = parse_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert tree is not None
    return headline_dateline(tree)


def test_labelled_dateline_under_the_headline():
    found = dateline_of('<article><h1>Ferry timetable approved</h1>'
                        '<div class="meta">By Ana Lima · Published on March 13, 2024</div>' + STORY + '</article>')
    assert found.first == MARCH_13


def test_bare_date_line_without_any_marking():
    found = dateline_of('<main><div class="hero"><h1>Ferry timetable approved</h1>'
                        '<div class="x1"><span>13.03.2024</span></div></div>' + STORY + '</main>')
    assert found.first == MARCH_13


def test_dateline_a_few_levels_above_the_headline():
    found = dateline_of('<article><div class="top"><div class="col"><h1>Ferry timetable approved</h1></div>'
                        '</div><div class="info"><p class="post-date">13 марта 2024</p></div>' + STORY
                        + '</article>')
    assert found.first == MARCH_13


def test_time_datetime_is_shown_but_its_text_gives_the_date():
    found = dateline_of('<article><h1>Ferry timetable approved</h1>'
                        '<time datetime="2024-03-12T23:30:00-05:00">13 March 2024</time>' + STORY + '</article>')
    assert found.dates == (MARCH_13,)
    assert found.shown == {MARCH_13, date(2024, 3, 12)}


def test_site_header_today_is_not_a_dateline():
    found = dateline_of('<header><div class="date">Friday, March 1, 2024</div><nav><a href="/">Home</a></nav>'
                        '</header><main><h1>Ferry timetable approved</h1>' + STORY + '</main>')
    assert found == Dateline()


def test_logo_headline_in_the_site_header_is_not_the_headline():
    found = dateline_of('<header><h1>Harbour Daily</h1><span class="today">March 1, 2024</span>'
                        '<nav><a href="/">Home</a></nav></header><article>' + STORY + '</article>')
    assert found == Dateline()


def test_dates_in_an_aside_beside_the_headline_are_not_read():
    found = dateline_of('<article><h1>Ferry timetable approved</h1><aside><ul>'
                        '<li><span class="date">March 2, 2024</span></li></ul></aside>' + STORY + '</article>')
    assert found == Dateline()


def test_a_list_of_dated_stories_is_not_a_dateline():
    found = dateline_of('<div><h1>Ferry timetable approved</h1><ul class="stories">'
                        '<li><span class="date">March 2, 2024</span></li><li><span class="date">March 5, 2024</span></li>'
                        '<li><span class="date">March 9, 2024</span></li></ul></div>' + STORY)
    assert found.first is None


def test_long_paragraphs_with_dates_are_not_datelines():
    found = dateline_of('<article><h1>Ferry timetable approved</h1><p>The hearing on March 13, 2024 '
                        'heard forty residents and the harbour master over six hours.</p></article>')
    assert found == Dateline()


def test_no_headline_no_dateline():
    assert dateline_of('<div><span class="date">March 13, 2024</span></div>' + STORY) == Dateline()
