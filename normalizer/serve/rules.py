"""``GET /v1/rules``: the classes and rule ids a client can switch off.

Interim: until mtnorm has one rules catalogue, the rule ids listed are those
that carry their own examples in the stages (spacing, grammar) and the lexicon
entries the server loaded (``lexicon:<id>``).
"""

from __future__ import annotations

from typing import Any

from ..edits import ARTIFACT_CLASSES
from ..pipeline import Normalizer
from ..stages.grammar import GrammarStage
from ..stages.spacing import SpacingStage


def rule_catalogue(normalizer: Normalizer) -> dict[str, Any]:
    rules: list[dict[str, Any]] = [
        {"id": rule, "class": stage.kinds[0], "examples": [{"from": a, "to": b} for a, b in examples]}
        for stage in (SpacingStage, GrammarStage)
        for rule, examples in stage.RULE_EXAMPLES.items()
    ]
    rules += [
        {"id": f"lexicon:{entry.id}", "class": entry.kind, "canonical": entry.canonical} for entry in normalizer.lexicon.entries
    ]
    return {
        "classes": [{"id": c, "enabled": c in normalizer.classes} for c in ARTIFACT_CLASSES],
        "rules": rules,
    }
