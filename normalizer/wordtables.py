"""Word tables shipped as package data (normalizer/data/): English case counts, common-word frequencies.

Each table is two files built at development time by a tool in ``tools/`` (origin and
licences in normalizer/data/README.md): ``NAME.words``, one word per line, and a file of
little-endian unsigned integers, ``per_word`` of them for each word in order. Loading is
two reads and one dict built in C, so a process that needs a few look-ups does not pay for
the package the data came from (reading truecase's pickle took 2.4 s; importing wordfreq
and loading its list, 0.6 s).
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


class WordTable:
    """word → its ``per_word`` integers."""

    def __init__(self, name: str, suffix: str, typecode: str, per_word: int, folder: Path = DATA) -> None:
        words = (folder / f"{name}.words").read_text(encoding="utf-8").split("\n")
        values = array(typecode)
        values.frombytes((folder / f"{name}.{suffix}").read_bytes())
        if sys.byteorder != "little":
            values.byteswap()
        if len(values) != per_word * len(words):
            raise ValueError(f"{folder}: {name}.words and {name}.{suffix} do not match")
        self._index = dict(zip(words, range(0, per_word * len(words), per_word), strict=True))
        self._values = values
        self._per_word = per_word

    def get(self, word: str) -> tuple[int, ...] | None:
        i = self._index.get(word)
        return None if i is None else tuple(self._values[i : i + self._per_word])

    def first(self, word: str) -> int | None:
        """The word's first integer (its only one, in a table of one per word)."""
        i = self._index.get(word)
        return None if i is None else self._values[i]

    def __contains__(self, word: str) -> bool:
        return word in self._index

    def __len__(self) -> int:
        return len(self._index)


class SortedWords:
    """A sorted word list, ``NAME.words`` (one word per line, code-point order): is a word in it?

    Loading is one read of the file; a question is a binary search in its text (about 18
    short comparisons), so a process asking a few questions never builds a set of 200,000
    strings (0.07 s). A document that asks more than `SET_AFTER` questions gets the set.
    """

    SET_AFTER = 2000

    def __init__(self, name: str, folder: Path = DATA) -> None:
        self._text = "\n" + (folder / f"{name}.words").read_text(encoding="utf-8") + "\n"
        self._set: frozenset[str] | None = None
        self._asked = 0

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        if self._set is None:
            self._asked += 1
            if self._asked <= self.SET_AFTER:
                return self._search(word)
            self._set = frozenset(self._text[1:-1].split("\n"))
        return word in self._set

    def _search(self, word: str) -> bool:
        text = self._text
        lo, hi = 1, len(text) - 1  # lo starts a line (text[lo - 1] is a break); text[hi] is a break
        while lo < hi:
            mid = (lo + hi) // 2
            start = text.rfind("\n", lo - 1, mid + 1) + 1  # the line holding mid
            end = text.find("\n", start)
            line = text[start:end]
            if line == word:
                return True
            if line < word:
                lo = end + 1
            else:
                hi = start - 1
        return False
