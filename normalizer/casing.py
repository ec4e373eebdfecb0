"""Which capital letters belong to their word: the knowledge behind the case repairs.

The sentence-case repair must decide, for a capitalized word right after a
sentence's first word, whether the capital is displaced (``the Meeting``) or
the word's own (``the Russian military``, ``the President of Turkey``). Evidence
is taken in this order, and the first that speaks decides:

1. the lexicon: titles (``casing.titles``) and the words of canonical forms keep
   their capital;
2. the document (Mikheev 1999): how the word is written in mid-sentence
   positions, where case is reliable; in batch runs the corpus can add to it;
3. English usage: the unigram case counts shipped inside the ``truecase``
   package (read directly, without its tokenizer); a word seen mostly in lower
   case is a common word. Inflected forms fall back to their stem.
4. otherwise the capital is kept: an unknown word is more likely a name.
"""

from __future__ import annotations

import json
import os
import pickle
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .text import is_title_word, lines, sentences, words

COMMON_SHARE = 0.6  # lower-case share above which a word counts as common
CORPUS_LEAST = 2  # corpus verdict: at least 2 uses, outnumbering the other case 2 to 1


class CaseEvidence:
    """Counts of a document's (or corpus's) words by case in mid-sentence positions."""

    def __init__(self) -> None:
        self.title: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()

    def add_text(self, text: str) -> CaseEvidence:
        """Count the text's words by case where case is reliable.

        Not evidence: a sentence's first word, the first three of a sentence
        that starts in lower case (the displaced capital may be among them), a
        word right after an opening quote or bracket, and a capitalized word
        next to another capitalized one: inside ``International Energy Agency``
        the capital belongs to the name, not to ``agency``.
        """
        for start, end in lines(text):
            for s_start, s_end in sentences(text, start, end):
                found = list(words(text, s_start, s_end))
                reliable_from = 3 if found and found[0].group().islower() else 1
                for i in range(reliable_from, len(found)):
                    m = found[i]
                    word = m.group()
                    if text[m.start() - 1 : m.start()] in "“\"'‘(«[" or not _prose(text, m):
                        continue
                    if is_title_word(word):
                        if not _in_name(text, found, i):
                            self.title[word.lower()] += 1
                    elif word.islower():
                        self.lower[word] += 1
        return self

    def merge(self, other: CaseEvidence) -> None:
        self.title.update(other.title)
        self.lower.update(other.lower)

    def verdict(self, lower: str, least: int = 1) -> bool | None:
        """True: common word; False: proper; None: no evidence.

        ``least``: how many uses the winning case needs, and by what factor it
        must outnumber the other (the corpus asks for more than one document).
        """
        t, low = self.title[lower], self.lower[lower]
        if max(t, low) < least or (least > 1 and max(t, low) < least * min(t, low)) or t == low:
            return None
        return low > t

    def __getstate__(self) -> dict[str, dict[str, int]]:
        # plain dicts: a worker process rebuilds the counters without this module's state
        return {"title": dict(self.title), "lower": dict(self.lower)}

    def __setstate__(self, state: dict[str, dict[str, int]]) -> None:
        self.title = Counter(state["title"])
        self.lower = Counter(state["lower"])


class LazyCaseEvidence(CaseEvidence):
    """A document's evidence, counted on the first question: clean text rarely asks one."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._pending: str | None = text

    def verdict(self, lower: str, least: int = 1) -> bool | None:
        if self._pending is not None:
            text, self._pending = self._pending, None
            self.add_text(text)
        return super().verdict(lower, least)

    def __getstate__(self) -> dict[str, dict[str, int]]:
        self.verdict("")
        return super().__getstate__()

    def __setstate__(self, state: dict[str, dict[str, int]]) -> None:
        super().__setstate__(state)
        self._pending = None


def _prose(text: str, m: re.Match[str]) -> bool:
    """A word of running text, not part of a path, a file name or an identifier (``debian/control``)."""
    return (
        text[m.start() - 1 : m.start()] not in "/._@=<:-\\"
        and text[m.end() : m.end() + 1] not in "/_@=>\\"
        and not (text[m.end() : m.end() + 1] == "." and text[m.end() + 1 : m.end() + 2].isalnum())
    )


def _in_name(text: str, found: list[re.Match[str]], i: int) -> bool:
    """Is the capitalized word ``found[i]`` next to another capitalized word (not the sentence's first)?"""
    before = i >= 2 and found[i - 1].group()[0].isupper() and text[found[i - 1].end() : found[i].start()] == " "
    after = i + 1 < len(found) and found[i + 1].group()[0].isupper() and text[found[i].end() : found[i + 1].start()] == " "
    return before or after


def collect_evidence(texts: Iterable[str]) -> CaseEvidence:
    """Mid-sentence case counts over a whole corpus (``mtnorm fix --corpus-casing``).

    A word written once in a document says little; over a corpus of hundreds
    of articles the same name or common word recurs in reliable positions.
    """
    evidence = CaseEvidence()
    for text in texts:
        evidence.add_text(text)
    return evidence


class CasingModel:
    """The decision whether a capital is a word's own, from lexicon, document, corpus and English usage."""

    def __init__(
        self,
        titles: set[str],
        proper: set[str],
        corpus: CaseEvidence | None = None,
        words: dict[str, set[str]] | None = None,
    ) -> None:
        self.keep = {w.lower() for w in titles | proper}
        self.titles = {w.lower() for w in titles}
        self.corpus = corpus
        words = words or {}
        self.particles = {w.lower() for w in words.get("particles", ())}
        self.function_words = {w.lower() for w in words.get("function_words", ())}
        self.months = {w.lower(): w for w in words.get("months", ())}
        self.ambiguous_months = {w.lower() for w in words.get("ambiguous_months", ())}
        self.month_prepositions = {w.lower() for w in words.get("month_prepositions", ())}
        self.title_modifiers = {w.lower() for w in words.get("title_modifiers", ())}

    def is_name_word(self, word: str, evidence: CaseEvidence) -> bool:
        """A capitalized word that is (part of) a name: not a title, not a common word."""
        if not is_title_word(word) or word.lower() in self.titles or word.lower() in self.function_words:
            return False
        return not self.is_displaced(word, evidence)

    def is_displaced(self, word: str, evidence: CaseEvidence) -> bool:
        """Should this capitalized word, not first in its sentence, be lowercased?"""
        if not is_title_word(word):
            return False
        lower = word.lower()
        if lower in self.keep:
            # a title (or a title's modifier) is a common noun too (the press service): only the
            # document's own usage lowers it
            return (lower in self.titles or lower in self.title_modifiers) and evidence.verdict(lower) is True
        verdict = evidence.verdict(lower)
        if verdict is None and self.corpus is not None:
            verdict = self.corpus.verdict(lower, CORPUS_LEAST)
        if verdict is not None:
            return verdict
        share = english_lower_share(lower)
        return share is not None and share >= COMMON_SHARE


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ies")


def english_counts(lower: str) -> tuple[int, int] | None:
    """(lower-case, capitalized) uses of exactly this word in English text, or None when unseen."""
    return _unigram_case_table().get(lower)


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Words an English dictionary writes in lower case (Webster's 2nd, from the ``english-words`` package).

    The truecase counts come from a limited corpus and miss words such as
    ``reset``; a dictionary knows them. Empty when the package is missing.
    """
    try:
        from english_words import get_english_words_set
    except ImportError:
        return frozenset()
    return frozenset(w for w in get_english_words_set(["web2"]) if w.islower())


def english_lower_share(lower: str) -> float | None:
    """Share of lower-case uses of a word in English text, or None when unknown."""
    table = _unigram_case_table()
    lower = re.sub(r"['’]s?$", "", lower)  # company's → company
    if lower in table:
        low, cap = table[lower]
        return low / (low + cap)
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[: -len(suffix)] + ("y" if suffix == "ies" else "")
            if stem in table:
                low, cap = table[stem]
                return low / (low + cap)
    return None


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtnorm" / "truecase-unigrams-v1.json"


@lru_cache(maxsize=1)
def _unigram_case_table() -> dict[str, tuple[int, int]]:
    """{lower-case word: (lower-case count, capitalized count)} from the truecase package.

    Reading the package's 76 MB pickle takes seconds, so the small table drawn
    from it is cached under the user's cache folder (made locally, not downloaded).
    """
    cache = _cache_path()
    try:
        return {k: tuple(v) for k, v in json.loads(cache.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    try:
        import truecase
    except ImportError:
        return {}
    source = Path(truecase.__file__).resolve().parent / "data" / "english.dist"
    try:
        with source.open("rb") as handle:
            data = pickle.load(handle)  # noqa: S301 - a file of an installed package
    except (OSError, pickle.UnpicklingError, EOFError):
        return {}
    counts: dict[str, list[int]] = {}
    for token, count in data["uni_dist"].items():
        if not re.fullmatch(r"[^\W\d_][\w'-]*", token):
            continue
        slot = counts.setdefault(token.lower(), [0, 0])
        if token.islower():
            slot[0] += count
        elif is_title_word(token):
            slot[1] += count
    table = {k: (v[0], v[1]) for k, v in counts.items() if v[0] + v[1] > 0}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return table
