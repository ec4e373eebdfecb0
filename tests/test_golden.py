"""The seeds' reviewed outputs, the pinned explain listing, and the do-no-harm checks."""

from __future__ import annotations

import json

import pytest

from normalizer.reports.listing import explain_json

from .conftest import GOLDEN, seed_paths
from .golden_diff import compare_golden


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem)
def test_seed_matches_golden(seed, normalizer, update_golden):
    result = normalizer.normalize(seed.read_text(encoding="utf-8"))
    problem = compare_golden(GOLDEN / seed.name, result.text, update_golden)
    assert problem is None, problem


def test_explain_json_is_pinned(normalizer, update_golden):
    """Rule ids and classes of one seed cannot drift silently."""
    seed = next(p for p in seed_paths() if p.name.startswith("003_"))
    listing = explain_json(normalizer.normalize(seed.read_text(encoding="utf-8")))
    problem = compare_golden(GOLDEN / "explain" / f"{seed.stem}.json", listing, update_golden)
    assert problem is None, problem


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem)
def test_normalizing_twice_changes_nothing(seed, normalizer):
    once = normalizer.normalize(seed.read_text(encoding="utf-8")).text
    again = normalizer.normalize(once)
    assert again.edits == [], [(e.rule, e.before, e.replacement) for e in again.edits]


@pytest.mark.parametrize("reference", sorted((GOLDEN / "reference").glob("*.txt")), ids=lambda p: p.stem)
def test_ideal_cleanup_is_left_alone(reference, normalizer):
    """An ideal conservative cleanup needs nothing more: every edit here is a false positive."""
    result = normalizer.normalize(reference.read_text(encoding="utf-8"))
    assert result.edits == [], [(e.rule, e.before, e.replacement) for e in result.edits]


def test_pinned_explain_lists_every_class_it_uses():
    data = json.loads((GOLDEN / "explain" / "003_f74e142e620dbb8b.json").read_text(encoding="utf-8"))
    classes = {e["class"] for e in data["edits"]}
    assert {"boilerplate", "sentence-case", "term-case", "entity", "spacing"} <= classes
    assert all(set(e) == {"line", "column", "start", "end", "class", "rule", "before", "after", "message"} for e in data["edits"])
