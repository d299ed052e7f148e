"""The quality gate: link lists, lists of items, section fronts, and what is left after cleaning."""
import pytest

from cleaning.extract import Block, parse_html
from cleaning.models import RejectReason
from cleaning.page_meta import read_page_meta
from cleaning.quality import (QualityThresholds, check_cleaned, check_extracted, check_teasers,
                              declares_article)

T = QualityThresholds()

PROSE = [
    "The city council voted on Tuesday to expand the bus network to the northern suburbs, "
    "ending a debate that had lasted for more than two years.",
    "Supporters said the new lines would cut commuting times for thousands of workers, while "
    "opponents warned that the cost had been underestimated.",
    "The first buses are expected to run in the spring, according to the transport authority, "
    "which will publish a timetable once drivers are hired.",
    "The mayor said she was pleased with the result and thanked the residents who had taken part "
    "in the public consultation last autumn.",
    "A second phase, extending the network to the airport, will be debated by the council next year "
    "once the first figures on ridership are known.",
]
TEASERS = [
    "Heavy rain closed dozens of schools across the region on Monday as rivers burst their banks.",
    "Shares fell sharply in early trading after the central bank raised interest rates again.",
    "The home side came from two goals down to win the cup final in front of a record crowd.",
    "A new exhibition of early photography opens at the city museum this weekend, with free entry.",
    "Officials confirmed that the new bridge will open to traffic two months ahead of schedule.",
]
HEADLINES = [
    "Floods close schools across the region",
    "Markets tumble after rate rise",
    "Home side wins the cup final",
    "Museum opens photography exhibition",
    "New bridge opens early this summer",
]


def p(text: str, link_chars: int = 0) -> Block:
    return Block("paragraph", text, link_chars)


def li(text: str, link_chars: int = 0) -> Block:
    return Block("list_item", text, link_chars)


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


# --- check_extracted -------------------------------------------------------------------------

def test_normal_article_passes():
    assert check_extracted([p(text) for text in PROSE], T) is None


def test_article_with_some_links_in_paragraphs_passes():
    blocks = [p(text, link_chars=len(text) // 4) for text in PROSE]
    assert check_extracted(blocks, T) is None


@pytest.mark.parametrize("blocks", [[], [p("")], [Block("paragraph", "", 0), Block("list_item", "", 0)]])
def test_nothing_extracted_is_no_content(blocks):
    reason, detail = check_extracted(blocks, T)
    assert reason == RejectReason.NO_CONTENT
    assert detail


def test_body_made_of_links_is_a_link_list():
    blocks = [p(text, link_chars=len(text)) for text in HEADLINES] + [p(PROSE[0][:40])]
    reason, detail = check_extracted(blocks, T)
    assert reason == RejectReason.LINK_LIST
    assert "%" in detail


def test_link_share_threshold_is_strictly_greater_than():
    text = "x" * 100
    assert check_extracted([p(text, link_chars=70)], T) is None
    assert check_extracted([p(text, link_chars=71)], T)[0] == RejectReason.LINK_LIST


def test_link_share_is_over_all_blocks():
    # One block all links, the rest prose: the share is what counts, not one block.
    blocks = [p(PROSE[0], link_chars=len(PROSE[0]))] + [p(text) for text in PROSE[1:]]
    assert check_extracted(blocks, T) is None


def test_list_of_items_page_is_a_link_list():
    # An index page whose headline links were dropped: teasers in list items, no prose.
    blocks = [li(text) for text in TEASERS]
    reason, detail = check_extracted(blocks, T)
    assert reason == RejectReason.LINK_LIST
    assert "5 items" in detail


def test_article_with_a_list_in_it_passes():
    blocks = [p(PROSE[0]), p(PROSE[1]), *(li(f"Item number {n} of the list") for n in range(6)), p(PROSE[2])]
    assert check_extracted(blocks, T) is None


def test_few_list_items_are_not_a_list_page():
    blocks = [li(text) for text in TEASERS[:4]]
    assert check_extracted(blocks, T) is None


def test_list_page_with_a_short_intro_is_still_a_list_page():
    blocks = [p("Latest stories."), *(li(text) for text in TEASERS)]
    assert check_extracted(blocks, T)[0] == RejectReason.LINK_LIST


def test_thresholds_are_honoured():
    lenient = QualityThresholds(max_link_share=0.95, min_list_items=10)
    assert check_extracted([p("x" * 100, link_chars=90)], lenient) is None
    assert check_extracted([li(text) for text in TEASERS], lenient) is None


# --- check_cleaned ---------------------------------------------------------------------------

def test_enough_words_pass():
    kept = [p(words(30))]
    assert check_cleaned(kept, kept, T) is None
    assert check_cleaned(kept, kept + [p(words(500))], T) is None


def test_short_article_is_too_short():
    kept = [p(words(20))]
    reason, detail = check_cleaned(kept, kept + [p(words(5))], T)
    assert reason == RejectReason.TOO_SHORT
    assert "20 words" in detail


def test_nothing_left_is_all_boilerplate():
    extracted = [p("Advertisement"), p("Most Popular"), p(words(10))]
    reason, detail = check_cleaned([], extracted, T)
    assert reason == RejectReason.ALL_BOILERPLATE
    assert detail


def test_nothing_extracted_and_nothing_left_is_all_boilerplate():
    assert check_cleaned([], [], T)[0] == RejectReason.ALL_BOILERPLATE


def test_few_words_left_from_a_page_of_furniture_is_all_boilerplate():
    kept = [p(words(10))]
    extracted = kept + [p(words(21))]  # 21 removed > 2 * 10 kept
    reason, detail = check_cleaned(kept, extracted, T)
    assert reason == RejectReason.ALL_BOILERPLATE
    assert "21 of 31" in detail


def test_few_words_with_little_removed_is_too_short():
    kept = [p(words(10))]
    extracted = kept + [p(words(20))]  # 20 removed == 2 * 10 kept: not more
    assert check_cleaned(kept, extracted, T)[0] == RejectReason.TOO_SHORT


def test_min_words_threshold():
    kept = [p(words(10))]
    assert check_cleaned(kept, kept, QualityThresholds(min_words=10)) is None
    assert check_cleaned(kept, kept, QualityThresholds(min_words=11))[0] == RejectReason.TOO_SHORT


# --- check_teasers ---------------------------------------------------------------------------

def section_front(teasers=TEASERS, headlines=HEADLINES) -> str:
    cards = "".join(
        f'<div class="card"><h2><a href="/story/{n}">{headline}</a></h2>'
        f'<span class="date">Feb 27</span><p>{teaser}</p></div>'
        for n, (headline, teaser) in enumerate(zip(headlines, teasers))
    )
    return f"<html><body><main><h1>World</h1>{cards}</main></body></html>"


def article_with_links() -> str:
    paragraphs = "".join(
        f'<p>{text[:50]} <a href="/related/{n}">according to the latest official figures</a> '
        f'{text[50:]}</p>'
        for n, text in enumerate(PROSE)
    )
    return (f'<html><body><article><h1><a href="/self">Council expands the bus network</a></h1>'
            f'{paragraphs}</article></body></html>')


def blocks_of(paragraphs: list[str]) -> list[Block]:
    return [p(" ".join(text.split())) for text in paragraphs]


def test_section_front_is_flagged():
    tree = parse_html(section_front())
    reason, detail = check_teasers(tree, blocks_of(TEASERS), T)
    assert reason == RejectReason.SECTION_FRONT
    assert "5 of 5" in detail


def test_normal_article_with_links_in_paragraphs_is_not_flagged():
    html = article_with_links()
    tree = parse_html(html)
    texts = [" ".join(element.text_content().split()) for element in tree.iter("p")]
    assert len(texts) == 5
    assert check_teasers(tree, blocks_of(texts), T) is None


def test_article_paragraphs_each_in_their_own_div_are_not_flagged():
    paragraphs = "".join(f"<div class='para'><p>{text}</p></div>" for text in PROSE)
    html = f"<html><body><div class='story'><h1>Council expands the bus network</h1>{paragraphs}</div></body></html>"
    assert check_teasers(parse_html(html), blocks_of(PROSE), T) is None


def test_fewer_than_min_teasers_paragraphs_is_not_checked():
    tree = parse_html(section_front(TEASERS[:3], HEADLINES[:3]))
    assert check_teasers(tree, blocks_of(TEASERS[:3]), T) is None


def test_cards_with_short_headline_links_are_not_teasers():
    tree = parse_html(section_front(headlines=["Floods", "Markets", "Cup", "Museum", "Bridge"]))
    assert check_teasers(tree, blocks_of(TEASERS), T) is None


def test_teasers_must_be_more_than_half_of_the_paragraphs():
    # Four cards at the foot of a long article: 4 of 9 paragraphs are teasers, not a majority.
    cards = "".join(f'<div class="card"><h3><a href="/s/{n}">{h}</a></h3><p>{t}</p></div>'
                    for n, (h, t) in enumerate(zip(HEADLINES[:4], TEASERS[:4])))
    body = "".join(f"<p>{text}</p>" for text in PROSE)
    html = f"<html><body><article>{body}</article><aside>{cards}</aside></body></html>"
    assert check_teasers(parse_html(html), blocks_of(PROSE + TEASERS[:4]), T) is None
    # The same cards alone are a section front.
    assert check_teasers(parse_html(html), blocks_of(TEASERS[:4]), T)[0] == RejectReason.SECTION_FRONT


def test_only_paragraph_blocks_longer_than_40_chars_count():
    tree = parse_html(section_front())
    items = [li(text) for text in TEASERS]
    assert check_teasers(tree, items, T) is None


# --- pages that declare themselves an article ----------------------------------------------

def head(meta: str) -> str:
    return f"<html><head>{meta}</head><body><p>x</p></body></html>"


@pytest.mark.parametrize("meta", [
    '<meta property="og:type" content="article">',
    '<meta property="og:type" content=" Article ">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H"}</script>',
    '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": ["BlogPosting"]}]}</script>',
    '<script type="application/ld+json">{"@type": "ReportageNews"}</script>',
])
def test_article_declarations_are_read(meta):
    assert declares_article(read_page_meta(parse_html(head(meta))))


@pytest.mark.parametrize("meta", [
    "",
    '<meta property="og:type" content="website">',
    '<script type="application/ld+json">{"@type": "CollectionPage"}</script>',
    '<script type="application/ld+json">{"@type": "ItemList", "itemListElement": []}</script>',
])
def test_section_and_list_pages_do_not_declare_an_article(meta):
    assert not declares_article(read_page_meta(parse_html(head(meta))))


def test_a_declared_listicle_with_headline_links_is_not_a_section_front():
    # "Five trips for the summer": each item is a linked name over a paragraph, like cards.
    tree = parse_html(section_front())
    assert check_teasers(tree, blocks_of(TEASERS), T)[0] == RejectReason.SECTION_FRONT
    assert check_teasers(tree, blocks_of(TEASERS), T, declared_article=True) is None


def test_a_declared_article_that_is_a_list_is_kept():
    items = [li(text) for text in TEASERS + PROSE]
    assert check_extracted(items, T)[0] == RejectReason.LINK_LIST
    assert check_extracted(items, T, declared_article=True) is None


def test_a_declared_article_of_mostly_links_is_kept_unless_it_is_all_links():
    mostly_links = [p(text, link_chars=int(len(text) * 0.8)) for text in PROSE]
    assert check_extracted(mostly_links, T)[0] == RejectReason.LINK_LIST
    assert check_extracted(mostly_links, T, declared_article=True) is None
    all_links = [p(text, link_chars=len(text)) for text in PROSE]
    assert check_extracted(all_links, T, declared_article=True)[0] == RejectReason.LINK_LIST
