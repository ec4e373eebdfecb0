"""Which LanguageTool matches may become edits: an allow-list kept as data.

LanguageTool reports many things an unattended clean-up must not touch (style,
house spelling, quotes and dashes, guesses at misspelled names). Only rule ids
and categories listed in ``lexicons/languagetool/allow.yaml``, each with the
reason it is safe, are applied; spelling (category TYPOS) never is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import LexiconError
from ..knowledge.lexicon import default_lexicon_dir

#: Classes a LanguageTool match may be filed under.
LT_CLASSES = ("grammar", "spacing", "sentence-case")
#: Categories that are spelling suggestions: never applied, whatever the file says.
SPELLING_CATEGORIES = frozenset({"TYPOS"})
_ENTRY_KEYS = {"id", "class", "reason", "except"}


@dataclass(frozen=True)
class Allowed:
    id: str
    kind: str
    reason: str
    exceptions: frozenset[str] = frozenset()


@dataclass
class AllowList:
    rules: dict[str, Allowed] = field(default_factory=dict)
    categories: dict[str, Allowed] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def kind_of(self, rule_id: str, category: str) -> str | None:
        """The class an edit from this match gets, or None when the match must not be applied."""
        if category in SPELLING_CATEGORIES or rule_id in self.refused or rule_id.startswith(("MORFOLOGIK_", "HUNSPELL_")):
            return None
        if rule_id in self.rules:
            return self.rules[rule_id].kind
        allowed = self.categories.get(category)
        if allowed is not None and rule_id not in allowed.exceptions:
            return allowed.kind
        return None


def default_allowlist_path() -> Path:
    return default_lexicon_dir() / "languagetool" / "allow.yaml"


def load_allowlist(path: Path | None = None) -> AllowList:
    """Read and validate the allow-list; problems are ``file:line: message``."""
    path = path or default_allowlist_path()
    name = str(path)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as exc:
        raise LexiconError(name, None, f"cannot read the LanguageTool allow-list: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError(name, mark.line + 1 if mark else None, f"YAML syntax: {getattr(exc, 'problem', exc)}") from None
    out = AllowList()
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(name, None, "the allow-list must be a mapping with rules:, categories:, refused:")
    for key_node, value in node.value:
        key = key_node.value
        if key not in ("rules", "categories", "refused", "note"):
            raise LexiconError(name, key_node.start_mark.line + 1, f"unknown key {key!r} (allowed: rules, categories, refused)")
        if key == "note":
            continue
        if not isinstance(value, yaml.SequenceNode):
            raise LexiconError(name, value.start_mark.line + 1, f"{key} must be a list")
        for item in value.value:
            entry = _entry(name, item)
            if key == "refused":
                out.refused[entry.id] = entry.reason
            else:
                target = out.rules if key == "rules" else out.categories
                target[entry.id] = entry
    both = set(out.rules) & set(out.refused)
    if both:
        raise LexiconError(name, None, f"rule both allowed and refused: {', '.join(sorted(both))}")
    return out


def _entry(name: str, node: yaml.Node) -> Allowed:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(name, line, "an entry is a mapping {id, class, reason}")
    fields = {k.value: v for k, v in node.value}
    unknown = set(fields) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(name, line, f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_ENTRY_KEYS))})")
    for required in ("id", "reason"):
        if required not in fields or not isinstance(fields[required], yaml.ScalarNode) or not fields[required].value.strip():
            raise LexiconError(name, line, f"entry needs a non-empty {required}")
    kind = fields["class"].value if "class" in fields else "grammar"
    if kind not in LT_CLASSES:
        raise LexiconError(name, line, f"class must be one of {', '.join(LT_CLASSES)}")
    exceptions = frozenset(v.value for v in fields["except"].value) if "except" in fields else frozenset()
    return Allowed(fields["id"].value, kind, fields["reason"].value, exceptions)
