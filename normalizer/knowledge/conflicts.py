"""Lexicon entries that fight: the output would depend on load order, or change on a second run.

`load_lexicons` refuses them, so every command that loads lexicons does (fix, check, diff,
explain, serve, the library); ``mtnorm lexicon check`` lists them with its other findings.
It lives beside the loader, not with the curation tools, because loading needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .matching import fold

if TYPE_CHECKING:
    from .lexicon import Entry


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``file:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def _line_of(entry: Entry, variant: str) -> int:
    if entry.variant_lines and variant in entry.variants:
        return entry.variant_lines[entry.variants.index(variant)]
    return entry.line


def fighting_entries(entries: Sequence[Entry]) -> list[Problem]:
    """Entries that would make the output depend on load order or change on a second run.

    A spelling two context-free entries rewrite differently, cycles and chains;
    `normalizer.knowledge.lexicon.load_lexicons` refuses them, ``check`` lists them.
    """
    return _conflicts(entries) + _cycles(entries)


def _conflicts(entries: Sequence[Entry]) -> list[Problem]:
    """A spelling that two entries would rewrite differently, with nothing to choose between them."""
    by_key: dict[str, list[tuple[str, Entry]]] = {}
    for entry in entries:
        for variant in entry.variants:
            by_key.setdefault(fold(variant), []).append((variant, entry))
    out = []
    for group in by_key.values():
        if len(group) < 2:
            continue
        for i, (variant, entry) in enumerate(group):
            for other_variant, other in group[:i]:
                overlap = variant == other_variant or not (entry.case_sensitive and other.case_sensitive)
                if not overlap or other.canonical == entry.canonical:
                    continue
                if entry.has_context or other.has_context:
                    continue  # the context conditions decide which one applies
                out.append(
                    Problem(
                        entry.source,
                        _line_of(entry, variant),
                        f"variant {variant!r} maps to {entry.canonical!r} here and to {other.canonical!r} at "
                        f"{other.source}:{_line_of(other, other_variant)}; give one of them a context condition"
                        + _override_hint(entry, other),
                    )
                )
    return out


def _cycles(entries: Sequence[Entry]) -> list[Problem]:
    """A → B → A, and chains A → B → C that a second run would carry one step further."""
    sensitive: dict[str, list[Entry]] = {}
    folded: dict[str, list[Entry]] = {}
    for entry in entries:
        for variant in entry.variants:
            if entry.case_sensitive:
                sensitive.setdefault(variant, []).append(entry)
            else:
                folded.setdefault(fold(variant), []).append(entry)

    def rewrites(text: str) -> list[Entry]:
        return [e for e in sensitive.get(text, []) + folded.get(fold(text), []) if e.canonical != text]

    out = []
    for entry in entries:
        nexts = rewrites(entry.canonical)
        for target in nexts:
            if any(entry is e for e in rewrites(target.canonical)):
                where = f"{target.source}:{target.line}"
                message = f"cycle: {entry.canonical!r} → {target.canonical!r} ({where}) → {entry.canonical!r}"
            elif target.has_context:
                continue
            else:
                message = (
                    f"chain: canonical {entry.canonical!r} is itself a variant of {target.canonical!r} "
                    f"({target.source}:{target.line}); normalizing twice would change it again"
                )
            out.append(Problem(entry.source, entry.line, message + _override_hint(entry, target)))
    return out


def _override_hint(entry: Entry, other: Entry) -> str:
    """Across files, the way to replace the other file's entry on purpose (docs/lexicons.md)."""
    if entry.source == other.source:
        return ""
    return f"; to replace that entry on purpose, give yours id: {other.id}"
