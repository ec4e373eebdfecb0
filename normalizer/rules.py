"""The rule catalogue, and which rules a run leaves out.

Every edit carries a rule id. Built-in rules are ``CLASS.NAME`` and are described in
``normalizer/data/rules.yaml`` (summary, measured precision, examples); lexicon entries
are rules named ``lexicon:FILE.ID``; LanguageTool's are ``LT:RULE_ID``. A user turns one
misfiring rule off without losing its class: ``--disable spacing.fused-words``. A
selector names a rule or every rule below it: ``spacing`` (a class's built-in rules),
``lexicon:terms`` (every entry of terms.yaml), ``LT:`` (all of LanguageTool's).
``--enable`` turns back on what a configuration file's ``disable`` turned off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .stages.grammar import GrammarStage
from .stages.spacing import SpacingStage

if TYPE_CHECKING:
    from .knowledge.lexicon import Lexicon

CATALOGUE = Path(__file__).parent / "data" / "rules.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    summary: str
    precision: str = ""
    examples: tuple[tuple[str, str], ...] = field(default=())


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The catalogue; a stage's own ``RULE_EXAMPLES`` serve as the examples of its rules."""
    import yaml  # only when the catalogue is asked for (--enable, --disable, `mtnorm rules`): not at start-up

    stage_examples = {**SpacingStage.RULE_EXAMPLES, **GrammarStage.RULE_EXAMPLES}
    out = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster at start-up
    for item in yaml.load(CATALOGUE.read_text(encoding="utf-8"), Loader=loader)["rules"]:
        examples = tuple(
            (ex["from"], ex["to"]) if "from" in ex else (ex["keep"], ex["keep"]) for ex in item.get("examples") or ()
        )
        out.append(
            Rule(
                item["id"],
                item["class"],
                item["summary"],
                item.get("precision", ""),
                examples or tuple(stage_examples.get(item["id"], ())),
            )
        )
    return tuple(out)


def lexicon_rules(lexicon: Lexicon) -> list[Rule]:
    """One rule per lexicon entry and boilerplate line rule (``lexicon:FILE.ID``)."""
    rules = []
    for entry in lexicon.entries:
        examples = tuple((ex.text, ex.expected) for ex in entry.examples)
        summary = f"→ {entry.canonical}" + (f": {entry.note}" if entry.note else "")
        rules.append(Rule(f"lexicon:{entry.id}", entry.kind, summary, "", examples))
    for line_rule in lexicon.boilerplate:
        examples = tuple((ex.text, ex.expected) for ex in line_rule.examples)
        rules.append(Rule(f"lexicon:{line_rule.id}", "boilerplate", line_rule.note or "a boilerplate line", "", examples))
    return rules


def matches(selector: str, rule: str) -> bool:
    """``spacing`` selects ``spacing.double-space``; ``lexicon:terms`` selects ``lexicon:terms.us``."""
    return rule == selector or rule.startswith(selector if selector.endswith((".", ":")) else selector + ".")


def parse_selectors(value: str | Iterable[str] | None, option: str, known: Iterable[str]) -> frozenset[str]:
    """``"a,b"`` or ``["a", "b"]`` → selectors, each checked against the known rule ids."""
    if value is None:
        return frozenset()
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    ids = list(known)
    for name in names:
        if name.startswith("LT:") or any(matches(name, rule) for rule in ids):
            continue
        raise UsageError(f"{option}: no rule {name!r} (`mtnorm rules` lists them)")
    return frozenset(names)


class RuleFilter:
    """Which rule ids a run applies: all but the disabled ones, unless enabled again."""

    def __init__(self, disable: frozenset[str] = frozenset(), enable: frozenset[str] = frozenset()) -> None:
        self.disable = disable
        self.enable = enable
        self._cache: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.disable)

    def allows(self, rule: str) -> bool:
        known = self._cache.get(rule)
        if known is None:
            off = any(matches(s, rule) for s in self.disable) and not any(matches(s, rule) for s in self.enable)
            known = self._cache[rule] = not off
        return known
