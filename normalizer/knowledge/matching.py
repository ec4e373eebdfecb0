"""Finding lexicon variants in text at a cost that does not grow with the lexicon.

A lexicon of 100,000 names compiled into one regular-expression alternation
takes seconds to compile and scans slower the more names it holds. Here every
literal variant is a key in a hash table instead, indexed by its first word:
the text is cut into words once (one C-level regular expression), and at each
word start only the variants that begin with that word are tried, longest
first. The work per word is one dictionary look-up, whatever the size of the
lexicon.

Semantics are those of the former alternation ``(?<!\\w)(?:v1|v2|...)(?!\\w)``
with variants sorted longest first: a match starts and ends at a Unicode word
boundary (Python's ``\\w``: Cyrillic, accented Latin and CJK are word
characters), the longest variant at the leftmost position wins, and matching
resumes after it. Case-insensitive variants are looked up in a *folded* copy
of the text that has exactly the same length as the text, so offsets never
shift: ``'İ'.lower()`` is two characters, and such characters are folded one
by one to a single character instead (``İ`` → ``i``, see `fold`).

Regular-expression variants and variants with ``whole_word: false`` cannot be
looked up in a table; they are scanned one pattern per entry, so keep them few
(``mtnorm lexicon check`` does not limit them, the docs say why).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..automaton import KeyAutomaton
from ..text import is_word_char, lower_text

if TYPE_CHECKING:
    from .lexicon import Entry
    from .regex_safety import GuardedPattern

_WORD_RUN = r"\w+"
AUTOMATON_MAX_KEYS = 20_000
"""Tables up to this many keys are scanned with an Aho-Corasick automaton (`KeyAutomaton`): the text
is walked in compiled code and Python handles only the hits, about 5x faster on the bundled lexicon. Larger
tables use the hash-table scan, whose cost does not grow with the lexicon: an automaton of
100,000 names reports so many hits inside longer words that filtering them in Python is slower."""


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding each character to exactly one character."""

    def __missing__(self, code: int) -> str:
        lowered = chr(code).lower()
        candidate = lowered[0]  # İ → i (its full lower case, i̇, is two characters), as re.IGNORECASE does
        self[code] = candidate
        return candidate


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Case-fold ``text`` without changing its length (offsets stay valid).

    ``str.lower`` is used when it keeps the length (almost always, and fast);
    otherwise each character is lowered on its own, and a character whose
    lower case is longer keeps its first character (``İ`` → ``i``, not ``i̇``).
    Final and medial sigma are one letter.
    """
    lowered = lower_text(text)
    if len(lowered) != len(text):
        lowered = text.translate(_FOLD)
    return lowered.replace("ς", "σ")


class _Table:
    """Variants of one case mode: first word → candidate lengths, variant → entries."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.lengths: dict[str, list[int]] = {}
        self.lead_chars: set[str] = set()

    def add(self, key: str, entry: Entry) -> None:
        bucket = self.entries.setdefault(key, [])
        if entry not in bucket:
            # Entries with context conditions are tried first (the context decides), then the
            # context-free one; among equals the one loaded later wins, so a user file overrides.
            bucket.insert(0, entry)
            bucket.sort(key=lambda e: not e.has_context)
        head = _head(key)
        if not is_word_char(key[0]):
            self.lead_chars.add(key[0])
        lengths = self.lengths.setdefault(head, [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def automaton(self) -> KeyAutomaton:
        """An Aho-Corasick automaton of every key."""
        return KeyAutomaton(self.entries)

    def scanner(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        if not self.lead_chars:
            return re.compile(_WORD_RUN)
        chars = "".join(re.escape(c) for c in sorted(self.lead_chars))
        return re.compile(rf"{_WORD_RUN}|[{chars}]")


def _head(key: str) -> str:
    """The index of a variant: its first word, or its first character if that is not a word character."""
    m = re.match(_WORD_RUN, key)
    return m.group() if m else key[0]


class EntryMatcher:
    """All entries' variants compiled once; `find` yields ``(start, end, entry)``.

    Built once per `Normalizer`. Literal, whole-word variants go to hash
    tables (one per case mode); regular expressions and substring variants are
    kept per entry.
    """

    def __init__(self, entries: Sequence[Entry], automaton_max_keys: int = AUTOMATON_MAX_KEYS) -> None:
        self.entries = list(entries)
        self.sensitive = _Table()
        self.folded = _Table()
        self.patterns: list[tuple[re.Pattern[str] | GuardedPattern, Entry]] = []
        for entry in self.entries:
            literal = [v for v in entry.variants if v]
            if getattr(entry, "whole_word", True):
                table = self.sensitive if entry.case_sensitive else self.folded
                for variant in literal:
                    table.add(variant if entry.case_sensitive else fold(variant), entry)
            elif literal:
                body = "|".join(re.escape(v) for v in sorted(literal, key=lambda v: (-len(v), v)))
                flags = 0 if entry.case_sensitive else re.IGNORECASE
                self.patterns.append((re.compile(body, flags), entry))
            self.patterns.extend((regex, entry) for regex in entry.regexes)
        self._scanners: list[tuple[re.Pattern[str] | KeyAutomaton, _Table, bool]] = []
        for table in (self.sensitive, self.folded):
            scanner = table.scanner()
            if scanner is None:
                continue
            automaton = table.automaton() if len(table.entries) <= automaton_max_keys else None
            self._scanners.append((scanner if automaton is None else automaton, table, table is self.folded))

    def find(self, text: str) -> Iterable[tuple[int, int, Entry]]:
        """Every match whose context conditions hold; overlaps are left to `edits.select`."""
        for scanner, table, folded in self._scanners:
            haystack = fold(text) if folded else text
            if isinstance(scanner, re.Pattern):
                yield from _scan(text, haystack, scanner, table)
            else:
                yield from _scan_automaton(text, haystack, scanner, table)
        for pattern, entry in self.patterns:
            for m in pattern.finditer(text):
                if m.end() > m.start() and entry.context_allows(text, m.start(), m.end()):
                    yield m.start(), m.end(), entry


def _scan(text: str, haystack: str, scanner: re.Pattern[str], table: _Table) -> Iterator[tuple[int, int, Entry]]:
    """Leftmost-longest whole-word matches of ``table`` in ``haystack`` (same length as ``text``)."""
    lengths = table.lengths
    entries = table.entries
    size = len(haystack)
    resume = 0
    for token in scanner.finditer(haystack):
        start = token.start()
        if start < resume:
            continue
        candidates = lengths.get(token.group())
        if candidates is None:
            continue
        if start and is_word_char(haystack[start - 1]):
            continue  # a punctuation-led variant glued to a word
        for length in candidates:
            end = start + length
            if end > size or (end < size and is_word_char(haystack[end])):
                continue
            bucket = entries.get(haystack[start:end])
            if bucket is None:
                continue
            for entry in bucket:
                if entry.context_allows(text, start, end):
                    yield start, end, entry
                    break
            resume = end
            break


def _scan_automaton(text: str, haystack: str, automaton: KeyAutomaton, table: _Table) -> Iterator[tuple[int, int, Entry]]:
    """The matches of `_scan`, found with an Aho-Corasick automaton: the text is walked in C, and
    Python sees only the places where a key occurs (also inside longer words, which the boundary
    test drops). At each start the longest key with word boundaries at both ends is taken; matching
    resumes after it, even when no entry's context allows it there (as in `_scan`)."""
    size = len(haystack)
    longest: dict[int, int] = {}
    for start, length in automaton.matches(haystack):
        end = start + length
        if (start and is_word_char(haystack[start - 1])) or (end < size and is_word_char(haystack[end])):
            continue
        if longest.get(start, 0) < length:
            longest[start] = length
    resume = 0
    entries = table.entries
    for start in sorted(longest):
        if start < resume:
            continue
        end = start + longest[start]
        for entry in entries[haystack[start:end]]:
            if entry.context_allows(text, start, end):
                yield start, end, entry
                break
        resume = end
