"""Word counts in scripts with and without spaces between words."""
import pytest

from cleaning.text_units import count_words


def test_spaced_scripts_count_tokens_between_spaces():
    assert count_words("") == 0
    assert count_words("  one\ttwo\n\nthree  ") == 3
    assert count_words("Москва объявила о новом плане") == 5
    assert count_words("أعلنت الحكومة خطة جديدة اليوم") == 5


def test_korean_is_written_with_spaces():
    assert count_words("서울시는 오늘 새로운 교통 계획을 발표했다.") == 6


@pytest.mark.parametrize("text, words", [
    # Chinese: each ideograph is a word; the full stop is none.
    ("北京市政府今天宣布了新的交通计划。", 16),
    # Japanese: kanji and hiragana one each, a katakana loanword one run, digits a word.
    ("東京都は13日、新しい計画を発表した。", 16),
    ("コンピューターを使う", 4),
    # Latin words inside Japanese keep their own count.
    ("iPhone 15の発売日", 6),
])
def test_chinese_and_japanese_count_ideographs_kana_and_katakana_runs(text, words):
    assert count_words(text) == words


def test_thai_lao_khmer_and_burmese_count_letters_at_an_average_word_length():
    # 24 letters (combining vowel and tone marks excluded) at four letters a word.
    assert count_words("รัฐบาลประกาศแผนใหม่ในวันนี้") == 6
    assert count_words("ລັດຖະບານລາວ") >= 2
    assert count_words("រដ្ឋាភិបាលកម្ពុជា") >= 2
    assert count_words("မြန်မာနိုင်ငံအစိုးရ") >= 2


def test_a_long_unspaced_article_is_not_a_dozen_words():
    paragraph = "政府は新しい経済対策を閣議決定し、家計への支援を拡充する方針を示した。" * 20
    spaced_paragraph = " ".join([paragraph[:300], paragraph[300:]])
    assert len(spaced_paragraph.split()) == 2
    assert count_words(spaced_paragraph) > 500


def test_a_text_counts_as_the_sum_of_its_paragraphs():
    # word_count is stored per article; whichever way it is summed, the same figure.
    paragraphs = ["Council vote :", "東京都は13日、計画を発表した。", "รัฐบาลประกาศ แผนใหม่", "— 0𠀀0 —"]
    assert count_words("\n\n".join(paragraphs)) == sum(count_words(p) for p in paragraphs)
