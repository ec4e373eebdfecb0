"""Every built-in grammar and spacing rule carries examples, and each example is run.

A changing example must be changed by *its own* rule (the edit's rule id is the
rule's), through the whole pipeline; a keeping example must come out as it went in.
"""

from __future__ import annotations

import pytest

from normalizer import Normalizer
from normalizer.stages.grammar import GrammarStage
from normalizer.stages.spacing import SpacingStage

STAGES = [GrammarStage, SpacingStage]


def _cases():
    for stage in STAGES:
        for rule, examples in stage.RULE_EXAMPLES.items():
            for before, after in examples:
                yield pytest.param(stage, rule, before, after, id=f"{rule}:{before[:30]}")


@pytest.fixture(scope="module")
def normalizers():
    return {stage.name: Normalizer(only=",".join(stage.kinds)) for stage in STAGES}


@pytest.mark.parametrize(("stage", "rule", "before", "after"), list(_cases()))
def test_rule_example(stage, rule, before, after, normalizers):
    result = normalizers[stage.name].normalize(before)
    assert result.text == after
    fired = {e.rule for e in result.edits}
    if before != after:
        assert rule in fired, fired
    else:
        assert rule not in fired


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_every_rule_has_a_changing_and_a_keeping_example(stage):
    for rule, examples in stage.RULE_EXAMPLES.items():
        assert any(b != a for b, a in examples), f"{rule} has no example it changes"
    assert [pair for pairs in stage.RULE_EXAMPLES.values() for pair in pairs] == stage.EXAMPLES


def test_rule_ids_in_examples_are_the_rules_the_stage_emits():
    """No example list for a rule that does not exist (a typo in a rule id would test nothing)."""
    import inspect

    from normalizer.stages import grammar, spacing

    source = inspect.getsource(grammar) + inspect.getsource(spacing)
    for stage in STAGES:
        for rule in stage.RULE_EXAMPLES:
            assert source.count(f'"{rule}"') >= 2, rule
