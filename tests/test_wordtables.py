"""The word tables shipped in normalizer/data answer exactly as the packages they were built from."""

from __future__ import annotations

import random

import pytest

from normalizer.casing import dictionary_words
from normalizer.wordtables import SortedWords


@pytest.fixture(scope="module")
def webster() -> frozenset[str]:
    english_words = pytest.importorskip("english_words", reason="english-words (the test and build extras) builds the table")
    return frozenset(w for w in english_words.get_english_words_set(["web2"]) if w.islower())


def _probes(words: frozenset[str]) -> list[str]:
    rng = random.Random(7)
    known = sorted(words)
    return [
        *rng.sample(known, 3000),
        *(w + "q" for w in rng.sample(known, 1000)),
        *(w[:-1] for w in rng.sample(known, 1000)),
        known[0], known[-1], "", "A", "Reset", "zzzzzz", "café", "a\nb",
    ]  # fmt: skip


def test_dictionary_table_is_the_package_list_of_lower_case_words(webster: frozenset[str]):
    table = SortedWords("english-dictionary")
    assert table._text[1:-1].split("\n") == sorted(webster)  # the file: every word, sorted, nothing else


@pytest.mark.parametrize("set_after", [SortedWords.SET_AFTER, 0])
def test_membership_by_search_and_by_set_agree_with_the_package(webster: frozenset[str], set_after: int):
    table = SortedWords("english-dictionary")
    table.SET_AFTER = set_after  # 0: the set at the first question; the default: binary search throughout
    probes = _probes(webster)[: SortedWords.SET_AFTER] if set_after else _probes(webster)
    assert [w in table for w in probes] == [w in webster for w in probes]
    assert sum(w in table for w in probes) > len(probes) // 3


def test_rules_ask_the_shipped_dictionary():
    words = dictionary_words()
    assert "reset" in words and "split" in words
    assert "lithuania" not in words and "Reset" not in words
