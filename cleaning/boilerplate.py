"""Residual boilerplate: what trafilatura lets through, caught by general rules.

Rules work on the extracted blocks: phrase lists per language (phrases.toml), widget
headings and the link lists under them, link density from the page's markup (runs of
link lines, a lone headline link after prose), duplicates, a title repeated at the top,
and lines at the edges that are only a date or only links. Lengths are counted with
``count_words``, so a line of Chinese or Thai is as long as what it says.
"""
from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from .bylines import is_byline
from .extract import Block
from .text_units import count_words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Punctuation, bullets and arrows around a widget's words, in Latin, CJK and Arabic print.
_EDGE_NOISE = ("-–—|•·»«›‹>*_=~#:;,.!?()[]{}\"'“”‘’→←↑↓▶►◄▼ "
               "：；，。、！？【】「」『』《》〈〉（）［］・…▲△▽▷◆◇■□●○★☆※،؛؟\u3000")
# Arabic vowel marks and the tatweel are optional in print ("أيضًا" is "أيضا"): not matched on.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# Letters of scripts written without spaces (Han, kana, Thai, Lao, Myanmar, Khmer).
_UNSPACED_LETTER = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                              "\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")
_SENTENCE_END = frozenset(".!?…»”\"')。！？」』؟।")  # the last character of a sentence
_TEASER_WORDS = 40  # a teaser, prompt or cookie banner is a line or two, not a paragraph
_WIDGET_LINE_WORDS = 20
_LINK_LIST_DENSITY = 0.5
_HEADER_SEARCH = 15  # the title heading is looked for among the first lines
_HEADER_LINE_WORDS = 25  # header lines above the title are short
_LINK_RUN = 3  # this many link-dense lines in a row are a link list, wherever they are
_INTRO_COLONS = (":", "：")
_TEASER_LINK_DENSITY = 0.9  # an inline teaser is a link and nothing else
_TEASER_LINK_WORDS = (3, 30)  # a headline, not a bare URL or a paragraph
_PROSE_LINK_DENSITY = 0.3
_PROSE_WORDS = 15
_REPEATED_LINE_WORDS = 25  # a line this short said again is structure; a longer one, a duplicate
_COPIED_RUN = 3  # this many repeats in a row, each seen twice, are a section rendered twice
_TITLE_PART_CHARS = 15  # a heading this long that the title holds is the title
_TITLE_SEPARATORS = "|-:·»/–—"
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‛": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"',
                             "–": "-", "—": "-", "‒": "-", "−": "-", "…": "..."})
_MONTHS = "|".join((
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    "august|september|october|november|december",  # en
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",  # fr
    "januar|februar|märz|juni|juli|oktober|dezember",  # de
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",  # es
    "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro",  # pt
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre",  # it
    "januari|februari|maart|mei|augustus",  # nl
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia",  # pl
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря",  # ru
))
_WEEKDAYS = "|".join((
    "mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday",  # en
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",  # fr
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag",  # de
    "lunes|martes|miércoles|jueves|viernes|sábado|domingo",  # es
    "segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira",  # pt
    "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica",  # it
    "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",  # nl
    "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela",  # pl
    "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье",  # ru
))
# A line that is nothing but a date (a header's "today" widget, a dateline on its own):
# "Thursday, February 29, 2024", "29 de fevereiro de 2024 às 10:15", "2024年2月29日".
_DATE_ONLY = re.compile(
    rf"^(?:(?:{_WEEKDAYS})\.?,?\s+)?(?:(?:\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\.?(?:\s+de)?,?\s+\d{{4}}(?:\s*г\.?)?)"
    rf"|(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})|(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}})"
    rf"|(?:\d{{4}}\s*[年년]\s*\d{{1,2}}\s*[月월]\s*\d{{1,2}}\s*[日일]))"
    rf"(?:,?\s+(?:at\s+|um\s+|à\s+|às\s+|alle\s+|om\s+|в\s+|o\s+)?\d{{1,2}}[:.h]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+\w{{2,4}})?)?$",
    re.I,
)

@dataclass(frozen=True)
class Substrings:
    """Phrases to find inside a line, looked up by the word they start with: one set
    intersection per line instead of one scan per phrase (there are hundreds)."""

    by_first_word: dict[str, tuple[str, ...]]
    unspaced: tuple[str, ...]  # in scripts without spaces a phrase starts anywhere
    symbols: tuple[str, ...]  # phrases that start with a sign ("©")

    @classmethod
    def of(cls, phrases: set[str]) -> Substrings:
        by_first_word: dict[str, list[str]] = {}
        unspaced, symbols = [], []
        for phrase in sorted(phrases):
            first_word = _WORD.match(phrase)
            if _UNSPACED_LETTER.search(phrase):
                unspaced.append(phrase)
            elif first_word is None:
                symbols.append(phrase)
            else:
                by_first_word.setdefault(first_word.group(), []).append(phrase)
        return cls({word: tuple(group) for word, group in by_first_word.items()}, tuple(unspaced), tuple(symbols))

    def search(self, folded: str) -> bool:
        """Does the case-folded line hold one of the phrases?"""
        if any(phrase in folded for phrase in self.symbols):
            return True
        if self.unspaced and _UNSPACED_LETTER.search(folded) and any(phrase in folded for phrase in self.unspaced):
            return True
        first_words = self.by_first_word.keys() & _WORD.findall(folded)
        return any(phrase in folded for word in first_words for phrase in self.by_first_word[word])


@dataclass(frozen=True)
class PhraseLists:
    exact: frozenset[str]
    prefix: re.Pattern[str]  # matches at a line's start, ending at a word's end
    contains: Substrings
    contains_unless_sentence: Substrings
    widget_headings: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_phrases() -> PhraseLists:
    """All languages' lists together: pages mix languages in their widgets."""
    raw = tomllib.loads(resources.files(__package__).joinpath("phrases.toml").read_text("utf-8"))
    merged: dict[str, set[str]] = {kind: set() for kind in
                                   ("exact", "prefix", "contains", "contains_unless_sentence", "widget_headings")}
    for language_lists in raw.values():
        for kind, phrases in language_lists.items():
            # Whole-line lists match on the trimmed key; prefixes and substrings keep
            # their punctuation ("read more:" is not "read more about").
            as_key = phrase_key if kind in {"exact", "widget_headings"} else _casefold
            merged[kind].update(as_key(phrase) for phrase in phrases)
    return PhraseLists(
        exact=frozenset(merged["exact"]),
        prefix=_prefix_pattern(merged["prefix"]),
        contains=Substrings.of(merged["contains"]),
        contains_unless_sentence=Substrings.of(merged["contains_unless_sentence"]),
        widget_headings=frozenset(merged["widget_headings"]),
    )


def _prefix_pattern(prefixes: set[str]) -> re.Pattern[str]:
    """One pattern for all prefixes. A prefix ending in a letter must end a word ("share on"
    is not "share one…"), except in scripts written without spaces, where words run on."""
    alternatives = []
    for prefix in sorted(prefixes, key=len, reverse=True):
        last = prefix[-1]
        needs_boundary = (last.isalnum() or last == "_") and not _UNSPACED_LETTER.match(last)
        alternatives.append(re.escape(prefix) + (r"(?!\w)" if needs_boundary else ""))
    return re.compile("|".join(alternatives))


def _ends_sentence(text: str) -> bool:
    return text[-1:] in _SENTENCE_END


# Each rule measures and folds the same lines again: remember the last page's worth.
_words = functools.lru_cache(maxsize=2048)(count_words)


@functools.lru_cache(maxsize=2048)
def _casefold(text: str) -> str:
    folded = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def phrase_key(text: str) -> str:
    """What phrase lists match against: case-folded, edges stripped of punctuation and arrows."""
    return _casefold(text).strip(_EDGE_NOISE)


def strip_boilerplate(blocks: list[Block], title: str | None = None,
                      phrases: PhraseLists | None = None) -> list[Block]:
    """The blocks that are the article, in order."""
    phrases = phrases or load_phrases()
    kept = _drop_widgets(blocks, phrases)
    kept = [block for block in kept if not is_boilerplate_line(block, phrases)]
    kept = _drop_link_runs(kept)
    kept = _drop_inline_teasers(kept)
    kept = _drop_repeats(kept)
    kept = _drop_leading_title(kept, title)
    return _drop_trailing_headings(_trim_edges(kept))


def is_boilerplate_line(block: Block, phrases: PhraseLists) -> bool:
    """A line that is a known phrase, a teaser, a prompt or a widget line, in any language."""
    folded = _casefold(block.text)
    key = folded.strip(_EDGE_NOISE)  # phrase_key
    if not key or key in phrases.exact:
        return True
    words = _words(block.text)
    folded = folded.lstrip(_EDGE_NOISE)
    if words <= _TEASER_WORDS and phrases.prefix.match(folded):
        return True
    if words > _WIDGET_LINE_WORDS:
        return False
    if phrases.contains.search(folded):
        return True
    return not _is_plain_sentence(block) and phrases.contains_unless_sentence.search(folded)


def _is_plain_sentence(block: Block) -> bool:
    """Prose: ends like a sentence, has a verb-sized number of words, no links."""
    return block.link_chars == 0 and _ends_sentence(block.text) and _words(block.text) >= 5


def _is_widget_heading(block: Block, phrases: PhraseLists) -> bool:
    return phrase_key(block.text) in phrases.widget_headings


def _is_list_line(block: Block) -> bool:
    """A line of a widget's list: an item, a link, or a short line that is no sentence."""
    if block.kind == "list_item" or block.link_density >= _LINK_LIST_DENSITY:
        return True
    return not _ends_sentence(block.text) and _words(block.text) <= 12


def _drop_widgets(blocks: list[Block], phrases: PhraseLists) -> list[Block]:
    """A widget heading ("Most Popular", "Les plus lus"…) and the list lines under it."""
    kept: list[Block] = []
    in_widget = False
    for block in blocks:
        if _is_widget_heading(block, phrases):
            in_widget = True
            continue
        if in_widget and _is_list_line(block):
            continue
        in_widget = False
        kept.append(block)
    return kept


def _is_link_line(block: Block) -> bool:
    return block.link_density >= _LINK_LIST_DENSITY and _words(block.text) <= 20


def _drop_link_runs(blocks: list[Block]) -> list[Block]:
    """Runs of link lines (teaser lists, tag clouds) go wherever they stand, unless they are
    the article's own list: of sources, courses, tools."""
    kept: list[Block] = []
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and _is_link_line(blocks[end]):
            end += 1
        if end - index >= _LINK_RUN and not _is_article_list(blocks, index, end):
            index = end
            continue
        kept.extend(blocks[index:max(end, index + 1)])
        index = max(end, index + 1)
    return kept


def _is_article_list(blocks: list[Block], start: int, end: int) -> bool:
    """A list the article goes on after, and either introduces ("Here are the courses:")
    or writes itself: items with words of their own beside the link (a source, a price,
    a rating), where a teaser list or a tag cloud is links and nothing else."""
    if not any(_is_plain_sentence(block) for block in blocks[end:]):
        return False
    if start > 0 and blocks[start - 1].text.rstrip().endswith(_INTRO_COLONS):
        return True
    items = blocks[start:end]
    linked = sum(block.link_chars for block in items) / sum(len(block.text) for block in items)
    return all(block.kind == "list_item" for block in items) and linked < _TEASER_LINK_DENSITY


def _drop_inline_teasers(blocks: list[Block]) -> list[Block]:
    """A headline-like paragraph made of one link, standing alone after prose, points the
    reader to another article ("Storm closes schools across the region"); a sentence with
    a link in it, or an item of a list of links, is the article's."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        follows_prose = bool(kept) and _is_prose(kept[-1])
        stands_alone = index + 1 == len(blocks) or blocks[index + 1].link_density < _LINK_LIST_DENSITY
        if follows_prose and stands_alone and _is_teaser_link(block):
            continue
        kept.append(block)
    return kept


def _is_teaser_link(block: Block) -> bool:
    return (block.kind == "paragraph" and block.link_density >= _TEASER_LINK_DENSITY
            and _TEASER_LINK_WORDS[0] <= _words(block.text) <= _TEASER_LINK_WORDS[1]
            and not _ends_sentence(block.text))


def _is_prose(block: Block) -> bool:
    return block.link_density < _PROSE_LINK_DENSITY and _words(block.text) >= _PROSE_WORDS


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    """A paragraph said twice is a duplicate (a caption as alt text and figcaption, a pull
    quote, a box rendered twice): it is kept once, where it first appears.

    A short line said again further down is the article's structure: the same sub-heading
    per recipe, the same question to each interviewee, the slots of a meal plan. It stays,
    unless it belongs to a copied section: repeats in a row, each seen exactly twice.
    """
    keys = [phrase_key(block.text) for block in blocks]
    copies = Counter(keys)
    seen: set[str] = set()
    repeated = []
    for key in keys:
        repeated.append(key in seen)
        seen.add(key)
    copied = _copied_sections(keys, repeated, copies)
    kept = []
    for index, block in enumerate(blocks):
        is_structure = (_words(block.text) <= _REPEATED_LINE_WORDS
                        and keys[index - 1] != keys[index] and not copied[index])
        if not repeated[index] or is_structure:
            kept.append(block)
    return kept


def _copied_sections(keys: list[str], repeated: list[bool], copies: Counter[str]) -> list[bool]:
    """Which blocks sit in a run of repeats long enough, and twice-seen, to be a section copy."""
    copied = [False] * len(keys)
    start = 0
    while start < len(keys):
        end = start
        while end < len(keys) and repeated[end]:
            end += 1
        run = range(start, end)
        if len(run) >= _COPIED_RUN and all(copies[keys[index]] == 2 for index in run):
            for index in run:
                copied[index] = True
        start = end + 1
    return copied


def _drop_leading_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The title column holds the title: the body does not repeat it, and short lines
    above it (tagline, breadcrumb, today's date) are the page's header, not the article."""
    if not title:
        return blocks
    title_key = _title_key(title)
    for index, block in enumerate(blocks[:_HEADER_SEARCH]):
        if _is_title(block, title_key):
            header = blocks[:index]
            if all(_words(line.text) <= _HEADER_LINE_WORDS for line in header):
                return blocks[index + 1:]
            return blocks[:index] + blocks[index + 1:]
        if _words(block.text) > _HEADER_LINE_WORDS:
            break  # the article has started: the title is not repeated above it
    return blocks


def _title_key(text: str) -> str:
    """phrase_key with typographic quotes and dashes as ASCII: "‘X’ – Y" is the title 'X' - Y."""
    return phrase_key(text.translate(_TYPOGRAPHY))


def _is_title(block: Block, title_key: str) -> bool:
    """The title itself, or a heading the title holds with the site's name or section
    beside it ("Opinion | Is Football Violence a Crime?", "Star Wars review - Example")."""
    key = _title_key(block.text)
    if key == title_key:
        return True
    if block.kind != "heading" or len(key) <= _TITLE_PART_CHARS or key not in title_key:
        return False
    before, _, after = title_key.partition(key)
    if not before:
        return True  # the title's start: "Headline: the subtitle" or a longer title
    return before.rstrip()[-1] in _TITLE_SEPARATORS and (not after or after.lstrip()[:1] in _TITLE_SEPARATORS)


def _drop_trailing_headings(blocks: list[Block]) -> list[Block]:
    """Headings with nothing after them but headings and links head no part of the
    article: they are widgets' titles ("More on this story") or other articles' headlines."""
    last_text = max((index for index, block in enumerate(blocks)
                     if block.kind != "heading" and block.link_density < _LINK_LIST_DENSITY), default=len(blocks))
    return blocks[:last_text + 1] + [block for block in blocks[last_text + 1:] if block.kind != "heading"]


def is_date_only(text: str) -> bool:
    return len(text) <= 60 and bool(_DATE_ONLY.match(text.strip(" .|-–—")))


def _is_edge_noise(block: Block) -> bool:
    return is_date_only(block.text) or _is_link_line(block) or is_byline(block.text)


def _trim_edges(blocks: list[Block]) -> list[Block]:
    """Date-only lines, bylines and link lines at the start or the end are page furniture."""
    start, end = 0, len(blocks)
    while start < end and _is_edge_noise(blocks[start]):
        start += 1
    while end > start and _is_edge_noise(blocks[end - 1]):
        end -= 1
    return blocks[start:end]
