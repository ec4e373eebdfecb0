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


def test_shipped_word_frequency_tables_equal_wordfreq():
    """The three tables built from wordfreq (tools/build_zipf_table.py) answer as wordfreq does.

    Every listed common word has wordfreq's exact Zipf value, and every word wordfreq rates >= 3.0
    is listed; a word is attested exactly when wordfreq rates it >= 2.0; every form the fused-words
    rule weighs has wordfreq's value, those wordfreq does not list included (0.0)."""
    from wordfreq import get_frequency_dict, zipf_frequency

    from normalizer.stages import spacing

    fused = 0
    for word in get_frequency_dict("en"):
        if word.isascii() and word.isalpha() and word.islower():
            real = zipf_frequency(word, "en")
            assert spacing.common_zipf(word) == (real if real >= spacing.COMMON_LEAST else -1.0), word
            assert spacing.attested(word) == (real >= spacing.ATTESTED_LEAST), word
            if len(word) >= spacing.FUSED_MIN_LENGTH and spacing.fused_splits(word):
                assert spacing.fused_form_zipf(word) == real, word
                fused += 1
    assert fused > 1000
    unlisted = [f + w for f in ("and", "the", "with") for w in ("called", "meeting", "talks")]
    unlisted += [w + f for f in ("and", "the") for w in ("called", "meeting", "talks")]
    for word in unlisted + ["andthe", "andcalled", "fromthe"]:
        assert spacing.fused_splits(word), word
        assert spacing.fused_form_zipf(word) == zipf_frequency(word, "en"), word
    for word in [*unlisted, "zzqx", "ter", "rossiya"]:
        assert spacing.attested(word) == (zipf_frequency(word, "en") >= spacing.ATTESTED_LEAST), word
    assert spacing.attested("well-known") == (zipf_frequency("well-known", "en") >= 2.0)  # not ASCII letters only: wordfreq


def test_shipped_fused_forms_equal_a_fresh_build():
    """The fused forms' table depends on the rule's function words and thresholds: a change there
    without a rebuild fails here."""
    spec = importlib.util.spec_from_file_location("build_zipf_table", TOOL.parent / "build_zipf_table.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    built = tool.fused_table()
    shipped = (TOOL.parent.parent / "normalizer" / "data" / "english-fused.words").read_text(encoding="utf-8").split("\n")
    assert sorted(built) == shipped
