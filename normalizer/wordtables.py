"""Word tables shipped as package data (normalizer/data/): English case counts, common-word frequencies.

Each table is two files built at development time by a tool in ``tools/`` (origin and
licences in normalizer/data/README.md): ``NAME.words``, one word per line, and a file of
little-endian unsigned integers, ``per_word`` of them for each word in order. Loading is
two reads, so a process that needs a few look-ups does not pay for the package the data came
from (reading truecase's pickle took 2.4 s; importing wordfreq and loading its list, 0.6 s).

Both kinds of table answer their first questions by binary search in the file's bytes, which
are sorted (UTF-8 byte order is code-point order): a one-line document asks about 15 questions,
and decoding the words, building a dict or a set of them, cost 5-30 ms of every start-up per
table. A process that asks many questions builds the dict or set then.
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


class WordTable:
    """word → its ``per_word`` integers.

    A word's number (where its integers are) is the count of line breaks before it: counted once
    per `BLOCK` bytes at load, then only within the word's block. After `DICT_AFTER` questions the
    dict is built as before (a search costs about 25 µs: 500 of them cost what the dict does).
    """

    DICT_AFTER = 500
    BLOCK = 4096

    def __init__(self, name: str, suffix: str, typecode: str, per_word: int, folder: Path = DATA) -> None:
        data = (folder / f"{name}.words").read_bytes()
        values = array(typecode)
        values.frombytes((folder / f"{name}.{suffix}").read_bytes())
        if sys.byteorder != "little":
            values.byteswap()
        # line breaks before each block: before byte k * BLOCK there are _breaks[k]
        self._breaks = breaks = [0]
        for end in range(self.BLOCK, len(data), self.BLOCK):
            breaks.append(breaks[-1] + data.count(b"\n", end - self.BLOCK, end))
        self._count = breaks[-1] + data.count(b"\n", (len(breaks) - 1) * self.BLOCK) + 1
        if len(values) != per_word * self._count:
            raise ValueError(f"{folder}: {name}.words and {name}.{suffix} do not match")
        self._data = data
        self._index: dict[str, int] | None = None
        self._asked = 0
        self._values = values
        self._per_word = per_word

    def _place(self, word: str) -> int | None:
        """Where the word's integers start in ``_values``, or None."""
        if self._index is None:
            self._asked += 1
            if self._asked <= self.DICT_AFTER:
                start = _find_line(self._data, word)
                if start < 0:
                    return None
                block = start // self.BLOCK
                line = self._breaks[block] + self._data.count(b"\n", block * self.BLOCK, start)
                return line * self._per_word
            words = _lines(self._data)
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


def _lines(data: bytes) -> list[str]:
    """The words of a words file, in file order."""
    return data.decode("utf-8").split("\n")


def _find_line(data: bytes, word: object) -> int:
    """Where the line equal to ``word`` starts in ``data`` (sorted UTF-8 lines, between line breaks), or -1."""
    if not isinstance(word, str) or not word or "\n" in word:
        return -1
    key = word.encode("utf-8", "surrogatepass")  # a lone surrogate matches no line of a UTF-8 file
    lo, hi = 0, len(data)  # lo starts a line; hi ends one (a break, or the end of the data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", lo, mid) + 1 or lo  # the line holding mid
        end = data.find(b"\n", start, hi)
        if end < 0:
            end = hi
        line = data[start:end]
        if line == key:
            return start
        if line < key:
            lo = end + 1
        else:
            hi = start - 1
    return -1


class SortedWords:
    """A sorted word list, ``NAME.words`` (one word per line, code-point order): is a word in it?

    Loading is one read of the file; a question is a binary search in its bytes (about 18
    short comparisons), so a process asking a few questions never builds a set of 200,000
    strings (0.07 s). A document that asks more than `SET_AFTER` questions gets the set.
    """

    SET_AFTER = 2000

    def __init__(self, name: str, folder: Path = DATA) -> None:
        self._data = (folder / f"{name}.words").read_bytes()
        self._set: frozenset[str] | None = None
        self._asked = 0

    @classmethod
    def from_bytes(cls, data: bytes) -> SortedWords:
        """A list already in memory: sorted UTF-8 lines (a table of the per-user cache)."""
        words = cls.__new__(cls)
        words._data, words._set, words._asked = data, None, 0
        return words

    def words(self) -> list[str]:
        """Every word, in file order."""
        return _lines(self._data)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        if self._set is None:
            self._asked += 1
            if self._asked <= self.SET_AFTER:
                return _find_line(self._data, word) >= 0
            self._set = frozenset(self.words())
        return word in self._set
