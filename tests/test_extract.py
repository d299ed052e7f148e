from cleaning.extract import body_blocks, canonical_url, parse_html
from lxml import etree


def test_canonical_url_made_absolute_and_a_home_page_canonical_ignored():
    page = parse_html("<html><head><link rel='canonical' href='/news/a-story'></head><body><p>x</p></body></html>")
    assert canonical_url(page, "https://site.example/x?utm=1") == "https://site.example/news/a-story"
    home = parse_html("<html><head><link rel='canonical' href='https://site.example/'></head><body></body></html>")
    assert canonical_url(home, "https://site.example/news/a-story") is None


def test_body_blocks_split_lines_and_measure_links():
    body = etree.fromstring("<body><p>First line<lb/>second <ref>linked</ref> line</p>"
                            "<list><item><p>item one</p></item></list>"
                            "<table><row><cell>a</cell><cell>b</cell></row></table></body>")
    blocks = body_blocks(body)
    assert [(block.kind, block.text) for block in blocks] == [
        ("paragraph", "First line"), ("paragraph", "second linked line"), ("list_item", "item one"),
        ("table_row", "a b")]
    assert blocks[1].link_chars == len("linked")
