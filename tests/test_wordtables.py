"""The word tables shipped in normalizer/data answer exactly as the packages they were built from."""

from __future__ import annotations

import random

import pytest

from normalizer.casing import dictionary_words
from normalizer.wordtables import DATA, SortedWords, WordTable


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
    assert table.words() == sorted(webster)  # the file: every word, sorted, nothing else


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


@pytest.mark.parametrize(
    ("name", "suffix", "typecode", "per_word"), [("english-case", "counts", "I", 2), ("english-zipf", "centi", "H", 1)]
)
def test_word_table_search_answers_as_its_dict(name: str, suffix: str, typecode: str, per_word: int):
    """Every word of the file, and words near them, get the same integers by binary search (the first
    `DICT_AFTER` questions) as from the dict built afterwards; the file is sorted, so search can find them."""
    searched = WordTable(name, suffix, typecode, per_word)
    searched.DICT_AFTER = 10**9
    indexed = WordTable(name, suffix, typecode, per_word)
    indexed.DICT_AFTER = 0
    words = (DATA / f"{name}.words").read_text(encoding="utf-8").split("\n")
    assert words == sorted(set(words))  # code-point order, no repeats: what the search relies on
    probes = [*words, *(w + "q" for w in words[::7]), *(w[:-1] for w in words[::5]), "", "a\nb", "Zzzz", "ünknown"]
    assert [searched.get(w) for w in probes] == [indexed.get(w) for w in probes]
    assert searched._index is None and indexed._index is not None
    assert len(searched) == len(words) and sum(searched.get(w) is not None for w in probes) >= len(words)


def test_word_table_builds_its_dict_after_many_questions():
    table = WordTable("english-zipf", "centi", "H", 1)
    for _ in range(table.DICT_AFTER):
        assert table.first("the") is not None
    assert table._index is None  # a one-line document's few questions never build it
    assert table.first("the") == table.first("the") and table._index is not None
