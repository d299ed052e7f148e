"""Content faults: hostile or broken page bytes through the cleaning stage.

Every input ends as one Article or one Rejection with a stage, a reason and a detail;
nothing raises, nothing hangs (a watchdog fails the test instead of stalling the suite).
"""
from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import Article, PageInput, Rejection, RejectReason, Stage, clean_page

from .watchdog import watchdog

pytestmark = pytest.mark.faults

URL = "https://news.example.org/2026/11/29/harbour-ferries"
HTML = {"Content-Type": "text/html"}
_WORDS = ("harbour ferry union council budget timetable residents island weather captain engine "
          "dock pier ticket fare summer winter route vessel crew").split()


def story(seed: int, paragraphs: int = 8) -> str:
    """Paragraphs of an article no other test page shares (each page its own content hash)."""
    return "".join(
        f"<p>The {_WORDS[(i + seed) % 20]} report number {seed}-{i} said the {_WORDS[(i * 7 + seed) % 20]} "
        f"and the {_WORDS[(i * 3) % 20]} would change before the {_WORDS[(i * 11 + seed) % 20]} season, "
        f"officials told reporters on Monday.</p>" for i in range(paragraphs))


def page(seed: int, head: str = "", extra: str = "") -> str:
    return (f"<html><head><title>Ferry story {seed}</title>{head}</head><body><article>"
            f"<h1>Ferry story {seed}</h1>{story(seed)}</article>{extra}</body></html>")


def clean(body: bytes, headers: dict | None = None) -> Article | Rejection:
    with watchdog(120, "clean_page"):
        result = clean_page(PageInput(body=body, url=URL, headers=HTML if headers is None else headers))
    assert isinstance(result, (Article, Rejection))
    if isinstance(result, Rejection):
        assert result.stage in set(Stage) and result.reason in set(RejectReason) and result.detail
    return result


def rejected(result, stage: Stage, *reasons: RejectReason) -> bool:
    return isinstance(result, Rejection) and result.stage == stage and result.reason in reasons


# --- not HTML at all, whatever the server says --------------------------------------------

@pytest.mark.parametrize("body, reason", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 20, RejectReason.PDF),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, RejectReason.IMAGE),
    (b'{"story": {"title": "Ferry", "html": "<p>' + b"Ferry fares rise. " * 50 + b'</p>"}}', RejectReason.NOT_HTML),
    (b"Ferry fares rise in spring, the harbour authority said.\n" * 30, RejectReason.NOT_HTML),
    (b"", RejectReason.EMPTY),
    (b" \r\n\t " * 100, RejectReason.EMPTY),
    (bytes((i * 7919) % 256 for i in range(20000)), RejectReason.BINARY),
    (gzip.compress(page(1).encode(), mtime=0), RejectReason.BINARY),  # still compressed: not a page
    (zlib.compress(page(2).encode()) * 3, RejectReason.BINARY),
])
def test_payloads_that_are_not_html_are_named_at_decode(body, reason):
    assert rejected(clean(body), Stage.DECODE, reason)


# --- wrong or missing charsets --------------------------------------------------------------

def test_cp1252_labelled_utf8_keeps_its_text_readable():
    body = page(3).replace("</article>", "<p>Le café du quai ouvrira à 7 h, déjà complet.</p></article>").encode("cp1252")
    result = clean(body, {"Content-Type": "text/html; charset=utf-8"})
    assert isinstance(result, Article)
    # the label is wrong (the bytes are not UTF-8): the next candidate decodes them
    assert "Le café du quai ouvrira à 7 h, déjà complet." in result.text


@pytest.mark.parametrize("text, codec, expected", [
    ("東京湾のフェリー運賃が来春から値上げされると、港湾局が月曜日に発表した。利用者の負担は一回あたり百円増える見込みで、"
     "島の住民からは生活への影響を心配する声が上がっている。" * 6, "shift_jis", "フェリー"),
    ("上海港的渡轮票价将于明年春季上调，港务局周一宣布了这一决定。岛上居民担心每天通勤的费用增加，"
     "工会表示将与当局继续谈判以减少对低收入家庭的影响。" * 6, "gb18030", "渡轮"),
    ("Die Hafenbehörde erhöht die Fährpreise im Frühjahr, sagte ein Sprecher am Montag. Pendler "
     "zahlen künftig mehr für die Überfahrt zur Insel. " * 6, "utf-16", "Fährpreise"),
])
def test_unlabelled_or_bom_encodings_are_decoded(text, codec, expected):
    body = f"<html><head><title>x</title></head><body><article><p>{text}</p></article></body></html>".encode(codec)
    result = clean(body, {"Content-Type": "text/html"})
    assert isinstance(result, Article)
    assert expected in result.text


# --- broken and pathological markup ---------------------------------------------------------

def test_truncated_html_keeps_what_arrived():
    body = page(4)[:-40].encode()
    result = clean(body)
    assert isinstance(result, Article) and "report number 4-0" in result.text


def test_nul_bytes_inside_text_do_not_reach_the_row():
    body = page(5).replace("ferry", "fer\x00ry").encode()
    result = clean(body)
    assert isinstance(result, Article) and "\x00" not in result.text


def test_an_endless_script_is_not_text():
    body = (page(6)[: -len("</body></html>")] + "<script>" + "var a = 1;" * 300_000).encode()
    result = clean(body)
    assert isinstance(result, Article) and "var a" not in result.text


def test_a_dom_100000_deep_is_answered():
    body = ("<html><body>" + "<div>" * 100_000 + story(7) + "</div>" * 100_000 + "</body></html>").encode()
    clean(body)  # an Article or a named Rejection, within the watchdog


def test_a_50_mb_line_is_answered():
    body = ("<html><body><p>" + "x" * 50_000_000 + "</p>" + story(8) + "</body></html>").encode()
    clean(body)


def test_all_boilerplate_page_is_rejected_as_such():
    body = ("<html><body><p>Share this article</p><p>Most Popular</p><p>Sign up for our newsletter</p>"
            "<p>Advertisement</p><p>© 2026 Harbour News. All rights reserved.</p></body></html>").encode()
    assert rejected(clean(body), Stage.QUALITY, RejectReason.ALL_BOILERPLATE)


def test_a_front_of_300_links_is_not_an_article():
    links = "".join(f'<p><a href="/s/{i}">Story {i}: the {_WORDS[i % 20]} and the {_WORDS[(i * 3) % 20]}</a></p>'
                    for i in range(300))
    assert rejected(clean(f"<html><body>{links}</body></html>".encode()), Stage.QUALITY,
                    RejectReason.LINK_LIST, RejectReason.SECTION_FRONT)


def test_a_wrongly_declared_language_is_corrected_by_the_text():
    body = page(9).replace("<html>", '<html lang="fr">').encode()
    result = clean(body)
    assert isinstance(result, Article) and result.language == "en"


# --- mutated real layouts: the demo site's pages, cut, spliced and corrupted -----------------

DEMO_PAGES = sorted((Path(__file__).resolve().parent.parent / "seeds" / "demo-site").rglob("*.html"))


def _mutate(html: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, length, replacement) edits at positions scaled to the page's size."""
    for position, length, replacement in cuts:
        at = position % (len(html) + 1)
        html = html[:at] + replacement + html[at + length:]
    return html


NOISE = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"<", b">", b"</div>", b"<script>", b"<!--", b"]]>", b"<p", b"&#x0;", b"&#xD800;",
                     b"\xef\xbb\xbf", b"\x00", b"<meta charset='shift_jis'>", b"<html lang='zz'>",
                     b'<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": [',
                     b"<time datetime='9999-99-99'>", "\u202e\u200b".encode()]),
)
EDITS = st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 2000), NOISE), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_index=st.integers(0, len(DEMO_PAGES) - 1), edits=EDITS)
def test_mutated_demo_pages_end_as_an_article_or_a_named_rejection(page_index, edits):
    result = clean(_mutate(DEMO_PAGES[page_index].read_bytes(), edits))
    if isinstance(result, Article):
        assert result.text.strip() and result.word_count > 0
        assert "\x00" not in result.text and "\ufeff" not in result.text
