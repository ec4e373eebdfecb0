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
