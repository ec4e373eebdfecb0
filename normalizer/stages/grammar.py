"""Local, unambiguous grammar slips (ARTIFACTS.md class 7), with no Java needed.

Each rule is deliberately narrow: it fires only where a copy editor would fix
the text without reading the source. The word lists live in lexicons/grammar.yaml.
LanguageTool, where it runs, comes after these (normalizer/languagetool/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..automaton import PRESENCE_CHUNK, KeyAutomaton
from ..edits import Edit, make_edit
from ..sounds import SoundTable
from ..text import is_word_char, line_pieces, lower_text
from .base import Doc, Setup, Stage

if TYPE_CHECKING:
    from ..languagetool.backend import LanguageToolBackend

_FOLLOWERS_AFTER_COUNTRY = (
    r"[,;:!?)]|\.(?!\w)|$|"  # a dot only as a sign: "the Russia.tv website" names a site
    r"\s+(?:and|or|but|were|was|is|are|has|have|had|will|would|to|for|with|from|by|until|since|after|before|during)\b"
)


class GrammarStage(Stage):
    """The built-in grammar rules; each rule id carries its own examples (``RULE_EXAMPLES``), and they are tests."""

    name = "grammar"
    kinds = ("grammar",)
    RULE_EXAMPLES: dict[str, list[tuple[str, str]]] = {
        "grammar.article-agreement": [
            ("it was a error", "it was an error"),
            ("it was an mistake", "it was a mistake"),
            ("A apple a day", "An apple a day"),
            ("a one-off payment, an hour, a European, an FSB officer", "a one-off payment, an hour, a European, an FSB officer"),
            ("a uniform, a university, an umbrella", "a uniform, a university, an umbrella"),
            ("it was a unusual step", "it was an unusual step"),
            ("an union of states", "a union of states"),
            ("He is a FBI agent", "He is an FBI agent"),
            ("an NGO, an MRI scan, a NATO summit, a UN envoy, an SMS", "an NGO, an MRI scan, a NATO summit, a UN envoy, an SMS"),
            ("an Fpoint employee, a Sberbank branch, an historic day", "an Fpoint employee, a Sberbank branch, an historic day"),
            ("There's a about a tenfold rise, it was a after all", "There's a about a tenfold rise, it was a after all"),
            ("vitamin a and b, Plan A is ready", "vitamin a and b, Plan A is ready"),
        ],
        "grammar.doubled-word": [
            ("met in the the capital", "met in the capital"),
            ("what it was was clear, he had had enough", "what it was was clear, he had had enough"),
            ("she looked at at the station and filled in in the form", "she looked at at the station and filled in in the form"),
            ("talks held in Moscow in in the spring", "talks held in Moscow in the spring"),
            ("the\nthe next line", "the\nthe next line"),
        ],
        "grammar.country-article": [
            (
                "after the end of the civil war in the Syria were discussed",
                "after the end of the civil war in Syria were discussed",
            ),
            ("the Russia of the 1990s", "the Russia of the 1990s"),
            ("the Syria talks", "the Syria talks"),
            ("shown by Channel One and the Russia.tv portal.", "shown by Channel One and the Russia.tv portal."),
            ("on the portal of the Russia.tv.", "on the portal of Russia.tv."),
            ("in the Netherlands and the Philippines", "in the Netherlands and the Philippines"),
        ],
    }
    EXAMPLES = [pair for pairs in RULE_EXAMPLES.values() for pair in pairs]

    @classmethod
    def build(cls, setup: Setup) -> GrammarStage | None:
        return cls() if setup.options.grammar != "off" else None

    def __init__(self) -> None:
        self._sound_table: tuple[object, SoundTable] | None = None

    def _sounds(self, doc: Doc) -> SoundTable:
        """One table per lexicon (built on first use, the lists are large)."""
        if self._sound_table is None or self._sound_table[0] is not doc.lexicon:
            self._sound_table = (doc.lexicon, SoundTable(doc.lexicon.grammar))
        return self._sound_table[1]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        grammar = doc.lexicon.grammar
        return (
            _articles(text, self._sounds(doc), grammar.get("not_after_article", set()))
            + _doubled(text, grammar.get("doubled_words", set()), grammar.get("doubled_particles", set()))
            + _country_article(text, grammar.get("countries", set()))
        )


@lru_cache(maxsize=1)
def _article() -> re.Pattern[str]:
    """An article and the word after it. "A" is an article only where a sentence starts; elsewhere it is a
    letter ("Plan A is"). Compiled when a text first holds an article word (1 ms of every start-up before)."""
    return re.compile(
        r"(?:(?<![\w'’.-])(a|an)"
        r"|(?:^|(?<=[.!?][ \t])|(?<=[“\"(])|(?<=[“\"(][ \t])|(?<=[.!?][”\"] ))(A|An))"
        r"[ \t]+([A-Za-z][A-Za-z]+)(?![\w'’])",
        re.MULTILINE,
    )


# Every match of _article() starts where one of these is, with no word character before it.
_ARTICLE_WORDS = ("a ", "a\t", "an ", "an\t", "A ", "A\t", "An ", "An\t")


@lru_cache(maxsize=1)
def _article_words() -> KeyAutomaton:
    return KeyAutomaton(_ARTICLE_WORDS)


def _article_starts(text: str) -> Iterator[int]:
    """Where an article word followed by a space or tab starts (``[aA](?<!\\w[aA])n?[ \\t]``), in order:
    the automaton also finds the ends of longer words (``Russia ``), which the word-boundary test drops; a
    third of the time of that pattern, which stopped at every a. In order as found: the keys' matches
    end at different places, and so start in the order they end."""
    return (start for start, _ in _article_words().matches(text) if not (start and is_word_char(text[start - 1])))


def _article_matches(text: str):
    """The matches of ``_article().finditer(text)``, found faster: the pattern's look-behinds are
    tried only where an article word starts, not at every position of the text."""
    end = 0
    for start in _article_starts(text):
        if start < end:
            continue
        m = _article().match(text, start)
        if m:
            end = m.end()
            yield m


def _articles(text: str, sounds: SoundTable, not_after_article: set[str]) -> list[Edit]:
    """``a error`` → ``an error``: the article agrees with the next word's first *sound*.

    A word that never follows an article (``There's a about``: the stray ``a`` is the slip, not
    its form) and a word whose sound its spelling does not settle (`sounds.SoundTable`) are left alone.
    """
    edits = []
    for m in _article_matches(text):
        group = 1 if m.group(1) else 2
        article, word = m.group(group), m.group(3)
        if word.lower() in not_after_article:
            continue
        sound = sounds.first_sound(word)
        if article.lower() == "a" and sound == "vowel":
            wanted = article + "n"
        elif article.lower() == "an" and sound == "consonant":
            wanted = article[0]
        else:
            continue
        edits.append(
            make_edit(
                text, m.start(group), m.end(group), wanted, "grammar", "grammar.article-agreement", f"“{wanted}” before “{word}”"
            )
        )
    return edits


@lru_cache(maxsize=8)
def _doubled_pattern(words: frozenset[str], ignore_case: bool) -> re.Pattern[str]:
    """The pair in a look-ahead, so a run (``in in in in``) gives one edit per repeat, not one per pair
    (fix∘fix = fix). Built once per word list, not per document."""
    alternation = "|".join(sorted(map(re.escape, words if ignore_case else {w.lower() for w in words})))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w'’-])({alternation})(?=(\s+)(\1)(?![\w'’-]))", flags)


def _doubled(text: str, doubled: set[str], particles: set[str]) -> list[Edit]:
    """``the the`` → ``the``. A preposition written twice after a verb is English (``looked at at the
    station``: the verb's particle, then the preposition), so ``particles`` count as doubled only
    where no word, or a name or number, comes before them."""
    words = doubled | particles
    if not words:
        return []
    # matched on the lower-cased text (a third faster than ignoring case), unless lowering moves offsets (İ,
    # the one character that lowers to two)
    same_offsets = "İ" not in text
    if same_offsets and not _pair_possible(text, frozenset(words)):
        return []
    pattern = _doubled_pattern(frozenset(words), ignore_case=not same_offsets)
    edits = []
    run_end = -1  # inside a run that was taken (in in in), the word before is the repeat itself, not a verb
    for at, m in _lowered_matches(pattern, text) if same_offsets else ((0, m) for m in pattern.finditer(text)):
        first, second = text[at + m.start(1) : at + m.end(1)], text[at + m.start(3) : at + m.end(3)]
        if "\n" in m.group(2) or first.lower() != second.lower():
            continue
        start = at + m.start()
        if first.lower() not in doubled and start >= run_end and not _no_verb_before(text, start):
            continue
        edits.append(
            make_edit(text, at + m.start(2), at + m.end(3), "", "grammar", "grammar.doubled-word", f"“{first}” written twice")
        )
        run_end = at + m.end(3)
    return edits


DOUBLED_CHUNK = 1 << 20  # characters lowered at a time for the doubled-word search

# every character ``\s`` matches (str.isspace) but the space and the line break
_OTHER_WHITESPACE = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@lru_cache(maxsize=8)
def _pairs(words: frozenset[str]) -> KeyAutomaton:
    """Every ``w w`` of the words, lower-cased, and the whitespace the pattern may match but the single
    space and line break, in one automaton: one pass over a text finds them all (a `str.find` scan for
    each of the 17 shipped pairs and a search for each whitespace character cost four times as much)."""
    return KeyAutomaton([*(f"{w} {w}" for w in {w.lower() for w in words}), "  ", *_OTHER_WHITESPACE])


def _pair_possible(text: str, words: frozenset[str]) -> bool:
    """Can the doubled-word pattern match a pair it keeps? Most texts hold none, and its look-behind is
    tried at every position. Where the only whitespace is single spaces and line breaks, a pair it keeps
    (none across a break) shows as ``w w`` between word bounds in the lower-cased text: one pass of an
    automaton tells, in the pieces the pattern would search (`_lowered_pieces`). Other whitespace goes
    to the pattern."""
    pairs = _pairs(words)
    for _, lowered in _lowered_pieces(text):  # lowering changes no whitespace
        for at, length in pairs.matches(lowered, PRESENCE_CHUNK):  # a piece of the text may be all tabs
            if length < 3 or _bounded(lowered, at, at + length):  # whitespace other than single spaces: the pattern decides
                return True
    return False


def _bounded(text: str, start: int, end: int) -> bool:
    """No ``[\\w'’-]`` right before ``start`` or at ``end``: the pair is whole words, as the pattern's look-arounds ask."""
    return not (start and _joins(text[start - 1])) and not (end < len(text) and _joins(text[end]))


def _joins(char: str) -> bool:
    return is_word_char(char) or char in "'’-"


def _lowered_matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(offset of its piece, match) of ``pattern`` in the lower-cased text, lowered a piece of lines at a
    time: no lower-cased copy of the whole text. A pair across a line break is never taken, so no match
    needs the next piece."""
    for start, lowered in _lowered_pieces(text):
        for m in pattern.finditer(lowered):
            yield start, m


def _lowered_pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, the piece lower-cased) for each piece of lines of about `DOUBLED_CHUNK` characters: the
    pieces both the doubled-word pattern and `_pair_possible` search."""
    for start, end in line_pieces(text, DOUBLED_CHUNK):
        yield start, lower_text(text[start:end])


_WORD_BEFORE = re.compile(r"([^\W_]+)[ \t]+$")


def _no_verb_before(text: str, index: int) -> bool:
    """Nothing before on the line but a name, a number or a sign: no verb whose particle this could be."""
    m = _WORD_BEFORE.search(text, max(0, index - 60), index)
    return m is None or not m.group(1).islower()


@lru_cache(maxsize=8)
def _country_article_pattern(countries: frozenset[str]) -> re.Pattern[str]:
    """``the`` and a country: the literal first, found by a fast scan (a pattern that began with the
    preposition's word boundary was tried at every position); the preposition is `_PREPOSITION_BEFORE`."""
    alternation = "|".join(sorted(map(re.escape, countries)))
    return re.compile(rf"(the )(?:{alternation})(?:\.[a-z]{{2,}})?(?=’s\b|'s\b|{_FOLLOWERS_AFTER_COUNTRY})")


_PREPOSITION_BEFORE = re.compile(r"\b(?:in|of|to|from|with|into|across|throughout|on|for|about|against|and) \Z")
_LONGEST_PREPOSITION = len("throughout ")


def _country_article(text: str, countries: set[str]) -> list[Edit]:
    if not countries:
        return []
    pattern = _country_article_pattern(frozenset(countries))
    edits = []
    taken_to = 0  # a match (preposition to country) starts after the last one taken, as one pattern's matches do
    for m in pattern.finditer(text):
        before = _PREPOSITION_BEFORE.search(text, max(0, m.start() - _LONGEST_PREPOSITION), m.start())
        if before is None or before.start() < taken_to:
            continue
        edits.append(
            make_edit(text, m.start(1), m.end(1), "", "grammar", "grammar.country-article", "no article before this country name")
        )
        taken_to = m.end()
    return edits


class LanguageToolStage(Stage):
    """LanguageTool's matches as edits, after the built-in rules (``--grammar languagetool``).

    Only allow-listed rules (lexicons/languagetool/allow.yaml), only matches with
    exactly one replacement, never spelling; the pipeline drops any edit that
    touches a protected span. Rule ids are ``LT:<RULE_ID>``.
    """

    name = "languagetool"
    kinds = ("grammar", "spacing", "sentence-case")

    def __init__(self, backend: LanguageToolBackend) -> None:
        self.backend = backend

    @classmethod
    def build(cls, setup: Setup) -> LanguageToolStage | None:
        return cls(setup.languagetool) if setup.languagetool is not None else None

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        edits = []
        for match in self.backend.check(text):
            if len(match.replacements) != 1:
                continue
            kind = self.backend.allowlist.kind_of(match.rule_id, match.category)
            if kind is None:
                continue
            edits.append(
                make_edit(text, match.start, match.end, match.replacements[0], kind, f"LT:{match.rule_id}", match.message)
            )
        return edits
