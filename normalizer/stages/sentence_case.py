"""The capital letter that stayed with the wrong word (ARTIFACTS.md class 3).

Russian word order put another word first; the translation moved it, and the
capital went along: ``the Meeting between`` → ``The meeting between``. The
repair is made wherever a sentence starts with a lower-case word — at the start
of a paragraph (a line), after an opening quote or bracket, and at the start of
a sentence inside a paragraph (Punkt sentences that follow a full stop, a
question or an exclamation mark):

* when one of the next two words carries a capital the casing model calls
  displaced, that capital is lowered and the first word capitalized;
* when none does, the first word of a paragraph is capitalized only if the
  text shows the artifact nearby (a displaced capital repaired within ten
  lines: in one-sentence-per-line files the whole file is no document) — a
  lone lower-case start in clean text (a list item, a fragment) is left alone;
  inside a paragraph a lower-case start without a displaced capital is left
  alone (``3 AA bat. not incl.``).

Left alone: sentences that start with a number, a mixed-case word (``iPhone``,
``eBay``), a word glued to a sign (``b)``, ``g++``, ``example.com``) or a name
particle before a name (``de Gaulle``); a sentence inside a paragraph after an
ellipsis or an initial (``J. smith``); indented lines (code, tables); headline
and title-case lines; a line that continues the line above (hard-wrapped text,
a list after a colon). A capital followed directly by another name word is part
of a multi-word name (``the White House``) and is never lowered. The rule and
its fallbacks are described in docs/casing.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..casing import COMMON_SHARE, CaseEvidence, CasingModel, dictionary_words, english_lower_share
from ..edits import Edit, make_edit
from ..text import words
from .base import Doc, Stage
from .spacing import attested

_LEAD = re.compile(r" ?[“\"‘'(«\[]*")  # an indented line (two spaces, a tab) is code or a table: no match
_SENTENCE_END = re.compile(r"(?<!\.\.)(?<!…)(?<![\s.][^\W\d_]\.)[.!?][”\"’')\]»]*\s*$")
# a lower-case letter opening a line, or following a sentence end within one. The line openings are found
# after each line break (a pattern that starts with a literal or a set of characters is found by a fast scan;
# one alternation with ``^`` was tried at every position), the first line by itself
_CANDIDATE_FIRST_LINE = re.compile(r" ?[“\"‘'(«\[]*[a-z]")
_CANDIDATE_LINE_AFTER_BREAK = re.compile(r"\n ?[“\"‘'(«\[]*[a-z]")
_CANDIDATE_AFTER_END = re.compile(r"[.!?][”\"’')\]»]*[^\S\n]+ ?[“\"‘'(«\[]*[a-z]")
_CLOSERS = frozenset("”\"’')]»")
_CLOSING = "".join(sorted(_CLOSERS))
_PARAGRAPH_SIGNS = frozenset(".!?…")
NEAR_LINES = 10  # a bare first word is capitalized only this close (in lines) to a repaired displaced capital
WINDOW = 2  # words after the first in which a displaced capital is looked for
HEADLINE_SHARE = 0.75  # capitalized share of a line's content words from which it is a headline


def candidate_lines(text: str, starts: Sequence[int]) -> list[int]:
    """The lines (indices into ``starts``, the line starts) where a lower-case sentence start is possible:
    few in clean text, found by fast scans of the whole text."""
    marked = {bisect_right(starts, m.start()) - 1 for m in _CANDIDATE_AFTER_END.finditer(text)}
    marked.update(bisect_right(starts, m.start() + 1) - 1 for m in _CANDIDATE_LINE_AFTER_BREAK.finditer(text))
    if _CANDIDATE_FIRST_LINE.match(text):
        marked.add(0)
    return sorted(marked)


class SentenceCaseStage(Stage):
    name = "sentence-case"
    kinds = ("sentence-case",)
    EXAMPLES = [
        ("the Meeting between the Russian military", "The meeting between the Russian military"),
        ("the patrol Passed again", "The patrol passed again"),
        ("arrived In Syria Sergei Shoigu.", "Arrived in Syria Sergei Shoigu."),
        ("the Russian military said.", "the Russian military said."),
        ("27 Feb 2020 informed the Ministry.", "27 Feb 2020 informed the Ministry."),
        ("iPhone Sales fell.", "iPhone Sales fell."),
        ("Talks ended. the Meeting resumes today.", "Talks ended. The meeting resumes today."),
        ("“the Meeting is over,” he said.", "“The meeting is over,” he said."),
        ("de Gaulle Visited Algiers.", "de Gaulle Visited Algiers."),
        ("e Prime Minister said the Talks", "e Prime Minister said the Talks"),
        (
            "the Press service said it. Later the press service added more.",
            "The press service said it. Later the press service added more.",
        ),
        ("the President said it. Later the president added more.", "The president said it. Later the president added more."),
        ("the President said it.", "the President said it."),
        ("the Meeting Of The Two Leaders", "the Meeting Of The Two Leaders"),
    ]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        evidence = doc.evidence()  # counted only if a candidate needs it
        spans = doc.lines
        continued: set[int] | None = None  # computed when first needed: clean text rarely needs it
        repaired: list[Edit] = []
        bare: list[tuple[int, Edit]] = []
        shown: list[int] = []  # lines where the artifact is shown (a displaced capital repaired)
        starts = spans.starts
        # the lines where a lower-case sentence start is possible (few in clean text), by one search of the text
        candidates = candidate_lines(text, starts)
        for index in candidates:
            start, end = spans[index]
            if is_headline(text, start, end):
                continue
            for s_start, s_end in _sentence_starts(text, start, end, evidence.line_sentences(start, end)):
                if s_start == start:
                    if continued is None:
                        continued = _continuation_lines(text, spans, doc.casing)
                    if index in continued:
                        continue
                found = _repair(text, start, s_start, s_end, doc.casing, evidence)
                if found is None:
                    continue
                capital, lowered = found
                if lowered is not None:
                    repaired += [capital, lowered]
                    shown.append(index)
                elif s_start == start:
                    bare.append((index, capital))  # inside a paragraph only a displaced capital is evidence enough
        return repaired + [edit for index, edit in bare if _near(shown, index)]


def _near(shown: list[int], index: int) -> bool:
    """Is a line of ``shown`` (ascending) within `NEAR_LINES` of ``index``?"""
    i = bisect_left(shown, index - NEAR_LINES)
    return i < len(shown) and shown[i] <= index + NEAR_LINES


def _continuation_lines(text: str, spans: Sequence[tuple[int, int]], casing: CasingModel) -> set[int]:
    """Lines that continue the line above (hard-wrapped text, a list after a colon): no sentence starts there.

    A line above that ends in a comma, a colon, a dash or a function word is
    always continued. When a document shows that sign at least twice and most
    of its lines with text below end without a sentence end, it is hard-wrapped,
    and then every line above without a sentence end is continued; otherwise
    such a line is taken for a headline or a caption.
    """
    sure = set()
    open_ended = set()
    pairs = 0  # lines with text right below
    above = ""  # the line above, stripped (one line at a time: a list of them all was a copy of the text)
    for i, (start, end) in enumerate(spans):
        line = text[start:end].rstrip()
        if i and above and line:
            pairs += 1
            if above[-1] in ",;:-–—" or _last_word_lower(above, casing.longest_function_word) in casing.function_words:
                sure.add(i)
            elif above.rstrip(_CLOSING)[-1:] not in _PARAGRAPH_SIGNS:  # `above` is stripped: it ends in a sign and closers
                open_ended.add(i)
        above = line
    wrapped = len(sure) + len(open_ended) >= 2 and 2 * (len(sure) + len(open_ended)) >= pairs
    return sure | open_ended if wrapped else sure


_LAST_LETTERS = re.compile(r"[^\W\d_]+$")


def _last_word_lower(line: str, longest: int) -> str:
    """The line's final run of letters, lower-cased, when it is at most ``longest`` characters long
    (else "": a longer run is no function word). Only the line's tail is searched: a ``$``-anchored
    search of the whole line would try every position of it."""
    if not line or not _LAST_LETTERS.match(line, len(line) - 1):
        return ""
    tail = line[-(longest + 1) :]
    m = _LAST_LETTERS.search(tail)
    if m is None or (m.start() == 0 and len(tail) < len(line)):
        return ""  # longer than any function word (lowering never shortens a word)
    return m.group().lower()


def _sentence_end(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` end like a sentence (`_SENTENCE_END`)?

    The pattern can match only at the one sign before the trailing closers and spaces, so it is
    tried there; searching from ``start`` would cost the length of the line for every sentence.
    """
    pos = end
    while pos > start and text[pos - 1].isspace():
        pos -= 1
    while pos > start and text[pos - 1] in _CLOSERS:
        pos -= 1
    return pos > start and text[pos - 1] in ".!?" and _SENTENCE_END.match(text, pos - 1, end) is not None


def _sentence_starts(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the paragraph's first sentence and of each later one that follows a real sentence
    end; ``spans``: the paragraph's sentences (`text.sentences`)."""
    if not spans:
        return
    yield start, spans[0][1]
    for (_, prev_end), (s_start, s_end) in zip(spans, spans[1:], strict=False):
        if _sentence_end(text, start, prev_end):
            yield s_start, s_end


def _repair(
    text: str, para_start: int, start: int, end: int, casing: CasingModel, evidence: CaseEvidence
) -> tuple[Edit, Edit | None] | None:
    """(capitalize first word, lower the displaced capital or None) for the sentence at ``start``."""
    lead = _LEAD.match(text, start, end)
    assert lead is not None  # _LEAD also matches the empty string
    first_words = list(_first_words(text, lead.end(), end))
    if not first_words or first_words[0].start() != lead.end():
        return None  # a number, a sign or nothing first
    first = first_words[0]
    word = first.group()
    if not _plain_lower(word) or text[first.end() : first.end() + 1] != " ":
        return None  # b) item, g++, print(x), example.com, e.g., this_dir: not prose
    if word in casing.particles and _particles_then_name(text, first.end(), casing):
        return None  # de Gaulle, van Gogh, von der Leyen
    if start == para_start and _cut_word(word):
        return None  # "e Prime Minister said": the line lost its first letters, its capitals are unknown
    capital = make_edit(
        text,
        first.start(),
        first.end(),
        word[0].upper() + word[1:],
        "sentence-case",
        "sentence-case.sentence-start",
        "first word of the paragraph capitalized" if start == para_start else "first word of the sentence capitalized",
    )
    for i, m in enumerate(first_words[1 : 1 + WINDOW], start=1):
        if text[first_words[i - 1].end() : m.start()] != " ":
            break  # the phrase ends (a comma, a bracket, a table column)
        if not m.group()[0].isupper():
            continue
        if _displaced_article(text, first_words, i, casing):
            pass
        elif not casing.is_displaced(m.group(), evidence) or _starts_name(text, first_words, i, casing, evidence):
            return capital, None
        lowered = make_edit(
            text,
            m.start(),
            m.end(),
            m.group().lower(),
            "sentence-case",
            "sentence-case.displaced-capital",
            "capital displaced from the first word",
        )
        return capital, lowered
    return capital, None


def _displaced_article(text: str, found: list[re.Match[str]], i: int, casing: CasingModel) -> bool:
    """``such A turn``, ``as A result``: the article after a function word (``vitamin A deficiency`` stays)."""
    if found[i].group() != "A" or i != 1 or found[0].group() not in casing.function_words:
        return False
    nxt = next(words(text, found[i].end()), None)
    return nxt is not None and text[found[i].end() : nxt.start()] == " " and nxt.group().islower()


def _particles_then_name(text: str, end: int, casing: CasingModel) -> bool:
    """After a name particle, more particles and then a capitalized word: ``de Gaulle``, ``von der Leyen``."""
    for m in words(text, end):
        if m.group() in casing.particles:
            continue
        return m.group()[0].isupper()
    return False


def _starts_name(text: str, found: list[re.Match[str]], i: int, casing: CasingModel, evidence: CaseEvidence) -> bool:
    """``the White House``: a capitalized word directly followed by a name word is part of that name."""
    if found[i].group().lower() in casing.function_words:
        return False
    nxt = next(words(text, found[i].end()), None)
    if nxt is None or text[found[i].end() : nxt.start()] not in (" ", "-"):
        return False
    return nxt.group()[0].isupper() and (
        nxt.group().isupper() or casing.is_name_word(nxt.group(), evidence) or nxt.group().lower() in casing.titles
    )


def is_headline(text: str, start: int, end: int) -> bool:
    """A title-case line (``the Meeting Of The Two Leaders``): its capitals are style, not artifacts.

    Names are capitalized in any line, so only words English writes mostly in
    lower case are counted (after the first word): a headline capitalizes most of them.
    """
    common = capitals = 0
    for i, m in enumerate(words(text, start, end)):
        word = m.group()
        if i > 0 and len(word) >= 2 and _mostly_lower_case(word.lower()):
            common += 1
            capitals += word[0].isupper()
    if common < 2:
        return False
    return capitals / common >= HEADLINE_SHARE


@lru_cache(maxsize=65536)
def _mostly_lower_case(lower: str) -> bool:
    """English writes the word in lower case at least `COMMON_SHARE` of the time (remembered: the
    headline test asks about every word of the lines it reads)."""
    share = english_lower_share(lower)
    return share is not None and share >= COMMON_SHARE


def _first_words(text: str, start: int, end: int, count: int = 1 + WINDOW) -> Iterator[re.Match[str]]:
    for i, m in enumerate(words(text, start, end)):
        if i >= count:
            return
        yield m


def _cut_word(word: str) -> bool:
    """The tail of a word cut off by the scraper or the MT system (``e``, ``ter``), not a word."""
    if len(word) == 1:
        return word not in "ai"
    return word not in dictionary_words() and not attested(word)  # rarer than Zipf 2.0


def _plain_lower(word: str) -> bool:
    return word.isalpha() and word.islower() or bool(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word))
