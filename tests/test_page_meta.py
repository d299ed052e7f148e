"""What the page states about itself, read in one pass: description, site name, image, sections, tags."""
import json

from cleaning.extract import parse_html
from cleaning.page_meta import categories, description, image_url, read_page_meta, site_name, tags

URL = "https://valley.example/news/orchard-harvest"


def page(head: str = "", body: str = "<p>Apples.</p>"):
    return read_page_meta(parse_html(f"<html><head>{head}</head><body>{body}</body></html>"))


def meta(key: str, value: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{key}" content="{value}">'


def json_ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_one_pass_reads_meta_under_each_of_its_keys_json_ld_title_and_h1s():
    found = page(meta("og:title", "Orchard harvest") + '<meta name="description" itemprop="description" '
                 'content="A good year.">' + "<title>Orchard harvest | Valley</title>"
                 + json_ld({"@type": "NewsArticle", "headline": "Orchard harvest"}),
                 "<h1>Orchard harvest</h1><svg><title>icon</title></svg>")
    assert found.first("og:title") == "Orchard harvest"
    assert found.meta["description"] == ["A good year."]  # named twice, stated once
    assert found.title == "Orchard harvest | Valley"
    assert [node["@type"] for node in found.json_ld.nodes] == ["NewsArticle"]
    assert [h1.text for h1 in found.h1s] == ["Orchard harvest"]


def test_description_prefers_the_link_preview_then_the_article_node():
    assert description(page(meta("description", "Plain.", "name") + meta("og:description", "Preview."))) == "Preview."
    assert description(page(json_ld({"@type": "BlogPosting", "description": "Cider &amp; juice  season."}))) == \
        "Cider & juice season."
    assert description(page()) is None


def test_site_name_from_og_then_json_ld_publisher_never_a_url():
    assert site_name(page(meta("og:site_name", "Valley Courier"))) == "Valley Courier"
    publisher = json_ld({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Valley Courier"}})
    assert site_name(page(publisher + meta("application-name", "VC App", "name"))) == "Valley Courier"
    graph = json_ld({"@graph": [{"@type": "WebSite", "@id": "#site", "name": "Valley Courier"},
                                {"@type": "Article", "publisher": {"@id": "#org"}}]})
    assert site_name(page(graph)) == "Valley Courier"
    assert site_name(page(meta("publisher", "Valley Media Group", "name"))) == "Valley Media Group"
    assert site_name(page(meta("og:site_name", "https://www.facebook.com/valley"))) is None
    assert site_name(page()) is None  # not guessed from the host name


def test_image_url_made_absolute_from_og_image_or_json_ld_image_object():
    assert image_url(page(meta("og:image", "/img/orchard.jpg")), URL) == "https://valley.example/img/orchard.jpg"
    ld = json_ld({"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "https://cdn.example/a.jpg"}]})
    assert image_url(page(ld), URL) == "https://cdn.example/a.jpg"
    assert image_url(page(meta("og:image", "data:image/png;base64,AAAA")), URL) is None


def test_categories_from_article_section_then_section_meta_then_category_links():
    ld = json_ld({"@type": "NewsArticle", "articleSection": ["Farming", "Local"]})
    assert categories(page(ld + meta("article:section", "Business"))) == ["Farming", "Local"]
    assert categories(page(meta("article:section", "Business"))) == ["Business"]
    links = '<a rel="category tag" href="/c/farming">Farming</a><a rel="tag" href="/t/apples">apples</a>'
    assert categories(page(body=links)) == ["Farming"]


def test_tags_each_article_tag_or_one_keyword_list_split_in_any_script():
    assert tags(page(meta("article:tag", "Trump, Donald J") + meta("article:tag", "Tariffs"))) == \
        ["Trump, Donald J", "Tariffs"]
    assert tags(page(meta("keywords", "apples, cider;harvest", "name"))) == ["apples", "cider", "harvest"]
    assert tags(page(meta("keywords", "苹果，丰收、果园", "name"))) == ["苹果", "丰收", "果园"]
    assert tags(page(json_ld({"@type": "Article", "keywords": ["M&amp;A", "orchards"]}))) == ["M&A", "orchards"]
    links = '<a rel="tag" href="/t/apples">apples</a><a rel="tag" href="/t/cider">cider</a>'
    assert tags(page(body=links)) == ["apples", "cider"]
    assert tags(page()) == []


def test_a_single_article_tag_holding_a_list_is_split():
    assert tags(page(meta("article:tag", "Hong Kong,Protest,World news"))) == ["Hong Kong", "Protest", "World news"]
