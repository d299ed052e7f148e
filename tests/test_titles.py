"""The headline as the article shows it: site names, section-free, dates cut; the h1 preferred."""
import pytest
from lxml import html

from cleaning import titles
from cleaning.page_meta import read_page_meta


def headline(tree: html.HtmlElement, url: str, **facts) -> str | None:
    return titles.headline(read_page_meta(tree), url, **facts)


def page(head: str = "", body: str = "") -> html.HtmlElement:
    return html.fromstring(f"<html><head>{head}</head><body>{body}<p>Some text.</p></body></html>")


def title(text: str) -> str:
    return f"<title>{text}</title>"


def meta(key: str, value: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{key}" content="{value}">'


@pytest.mark.parametrize("head, url, expected", [
    # "|", named by the domain (cbc.ca) with a word added
    (title("Storm floods the river valley | CBC News"), "https://www.cbc.ca/news/1", "Storm floods the river valley"),
    # "-", the domain itself
    (title("Neue Chips für Notebooks - Golem.de"), "https://www.golem.de/news/2", "Neue Chips für Notebooks"),
    # "–", og:site_name
    (title("Wahl in Sachsen: Die Ergebnisse – WELT") + meta("og:site_name", "WELT"), "https://example.de/a",
     "Wahl in Sachsen: Die Ergebnisse"),
    # ":", French spacing, og:site_name
    (title("Le budget est adopté : Le Quotidien") + meta("og:site_name", "Le Quotidien"), "https://lq.example/a",
     "Le budget est adopté"),
    # "·" and "»", the application name
    (title("Harbour bridge reopens · Coast Courier") + meta("application-name", "Coast Courier", "name"),
     "https://cc.example/b", "Harbour bridge reopens"),
    # the site's name before the headline
    (title("Coast Courier » Harbour bridge reopens") + meta("og:site_name", "Coast Courier"),
     "https://cc.example/b", "Harbour bridge reopens"),
])
def test_site_name_is_cut_whatever_the_separator(head, url, expected):
    assert headline(page(head), url) == expected


def test_a_trailing_date_and_the_site_name_are_cut():
    tree = page(title("Hochwasser in Bayern – DW – 13.06.2023"))
    assert headline(tree, "https://www.dw.com/de/hochwasser/a-1") == "Hochwasser in Bayern"


@pytest.mark.parametrize("text", [
    "Ukraine: what we know so far",
    "Spain - Portugal: 2-1 in the final",
    "Mother-in-law – a memoir of sorts",
])
def test_a_headline_with_a_colon_or_a_dash_is_kept_whole(text):
    tree = page(title(f"{text} | Sport Daily") + meta("og:site_name", "Sport Daily"))
    assert headline(tree, "https://daily.example/x") == text


def test_a_section_named_by_the_url_is_cut():
    tree = page(title("Rovers beat United in the derby | Sport | Daily Bugle") + meta("og:site_name", "Daily Bugle"))
    assert headline(tree, "https://bugle.example/sport/12345") == "Rovers beat United in the derby"


def test_a_subtitle_after_a_colon_is_kept_though_the_url_names_it():
    tree = page(title("Learn more: Academic tutoring"))
    assert headline(tree, "https://school.example/academic-tutoring/overview") == "Learn more: Academic tutoring"


def test_a_segment_not_identified_as_the_site_is_kept():
    tree = page(title("Budget talks stall - Finance Desk"))
    assert headline(tree, "https://paper.example/x") == "Budget talks stall - Finance Desk"


def test_a_segment_another_metadata_title_leaves_out_was_added():
    tree = page(meta("og:title", "Budget talks stall - Finance Desk") + title("Budget talks stall"))
    assert headline(tree, "https://paper.example/x") == "Budget talks stall"


def test_a_subtitle_after_a_colon_is_not_cut_for_missing_from_the_metadata():
    tree = page(meta("og:title", "Big data in retail | Brandname"),
                "<h1>Big data in retail: insights for growth</h1>")
    assert headline(tree, "https://brandname.example/x") == "Big data in retail: insights for growth"


@pytest.mark.parametrize("head, url, expected", [
    (title("习近平会见法国总统_新浪网") + meta("og:site_name", "新浪网"), "https://news.sina.com.cn/c/1",
     "习近平会见法国总统"),
    (title("日銀、金利を据え置き｜日本経済新聞") + meta("og:site_name", "日本経済新聞"), "https://www.nikkei.com/a",
     "日銀、金利を据え置き"),
    # no stated site name: the segment the other metadata title leaves out
    (meta("og:title", "台风登陆广东－南方网") + title("台风登陆广东"), "https://news.southcn.com/a", "台风登陆广东"),
    (title("ตลาดหุ้นไทยปิดบวก - ไทยรัฐ") + meta("og:site_name", "ไทยรัฐ"), "https://www.thairath.co.th/a",
     "ตลาดหุ้นไทยปิดบวก"),
])
def test_site_names_in_scripts_without_spaces(head, url, expected):
    assert headline(page(head), url) == expected


def test_the_visible_h1_is_preferred_when_it_words_the_headline_otherwise():
    tree = page(meta("og:title", "Bridge vote: council says yes | Town Times") + meta("og:site_name", "Town Times"),
                "<h1>Council approves the new bridge after a long vote</h1>")
    assert headline(tree, "https://towntimes.example/a") == "Council approves the new bridge after a long vote"


def test_the_h1_that_agrees_wins_over_widget_and_logo_h1s():
    tree = page(title("Rain returns to the plains | Weather Now"),
                '<h1><a href="/">Weather Now</a></h1><h1>The Blog</h1><h1>Rain returns to the plains</h1>'
                "<h1>Most read</h1>")
    assert headline(tree, "https://wn.example/a") == "Rain returns to the plains"


def test_an_h1_sharing_no_word_with_the_metadata_is_not_the_headline():
    tree = page(meta("og:title", "Tax rules change for freelancers"), "<h1>Our Blog</h1>")
    assert headline(tree, "https://acct.example/a") == "Tax rules change for freelancers"


def test_an_h1_sharing_one_word_is_no_agreement_unless_the_metadata_title_begins_with_it():
    tree = page(meta("og:title", "Minister quits sport post"), "<h1>Sport</h1>")
    assert headline(tree, "https://paper.example/a") == "Minister quits sport post"
    tree = page(meta("og:title", "Lisbon Travel Guide"), "<h1>Lisbon</h1>")
    assert headline(tree, "https://paper.example/a") == "Lisbon"


def test_hidden_h1s_are_not_the_headline():
    tree = page(title("Wheat prices climb again | Farm Post"),
                '<h1 class="sr-only">Farm Post wheat prices</h1><div style="display: none"><h1>Wheat prices</h1></div>'
                "<h1>Wheat prices climb again as drought bites</h1>")
    assert headline(tree, "https://farmpost.example/a") == "Wheat prices climb again as drought bites"


def test_cjk_h1_agrees_by_character_pairs():
    tree = page(meta("og:title", "日銀、金利据え置きを決定"),
                "<h1>人気ランキング</h1><h1>日銀が金利を据え置き　物価見通しは引き上げ</h1>")
    assert headline(tree, "https://paper.example.jp/a") == "日銀が金利を据え置き 物価見通しは引き上げ"


def test_a_page_without_h1_takes_the_metadata_title():
    tree = page(meta("og:title", "Ferry service resumes on Monday") + title("Ferry service resumes on Monday | Isle"))
    assert headline(tree, "https://isle.example/a") == "Ferry service resumes on Monday"


def test_the_json_ld_headline_is_a_metadata_title():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry \\"Aurora\\" resumes"}</script>'
    tree = page(ld + title("Ferry &quot;Aurora&quot; resumes | Isle Press Group"))
    assert headline(tree, "https://isle.example/a") == 'Ferry "Aurora" resumes'


def test_the_feed_title_is_a_metadata_title():
    tree = page(title("Ferry service resumes - Isle Press Group"))
    assert headline(tree, "https://isle.example/a", known_title="Ferry service resumes") == "Ferry service resumes"


def test_the_rarer_title_meta_tags_serve_only_when_the_page_has_no_usual_metadata_title():
    assert headline(page(meta("title", "Ferry service resumes", "name")), "https://isle.example/a") == \
        "Ferry service resumes"
    tree = page(title("Ferry service resumes") + meta("title", "Most read", "name"))
    assert headline(tree, "https://isle.example/a") == "Ferry service resumes"


def test_the_site_name_given_is_cut():
    tree = page(title("Ferry service resumes | Isle Press Group"))
    assert headline(tree, "https://isle.example/a", site_name="Isle Press Group") == "Ferry service resumes"


def test_no_title_at_all_is_none():
    assert headline(page(), "https://isle.example/a") is None


def test_the_h1_spelling_is_kept_and_a_line_break_is_a_space():
    tree = page(meta("og:title", "Here's the plan | Daily"), "<h1>Here’s the<br>plan</h1>")
    assert headline(tree, "https://daily.example/a") == "Here’s the plan"


def test_an_h1_in_capitals_takes_the_metadata_letter_case():
    tree = page(title("Tips for Online Success | College"), "<h1>TIPS FOR ONLINE SUCCESS</h1>")
    assert headline(tree, "https://college.example/a") == "Tips for Online Success"


def test_the_site_name_is_cut_from_the_h1_too():
    tree = page(meta("og:title", "Best art shows of the year – Artweek") + meta("og:site_name", "Artweek"),
                "<h1>Best art shows of the year – Artweek</h1>")
    assert headline(tree, "https://artweek.example/a") == "Best art shows of the year"


@pytest.mark.parametrize("h1", [
    "Dec 18 2025 Lighthouse keepers return to Skerry",
    "Lighthouse keepers return to Skerry Posted on July 1, 2024 by Ewan Rae",
    "Lighthouse keepers return to Skerry By Ewan Rae",
])
def test_a_dateline_or_byline_inside_the_h1_is_left_out(h1):
    tree = page(meta("og:title", "Lighthouse keepers return to Skerry"), f"<h1>{h1}</h1>")
    assert headline(tree, "https://coast.example/a") == "Lighthouse keepers return to Skerry"


def test_an_h1_longer_than_the_metadata_title_by_words_of_its_own_is_kept():
    tree = page(meta("og:title", "Lighthouse keepers return"), "<h1>Lighthouse keepers return to Skerry</h1>")
    assert headline(tree, "https://coast.example/a") == "Lighthouse keepers return to Skerry"
