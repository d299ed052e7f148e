from cleaning.extract import body_blocks, canonical_url, declared_languages, parse_html
from cleaning.page_meta import read_page_meta
from lxml import etree


def test_canonical_url_made_absolute_and_a_home_page_canonical_ignored():
    page = read_page_meta(parse_html("<html><head><link rel='canonical' href='/news/a-story'></head>"
                                     "<body><p>x</p></body></html>"))
    assert canonical_url(page, "https://site.example/x?utm=1") == "https://site.example/news/a-story"
    home = read_page_meta(parse_html("<html><head><link rel='canonical' href='https://site.example/'>"
                                     "<meta property='og:url' content='https://site.example/news/b'></head>"
                                     "<body></body></html>"))
    assert canonical_url(home, "https://site.example/news/a-story") == "https://site.example/news/b"


def test_declared_languages_html_lang_og_locale_and_http_equiv_in_that_order():
    tree = parse_html("<html lang='pt-BR'><head><meta http-equiv='Content-Language' content='pt'>"
                      "<meta property='og:locale' content='pt_BR'></head><body><p>x</p></body></html>")
    assert declared_languages(tree, read_page_meta(tree)) == ["pt-BR", "pt_BR", "pt"]
    bare = parse_html("<html><head></head><body><p>x</p></body></html>")
    assert declared_languages(bare, read_page_meta(bare)) == []


def test_body_blocks_split_lines_and_measure_links():
    body = etree.fromstring("<body><p>First line<lb/>second <ref>linked</ref> line</p>"
                            "<list><item><p>item one</p></item></list>"
                            "<table><row><cell>a</cell><cell>b</cell></row></table></body>")
    blocks = body_blocks(body)
    assert [(block.kind, block.text) for block in blocks] == [
        ("paragraph", "First line"), ("paragraph", "second linked line"), ("list_item", "item one"),
        ("table_row", "a b")]
    assert blocks[1].link_chars == len("linked")
