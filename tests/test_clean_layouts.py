"""The whole cleaning stage on pages of our own, one per layout DESIGN.md describes."""
import json
from datetime import datetime

import pytest

from cleaning import Article, PageInput, Rejection, clean_page
from crawler.saved_pages import read_page_file

from .conftest import PAGES

EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]
ARTICLES = sorted(name for name, spec in EXPECTED.items() if spec["kind"] == "article")
REJECTS = sorted(name for name, spec in EXPECTED.items() if spec["kind"] == "reject")


def _clean(name: str):
    return clean_page(PageInput(body=read_page_file(PAGES / name), url=f"file:///pages/{name}"))


@pytest.fixture(scope="module")
def results():
    return {name: _clean(name) for name in EXPECTED}


@pytest.mark.parametrize("name", ARTICLES)
def test_no_planted_boilerplate_is_left(results, name):
    article = results[name]
    assert isinstance(article, Article), article
    leaked = [phrase for phrase in EXPECTED[name]["planted"] if phrase in article.text]
    assert leaked == []
    caption = EXPECTED[name].get("caption_once")
    if caption:
        assert article.text.count(caption) <= 1


@pytest.mark.parametrize("name", ARTICLES)
def test_article_body_survives(results, name):
    article = results[name]
    for phrase in EXPECTED[name]["must_contain"]:
        assert phrase in article.text
    assert not article.text.startswith(EXPECTED[name]["title"])


@pytest.mark.parametrize("name", ARTICLES)
def test_title_language_date_and_authors(results, name):
    spec, article = EXPECTED[name], results[name]
    assert article.title == spec["title"]
    assert article.language == spec["language"]
    assert article.published_at == datetime.fromisoformat(spec["published_at"])
    assert article.published_at.utcoffset().total_seconds() == 0
    assert article.published_at_source
    assert article.authors == spec["authors"]
    assert article.canonical_url == spec["canonical_url"]


def test_header_today_date_is_not_the_published_date(results):
    # The WordPress page's header says "Thursday, February 29, 2024"; the article is older.
    article = results["wordpress_theme.html"]
    assert article.published_at.date().isoformat() == "2024-02-27"
    assert "February 29, 2024" not in article.text


@pytest.mark.parametrize("name", REJECTS)
def test_bad_pages_are_rejected_with_their_reason(results, name):
    rejection = results[name]
    assert isinstance(rejection, Rejection), rejection
    expected = EXPECTED[name]["reason"]
    assert rejection.reason.value in (expected if isinstance(expected, list) else [expected])
    assert rejection.detail


def test_text_layout_is_paragraphs_separated_by_one_blank_line(results):
    text = results["french_article.html"].text
    assert "\n\n\n" not in text
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in text.split("\n\n"))


def test_cleaning_is_deterministic():
    first, second = _clean("wordpress_theme.html"), _clean("wordpress_theme.html")
    assert first.text == second.text and first.content_hash == second.content_hash
    assert first.article_id == second.article_id and first.language == second.language


def test_article_id_comes_from_the_canonical_url(results):
    # The same page saved under two file names is one article.
    other = clean_page(PageInput(read_page_file(PAGES / "french_article.html"), "file:///elsewhere/copy.html"))
    assert other.article_id == results["french_article.html"].article_id
