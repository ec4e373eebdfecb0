"""Build normalizer/data/english-zipf.{words,centi} (the common English words and their Zipf frequency)
english-attested.words (the words from Zipf 2.0 up to those) and english-fused.{words,centi}
(the forms the fused-words rule weighs, and their Zipf frequency).

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
``english-zipf.centi`` (little-endian unsigned 16-bit: zipf x 100, wordfreq rounds to 2 decimals);
``english-fused.words`` and ``english-fused.centi`` the same way; ``english-attested.words``
(sorted, one per line).
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "normalizer" / "data"
LEAST = 3.0  # the lowest threshold the spacing rules use (NEXT_WORD_MIN_ZIPF)
ATTESTED = 2.0  # sentence-case's bar for a word English uses (spacing.ATTESTED_LEAST)


def table(least: float = LEAST, below: float = float("inf")) -> dict[str, float]:
    """Every ASCII lower-case word of wordfreq's English list with ``least <= zipf < below``, and its zipf."""
    from wordfreq import get_frequency_dict, zipf_frequency

    out = {}
    for word in get_frequency_dict("en"):
        if word.isascii() and word.isalpha() and word.islower():
            zipf = zipf_frequency(word, "en")
            if least <= zipf < below:
                out[word] = zipf
    return out


def fused_table() -> dict[str, float]:
    """Every ASCII lower-case word of wordfreq's English list that `spacing.split_fused` may weigh."""
    from wordfreq import get_frequency_dict, zipf_frequency

    sys.path.insert(0, str(OUT.parent.parent))
    from normalizer.stages.spacing import FUSED_MIN_LENGTH, fused_splits

    return {
        word: zipf_frequency(word, "en")
        for word in get_frequency_dict("en")
        if word.isascii() and word.isalpha() and word.islower() and len(word) >= FUSED_MIN_LENGTH and fused_splits(word)
    }


def write(name: str, values: dict[str, float]) -> int:
    rows = sorted(values.items())
    centi = array("H", [round(z * 100) for _, z in rows])
    if any(abs(c / 100 - z) > 1e-9 for c, (_, z) in zip(centi, rows, strict=True)):
        raise SystemExit("a Zipf value with more than two decimals: the format cannot hold it")
    if sys.byteorder != "little":
        centi.byteswap()
    (OUT / f"{name}.words").write_text("\n".join(w for w, _ in rows), encoding="utf-8")
    (OUT / f"{name}.centi").write_bytes(centi.tobytes())
    return len(rows)


def main() -> int:
    count = write("english-zipf", table())
    print(f"{count} words with zipf >= {LEAST} -> {OUT}/english-zipf.words, english-zipf.centi")
    attested = sorted(table(ATTESTED, LEAST))
    (OUT / "english-attested.words").write_text("\n".join(attested), encoding="utf-8")
    print(f"{len(attested)} words with {ATTESTED} <= zipf < {LEAST} -> {OUT}/english-attested.words")
    count = write("english-fused", fused_table())  # after english-zipf: fused_splits reads it
    print(f"{count} forms the fused-words rule weighs -> {OUT}/english-fused.words, english-fused.centi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
