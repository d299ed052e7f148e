"""Which body to keep: trafilatura's, readability's, justext's, or trafilatura's checked against readability's.

trafilatura runs without its own fallbacks; this module takes their place with rules that
compare what the extractors return, block by block:

* trafilatura's body is short next to the page's text, or only the page's whole text in
  one paragraph (its last resort): justext reads the page paragraph by paragraph and wins
  when it finds far more (trafilatura's own escalation); a dump with no other body left
  is replaced by the page's own lines.
* Otherwise the two bodies are aligned. Where they agree, their shared blocks are the
  article. Where trafilatura's body is flat (its last-resort reader returns paragraphs
  only, no list and no heading), readability's blocks between shared ones fill its gaps
  and its block kinds replace the flat ones. Blocks only trafilatura keeps before or after the shared stretch are
  dropped when they read as teasers (short next to the article's paragraphs, made of
  links, or headings above the text), and only when the two agree on most of the text,
  so that a page where readability saw a fragment keeps trafilatura's body whole.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher

from .blocks import Block, is_page_dump

MIN_BODY_CHARS = 250  # trafilatura's MIN_EXTRACTED_SIZE: a shorter body is no body
MISSED_SHARE = 0.5  # a body under half of readability's missed the article (trafilatura's rule)
# trafilatura's escalation: a body this short, covering this little of the page, is unsure
SHORT_BODY_CHARS = 3000
SHORT_PAGE_SHARE = 0.2
JUSTEXT_GAIN = 2  # justext replaces both bodies only when it finds this many times more
AGREEMENT = 0.6  # share of trafilatura's text readability must share before edges are trimmed
TEASER_LENGTH = 0.8  # edge blocks averaging under this share of a shared block's length
LINK_LINES = 0.5  # link density of an edge that is a list of links

_WORD = re.compile(r"\w+")


def choose_body(first: list[Block], second: list[Block], page: Callable[[], list[Block]],
                third: Callable[[], list[Block]]) -> list[Block]:
    """The body to clean: ``first`` is trafilatura's (no fallback), ``second`` readability's.

    ``page`` (every visible line) and ``third`` (justext's body) cost a walk of the page
    each: they are called only when trafilatura's body looks unsure, and justext only
    where the page holds enough text for it to win.
    """
    first_chars, second_chars = _chars(first), _chars(second)
    short = first_chars < SHORT_BODY_CHARS
    lines = page() if short or len(first) == 1 else []
    page_chars = _chars(lines)
    if is_page_dump(first, lines):
        # justext keeps some of the page's lines: it cannot find more than the page holds.
        rescue = third() if page_chars > JUSTEXT_GAIN * second_chars else []
        found = rescue if _chars(rescue) > JUSTEXT_GAIN * second_chars else second
        return found if _chars(found) >= MIN_BODY_CHARS else lines  # else the page's own lines
    if short and first_chars < SHORT_PAGE_SHARE * page_chars and page_chars > JUSTEXT_GAIN * second_chars:
        rescue = third()
        if _chars(rescue) > JUSTEXT_GAIN * max(first_chars, second_chars):
            return rescue
    if first_chars < MISSED_SHARE * second_chars:
        return second
    return merge_bodies(first, second)


def merge_bodies(first: list[Block], second: list[Block]) -> list[Block]:
    """trafilatura's body, gaps filled and teaser edges trimmed where readability disagrees."""
    first_keys, second_keys = [_key(b) for b in first], [_key(b) for b in second]
    opcodes = SequenceMatcher(None, first_keys, second_keys, autojunk=False).get_opcodes()
    shared_at = [i for i, (tag, *_) in enumerate(opcodes) if tag == "equal"]
    if not shared_at:
        return first  # two different parts of the page: no ground to judge either
    shared = [block for tag, a1, a2, _, _ in opcodes if tag == "equal" for block in first[a1:a2]]
    agree = _chars(shared) >= AGREEMENT * _chars(first)
    paragraph_chars = _chars(shared) / len(shared)
    # trafilatura's last-resort reader returns paragraphs only: a body with no list and no
    # heading may be its work, and readability's reading of the same stretch is the richer one.
    flat = not any(block.kind in {"list_item", "heading"} for block in first)
    first_text = " ".join(first_keys)
    repeats = Counter(second_keys)
    merged: list[Block] = []
    for position, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        own = first[a1:a2]
        if tag == "equal":
            merged += second[b1:b2] if flat else own  # the same text; readability kept the kinds
        elif shared_at[0] < position < shared_at[-1]:
            merged += own
            if flat:
                # New text only: a block split or joined differently is not new, a block
                # repeated in readability's body is a caption or a widget.
                merged += [block for block in second[b1:b2] if _key(block)
                           and _key(block) not in first_text and repeats[_key(block)] == 1]
        elif not (agree and _teasers(own, position < shared_at[0], paragraph_chars)):
            merged += own
    return merged


def _teasers(edge: list[Block], above: bool, paragraph_chars: float) -> bool:
    """Blocks beyond the shared stretch that read as furniture, not as the article."""
    if not edge:
        return False
    if sum(block.link_chars for block in edge) > LINK_LINES * _chars(edge):
        return True
    if above and all(block.kind == "heading" for block in edge):
        return True  # headline and standfirst above the text
    return _chars(edge) / len(edge) < TEASER_LENGTH * paragraph_chars


def _key(block: Block) -> str:
    """The block's words, case folded: the same text split or spaced differently matches."""
    return " ".join(_WORD.findall(block.text.casefold()))


def _chars(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)
