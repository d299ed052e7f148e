"""Authors from the page's markup and byline, spelled as the page spells them."""
import json

import pytest

from cleaning.author_names import split_names
from cleaning.authors import find_authors
from cleaning.extract import parse_html


def _page(head: str = "", body: str = "") -> object:
    return parse_html(f"<html><head>{head}</head><body>{body}"
                      "<p>The harbour reopened on Monday after the storm had passed.</p></body></html>")


def _json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{name}" content="{content}">'


def test_json_ld_person_list_in_page_order():
    tree = _page(_json_ld({"@type": "NewsArticle", "author": [
        {"@type": "Person", "name": "Ines Moreau"}, {"@type": "Person", "name": "Tomás Ribeiro"}]}))
    assert find_authors(tree) == ["Ines Moreau", "Tomás Ribeiro"]


def test_json_ld_author_reference_is_resolved_in_the_graph():
    tree = _page(_json_ld({"@graph": [
        {"@type": "BlogPosting", "author": {"@id": "https://example.org/#/person/1"}},
        {"@type": "Person", "@id": "https://example.org/#/person/1", "name": "Hedda Lindqvist"}]}))
    assert find_authors(tree) == ["Hedda Lindqvist"]


def test_json_ld_organization_only_when_no_person_is_named():
    organisation_and_person = _page(_json_ld({"@type": "Article", "author": [
        {"@type": "Organization", "name": "Harbour Gazette"}, {"@type": "Person", "name": "Olu Adeyemi"}]}))
    assert find_authors(organisation_and_person) == ["Olu Adeyemi"]
    organisation_only = _page(_json_ld({"@type": "Article", "author": {"@type": "Organization",
                                                                      "name": "Harbour Gazette"}}))
    assert find_authors(organisation_only) == ["Harbour Gazette"]


def test_a_person_named_elsewhere_beats_the_organization_of_the_json_ld():
    organisation = {"@type": "Organization", "name": "Tidewater Media"}
    tree = _page(_json_ld({"@type": "Article", "author": organisation}),
                 '<div class="byline"><a rel="author" href="/u/7">Priya Raman</a></div>')
    assert find_authors(tree) == ["Priya Raman"]


@pytest.mark.parametrize("content, expected", [
    ("Von Hans Müller", ["Hans Müller"]),
    ("Autor: Jan Kowalski", ["Jan Kowalski"]),
    ("By Claire Dubois", ["Claire Dubois"]),
    ("Текст: Венера Ерофеева", ["Венера Ерофеева"]),
])
def test_role_words_before_the_name_are_dropped(content, expected):
    assert find_authors(_page(_meta("author", content))) == expected


@pytest.mark.parametrize("agency", ["dpa", "AFP", "Reuters"])
def test_an_agency_alone_is_kept_as_written(agency):
    assert find_authors(_page(_meta("author", agency))) == [agency]


@pytest.mark.parametrize("content", [
    "Lena Vogt, dpa", "Lena Vogt und dpa", "Lena Vogt, von dpa", "Lena Vogt, AFP"])
def test_an_agency_beside_a_person_is_dropped(content):
    assert find_authors(_page(_meta("author", content))) == ["Lena Vogt"]


@pytest.mark.parametrize("value", ["mdr.de", "https://www.facebook.com/harbourgazette", "desk@example.org",
                                   "@harbourgazette", "undefined", "admin"])
def test_a_url_domain_email_handle_or_placeholder_is_no_author(value):
    tree = _page(_meta("author", value) + _meta("article:author", "Marta Nowak", "property"))
    assert find_authors(tree) == ["Marta Nowak"]


def test_the_publisher_beside_a_person_is_dropped():
    tree = _page(_meta("og:site_name", "Nordkurier Abendblatt", "property")
                 + _meta("author", "Jens Berger; Nordkurier Abendblatt"))
    assert find_authors(tree) == ["Jens Berger"]
    company = _page(_meta("author", "Jens Berger; Abendblatt Verlag GmbH"))
    assert find_authors(company) == ["Jens Berger"]
    domain = _page(_meta("author", "Troy L. Smith, Lakeside.com"))
    assert find_authors(domain) == ["Troy L. Smith"]


def test_the_publisher_alone_is_kept():
    tree = _page(_meta("og:site_name", "Nordkurier Abendblatt", "property")
                 + _meta("author", "Nordkurier Abendblatt"))
    assert find_authors(tree) == ["Nordkurier Abendblatt"]


@pytest.mark.parametrize("value, expected", [
    ("Jane Okafor and Sam Whitfield", ["Jane Okafor", "Sam Whitfield"]),
    ("María García y José López", ["María García", "José López"]),
    ("Claire Lemoine et Paul Martin", ["Claire Lemoine", "Paul Martin"]),
    ("Hans Müller und Eva Schmidt", ["Hans Müller", "Eva Schmidt"]),
    ("Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("Nicholas Boyd, Rory Whelan, Matt De La O", ["Nicholas Boyd", "Rory Whelan", "Matt De La O"]),
    ("Maria & Katerina", ["Maria", "Katerina"]),
    ("田中太郎、鈴木花子", ["田中太郎", "鈴木花子"]),
    ("张三和李四", ["张三", "李四"]),
    ("记者 张三", ["张三"]),
])
def test_several_names_are_split_on_clear_separators(value, expected):
    assert split_names(value) == expected


@pytest.mark.parametrize("value", [
    "Jillian Okoro, MS, RD",      # credentials stay with the name
    "Genevieve Hart, Ph.D.",
    "Mike Marsh, Shipping Expert",  # a role after the name is part of how the page credits it
    "Kaufman, Jeff T.",           # surname first
    "Center for Drug Evaluation and Research",  # one organisation, not two names
    "王和平",                      # 和 inside a name
])
def test_one_name_is_not_split(value):
    assert split_names(value) == [value]


def test_trafilatura_names_take_the_page_spelling():
    tree = _page(body='<div class="article-author"><span>dpa</span></div>'
                      '<div class="byline"><span>q_ward</span></div>')
    assert find_authors(tree, extracted=["Dpa"]) == ["dpa"]
    assert find_authors(tree, extracted=["Q Ward"]) == ["q_ward"]


def test_trafilatura_is_asked_only_when_the_metadata_and_bylines_name_nobody():
    def not_asked():
        raise AssertionError("trafilatura's reader asked")

    assert find_authors(_page(_meta("author", "Lena Vogt")), extracted=not_asked) == ["Lena Vogt"]
    tree = _page(body='<div class="article-author"><span>Mira Castell</span></div>')
    assert find_authors(tree, extracted=lambda: ["Mira Castell"]) == ["Mira Castell"]


def test_trafilatura_names_end_where_the_page_name_ends():
    tree = _page(body='<div class="post-byline"><span>Luke Amari</span><span>December 3, 2025</span></div>')
    assert find_authors(tree, extracted=["Luke Amari December"]) == ["Luke Amari"]


def test_trafilatura_names_the_author_markup_does_not_hold_are_dropped():
    tree = _page(body='<div class="post-byline"><span>Updated December 3, 2025</span></div>'
                      '<a class="tag" href="/t/pf">Personal finance</a>')
    assert find_authors(tree, extracted=["Personal finance January"]) == []
    assert find_authors(tree, extracted=["Updated December"]) == []


def test_trafilatura_names_restored_from_one_byline_of_two_names():
    tree = _page(body='<p class="author-line">By Linny Osei and Peter Quist</p>')
    assert find_authors(tree, extracted=["Linny Osei", "Peter Quist"]) == ["Linny Osei", "Peter Quist"]


def test_a_domain_trafilatura_turned_into_a_name_is_dropped():
    tree = _page(body='<span class="author">sportschau.de</span>')
    assert find_authors(tree, extracted=["Sportschau De"]) == []


def test_byline_line_names_the_author_when_markup_does_not():
    tree = _page()
    assert find_authors(tree, ["Harbour works resume", "By Ada Lindgren"]) == ["Ada Lindgren"]


def test_itemprop_author_element_is_the_last_source():
    tree = _page(body='<div itemprop="author" itemscope><span itemprop="name">Sam Okonkwo</span></div>')
    assert find_authors(tree) == ["Sam Okonkwo"]
    link = _page(body='<a rel="author" href="/u/9">View all posts by Ruth Kamau</a>')
    assert find_authors(link) == ["Ruth Kamau"]


def test_json_ld_is_trusted_over_meta_and_meta_over_trafilatura():
    tree = _page(_json_ld({"@type": "Article", "author": {"@type": "Person", "name": "Dr. Nia Holt"}})
                 + _meta("author", "Web Desk"))
    assert find_authors(tree, extracted=["Nia Holt"]) == ["Dr. Nia Holt"]
    meta_only = _page(_meta("author", "kirsten boateng"))
    assert find_authors(meta_only, extracted=["Kirsten Boateng"]) == ["kirsten boateng"]


def test_invalid_json_ld_is_skipped():
    tree = _page('<script type="application/ld+json">{"@type": "Article", "author": </script>'
                 + _meta("author", "Rosa Lind"))
    assert find_authors(tree) == ["Rosa Lind"]


def test_trafilatura_names_keep_the_credentials_the_byline_writes():
    tree = _page(body='<div class="author-box"><span>Dana Reyes, MS, RD</span></div>')
    assert find_authors(tree, extracted=["Dana Reyes", "MS", "RD"]) == ["Dana Reyes, MS, RD"]


def test_a_later_word_of_a_trafilatura_name_is_no_name_on_its_own():
    tree = _page(body='<div class="byline"><span>Monday, November 18, 04:05 pm</span></div>')
    assert find_authors(tree, extracted=["Malcolm Ode Monday"]) == []


def test_the_outlet_after_a_comma_is_dropped():
    tree = _page(_meta("og:site_name", "KNN", "property") + _meta("author", "Sandee Lamar, KNN"))
    assert find_authors(tree) == ["Sandee Lamar"]


@pytest.mark.parametrize("value, expected", [
    ("Shelby Loft, DVM Reviewed by Molly Pryce", ["Shelby Loft, DVM"]),
    ("Reviewed by Molly Pryce", []),
    ("Jane Okafor | Photos: Jo Ames", ["Jane Okafor"]),
    ("Foto: dpa", []),
])
def test_reviewers_editors_and_photographers_are_no_authors(value, expected):
    assert split_names(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("View all posts by Ruth Kamau", ["Ruth Kamau"]),
    ("This post was written by Dani Padilla", ["Dani Padilla"]),
    ("Read more about The Harbour Team", ["The Harbour Team"]),
    ("Ursula von der Leyen", ["Ursula von der Leyen"]),
])
def test_lead_in_words_before_the_name_are_dropped(value, expected):
    assert split_names(value) == expected


def test_an_organization_author_keeps_its_whole_name():
    tree = _page(_json_ld({"@type": "Article", "author": {"@type": "Organization", "name": "Crane & Crane"}}))
    assert find_authors(tree) == ["Crane & Crane"]


def test_a_trafilatura_name_inside_a_role_is_no_second_author():
    tree = _page(body='<div class="author-bio">This post was written by Dani Padilla, '
                      'Head of Marketing and Community Development</div>')
    assert find_authors(tree, extracted=["Dani Padilla", "Head", "Community Development"]) == ["Dani Padilla"]


def test_a_menu_of_authorities_is_no_author_markup():
    tree = _page(body='<ul><li class="menu-item--authorities"><a>Governing Board Actions</a></li></ul>')
    assert find_authors(tree, extracted=["Governing Board Actions"]) == []


@pytest.mark.parametrize("value, expected", [
    ("Max Mahler (dpa)", ["Max Mahler"]),
    ("Max Mahler von dpa", ["Max Mahler"]),
    ("Max Mahler, Frankfurt", ["Max Mahler"]),   # a dateline's place is no author
    ("Ulla von der Lahn", ["Ulla von der Lahn"]),
])
def test_agencies_and_places_after_a_name_are_dropped(value, expected):
    assert split_names(value) == expected


def test_a_place_in_the_byline_is_no_author_trafilatura_split_off():
    tree = _page(body='<p class="byline">Max Mahler, Frankfurt</p>')
    assert find_authors(tree, extracted=["Max Mahler", "Frankfurt"]) == ["Max Mahler"]


@pytest.mark.parametrize("value, expected", [
    ("张三, 李四", ["张三", "李四"]),
    ("张三，李四", ["张三", "李四"]),
    ("محمد أحمد، علي حسن", ["محمد أحمد", "علي حسن"]),
])
def test_names_in_scripts_without_case_split_on_commas(value, expected):
    assert split_names(value) == expected


def test_a_legal_form_counts_only_in_its_own_case():
    assert find_authors(_page(_meta("author", "Linh Tran; Nguyen Van Sa"))) == ["Linh Tran", "Nguyen Van Sa"]
    assert find_authors(_page(_meta("author", "Linh Tran; Harbour Media SA"))) == ["Linh Tran"]
