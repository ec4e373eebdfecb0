"""Which capital letters belong to their word: the knowledge behind the case repairs.

The sentence-case repair must decide, for a capitalized word right after a
sentence's first word, whether the capital is displaced (``the Meeting``) or
the word's own (``the Russian military``, ``the President of Turkey``). Evidence
is taken in this order, and the first that speaks decides:

1. the lexicon: titles (``casing.titles``) and the words of canonical forms keep
   their capital;
2. the document (Mikheev 1999): how the word is written in mid-sentence
   positions, where case is reliable; in batch runs the corpus can add to it;
3. English usage: the unigram case counts shipped inside the ``truecase``
   package (read directly, without its tokenizer); a word seen mostly in lower
   case is a common word. Inflected forms fall back to their stem.
4. otherwise the capital is kept: an unknown word is more likely a name.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .text import is_title_word, line_starts, lines, sentences, words
from .wordtables import SortedWords, WordTable

COMMON_SHARE = 0.6  # lower-case share above which a word counts as common
SEARCH_BUDGET = 20  # lazy evidence: whole-text searches for asked words before every line is counted
CORPUS_LEAST = 2  # corpus verdict: at least 2 uses, outnumbering the other case 2 to 1


class CaseEvidence:
    """Counts of a document's (or corpus's) words by case in mid-sentence positions."""

    def __init__(self) -> None:
        self.title: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()

    def add_text(self, text: str) -> CaseEvidence:
        """Count the text's words by case where case is reliable (see `add_line`)."""
        for start, end in lines(text):
            self.add_line(text, start, end)
        return self

    def add_line(self, text: str, start: int, end: int) -> None:
        """Count the words of the line ``text[start:end]`` by case where case is reliable.

        Not evidence: a sentence's first word, the first three of a sentence
        that starts in lower case (the displaced capital may be among them), a
        word right after an opening quote or bracket, and a capitalized word
        next to another capitalized one: inside ``International Energy Agency``
        the capital belongs to the name, not to ``agency``.
        """
        for s_start, s_end in sentences(text, start, end):
            found = list(words(text, s_start, s_end))
            reliable_from = 3 if found and found[0].group().islower() else 1
            for i in range(reliable_from, len(found)):
                m = found[i]
                word = m.group()
                if text[m.start() - 1 : m.start()] in "“\"'‘(«[" or not _prose(text, m):
                    continue
                if is_title_word(word):
                    if not _in_name(text, found, i):
                        self.title[word.lower()] += 1
                elif word.islower():
                    self.lower[word] += 1

    def merge(self, other: CaseEvidence) -> None:
        self.title.update(other.title)
        self.lower.update(other.lower)

    def verdict(self, lower: str, least: int = 1) -> bool | None:
        """True: common word; False: proper; None: no evidence.

        ``least``: how many uses the winning case needs, and by what factor it
        must outnumber the other (the corpus asks for more than one document).
        """
        t, low = self.title[lower], self.lower[lower]
        if max(t, low) < least or (least > 1 and max(t, low) < least * min(t, low)) or t == low:
            return None
        return low > t

    def __getstate__(self) -> dict[str, dict[str, int]]:
        # plain dicts: a worker process rebuilds the counters without this module's state
        return {"title": dict(self.title), "lower": dict(self.lower)}

    def __setstate__(self, state: dict[str, dict[str, int]]) -> None:
        self.title = Counter(state["title"])
        self.lower = Counter(state["lower"])


class LazyCaseEvidence(CaseEvidence):
    """A document's evidence, counted on demand: clean text rarely asks a question, and a question
    about one word needs only the lines that contain it.

    Each line is counted whole, once, the first time a word asked about occurs in it (as a
    substring of the lower-cased line, a superset of the lines where the word can be counted),
    so the counts of every word asked about equal those of `add_text` on the whole text.

    Memory: the lower-cased text is kept in pieces of `FOLD_CHUNK` characters (``str.lower``
    of a whole non-Latin-1 text allocates 12 bytes a character on the way), and line starts
    in an array.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        self._folded: list[str] | None = None  # the lower-cased text, in pieces of FOLD_CHUNK characters
        self._starts = array("q")
        self._counted: set[int] = set()  # indices of the lines already counted
        self._asked: set[str] = set()
        self._all = False
        self._searched = 0  # characters searched for words asked about

    def verdict(self, lower: str, least: int = 1) -> bool | None:
        if not self._all and lower not in self._asked:
            self._asked.add(lower)
            self._count_lines_with(lower)
        return super().verdict(lower, least)

    def _count_lines_with(self, lower: str) -> None:
        text = self._text
        if self._folded is None:
            self._folded = _fold_pieces(text)
            self._starts = array("q", line_starts(text))
        folded = self._folded
        if not lower or len(lower) > FOLD_CHUNK or not _same_length(folded, text) or "σ" in lower or "ς" in lower:
            # positions of the lowered text are not those of the text (İ), or the lowering depends
            # on context (final sigma), or the word is longer than a piece: count every line
            self._count_all()
            return
        self._searched += len(text)
        if self._searched > SEARCH_BUDGET * len(text):
            self._count_all()  # many questions: counting every line once costs less than more searches
            return
        for index in sorted(_lines_holding(folded, lower, self._starts)):
            if index not in self._counted:
                self._counted.add(index)
                line_end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(text)
                self.add_line(text, self._starts[index], line_end)

    def _count_all(self) -> None:
        if self._all:
            return
        self._all = True
        text = self._text
        for index, (start, end) in enumerate(lines(text)):
            if index not in self._counted:
                self.add_line(text, start, end)
        self._counted.clear()

    def __getstate__(self) -> dict[str, dict[str, int]]:
        self._count_all()
        return super().__getstate__()

    def __setstate__(self, state: dict[str, dict[str, int]]) -> None:
        super().__setstate__(state)
        self._text = ""
        self._folded = None
        self._starts = array("q")
        self._counted = set()
        self._asked = set()
        self._all = True


FOLD_CHUNK = 1 << 16  # characters lowered at a time


def _fold_pieces(text: str) -> list[str]:
    """``text.lower()`` cut every `FOLD_CHUNK` characters of the text (a piece is longer when lowering grows it)."""
    return [text[start : start + FOLD_CHUNK].lower() for start in range(0, len(text), FOLD_CHUNK)]


def _same_length(pieces: list[str], text: str) -> bool:
    """Does every piece keep the length of the text it lowers (so offsets into the pieces are offsets into the text)?"""
    last = len(text) - FOLD_CHUNK * (len(pieces) - 1)
    return all(len(piece) == FOLD_CHUNK for piece in pieces[:-1]) and (not pieces or len(pieces[-1]) == last)


def _lines_holding(pieces: list[str], lower: str, starts: array[int]) -> set[int]:
    """Indices of the lines in which an occurrence of ``lower`` starts (pieces of the same length as the text).

    Within a piece, one occurrence per line is enough (the search goes on at the next line);
    occurrences across the border of two pieces are looked for in the few characters around it.
    """
    found: set[int] = set()
    size = FOLD_CHUNK * (len(pieces) - 1) + (len(pieces[-1]) if pieces else 0)

    def line_of(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    reach = len(lower) - 1  # characters of a cross-border occurrence on either side of the border
    for k, piece in enumerate(pieces):
        base = k * FOLD_CHUNK
        pos = piece.find(lower)
        while pos != -1:
            index = line_of(base + pos)
            found.add(index)
            next_line = starts[index + 1] if index + 1 < len(starts) else size
            if next_line - base >= len(piece):
                break
            pos = piece.find(lower, next_line - base)
        if reach and k + 1 < len(pieces):
            border = piece[len(piece) - reach :] + pieces[k + 1][:reach]
            pos = border.find(lower)
            while pos != -1:
                found.add(line_of(base + len(piece) - reach + pos))
                pos = border.find(lower, pos + 1)
    return found


def _prose(text: str, m: re.Match[str]) -> bool:
    """A word of running text, not part of a path, a file name or an identifier (``debian/control``)."""
    return (
        text[m.start() - 1 : m.start()] not in "/._@=<:-\\"
        and text[m.end() : m.end() + 1] not in "/_@=>\\"
        and not (text[m.end() : m.end() + 1] == "." and text[m.end() + 1 : m.end() + 2].isalnum())
    )


def _in_name(text: str, found: list[re.Match[str]], i: int) -> bool:
    """Is the capitalized word ``found[i]`` next to another capitalized word (not the sentence's first)?"""
    before = i >= 2 and found[i - 1].group()[0].isupper() and text[found[i - 1].end() : found[i].start()] == " "
    after = i + 1 < len(found) and found[i + 1].group()[0].isupper() and text[found[i].end() : found[i + 1].start()] == " "
    return before or after


def collect_evidence(texts: Iterable[str]) -> CaseEvidence:
    """Mid-sentence case counts over a whole corpus (``mtnorm fix --corpus-casing``).

    A word written once in a document says little; over a corpus of hundreds
    of articles the same name or common word recurs in reliable positions.
    """
    evidence = CaseEvidence()
    for text in texts:
        evidence.add_text(text)
    return evidence


class CasingModel:
    """The decision whether a capital is a word's own, from lexicon, document, corpus and English usage."""

    def __init__(
        self,
        titles: set[str],
        proper: set[str],
        corpus: CaseEvidence | None = None,
        words: dict[str, set[str]] | None = None,
    ) -> None:
        self.keep = {w.lower() for w in titles | proper}
        self.titles = {w.lower() for w in titles}
        self.corpus = corpus
        words = words or {}
        self.particles = {w.lower() for w in words.get("particles", ())}
        self.function_words = {w.lower() for w in words.get("function_words", ())}
        self.longest_function_word = max(map(len, self.function_words), default=0)
        self.months = {w.lower(): w for w in words.get("months", ())}
        self.ambiguous_months = {w.lower() for w in words.get("ambiguous_months", ())}
        self.month_prepositions = {w.lower() for w in words.get("month_prepositions", ())}
        self.title_modifiers = {w.lower() for w in words.get("title_modifiers", ())}

    def is_name_word(self, word: str, evidence: CaseEvidence) -> bool:
        """A capitalized word that is (part of) a name: not a title, not a common word."""
        if not is_title_word(word) or word.lower() in self.titles or word.lower() in self.function_words:
            return False
        return not self.is_displaced(word, evidence)

    def is_displaced(self, word: str, evidence: CaseEvidence) -> bool:
        """Should this capitalized word, not first in its sentence, be lowercased?"""
        if not is_title_word(word):
            return False
        lower = word.lower()
        if lower in self.keep:
            # a title (or a title's modifier) is a common noun too (the press service): only the
            # document's own usage lowers it
            return (lower in self.titles or lower in self.title_modifiers) and evidence.verdict(lower) is True
        verdict = evidence.verdict(lower)
        if verdict is None and self.corpus is not None:
            verdict = self.corpus.verdict(lower, CORPUS_LEAST)
        if verdict is not None:
            return verdict
        share = english_lower_share(lower)
        return share is not None and share >= COMMON_SHARE


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ies")


def english_counts(lower: str) -> tuple[int, int] | None:
    """(lower-case, capitalized) uses of exactly this word in English text, or None when unseen."""
    counts = _unigram_case_table().get(lower)
    return None if counts is None else (counts[0], counts[1])


@lru_cache(maxsize=1)
def dictionary_words() -> SortedWords:
    """Words an English dictionary writes in lower case (Webster's 2nd, from the ``english-words`` package).

    The truecase counts come from a limited corpus and miss words such as
    ``reset``; a dictionary knows them. ``english-dictionary.words`` in
    normalizer/data, written by tools/build_dictionary_words.py: unpickling the
    package's own set cost 0.2 s in every process, for a few questions.
    """
    return SortedWords("english-dictionary")


def english_lower_share(lower: str) -> float | None:
    """Share of lower-case uses of a word in English text, or None when unknown."""
    table = _unigram_case_table()
    lower = re.sub(r"['’]s?$", "", lower)  # company's → company
    counts = table.get(lower)
    if counts is not None:
        low, cap = counts
        return low / (low + cap)
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[: -len(suffix)] + ("y" if suffix == "ies" else "")
            counts = table.get(stem)
            if counts is not None:
                low, cap = counts
                return low / (low + cap)
    return None


@lru_cache(maxsize=1)
def _unigram_case_table() -> WordTable:
    """{lower-case word: (lower-case count, capitalized count)}: ``english-case`` in normalizer/data,
    drawn from the truecase package at development time (tools/build_casing_table.py)."""
    return WordTable("english-case", "counts", "I", 2)
