"""Counting words in any script, the way search engines tokenize text.

Spaces separate words in most scripts, but not in Chinese, Japanese, Thai, Lao, Khmer
or Burmese: ``str.split()`` reads 1,500 characters of Japanese as a dozen "words".
Like the Unicode word-break rules (UAX #29) behind Lucene's standard tokenizer, each
Han ideograph and each hiragana counts as a word and a katakana run as one word.
Thai, Lao, Khmer and Burmese need a dictionary to segment; without one, their letters
are counted at a fixed average word length. Korean writes spaces between words.
"""
from __future__ import annotations

import re
import unicodedata

# Han ideographs (CJK unified, extension A, compatibility, supplementary planes) and hiragana.
_ONE_WORD_PER_CHARACTER = re.compile(
    "[\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Katakana (full- and half-width) and its sound marks: a loanword is one run.
_KATAKANA_RUN = re.compile("[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")
# Thai, Lao, Myanmar, Khmer.
_UNSPACED_SOUTHEAST_ASIAN = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
# Letters (not combining marks) per word in those scripts: Thai averages about four.
SOUTHEAST_ASIAN_LETTERS_PER_WORD = 4
# All of the above, plus CJK and full-width punctuation ("、", "。", "：", which sit
# between ideographs, not between spaces), as one class: one scan tells whether a
# text needs the slow path, and a paragraph's count never depends on its neighbours.
_UNSPACED_CHARACTER = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff9f"
    "\U00020000-\U0003134f]")


def count_words(text: str) -> int:
    """Words in ``text``, whatever its script; 0 for an empty text."""
    if not _UNSPACED_CHARACTER.search(text):
        return len(text.split())
    words = len(_ONE_WORD_PER_CHARACTER.findall(text)) + len(_KATAKANA_RUN.findall(text))
    for run in _UNSPACED_SOUTHEAST_ASIAN.findall(text):
        letters = sum(1 for char in run if not unicodedata.category(char).startswith("M"))
        words += -(-letters // SOUTHEAST_ASIAN_LETTERS_PER_WORD)  # a started word counts
    return words + len(_UNSPACED_CHARACTER.sub(" ", text).split())
