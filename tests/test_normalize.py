import unicodedata

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning import normalize
from cleaning.normalize import normalize_line, normalize_text


def test_whitespace_collapsed_and_paragraphs_separated_by_one_blank_line():
    text = "  First\u00a0 paragraph\t here.  \n\n\n\nSecond\u2003one.\n  \nThird."
    assert normalize_text(text) == "First paragraph here.\n\nSecond one.\n\nThird."


def test_invisible_characters_removed():
    assert normalize_line("zero\u200bwidth soft\u00adhyphen \ufeffbom") == "zerowidth softhyphen bom"


def test_mojibake_is_repaired_and_curly_quotes_kept():
    assert normalize_line("CafÃ© â€œquotedâ€\x9d") == "Café “quoted”"


def test_output_is_nfc():
    decomposed = "Cafe\u0301"
    assert normalize_line(decomposed) == "Café"
    assert unicodedata.is_normalized("NFC", normalize_line(decomposed))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_never_raises_is_idempotent_and_nfc(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\n\n\n" not in once
    assert once == once.strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=8))
def test_paragraph_lines_have_no_inner_newlines_or_edge_spaces(paragraphs):
    for paragraph in normalize_text("\n".join(paragraphs)).split("\n\n"):
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip()


# --- ftfy runs only where it can change something -------------------------------------------


_EVERYDAY = ("The mayor’s “plan” — approved… on Tuesday\u00a0– «fine» ‘ok’ • ™ ®",
             "市议会周二投票决定扩建公交网络。", "สภาเมืองลงมติขยายเครือข่ายรถเมล์", "مجلس المدينة صوّت يوم الثلاثاء",
             "नगर परिषद ने मंगलवार को मतदान किया", "시의회는 화요일에 투표했다", "ירושלים היום")


@pytest.mark.parametrize("text", _EVERYDAY)
def test_ftfy_is_not_run_on_text_it_has_nothing_to_repair_in(text, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("ftfy ran on clean text")

    monkeypatch.setattr(normalize.ftfy, "fix_text", fail)
    assert normalize_line(text) == " ".join(text.split())


@pytest.mark.parametrize("damaged, repaired", [
    ("CafÃ© au lait", "Café au lait"),  # UTF-8 read as Latin-1
    ("Ã la carte", "à la carte"),  # the same at the start of a line, its space once a no-break space
    ("Ð\u009fÑ\u0080ÐµÐ·Ð¸Ð´ÐµÐ½Ñ\u0082", "Президент"),  # Cyrillic read as Latin-1
    ("one\u2028two", "one two"),  # a line separator
    ("red\x1b[31m text", "red text"),  # a terminal escape
])
def test_text_ftfy_repairs_still_goes_through_it(damaged, repaired):
    assert normalize_line(damaged) == repaired


_ALPHABET = st.sampled_from(list(
    "ab Z09.,;'\"-\n\t" "’“”–—…\u00a0«»•™" "éàüßñçÃÂÐØ€£°×²µ¶¦¬" "\u0080\u0085\u009d\u2028\ufeff\u200b"
    "中文かなカナ한국어ไทยعربيहिंदीПривет" "ВГРСЂўΒΓΞΟβ√≈‚"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_text_the_gate_lets_past_is_text_ftfy_leaves_unchanged(text):
    if not normalize.may_need_ftfy(text):
        assert ftfy.fix_text(text, config=normalize._FTFY_CONFIG) == text
