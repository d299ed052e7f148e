"""The byline elements' author string, by trafilatura's author rules (its tiers and pruning)."""
from cleaning.byline_elements import byline_authors
from cleaning.extract import parse_html


def page(body: str):
    return parse_html(f"<html><body><article><h1>Dam repairs start</h1>{body}"
                      "<p>Crews began work on the spillway on Monday morning.</p></article></body></html>")


def test_a_specific_author_element_wins_over_a_generic_byline_before_it():
    tree = page('<div class="byline">Desk report</div><span class="author-name">Tove Aalberg</span>')
    assert byline_authors(tree) == ["Tove Aalberg"]


def test_generic_tiers_read_in_page_order():
    assert byline_authors(page('<p class="post-author">Rafael Quintero</p>')) == ["Rafael Quintero"]
    assert byline_authors(page('<section class="story-byline">Ilse Brandt</section>')) == ["Ilse Brandt"]


def test_comments_and_sidebars_are_not_read_nor_dates_in_the_byline():
    tree = page('<div id="comments"><span class="author-name">Angry Reader</span></div>'
                '<div class="sidebar"><span class="author">Other Writer</span></div>'
                '<div class="author">Noor Haddad <time>3 May 2024</time></div>')
    assert byline_authors(tree) == ["Noor Haddad"]


def test_names_normalized_and_split_as_trafilatura_does():
    assert byline_authors(page('<span class="author">by anna berg and Li Wei</span>')) == ["Anna Berg", "Li Wei"]


def test_no_byline_element_no_names():
    assert byline_authors(page('<p class="lede">Crews began work.</p>')) == []
