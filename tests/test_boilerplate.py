"""Residual boilerplate rules, one at a time, on hand-built blocks."""
import pytest

from cleaning.boilerplate import (is_boilerplate_line, is_date_only, load_phrases, phrase_key,
                                  strip_boilerplate)
from cleaning.extract import Block

ARTICLE = [
    "The city council voted on Tuesday to expand the bus network to the northern suburbs, "
    "ending a debate that had lasted for more than two years and divided residents sharply.",
    "Supporters said the new lines would cut commuting times for thousands of workers, while "
    "opponents warned that the cost of the project had been badly underestimated by planners.",
    "The first buses are expected to run in the spring, according to the transport authority, "
    "which said it would publish a detailed timetable once the drivers had been hired.",
]
LONG = (
    "Officials said the measure, which passed by a narrow margin after a long evening session, "
    "would be reviewed again next year once the first figures on ridership and costs were in, "
    "and that residents would be consulted before any further changes were made to the routes."
)


def p(text: str) -> Block:
    return Block("paragraph", text)


def h(text: str) -> Block:
    return Block("heading", text)


def li(text: str, linked: bool = True) -> Block:
    return Block("list_item", text, len(text) if linked else 0)


def link(text: str) -> Block:
    return Block("paragraph", text, len(text))


def body() -> list[Block]:
    return [p(text) for text in ARTICLE]


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


@pytest.fixture(scope="module")
def phrases():
    return load_phrases()


# --- phrase_key and the phrase lists -------------------------------------------------------

def test_phrase_key_casefolds_collapses_spaces_and_trims_edge_noise():
    assert phrase_key("  » READ   More →  ") == "read more"
    assert phrase_key("- Advertisment -") == "advertisment"
    assert phrase_key("Most Popular:") == "most popular"
    assert phrase_key("...") == ""


def test_phrase_key_is_nfc():
    assert phrase_key("Publicite\u0301") == phrase_key("Publicité") == "publicité"


@pytest.mark.parametrize("line", [
    "Advertisement", "- Advertisment -", "SHARE THIS ARTICLE", "Translate »", "Leave a Reply",  # en
    "Publicité", "Lire la suite", "Tout accepter",  # fr
    "Anzeige", "Weiterlesen", "Alle akzeptieren",  # de
    "Publicidad", "Leer más", "Seguir leyendo",  # es
])
def test_exact_phrases_in_each_language_are_boilerplate(phrases, line):
    assert is_boilerplate_line(p(line), phrases)


def test_empty_and_punctuation_only_lines_are_boilerplate(phrases):
    assert is_boilerplate_line(p("•"), phrases)
    assert is_boilerplate_line(p("— | —"), phrases)


def test_exact_phrase_is_not_matched_inside_a_sentence(phrases):
    # "share" is an exact phrase; a sentence with the word in it is prose.
    assert not is_boilerplate_line(p("Investors sold their share of the company last week."), phrases)


@pytest.mark.parametrize("line", [
    "Read more: How the council decided on the new bus lines",
    "Also read: Ten things to know about the budget",
    "Lire aussi : Le conseil municipal vote l'extension du réseau",
    "À lire aussi : la réforme des retraites expliquée",
    "Lesen Sie auch: Der Stadtrat beschließt den Ausbau",
    "Lee también: El ayuntamiento aprueba la ampliación",
    "Please enter your comment!",
    "Please enter your name here",
    "» Read more: the budget explained",
])
def test_prefix_teasers_are_boilerplate(phrases, line):
    assert is_boilerplate_line(p(line), phrases)


def test_prefix_ends_at_a_word_end(phrases):
    assert is_boilerplate_line(p("Share on Facebook"), phrases)
    assert not is_boilerplate_line(p("Share one thing that you wish people knew about you."), phrases)
    assert not is_boilerplate_line(p("Copyrighted maps are lent to students by the library."), phrases)


def test_prefix_in_a_script_without_spaces_needs_no_word_end(phrases):
    assert is_boilerplate_line(p("相关阅读市议会通过新的预算方案"), phrases)


def test_prefix_rule_spares_long_paragraphs(phrases):
    text = "Read more: " + " ".join(["word"] * 45) + "."
    assert len(text.split()) > 40
    assert not is_boilerplate_line(p(text), phrases)


@pytest.mark.parametrize("line", [
    "Subscribe to our newsletter and get the news in your inbox",
    "This site uses cookies to improve your experience.",
    "© 2024 Example Media. All rights reserved.",
    "Inscrivez-vous à notre newsletter pour ne rien manquer",
    "Melden Sie sich für unseren Newsletter an",
    "Recibe las noticias en tu correo cada mañana",
])
def test_contains_phrases_in_short_lines_are_boilerplate(phrases, line):
    assert is_boilerplate_line(p(line), phrases)


@pytest.mark.parametrize("line", ["本网站版权所有，未经许可不得转载", "Photo © Jane Doe", "Tous droits réservés à l'auteur"])
def test_contains_phrases_in_other_scripts_and_after_signs(phrases, line):
    assert is_boilerplate_line(p(line), phrases)


def test_long_paragraph_mentioning_cookies_or_newsletter_survives(phrases):
    cookies = ("Regulators said on Monday that the company's website uses cookies to track visitors "
               "across other sites without their consent, and that it had ignored repeated warnings "
               "from the data protection authority over a period of more than three years.")
    newsletter = ("The mayor announced the plan in our newsletter last week, saying the city would hire "
                  "two hundred new teachers before the start of the school year and would pay for them "
                  "with the savings made by closing three administrative offices downtown.")
    assert len(cookies.split()) > 20 and len(newsletter.split()) > 20
    for text in (cookies, newsletter):
        assert not is_boilerplate_line(p(text), phrases)
        blocks = [p(ARTICLE[0]), p(text), p(ARTICLE[1])]
        assert strip_boilerplate(blocks) == blocks


# --- strip_boilerplate, rule by rule --------------------------------------------------------

def test_plain_article_is_returned_unchanged():
    blocks = [p(ARTICLE[0]), h("A long road to the vote"), p(ARTICLE[1]),
              li("Three new lines", linked=False), li("Forty new buses", linked=False), p(ARTICLE[2])]
    assert strip_boilerplate(blocks) == blocks
    assert strip_boilerplate(blocks, title="Council expands the bus network to the suburbs") == blocks


def test_plain_article_with_links_in_paragraphs_is_unchanged():
    blocks = [Block("paragraph", ARTICLE[0], 40), Block("paragraph", ARTICLE[1], 25), p(ARTICLE[2])]
    assert strip_boilerplate(blocks) == blocks


def test_phrase_lines_inside_the_body_are_removed():
    blocks = [p(ARTICLE[0]), p("Advertisement"), p(ARTICLE[1]),
              p("Lire aussi : Le conseil vote le budget"), p(ARTICLE[2])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE


def test_widget_heading_and_its_list_go_but_the_following_prose_survives():
    blocks = body() + [
        h("Most Popular"),
        li("Storm closes schools across the region"),
        link("Markets fall as rates rise"),
        p("Five things to watch this week"),  # short, no sentence end: a list line
        p(LONG),
    ]
    assert texts(strip_boilerplate(blocks)) == ARTICLE + [LONG]


@pytest.mark.parametrize("heading", ["Les plus lus", "Meistgelesen", "Lo más leído", "Related Stories:"])
def test_widget_headings_in_other_languages(heading):
    blocks = [p(ARTICLE[0]), h(heading), li("Un titre"), li("Ein Titel"), p(ARTICLE[1])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE[:2]


def test_widget_ends_at_the_first_sentence():
    sentence = "The council will meet again in March."
    blocks = [p(ARTICLE[0]), h("Trending"), li("Headline one"), p(sentence), p(ARTICLE[1])]
    assert texts(strip_boilerplate(blocks)) == [ARTICLE[0], sentence, ARTICLE[1]]


def test_run_of_three_link_lines_is_dropped_anywhere():
    blocks = [p(ARTICLE[0]), link("Storm closes schools"), link("Markets fall again"),
              link("Team wins the cup"), p(ARTICLE[1]), p(ARTICLE[2])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE


def test_two_link_lines_inside_the_body_are_kept():
    blocks = [p(ARTICLE[0]), link("Storm closes schools"), link("Markets fall again"), p(ARTICLE[1])]
    assert strip_boilerplate(blocks) == blocks


def test_repeated_paragraph_and_caption_are_kept_once_where_first_seen():
    # The caption comes twice in a row (alt text, then figcaption); the paragraph is long.
    # A short line said again further down is structure: see the interview and recipe tests.
    caption = "The new bus depot in the northern suburbs. Photo by the city."
    blocks = [p(ARTICLE[0]), p(caption), p(caption), p(ARTICLE[1]), p(ARTICLE[1].upper()), p(ARTICLE[2])]
    assert texts(strip_boilerplate(blocks)) == [ARTICLE[0], caption, ARTICLE[1], ARTICLE[2]]


def test_title_repeated_at_top_goes_with_the_short_header_lines_above_it():
    title = "Council expands the bus network to the suburbs"
    blocks = [p("The Daily Example — news you can trust"), p("HomeNewsLocal"),
              h(title), p(ARTICLE[0]), p(ARTICLE[1]), p(ARTICLE[2])]
    assert texts(strip_boilerplate(blocks, title=title)) == ARTICLE


def test_title_repeated_with_different_case_and_punctuation_is_dropped():
    title = "Council expands the bus network"
    blocks = [h("COUNCIL EXPANDS THE BUS NETWORK »"), *body()]
    assert texts(strip_boilerplate(blocks, title=title)) == ARTICLE


def test_title_repeated_with_other_quotes_and_dashes_is_dropped():
    title = "'Bus for all' - the council expands the network"
    blocks = [h("‘Bus for all’ – the council expands the network"), *body()]
    assert texts(strip_boilerplate(blocks, title=title)) == ARTICLE


@pytest.mark.parametrize("title", ["Opinion | Council expands the bus network",
                                   "Council expands the bus network - The Daily Example"])
def test_heading_that_the_title_holds_beside_a_section_or_site_name_is_dropped(title):
    blocks = [h("Council expands the bus network"), *body()]
    assert texts(strip_boilerplate(blocks, title=title)) == ARTICLE


def test_heading_inside_a_longer_title_without_a_separator_is_kept():
    title = "Why the council expands the bus network now"
    blocks = [h("Council expands the bus network"), *body()]
    assert strip_boilerplate(blocks, title=title) == blocks


def test_title_below_a_long_paragraph_is_kept():
    title = "Council expands the bus network"
    blocks = [p(ARTICLE[0]), h(title), p(ARTICLE[1])]
    assert strip_boilerplate(blocks, title=title) == blocks


def test_title_within_the_first_lines_only():
    title = "Council expands the bus network"
    header = [p(f"Section {n}") for n in range(15)]
    blocks = [*header, h(title), *body()]
    # The title is looked for among the first 15 lines: further down it is a heading of the body.
    assert strip_boilerplate(blocks, title=title)[-4:] == [h(title), *body()]


def test_without_title_nothing_is_dropped_as_title():
    blocks = [h("Council expands the bus network"), *body()]
    assert strip_boilerplate(blocks, title=None) == blocks


@pytest.mark.parametrize("line", [
    "Thursday, February 29, 2024",
    "February 29, 2024",
    "Feb. 29, 2024 at 10:15 am",
    "29 février 2024",
    "jeudi 29 février 2024",
    "Donnerstag, 29. Februar 2024",
    "29. März 2024 um 14:30",
    "29 de febrero de 2024",
    "2024-02-29",
    "29.02.2024",
    "| March 3, 2023 |",
])
def test_is_date_only_accepts_bare_dates(line):
    assert is_date_only(line)


@pytest.mark.parametrize("line", [
    "The council met on February 29, 2024 to vote.",
    "Thursday",
    "February 2024 was a cold month",
    "Published on February 29, 2024 by the city of Example, which is a long line indeed and more",
    "",
])
def test_is_date_only_rejects_sentences_and_partial_dates(line):
    assert not is_date_only(line)


def test_date_only_lines_and_bylines_at_the_edges_are_dropped():
    blocks = [p("Thursday, February 29, 2024"), p("By Jane Doe, Staff Writer"),
              *body(), p("Published: March 3, 2023"), p("29.02.2024")]
    assert texts(strip_boilerplate(blocks)) == ARTICLE


@pytest.mark.parametrize("byline", ["Par Claire Lemoine", "Von Hans Müller", "Por María García"])
def test_bylines_in_other_languages_at_the_top_are_dropped(byline):
    assert texts(strip_boilerplate([p(byline), *body()])) == ARTICLE


def test_link_line_at_the_edge_is_dropped():
    blocks = [*body(), link("Example News home page")]
    assert texts(strip_boilerplate(blocks)) == ARTICLE


def test_sentence_with_a_date_is_kept_at_the_edges():
    first = "On February 29, 2024, the council met."
    last = "The next vote is set for March 3, 2025."
    blocks = [p(first), *body(), p(last)]
    assert strip_boilerplate(blocks) == blocks


def test_date_only_line_in_the_middle_is_kept():
    blocks = [p(ARTICLE[0]), p("February 29, 2024"), p(ARTICLE[1])]
    assert strip_boilerplate(blocks) == blocks


def test_empty_input_gives_empty_output():
    assert strip_boilerplate([]) == []
    assert strip_boilerplate([], title="Anything") == []


def test_all_furniture_gives_nothing():
    blocks = [p("Advertisement"), h("Most Popular"), li("One"), li("Two"), p("Share this"),
              p("Thursday, February 29, 2024")]
    assert strip_boilerplate(blocks) == []


def test_generic_policy_words_in_a_news_sentence_are_kept():
    phrases = load_phrases()
    news = Block("paragraph", "Meta changed its privacy policy on Tuesday, regulators said.")
    footer = Block("paragraph", "Privacy Policy | Terms of Service", link_chars=30)
    assert not is_boilerplate_line(news, phrases)
    assert is_boilerplate_line(footer, phrases)


# --- teasers and widgets in more languages ---------------------------------------------------

@pytest.mark.parametrize("line", [
    "Leggi anche: Il consiglio comunale approva il bilancio",  # it
    "Leia também: Câmara aprova o orçamento da cidade",  # pt
    "Lees ook: Gemeenteraad stemt in met de begroting",  # nl
    "Czytaj więcej: Rada miasta przyjęła budżet",  # pl
    "Читайте также: Городской совет принял бюджет",  # ru
    "Читайте також: Міська рада ухвалила бюджет",  # uk
    "Läs också: Kommunfullmäktige antog budgeten",  # sv
    "Ayrıca okuyun: Belediye meclisi bütçeyi onayladı",  # tr
    "اقرأ أيضًا: المجلس البلدي يقر الميزانية",  # ar, with the optional vowel mark
    "相关阅读：市议会通过新的预算方案",  # zh
    "【関連記事】市議会が新しい予算案を可決",  # ja
    "더보기",  # ko
    "Baca juga: DPRD sahkan anggaran kota",  # id
    "यह भी पढ़ें: नगर परिषद ने बजट पास किया",  # hi
])
def test_teasers_in_more_languages_are_boilerplate(phrases, line):
    assert is_boilerplate_line(p(line), phrases)
    assert texts(strip_boilerplate([p(ARTICLE[0]), p(line), p(ARTICLE[1])])) == ARTICLE[:2]


@pytest.mark.parametrize("heading", ["I più letti", "Mais lidas", "Meest gelezen", "Najczęściej czytane",
                                     "Самое читаемое", "相关新闻", "関連記事", "많이 본 뉴스", "En çok okunanlar"])
def test_widget_headings_in_more_languages_take_their_list(heading):
    blocks = [p(ARTICLE[0]), h(heading), li("Un titolo"), li("Outro título"), p(ARTICLE[1])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE[:2]


def test_everyday_words_of_the_new_languages_stay_in_sentences(phrases):
    # Phrases match whole lines or line starts, never words inside prose.
    for sentence in ("Il governo ha detto che leggi anche severe non bastano a fermare il fenomeno.",
                     "Правительство заявило, что реклама алкоголя будет запрещена с января.",
                     "政府表示，新的广告法将于明年一月起正式实施，并将加强对网络平台的监管。"):
        assert not is_boilerplate_line(p(sentence), phrases)


# --- newsletter boxes and consent placeholders -----------------------------------------------

def test_newsletter_box_inside_the_body_is_removed():
    box = [h("Newsletter Sign Up"), p("Get the day's top stories delivered to your inbox every morning."),
           p("Enter your email address"), link("Subscribe"),
           p("Thanks for signing up! You can unsubscribe at any time.")]
    blocks = [p(ARTICLE[0]), *box, p(ARTICLE[1]), p(ARTICLE[2])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE


@pytest.mark.parametrize("placeholder", [
    "To display this content from YouTube, you must enable advertisement tracking and audience measurement.",
    "Um diesen Inhalt anzuzeigen, müssen Sie der Datenverarbeitung durch Dritte zustimmen.",
    "Pour afficher ce contenu Twitter, vous devez accepter les cookies Réseaux Sociaux.",
    "Para ver este contenido de Instagram debes aceptar las cookies de terceros.",
])
def test_consent_placeholder_of_an_embedded_widget_is_removed(placeholder):
    blocks = [p(ARTICLE[0]), Block("paragraph", placeholder, 12), p(ARTICLE[1])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE[:2]


@pytest.mark.parametrize("line", ["5 min read", "Reading time: 7 minutes", "Lesezeit: 4 Minuten"])
def test_reading_time_lines_are_removed(phrases, line):
    assert is_boilerplate_line(p(line), phrases)


@pytest.mark.parametrize("line", [
    "(Reporting by Jane Doe; Editing by John Roe)", "Additional reporting by Jane Doe",
    "Jane Doe contributed to this report.", "Mit Material von dpa", "Con información de EFE",
])
def test_reporting_credits_are_removed(phrases, line):
    assert is_boilerplate_line(p(line), phrases)


def test_affiliate_note_is_removed_but_a_sentence_on_commissions_stays(phrases):
    assert is_boilerplate_line(p("We may earn a commission when you buy through links on our site."), phrases)
    assert not is_boilerplate_line(p("Agents earn a commission of five percent on every home they sell."), phrases)


# --- repeated lines: structure or duplicate ---------------------------------------------------

def test_interview_question_asked_of_each_person_is_kept():
    question = "What do you expect from the new bus lines?"
    answers = [
        "Maria Lopez, a nurse who works night shifts at the hospital, said she hoped the late buses "
        "would finally let her leave her car at home during the week.",
        "Tom Becker, who runs a bakery near the station, said more passengers would mean more customers "
        "in the morning, although he worried about the building works on his street.",
        "Aiko Tanaka, a student at the technical college, said the northern line would cut her journey "
        "to classes from an hour to twenty minutes each way.",
    ]
    blocks = [p(ARTICLE[0])]
    for answer in answers:
        blocks += [h(question), p(answer)]
    assert strip_boilerplate(blocks) == blocks


def test_recipe_like_list_with_repeated_sub_headings_and_items_is_kept():
    blocks = [p(ARTICLE[0])]
    for dish, extra in (("Lentil soup", "2 cups red lentils"), ("Tomato stew", "4 ripe tomatoes"),
                        ("Bean chili", "1 can kidney beans")):
        blocks += [h(dish), h("Ingredients"), li("1 onion, chopped", linked=False), li(extra, linked=False),
                   li("1 tsp. olive oil", linked=False), h("Method"), p(f"Cook the {dish.lower()} slowly for an hour.")]
    assert strip_boilerplate(blocks) == blocks


def test_meal_plan_whose_slots_repeat_every_day_is_kept():
    blocks = [p(ARTICLE[0])]
    for day, meals in (("Monday", ("Oatmeal with berries", "Chicken salad")),
                       ("Tuesday", ("Greek yogurt with honey", "Lentil soup")),
                       ("Wednesday", ("Scrambled eggs", "Chicken salad"))):
        blocks += [h(day), p("Breakfast"), p("Eat within an hour of waking"), p(meals[0]),
                   p("Lunch"), p(meals[1]), p("Portion: 1 green, 1 red, 1 yellow")]
    assert strip_boilerplate(blocks) == blocks


def test_section_rendered_twice_is_kept_once():
    section = [h("A long road to the vote"), p("Three new lines"), p(ARTICLE[1]), p("Forty new buses")]
    blocks = [p(ARTICLE[0]), *section, p(ARTICLE[2]), *section]
    assert texts(strip_boilerplate(blocks)) == texts([p(ARTICLE[0]), *section, p(ARTICLE[2])])


# --- one-link paragraphs and lists of links ----------------------------------------------------

def test_one_link_paragraph_after_prose_is_a_teaser_but_a_sentence_with_a_link_stays():
    teaser = "Storm closes schools across the northern region"
    linked_sentence = "The plan was first reported by the Example Gazette on Monday."
    blocks = [p(ARTICLE[0]), link(teaser), p(ARTICLE[1]),
              Block("paragraph", linked_sentence, len(linked_sentence)), p(ARTICLE[2])]
    assert texts(strip_boilerplate(blocks)) == [ARTICLE[0], ARTICLE[1], linked_sentence, ARTICLE[2]]


def test_partly_linked_paragraph_and_linked_list_items_are_not_teasers():
    partly = Block("paragraph", "Council documents on the northern bus network", 20)
    items = [li("Route map of the northern lines"), li("Timetable for the spring service")]
    blocks = [p(ARTICLE[0]), partly, p(ARTICLE[1]), *items, p(ARTICLE[2])]
    assert strip_boilerplate(blocks) == blocks


def test_link_list_introduced_by_the_article_is_kept():
    sources = [li("Council minutes, 12 March"), li("Transport authority report"), li("Ridership survey 2023")]
    intro = p("The figures in this story come from three public documents:")
    blocks = [p(ARTICLE[0]), intro, *sources, p(ARTICLE[1]), p(ARTICLE[2])]
    assert strip_boilerplate(blocks) == blocks


def test_list_of_links_with_words_of_their_own_inside_the_article_is_kept():
    # Each item names a link and says something beside it: the article's list, not teasers.
    items = [Block("list_item", "Hotel Aurora near the station ($$)", 20),
             Block("list_item", "Hotel Borealis in the old town ($$$)", 21),
             Block("list_item", "Camping Nord by the lake ($)", 15)]
    blocks = [p(ARTICLE[0]), h("Where to stay"), *items, p(ARTICLE[1])]
    assert strip_boilerplate(blocks) == blocks


def test_fully_linked_list_inside_the_article_goes():
    items = [li("Storm closes schools"), li("Markets fall again"), li("Team wins the cup")]
    blocks = [p(ARTICLE[0]), *items, p(ARTICLE[1])]
    assert texts(strip_boilerplate(blocks)) == ARTICLE[:2]


def test_link_list_after_a_colon_at_the_end_of_the_article_goes():
    teasers = [link("Storm closes schools"), link("Markets fall again"), link("Team wins the cup")]
    blocks = [*body(), p("More from the newsroom:"), *teasers]
    assert texts(strip_boilerplate(blocks)) == ARTICLE + ["More from the newsroom:"]


# --- scripts without spaces ---------------------------------------------------------------------

CHINESE = ("市议会周二投票决定将公交网络扩展到北部郊区，结束了一场持续两年多、令居民意见严重分歧的辩论。"
           "支持者表示，新线路将为数千名工人缩短通勤时间，而反对者警告说，规划者严重低估了该项目的成本。")
JAPANESE = ("市議会は火曜日、北部の郊外までバス路線網を拡大することを決定し、二年以上にわたって住民の意見を"
            "大きく分けてきた議論に終止符を打った。賛成派は新路線によって多くの労働者の通勤時間が短くなると述べた。")


def test_chinese_paragraph_is_long_by_an_honest_count(phrases):
    # One "word" to str.split(): a mention of copyright would make it a short widget line.
    paragraph = CHINESE + "该市表示，所有路线图的版权所有人已同意公开发布这些资料。"
    assert len(paragraph.split()) == 1
    assert not is_boilerplate_line(p(paragraph), phrases)


def test_chinese_paragraph_said_twice_is_a_duplicate_not_a_short_line():
    blocks = [p(CHINESE), p(JAPANESE), p(CHINESE)]
    assert texts(strip_boilerplate(blocks)) == [CHINESE, JAPANESE]


def test_japanese_short_lines_keep_or_go_by_what_they_are():
    sub_heading = "市民の声"
    teaser = "【関連記事】市議会、来年度予算案を可決"
    blocks = [p(JAPANESE), h(sub_heading), p(JAPANESE[:60] + "。"), link(teaser), p(CHINESE)]
    assert texts(strip_boilerplate(blocks)) == [JAPANESE, sub_heading, JAPANESE[:60] + "。", CHINESE]


@pytest.mark.parametrize("line", [
    "segunda-feira, 22 de janeiro de 2018 às 0:13", "sabato 3 marzo 2018", "22 stycznia 2018",
    "22 января 2018 г.", "2018年1月22日", "2018년 1월 22일 10:30",
])
def test_is_date_only_in_more_languages_and_scripts(line):
    assert is_date_only(line)


# --- the end of the article ---------------------------------------------------------------------

def test_headings_below_the_last_paragraph_with_nothing_of_their_own_go():
    blocks = [*body(), h("More on this story"), h("Storm closes schools across the region"),
              h("Markets fall as rates rise"), link("Read the full coverage")]
    assert texts(strip_boilerplate(blocks)) == ARTICLE


def test_heading_below_the_last_paragraph_that_heads_a_list_of_its_own_stays():
    blocks = [*body(), h("Key figures"), li("Three new lines", linked=False), li("Forty new buses", linked=False)]
    assert strip_boilerplate(blocks) == blocks


def test_headings_between_paragraphs_stay():
    blocks = [p(ARTICLE[0]), h("A long road to the vote"), h("What the opponents say"), p(ARTICLE[1])]
    assert strip_boilerplate(blocks) == blocks
