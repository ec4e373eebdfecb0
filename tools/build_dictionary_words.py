"""Build normalizer/data/english-dictionary.words: the words Webster's 2nd writes in lower case.

    python3 tools/build_dictionary_words.py        # needs english-words (the build extra)

Several rules ask "is this an English word?" of a handful of words per document
(a paragraph that starts mid-word, a surname that may be a word, a fused pair).
The ``english-words`` package keeps its lists as pickled sets: unpickling the
235,970 words of ``web2`` took 0.17 s, and keeping the lower-case ones as a
frozenset 0.05 s more, in every process, for a few questions. Here the same
words are written sorted, one per line, and `normalizer.casing.DictionaryWords`
answers by binary search in the file's text (a set is built only for a document
that asks thousands of questions).

Source: english-words 2.0.2 (MIT), its ``web2`` list (Webster's Second
International, 1934, public domain). Output: ``english-dictionary.words``,
sorted by code point, without a final line break.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "normalizer" / "data" / "english-dictionary.words"


def main() -> int:
    from english_words import get_english_words_set

    words = sorted(w for w in get_english_words_set(["web2"]) if w.islower() and "\n" not in w)
    OUT.write_text("\n".join(words), encoding="utf-8")
    print(f"{len(words)} lower-case words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
