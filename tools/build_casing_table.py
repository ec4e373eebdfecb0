"""Build normalizer/data/english-case.{words,counts}: English case counts per word, from the truecase package.

    python3 -m pip install truecase==0.0.14 && python3 tools/build_casing_table.py

The ``truecase`` package (0.0.14, https://github.com/daltonfury42/truecase; PyPI metadata:
MIT, its LICENSE file: Apache License 2.0) ships a 76 MB pickle of unigram counts from an
English corpus. mtnorm needs only, for each word, how often it is written in lower case and
how often capitalized: about 60,000 words. Reading the pickle at run time took 2.4 s and
517 MB on a first run, so the small table is built here, at development time, and shipped
as package data (the counts are facts drawn from the package's data; the licences above are
recorded in normalizer/data/README.md).

Output: ``english-case.words`` (UTF-8, one word per line, sorted) and
``english-case.counts`` (little-endian unsigned 32-bit integers: lower-case count,
capitalized count, for each word in order). Loading is two C-level reads, no parsing per entry.
"""

from __future__ import annotations

import pickle
import re
import sys
from array import array
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "normalizer" / "data"


def is_title_word(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].islower()


def table() -> dict[str, tuple[int, int]]:
    import truecase

    source = Path(truecase.__file__).resolve().parent / "data" / "english.dist"
    with source.open("rb") as handle:
        data = pickle.load(handle)  # noqa: S301 - a file of an installed package
    counts: dict[str, list[int]] = {}
    for token, count in data["uni_dist"].items():
        if not re.fullmatch(r"[^\W\d_][\w'-]*", token):
            continue
        slot = counts.setdefault(token.lower(), [0, 0])
        if token.islower():
            slot[0] += count
        elif is_title_word(token):
            slot[1] += count
    return {k: (v[0], v[1]) for k, v in counts.items() if v[0] + v[1] > 0}


def main() -> int:
    rows = sorted(table().items())
    if any("\n" in word for word, _ in rows):
        raise SystemExit("a word with a line break: the format cannot hold it")
    counts = array("I", [n for _, pair in rows for n in pair])
    if sys.byteorder != "little":
        counts.byteswap()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "english-case.words").write_text("\n".join(word for word, _ in rows), encoding="utf-8")
    (OUT / "english-case.counts").write_bytes(counts.tobytes())
    print(f"{len(rows)} words -> {OUT}/english-case.words, english-case.counts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
