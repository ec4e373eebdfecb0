"""``GET /v1/rules``: the classes and rule ids a client can switch off (mtnorm's rules catalogue).

The built-in rules come from the catalogue (`normalizer.rules`, as ``mtnorm
rules`` lists them), the lexicon entries from the lexicons this server loaded
(``lexicon:FILE.ID``); each says whether this server applies it.
"""

from __future__ import annotations

from typing import Any

from ..edits import ARTIFACT_CLASSES
from ..pipeline import Normalizer
from ..rules import builtin_rules, lexicon_rules


def rule_catalogue(normalizer: Normalizer) -> dict[str, Any]:
    rules = [*builtin_rules(), *lexicon_rules(normalizer.lexicon)]
    return {
        "classes": [{"id": c, "enabled": c in normalizer.classes} for c in ARTIFACT_CLASSES],
        "rules": [
            {
                "id": rule.id,
                "class": rule.kind,
                "summary": rule.summary,
                "enabled": rule.kind in normalizer.classes and normalizer.rules.allows(rule.id),
                "examples": [{"from": a, "to": b} for a, b in rule.examples],
            }
            for rule in rules
        ],
    }
