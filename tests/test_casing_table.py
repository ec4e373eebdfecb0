"""The shipped English case table (normalizer/data/english-case.*) is the one its build tool draws from truecase."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from normalizer.casing import _unigram_case_table, english_counts, english_lower_share

TOOL = Path(__file__).resolve().parent.parent / "tools" / "build_casing_table.py"


def test_common_words_and_names_read_from_the_shipped_table():
    low, cap = english_counts("meeting")
    assert low > cap  # a common word
    assert english_lower_share("moscow") < 0.1  # a name
    assert english_counts("zzzqqq") is None


def test_shipped_table_equals_a_fresh_build_from_truecase():
    pytest.importorskip("truecase", reason="truecase (extra 'build') is the source of the table")
    spec = importlib.util.spec_from_file_location("build_casing_table", TOOL)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    built = tool.table()
    shipped = _unigram_case_table()
    assert len(shipped) == len(built)
    assert all(shipped.get(word) == counts for word, counts in built.items())


def test_shipped_common_word_frequencies_equal_wordfreq():
    """Every listed word has wordfreq's exact Zipf value; every word wordfreq rates >= 3.0 is listed."""
    from wordfreq import get_frequency_dict, zipf_frequency

    from normalizer.stages.spacing import COMMON_LEAST, common_zipf

    for word in get_frequency_dict("en"):
        if word.isascii() and word.isalpha() and word.islower():
            real = zipf_frequency(word, "en")
            assert common_zipf(word) == (real if real >= COMMON_LEAST else -1.0), word
