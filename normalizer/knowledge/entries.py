"""The objects a lexicon is made of: entries, boilerplate rules, word lists, and how files merge.

Apart from reading them (`normalizer.knowledge.lexicon_yaml`) and finding and loading the files
(`normalizer.knowledge.lexicon`, which the rest of mtnorm imports them from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .regex_safety import GuardedPattern

ENTRY_CLASSES = ("entity", "term-case")
ENTRY_KEYS = {
    "id",
    "canonical",
    "variants",
    "regex",
    "class",
    "case_sensitive",
    "note",
    "preceded_by",
    "not_preceded_by",
    "followed_by",
    "not_followed_by",
    "examples",
    "whole_word",
}
FILE_KEYS = {"class", "entries", "boilerplate", "casing", "grammar", "note"}
CASING_KEYS = {
    "titles",
    "proper",
    "particles",
    "function_words",
    "months",
    "ambiguous_months",
    "month_prepositions",
    "title_modifiers",
}
GRAMMAR_KEYS = {
    "countries",
    "a_before_vowel",
    "an_before_consonant",
    "doubled_words",
    "domain_suffixes",
    "dotted_names",
    *("vowel_sound", "consonant_sound", "either_sound", "vowel_letter_names", "not_after_article", "doubled_particles"),
}
BOILERPLATE_KEYS = {"id", "pattern", "note", "examples", "case_sensitive"}
CONTEXT_KEYS = ("preceded_by", "not_preceded_by", "followed_by", "not_followed_by")
_LOOKBEHIND_WINDOW = 80


@dataclass(frozen=True)
class Example:
    """A spec carried by an entry: ``text`` must become ``expected`` (equal to text for keep)."""

    text: str
    expected: str
    line: int


@dataclass
class Entry:
    id: str
    canonical: str
    kind: str
    variants: tuple[str, ...]
    regexes: tuple[GuardedPattern, ...]
    case_sensitive: bool
    context: dict[str, GuardedPattern]
    examples: tuple[Example, ...]
    source: str
    line: int
    note: str = ""
    whole_word: bool = True
    variant_lines: tuple[int, ...] = ()

    @property
    def has_context(self) -> bool:
        return bool(self.context)

    def context_allows(self, text: str, start: int, end: int) -> bool:
        """Check the entry's context conditions around ``text[start:end]``."""
        before = text[max(0, start - _LOOKBEHIND_WINDOW) : start]
        for key, pattern in self.context.items():
            if key.endswith("preceded_by"):
                hit = pattern.search(before) is not None
            else:
                hit = pattern.match(text, end) is not None
            if hit == key.startswith("not_"):
                return False
        return True


@dataclass
class BoilerplateRule:
    id: str
    pattern: GuardedPattern
    examples: tuple[Example, ...]
    source: str
    line: int
    note: str = ""


@dataclass
class Lexicon:
    """All loaded files merged: later files add entries and override same-id ones."""

    entries: list[Entry] = field(default_factory=list)
    boilerplate: list[BoilerplateRule] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    proper: set[str] = field(default_factory=set)
    casing: dict[str, set[str]] = field(default_factory=dict)  # the other word lists of ``casing:``
    grammar: dict[str, set[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def merge(self, other: Lexicon) -> None:
        """Add ``other`` after this lexicon: an entry or rule with the same id replaces the earlier one in place."""
        _merge_by_id(self.entries, other.entries)
        _merge_by_id(self.boilerplate, other.boilerplate)
        for key, values in other.casing.items():
            self.casing.setdefault(key, set()).update(values)
        for key, values in other.grammar.items():
            self.grammar.setdefault(key, set()).update(values)
        self.titles |= other.titles
        self.proper |= other.proper
        self.sources += other.sources

    def canonical_words(self) -> set[str]:
        """Capitalized words of canonical forms: the lexicon's knowledge of proper nouns."""
        found: set[str] = set()
        for entry in self.entries:
            for word in re.findall(r"[^\W\d_][\w'’-]*", entry.canonical):
                if word[0].isupper():
                    found.add(word)
        return found


def _merge_by_id(items: list, later: list) -> None:
    """Later files override earlier ones by id, keeping the first position so proposal order stays stable."""
    where = {item.id: i for i, item in enumerate(items)}
    for item in later:
        if item.id in where:
            items[where[item.id]] = item
        else:
            where[item.id] = len(items)
            items.append(item)
