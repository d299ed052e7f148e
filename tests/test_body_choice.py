"""Choosing the body: trafilatura's, checked against readability's (and justext's where unsure)."""
import pytest

from cleaning.blocks import Block
from cleaning.body_choice import choose_body, merge_bodies
from cleaning.extract import extract_article, parse_html

URL = "https://news.example/story"

PIER = [
    "The regional council approved a plan on Thursday to rebuild the old ferry pier at Kestrel Bay, "
    "which has been closed to passengers since storms damaged it two winters ago.",
    "Engineers will drive new steel piles beside the stone ones and lay a deck wide enough for two "
    "lanes of cars, a design the council says will last for sixty years.",
    "Fishing crews who tie up at the pier asked for a separate berth so their boats can unload while "
    "the ferry is in, and the plan now includes one on the northern side.",
    "The work is expected to start in the spring and take about fourteen months, during which the "
    "ferry will run from a temporary landing stage in the harbour.",
]


def paragraphs(texts: list[str]) -> list[Block]:
    return [Block("paragraph", text) for text in texts]


def never() -> list[Block]:
    raise AssertionError("a long, clear body must not cost a walk of the page or a justext run")


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


# --- the first pass misses part of the article: the chooser recovers it ---------------------

QUARRY = [
    "Quarry workers in the valley town of Brenmoor voted on Tuesday to accept a new contract after a "
    "strike that lasted eleven weeks and closed three pits.",
    "The agreement raises basic pay by six percent this year and ties later rises to the regional "
    "price index, the union said in a statement read outside the hall.",
    "Managers had argued that the pits could not afford more than four percent while stone prices "
    "stayed low, but orders from two road projects changed the arithmetic.",
]
QUARRY_DEAL = ["Six percent more basic pay from the first of March",
               "A night shift allowance for crews working after ten",
               "Two more safety wardens on every pit floor",
               "A review of the pension scheme before the end of the year"]
QUARRY_END = [
    "Work is due to restart on Monday, when the first crews return to the eastern pit to clear water "
    "that gathered during the stoppage.",
    "The mayor of Brenmoor said the town had lived through a hard winter and welcomed the end of a "
    "dispute that had emptied its shops.",
]


def test_a_list_and_heading_trafilatura_could_not_return_are_recovered_from_readability():
    # No container trafilatura knows: its last-resort reader returns the paragraphs only.
    page = parse_html(
        "<html><body><div class='top'><a href='/'>Home</a></div><div class='c1'><span class='w'>"
        + "".join(f"<p>{p}</p>" for p in QUARRY) + "<h2>What the deal gives</h2><ul>"
        + "".join(f"<li>{item}</li>" for item in QUARRY_DEAL) + "</ul>"
        + "".join(f"<p>{p}</p>" for p in QUARRY_END) + "</span></div></body></html>")
    blocks = extract_article(page, URL).blocks
    assert texts(blocks) == [*QUARRY, "What the deal gives", *QUARRY_DEAL, *QUARRY_END]
    assert [block.kind for block in blocks[3:8]] == ["heading", *["list_item"] * 4]


def test_gaps_are_filled_only_in_a_flat_body_and_only_with_new_text():
    first = paragraphs([PIER[0], PIER[1], PIER[3]])
    second = [*paragraphs(PIER[:2]), Block("list_item", "Deck width: two lanes and a footpath"),
              Block("paragraph", "Photo: harbour office"), Block("paragraph", "Photo: harbour office"),
              Block("paragraph", PIER[1][:60]), *paragraphs([PIER[3]])]
    merged = merge_bodies(first, second)
    # the list item is new; the repeated caption and the split-off repeat of a paragraph are not
    assert texts(merged) == [PIER[0], PIER[1], "Deck width: two lanes and a footpath", PIER[3]]
    structured = [Block("heading", "The plan"), *first]
    assert merge_bodies(structured, [Block("heading", "The plan"), *second]) == structured


def test_a_body_under_half_of_readabilitys_is_replaced_by_it():
    first = paragraphs([PIER[0]])
    second = paragraphs(PIER)
    assert choose_body(first, second, lambda: paragraphs(PIER), lambda: []) == second


def test_justext_replaces_a_short_body_when_it_finds_far_more():
    page_lines = paragraphs(["Menu", "Home", "Contact", *PIER, *PIER, *PIER])
    found = paragraphs(PIER * 3)
    first = paragraphs([PIER[0]])
    assert choose_body(first, first, lambda: page_lines, lambda: found) == found
    assert choose_body(first, first, lambda: page_lines, lambda: paragraphs(PIER[:1])) == first


def test_a_page_dump_gives_way_to_readability_else_to_the_pages_lines():
    page_lines = paragraphs(["Menu", *PIER, "Contact us"])
    dump = [Block("paragraph", " ".join(texts(page_lines)))]
    article = paragraphs(PIER)
    assert choose_body(dump, article, lambda: page_lines, lambda: []) == article
    assert choose_body(dump, [], lambda: page_lines, lambda: []) == page_lines


# --- the fallback would add boilerplate: the chooser refuses it -------------------------------

TEASERS = ["Lighthouse keeper retires after forty years", "Harbour fees to rise in May",
           "School choir wins national prize", "New bus route links the two bays"]


def test_teasers_trafilatura_kept_after_the_article_are_dropped():
    page = parse_html(
        "<html><body><article><h1>Kestrel Bay pier to be rebuilt</h1><div class='text'>"
        + "".join(f"<p>{p}</p>" for p in PIER) + "</div><div class='extra-reading'><h3>More from the bays</h3>"
        + "".join(f"<p>{t}</p>" for t in TEASERS) + "</div></article></body></html>")
    assert texts(extract_article(page, URL).blocks) == PIER


@pytest.mark.parametrize("edge", [
    [Block("paragraph", t, link_chars=len(t)) for t in ("Read: " + PIER[0], "Read: " + PIER[1])],
    # a headline and a standfirst as long as a paragraph: headings above the text
    [Block("heading", "Kestrel Bay pier to be rebuilt"),
     Block("heading", "Two winters after the storms, the council votes for steel piles, a deck for two lanes "
                      "of cars and a berth for the fishing crews, and promises the ferry a landing stage "
                      "in the harbour while the work goes on, fourteen months from the spring, with the "
                      "crews unloading on the northern side and the cars crossing on the new deck")],
])
def test_a_link_list_or_headings_above_the_text_are_dropped(edge):
    first = [*edge, *paragraphs(PIER)] if edge[0].kind == "heading" else [*paragraphs(PIER), *edge]
    assert texts(merge_bodies(first, paragraphs(PIER))) == PIER


def test_readabilitys_extra_blocks_around_the_article_are_not_taken():
    second = [Block("paragraph", "Related: " + PIER[2]), *paragraphs(PIER[:3]),
              *paragraphs(["You may also like these stories from the bays and the islands."] * 2)]
    first = paragraphs(PIER[:3])
    assert choose_body(first, second, lambda: first, never) == first


def test_a_long_body_is_judged_without_a_walk_of_the_page_or_justext():
    body = paragraphs(PIER * 6)
    assert choose_body(body, body, never, never) == body


def test_justext_is_not_run_where_the_page_holds_no_more_than_twice_readabilitys_text():
    # justext keeps some of the page's lines: it could not find the twice-as-much it needs to win.
    page_lines = paragraphs(["Menu", *PIER, "Contact us"])
    first = paragraphs([PIER[0][:70]])
    assert choose_body(first, paragraphs(PIER), lambda: page_lines, never) == paragraphs(PIER)
    dump = [Block("paragraph", " ".join(texts(page_lines)))]
    assert choose_body(dump, paragraphs(PIER), lambda: page_lines, never) == paragraphs(PIER)


# --- a long list that is the article is kept ---------------------------------------------------

MEALS = ["Monday: oat porridge, lentil soup, baked trout",
         "Tuesday: yoghurt, chickpea salad, mushroom risotto",
         "Wednesday: eggs on toast, leftover risotto, barley stew",
         "Thursday: rye toast, leftover stew, tofu stir fry",
         "Friday: banana, tuna and bean salad, vegetable curry",
         "Saturday: pancakes, tomato soup, pepper and feta tart",
         "Sunday: boiled eggs, cold tart, slow roast lamb"]
MEAL_INTRO = ("Feeding four people for under sixty euros a week takes a plan, so here is ours, built "
              "around a few big pots that carry over to the next day.")
MEAL_SHOPPING = ("We shop once, on Saturday morning at the market, and cook the stew and the risotto in "
                 "double quantities so that the next day's lunch is already in the fridge.")


def test_a_meal_plan_readability_drops_is_kept_because_the_two_disagree_on_most_of_the_body():
    page = parse_html(
        "<html><body><article><h1>A week of cheap family meals</h1>" f"<p>{MEAL_INTRO}</p><p>{MEAL_SHOPPING}</p>"
        "<div class='extra-plan'><ul>" + "".join(f"<li>{meal}</li>" for meal in MEALS)
        + "</ul></div></article></body></html>")
    assert texts(extract_article(page, URL).blocks)[-9:] == [MEAL_INTRO, MEAL_SHOPPING, *MEALS]


def test_short_lines_after_the_text_stay_when_the_extractors_share_too_little_of_it():
    first = [*paragraphs([MEAL_INTRO]), *[Block("list_item", meal) for meal in MEALS]]
    assert merge_bodies(first, paragraphs([MEAL_INTRO])) == first
