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

from .text import WORD, finds, is_title_word, line_starts, lines, sentences, words
from .wordtables import SortedWords, WordTable

COMMON_SHARE = 0.6  # lower-case share above which a word counts as common
SEARCH_BUDGET = 20  # lazy evidence: whole-text searches for asked words before every line is counted
LONG_LINE = 4096  # lazy evidence: a line longer than this keeps its sentence split for the next word asked
LOOK_BACK = 200  # lazy evidence: characters before a use where its sentence's start is looked for
READ_BUDGET = 3  # lazy evidence: characters of lines read for asked words, in text lengths, before every line is counted
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
            self._count_sentence(text, s_start, s_end)

    def _count_sentence(self, text: str, start: int, end: int, only: str | None = None) -> None:
        """Count the reliable words of the sentence ``text[start:end]`` (those whose lower case is ``only``)."""
        found = list(words(text, start, end))
        for i in range(_reliable_from(found[0]) if found else 1, len(found)):
            if only is None or found[i].group().lower() == only:
                self._count_use(text, found, i)

    def _count_use(self, text: str, found: list[re.Match[str]], i: int) -> None:
        """Count ``found[i]``, a word of a sentence's words ``found`` past its unreliable first ones."""
        m = found[i]
        word = m.group()
        if text[m.start() - 1 : m.start()] in "“\"'‘(«[" or not _prose(text, m):
            return
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
    about one word needs only its uses.

    A word asked about is counted where it occurs as a word of its own, in the lines that hold it,
    as `add_line` counts it: the counts of every word asked about equal those of `add_text` on the
    whole text. A use is judged from its neighbours where no sentence can end near it (a sentence
    ends only after ``.``, ``?`` or ``!``); a line where one might is split into sentences as
    `add_line` splits it. Counting whole lines instead cost a sentence split and a count of every
    word of every line holding a common word (``but``, ``now``): on 10 MB most of the text.

    Only the spellings that count are looked for (`_spellings`: the word in lower case and its
    capitalized forms), in the text itself: no lower-cased copy of the document (2 bytes a
    character and more); line starts are kept in an array.
    """

    def __init__(self, text: str, long_line_splits: dict[int, tuple[list[int], list[tuple[int, int]]]] | None = None) -> None:
        super().__init__()
        self._text = text
        self._starts: array[int] | None = None
        self._asked: set[str] = set()
        self._all = False
        self._searched = 0  # characters searched for words asked about
        self._read = 0  # characters read for them
        # long line's start -> its sentences; given, shared with other evidence of the same text
        self._split: dict[int, tuple[list[int], list[tuple[int, int]]]] = {} if long_line_splits is None else long_line_splits

    def verdict(self, lower: str, least: int = 1) -> bool | None:
        if not self._all and lower not in self._asked:
            self._asked.add(lower)
            self._count_word(lower)
        return super().verdict(lower, least)

    def _count_word(self, lower: str) -> None:
        text = self._text
        if not lower:
            return  # no word is empty: nothing to count
        if self._starts is None:
            self._starts = array("q", line_starts(text))
        self._searched += len(text)
        if self._searched > SEARCH_BUDGET * len(text) or self._read > READ_BUDGET * len(text):
            self._count_all()  # many questions: counting every line once costs less than more searches
            return
        starts, spellings = self._starts, _spellings(lower)
        for index in sorted(_lines_holding(text, spellings, starts)):
            line_end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
            self._count_in_line(lower, spellings, starts[index], line_end)

    def _count_in_line(self, lower: str, spellings: list[str], start: int, end: int) -> None:
        """Count the uses of ``lower`` in the line ``text[start:end]`` as `add_line` does: each use from the
        few words before it where that is enough (`_use_in_sentence`), else from its sentence."""
        text = self._text
        places = sorted((at, len(spelling)) for spelling in spellings for at in finds(text, spelling, start, end))
        self._read += min(end - start, LOOK_BACK * len(places))
        uses = []
        for pos, length in places:
            before = text[pos - 1] if pos > start else ""
            if before and (before.isalnum() or before in "-'’"):
                if not _starts_word(before):  # after a digit, hyphen or apostrophe: is the word its own?
                    self._count_in_sentences(lower, start, end, places)
                    return
                continue  # inside a longer word
            m = WORD.match(text, pos, end)
            if m is not None and m.end() == pos + length:
                use = _use_in_sentence(text, m, start, end)
                if use is None:  # a sentence may end near it: split the line
                    self._count_in_sentences(lower, start, end, places)
                    return
                uses.append(use)
        for sentence_words, i in uses:
            if i is not None:
                self._count_use(text, sentence_words, i)

    def _count_in_sentences(self, lower: str, start: int, end: int, places: list[tuple[int, int]]) -> None:
        """Count the uses of ``lower`` in the sentences of the line that hold one of ``places`` (every use
        starts at one), the line split as `add_line` splits it. A long line's split is kept for the next
        word asked: a document of one line is split once, not once for each word."""
        text = self._text
        if start not in self._split:
            self._read += end - start
        span_starts, spans = self._line_split(start, end)
        held = {k for k in (bisect_right(span_starts, pos) - 1 for pos, _ in places) if k >= 0}
        for s_start, s_end in (spans[k] for k in sorted(held)):
            self._read += s_end - s_start
            self._count_sentence(text, s_start, s_end, only=lower)

    def line_sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentences of the line ``text[start:end]`` (`text.sentences`); a long line's split is kept for
        the next to ask, this evidence or a stage that shares it (a document of one line is split once)."""
        return self._line_split(start, end)[1]

    def _line_split(self, start: int, end: int) -> tuple[list[int], list[tuple[int, int]]]:
        split = self._split.get(start)
        if split is None:
            spans = sentences(self._text, start, end)
            split = ([s for s, _ in spans], spans)
            if end - start > LONG_LINE:
                self._split[start] = split
        return split

    def _count_all(self) -> None:
        if self._all:
            return
        self._all = True
        self.title.clear()  # the words asked so far are counted again with the rest
        self.lower.clear()
        self.add_text(self._text)

    def __getstate__(self) -> dict[str, dict[str, int]]:
        self._count_all()
        return super().__getstate__()

    def __setstate__(self, state: dict[str, dict[str, int]]) -> None:
        super().__setstate__(state)
        self._text = ""
        self._starts = None
        self._split = {}
        self._asked = set()
        self._all = True


# capitals whose lower case is not found by `str.upper`/`str.title` of it (tests/test_fast_paths.py
# checks this against every character): the Kelvin and Ångström signs, İ (two characters lowered)
_OTHER_CAPITALS = {"k": "\u212a", "å": "\u212b", "i\u0307": "İ", "θ": "ϴ", "ω": "\u2126", "ß": "ẞ"}


def _spellings(lower: str) -> list[str]:
    """The spellings `add_line` counts under ``lower``: the word itself (a lower-case use) and each
    capitalized form (a title-case use: a capital whose lower case begins ``lower``, then the rest)."""
    found = [lower]
    for size in (1, 2):
        head, rest = lower[:size], lower[size:]
        capitals = {c for c in (head.upper(), head.title()) if len(c) == 1 and c.isupper() and c.lower() == head}
        found += sorted(capital + rest for capital in capitals | set(_OTHER_CAPITALS.get(head, "")))
    return list(dict.fromkeys(found))


def _lines_holding(text: str, spellings: list[str], starts: array[int]) -> set[int]:
    """Indices of the lines in which one of ``spellings`` occurs as a word of its own.

    An occurrence inside a longer word (``but`` in ``about``, ``now`` in ``know``) is no use of
    the word: such a line adds nothing to its counts, and reading it cost a sentence split of
    the line (a word asked about is often in every line only as a part). One occurrence per line
    is enough: the search goes on at the next line.
    """
    found: set[int] = set()
    size = len(text)
    for spelling in spellings:
        at = text.find(spelling)
        while at != -1:
            if _inside_longer_word(text, at, spelling):
                at = text.find(spelling, at + 1)
                continue
            index = bisect_right(starts, at) - 1
            found.add(index)
            next_line = starts[index + 1] if index + 1 < len(starts) else size
            at = text.find(spelling, next_line)
    return found


def _inside_longer_word(text: str, at: int, spelling: str) -> bool:
    """Is ``spelling`` at ``at`` part of a longer `WORD` match? After a letter (every letter is in a word,
    which would go on), or before a letter or digit, or before a hyphen or apostrophe and a letter."""
    end = at + len(spelling)
    after = text[end : end + 1]
    if _starts_word(spelling[:1]) and at and _starts_word(text[at - 1]):
        return True
    joined = after != "" and after in "-'’" and _starts_word(text[end + 1 : end + 2])
    return spelling[-1:].isalnum() and (after.isalnum() or joined)


def _starts_word(char: str) -> bool:
    """A character `WORD` may start a word with (a letter: ``[^\\W\\d_]``)."""
    return char.isalnum() and not char.isdecimal()


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


_Use = tuple[list[re.Match[str]], int | None]  # words of a sentence (as far as needed), the index of a use or None


def _use_in_sentence(text: str, m: re.Match[str], line_start: int, line_end: int) -> _Use | None:
    """The word ``m`` of a line as `add_line` sees it, without splitting the line into sentences: (words
    of its sentence as far as `CaseEvidence._count_use` looks, its index there, or None when it is among
    the sentence's unreliable first words); None when that needs the split.

    A sentence ends only just after ``.``, ``?`` or ``!`` (Punkt's candidates), never inside a word.
    With none of them before the word in its line, its sentence is the line's first; with three
    words between the last of them and the word, the word is reliable wherever the sentence starts
    (at most three first words are unreliable). The next word matters only when a single space
    follows the word, and then it is in the same sentence. Only `LOOK_BACK` characters before the
    word are read, so a line of any length costs time in proportion (the first word found in them may be
    the end of a longer one, still a word of the sentence: no word holds a sentence end)."""
    window = max(line_start, m.start() - LOOK_BACK)
    before = list(WORD.finditer(text, window, m.start()))
    after = WORD.search(text, m.end(), line_end)
    following = [after] if after is not None else []
    if window == line_start and not _may_end_sentence(text, line_start, m.start()):
        return [*before, m, *following], (len(before) if len(before) >= _reliable_from(before[0] if before else m) else None)
    if len(before) >= 3 and not _may_end_sentence(text, before[-3].start(), m.start()):
        return [*before[-3:], m, *following], 3
    return None


def _reliable_from(first: re.Match[str]) -> int:
    """The index of a sentence's first reliable word: its first word is not evidence, nor are the first
    three of a sentence that starts in lower case (the displaced capital may be among them)."""
    return 3 if first.group().islower() else 1


def _may_end_sentence(text: str, start: int, end: int) -> bool:
    return "." in text[start:end] or "?" in text[start:end] or "!" in text[start:end]


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
