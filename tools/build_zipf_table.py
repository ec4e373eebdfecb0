"""Build normalizer/data/english-zipf.{words,centi}: the common English words and their Zipf frequency.

    python3 tools/build_zipf_table.py        # needs wordfreq (a dependency of mtnorm)

The spacing rules ask wordfreq for the frequency of short common words (is each half of
``andcalled`` common, zipf >= 4; is ``The`` after ``Syria.`` a common word, zipf >= 3).
Importing wordfreq and loading its English list costs about 0.6 s per process, most of a
small run. Every ASCII lower-case word whose ``wordfreq.zipf_frequency(word, "en")`` is at
least `LEAST` is listed here with that exact value, so those questions are answered without
wordfreq; a word not listed has a lower frequency. wordfreq itself is loaded only for a
question this table cannot answer (is a fused form known at all).

Source: wordfreq 3.1.1 (Robyn Speer; code Apache-2.0, data CC BY-SA 4.0, see
normalizer/data/README.md). Output: ``english-zipf.words`` (one word per line) and
``english-zipf.centi`` (little-endian unsigned 16-bit: zipf x 100, wordfreq rounds to 2 decimals).
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "normalizer" / "data"
LEAST = 3.0  # the lowest threshold the spacing rules use (NEXT_WORD_MIN_ZIPF)


def table() -> dict[str, float]:
    from wordfreq import get_frequency_dict, zipf_frequency

    out = {}
    for word in get_frequency_dict("en"):
        if word.isascii() and word.isalpha() and word.islower():
            zipf = zipf_frequency(word, "en")
            if zipf >= LEAST:
                out[word] = zipf
    return out


def main() -> int:
    rows = sorted(table().items())
    centi = array("H", [round(z * 100) for _, z in rows])
    if any(abs(c / 100 - z) > 1e-9 for c, (_, z) in zip(centi, rows, strict=True)):
        raise SystemExit("a Zipf value with more than two decimals: the format cannot hold it")
    if sys.byteorder != "little":
        centi.byteswap()
    (OUT / "english-zipf.words").write_text("\n".join(w for w, _ in rows), encoding="utf-8")
    (OUT / "english-zipf.centi").write_bytes(centi.tobytes())
    print(f"{len(rows)} words with zipf >= {LEAST} -> {OUT}/english-zipf.words, english-zipf.centi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
