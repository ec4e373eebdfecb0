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
    """word → its ``per_word`` integers.

    The words file is sorted (code-point order, as the tools write it), so a question is a binary
    search in its text, like `SortedWords`: loading is two reads and one count of line breaks per
    `BLOCK` characters (a word's number, the place of its integers, is then one short count away).
    Building the dict of 60,000 words at load cost 15-30 ms of every start-up, where a one-line
    document asks about 15 questions; a process that asks more than `DICT_AFTER` builds it then
    (a search costs about 25 µs: 500 of them cost what building the dict does).
    """

    DICT_AFTER = 500
    BLOCK = 4096

    def __init__(self, name: str, suffix: str, typecode: str, per_word: int, folder: Path = DATA) -> None:
        text = (folder / f"{name}.words").read_text(encoding="utf-8")
        values = array(typecode)
        values.frombytes((folder / f"{name}.{suffix}").read_bytes())
        if sys.byteorder != "little":
            values.byteswap()
        self._count = text.count("\n") + 1
        if len(values) != per_word * self._count:
            raise ValueError(f"{folder}: {name}.words and {name}.{suffix} do not match")
        self._text = text = "\n" + text + "\n"
        # line breaks before each block of the text: breaks before k * BLOCK = _breaks[k]
        self._breaks = breaks = [0]
        for end in range(self.BLOCK, len(text), self.BLOCK):
            breaks.append(breaks[-1] + text.count("\n", end - self.BLOCK, end))
        self._index: dict[str, int] | None = None
        self._asked = 0
        self._values = values
        self._per_word = per_word

    def _place(self, word: str) -> int | None:
        """Where the word's integers start in ``_values``, or None."""
        if self._index is None:
            self._asked += 1
            if self._asked <= self.DICT_AFTER:
                start = _find_line(self._text, word)
                if start < 0:
                    return None
                block = start // self.BLOCK
                line = self._breaks[block] + self._text.count("\n", block * self.BLOCK, start) - 1
                return line * self._per_word
            words = self._text[1:-1].split("\n")
            self._index = dict(zip(words, range(0, self._per_word * len(words), self._per_word), strict=True))
        return self._index.get(word)

    def get(self, word: str) -> tuple[int, ...] | None:
        i = self._place(word)
        return None if i is None else tuple(self._values[i : i + self._per_word])

    def first(self, word: str) -> int | None:
        """The word's first integer (its only one, in a table of one per word)."""
        i = self._place(word)
        return None if i is None else self._values[i]

    def __contains__(self, word: str) -> bool:
        return self._place(word) is not None

    def __len__(self) -> int:
        return self._count


def _find_line(text: str, word: str) -> int:
    """Where the line equal to ``word`` starts in ``text`` (sorted lines, each between two line breaks), or -1."""
    if not isinstance(word, str) or not word or "\n" in word:
        return -1
    lo, hi = 1, len(text) - 1  # lo starts a line (text[lo - 1] is a break); text[hi] is a break
    while lo < hi:
        mid = (lo + hi) // 2
        start = text.rfind("\n", lo - 1, mid + 1) + 1  # the line holding mid
        end = text.find("\n", start)
        line = text[start:end]
        if line == word:
            return start
        if line < word:
            lo = end + 1
        else:
            hi = start - 1
    return -1


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
                return _find_line(self._text, word) >= 0
            self._set = frozenset(self._text[1:-1].split("\n"))
        return word in self._set
