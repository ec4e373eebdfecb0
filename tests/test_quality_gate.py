"""The quality gate: seeds F0.5 may not fall below golden/quality.toml's floors, harm may not rise above its ceiling.

Seeds are evaluated against golden/reference/ (reference cleanups with class
tables); harm is measured on golden/reference/*.txt themselves, text that
needs no cleaning.
"""

from __future__ import annotations

import pytest

from normalizer import Normalizer
from normalizer.errors import UsageError
from normalizer.evaluation.classify import lexicon_word_classes
from normalizer.evaluation.gate import load_gate, problems
from normalizer.evaluation.render import edit_line
from normalizer.evaluation.run import evaluate, pair_files

from .conftest import GOLDEN, SEEDS

GATE = GOLDEN / "quality.toml"
REFERENCE = GOLDEN / "reference"

HOW_TO = (
    "\nThe floors and the ceiling are in golden/quality.toml. Fix the regression; do not lower a floor to make "
    "this pass. Raising a floor after a reviewed improvement is a deliberate commit of its own.\n"
    "See the edits with: mtnorm eval seeds golden/reference  /  mtnorm eval --harm golden/reference"
)


def _evaluations(normalizer):
    classes = lexicon_word_classes(normalizer.lexicon.entries)
    seeds = evaluate(pair_files(str(SEEDS), str(REFERENCE), None), normalizer, classes)
    clean = evaluate(pair_files(str(REFERENCE), None, None), normalizer, classes)
    return seeds, clean


def test_seeds_and_clean_text_meet_the_recorded_gate(normalizer):
    gate = load_gate(GATE)
    seeds, clean = _evaluations(normalizer)
    broken = problems(gate, seeds, clean)
    details = [edit_line(j, j.verdict.upper() + " ") for j in seeds.judged if j.verdict != "tp"]
    details += [edit_line(j, "HARM ") for j in clean.judged]
    assert not broken, "\n".join([*broken, *details[:40]]) + HOW_TO


def test_the_gate_covers_every_class():
    from normalizer.edits import ARTIFACT_CLASSES

    assert set(load_gate(GATE).floors) == {*ARTIFACT_CLASSES, "ALL"}


def test_the_gate_fails_a_run_without_the_entity_lexicon_stage():
    """The same check on a deliberately weaker normalizer (entity skipped) reports the fallen floors."""
    with Normalizer(skip="entity") as weaker:
        seeds, clean = _evaluations(weaker)
    broken = problems(load_gate(GATE), seeds, clean)
    assert any(line.startswith("seeds F0.5 entity: 0.000 is below the floor 1.000") for line in broken)
    assert any(line.startswith("seeds F0.5 ALL:") for line in broken)


def test_the_gate_fails_harm_above_the_ceiling(tmp_path, normalizer):
    """Text the normalizer will change (the→The, Meeting→meeting): 2 edits in 4 words is 500 per 1k, over 0."""
    (tmp_path / "clean.txt").write_text("the Meeting went well\n", encoding="utf-8")
    classes = lexicon_word_classes(normalizer.lexicon.entries)
    clean = evaluate(pair_files(str(tmp_path), None, None), normalizer, classes)
    seeds = evaluate(pair_files(str(tmp_path), str(tmp_path), str(tmp_path)), None, classes)  # no edits at all
    broken = problems(load_gate(GATE), seeds, clean)
    assert broken == ["harm on clean text: 500.000 edits per 1k words is above the ceiling 0.000 (2 edits in 4 words)"]


def test_a_malformed_gate_is_a_clear_error(tmp_path):
    bad = tmp_path / "quality.toml"
    bad.write_text("[seeds.f05]\nentitty = 1.0\n[harm]\nmax_edits_per_1k_words = 0\n", encoding="utf-8")
    with pytest.raises(UsageError, match="unknown class entitty"):
        load_gate(bad)
    bad.write_text("[seeds.f05]\nALL = 2\n[harm]\nmax_edits_per_1k_words = 0\n", encoding="utf-8")
    with pytest.raises(UsageError, match="from 0 to 1"):
        load_gate(bad)
