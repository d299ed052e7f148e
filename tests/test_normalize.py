import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

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
