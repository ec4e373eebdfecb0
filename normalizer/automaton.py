"""Many literal keys found in one pass over a text: an Aho-Corasick automaton (ahocorasick-rs).

Used where a text is searched for many strings at once (the lexicon, acronyms, the spacing triggers,
article words, doubled words, digits): the text is walked in compiled code, and Python sees only the
places where a key occurs. A search for a class of characters in a regular expression tests every
character of the text; an automaton skips along it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

AUTOMATON_CHUNK = 1 << 20  # characters searched at a time: the matches of a piece are returned as one list
PRESENCE_CHUNK = 1 << 16  # characters `KeyAutomaton.found_keys` searches at a time (its matches are only counted)
FEW_KEYS = 16  # up to this many keys, one `str.find` scan each costs less than building an automaton for a text


class KeyAutomaton:
    """Every occurrence of any of ``keys`` in a text, overlapping ones too, as ``(start, length)``.

    ahocorasick-rs walks the text in compiled code (Apache 2.0). It replaced pyahocorasick here: on
    the 5 KB documents of benchmarks/speed.py, with the bundled lexicon's keys, pyahocorasick's walk
    took 20.6 ms and this one 3.3 ms, with the same matches. A piece of `AUTOMATON_CHUNK` characters
    at a time, pieces overlapping by the longest key less one (a match starting in the overlap is
    the next piece's), so the list of matches stays a piece's."""

    def __init__(self, keys: Iterable[str]) -> None:
        from ahocorasick_rs import AhoCorasick, MatchKind

        self.keys = sorted(set(keys))
        self._automaton = AhoCorasick(self.keys, matchkind=MatchKind.Standard)
        self._overlap = max(map(len, self.keys), default=1) - 1

    def found_keys(self, text: str) -> set[str]:
        """The keys that occur in ``text``: a test for many literals at once, in one pass (a regular
        expression that starts with a character class is tried at every character). A piece of
        `PRESENCE_CHUNK` characters at a time, so a text made of one key repeated gives no more than
        a piece's matches at once."""
        found: set[int] = set()
        for base in range(0, len(text), PRESENCE_CHUNK):
            piece = text[base : base + PRESENCE_CHUNK + self._overlap]
            found.update(index for index, _, _ in self._automaton.find_matches_as_indexes(piece, overlapping=True))
            if len(found) == len(self.keys):
                break
        return {self.keys[index] for index in found}

    def matches(self, text: str, chunk: int | None = None) -> Iterator[tuple[int, int]]:
        """``(start, length)`` of every occurrence, in order of their ends; ``chunk``: characters searched
        at a time (`AUTOMATON_CHUNK`), smaller where a text may hold a key at every character."""
        chunk = chunk or AUTOMATON_CHUNK
        for base in range(0, len(text), chunk):
            piece = text[base : base + chunk + self._overlap]
            for _, start, end in self._automaton.find_matches_as_indexes(piece, overlapping=True):
                if start < chunk:
                    yield base + start, end - start
