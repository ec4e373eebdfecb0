"""Every lexicon example and every built-in rule's examples are tests.

A lexicon entry's ``{from, to}`` must be rewritten so, ``{keep}`` must stay as
it is, ``{remove}`` must disappear — with the bundled lexicons loaded, and only
the classes the entry's stage produces switched on.
"""

from __future__ import annotations

import pytest

from normalizer import Normalizer
from normalizer.knowledge.lexicon import default_lexicon_paths, load_lexicons
from normalizer.stages import STAGES

LEXICON = load_lexicons(default_lexicon_paths())


def _entry_cases():
    for entry in LEXICON.entries:
        for example in entry.examples:
            yield pytest.param("entity,term-case", example, id=f"{entry.id}:{example.line}")
    for rule in LEXICON.boilerplate:
        for example in rule.examples:
            yield pytest.param("boilerplate", example, id=f"{rule.id}:{example.line}")


@pytest.fixture(scope="module")
def by_classes():
    cache: dict[str, Normalizer] = {}

    def get(classes: str) -> Normalizer:
        if classes not in cache:
            cache[classes] = Normalizer(only=classes)
        return cache[classes]

    return get


@pytest.mark.parametrize(("classes", "example"), list(_entry_cases()))
def test_lexicon_example(classes, example, by_classes):
    assert by_classes(classes).normalize(example.text).text == example.expected


def test_every_bundled_entry_has_examples():
    """A lexicon entry without a spec cannot be checked: every bundled one carries one."""
    assert [e.id for e in LEXICON.entries if not e.examples] == []
    assert all(rule.examples for rule in LEXICON.boilerplate)


def _stage_cases():
    for stage in STAGES:  # the registry the pipeline runs: a new stage's examples are tests at once
        for before, after in stage.EXAMPLES:
            yield pytest.param(stage, before, after, id=f"{stage.name}:{before[:30]}")


@pytest.mark.parametrize(("stage", "before", "after"), list(_stage_cases()))
def test_builtin_rule_example(stage, before, after, by_classes):
    assert by_classes(",".join(stage.kinds)).normalize(before).text == after
