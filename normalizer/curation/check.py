"""``mtnorm lexicon check``: every problem of a set of lexicon files, then their specs.

The loader stops at the first error, which is right for a run; a person
editing a lexicon wants the whole list at once, as ``file:line: message``
like a compiler. Checks, in order:

1. each file on its own (YAML syntax, unknown keys, types, regular expressions
   that do not compile or can backtrack catastrophically, a variant equal to
   its canonical, a variant listed twice) — collected, not raised;
2. across the checked files: duplicate entries (an id given twice in one file,
   or two entries with the same canonical and the same variants), a variant
   mapped to two different canonicals (allowed when all but at most one of
   those entries carry a context condition: the contexts choose), cycles
   (A → B and B → A) and chains (a canonical that is itself a context-free
   variant of another entry, so normalizing twice would change it again);
3. every spec (``examples``) of the checked files, run through a `Normalizer`
   restricted to the classes the entry produces, with the checked files loaded
   after the bundled ones (unless ``--no-default-lexicons``), as in a real run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import LexiconError
from ..knowledge.conflicts import Problem, fighting_entries
from ..knowledge.lexicon import Entry, Example, Lexicon, default_lexicon_paths, load_file
from ..names_kb import check_knowledge_bases
from ..pipeline import Normalizer


@dataclass
class Report:
    problems: list[Problem]
    files: int
    entries: int
    specs: int


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; a folder stands for its ``*.yaml`` files in name order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return out


def check_lexicons(paths: Sequence[str | Path] | None = None, *, with_defaults: bool = True) -> Report:
    """Check ``paths`` (the bundled lexicons when None) and run their specs."""
    files = [Path(p) for p in paths] if paths is not None else default_lexicon_paths()
    errors: list[LexiconError] = check_knowledge_bases([f for f in files if f.suffix == ".json"], bundled=paths is None)
    files = [f for f in files if f.suffix != ".json"]
    loaded = [load_file(path, errors) for path in files]
    problems = [Problem(e.path, e.line, e.message) for e in errors]
    checked = Lexicon()
    for lexicon in loaded:
        problems += _duplicate_ids(lexicon)
        checked.merge(lexicon)
    problems += _duplicate_entries(checked.entries)
    problems += fighting_entries(checked.entries)
    bundled = [p.resolve() for p in default_lexicon_paths()] if with_defaults else []
    base = Lexicon()
    if bundled and not all(p.resolve() in bundled for p in files):
        base_errors: list[LexiconError] = []
        for path in bundled:
            base.merge(load_file(path, base_errors))
        problems += [Problem(e.path, e.line, f"(bundled) {e.message}") for e in base_errors]
    base.merge(checked)
    if base.entries is not checked.entries and len(base.entries) > len(checked.entries):
        # the checked files against the bundled ones, as a run loads them (a user entry reversing a bundled one)
        names, seen = {str(path) for path in files}, set(problems)
        problems += [p for p in fighting_entries(base.entries) if p.path in names and p not in seen]
    spec_problems, specs = _run_specs(checked, base)
    problems += spec_problems
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return Report(problems, len(files), len(checked.entries), specs)


def _duplicate_ids(lexicon: Lexicon) -> list[Problem]:
    seen: dict[str, Entry] = {}
    out = []
    for entry in lexicon.entries:
        if entry.id in seen:
            first = seen[entry.id]
            out.append(Problem(entry.source, entry.line, f"duplicate entry id {entry.id!r} (first at line {first.line})"))
        else:
            seen[entry.id] = entry
    rules: dict[str, int] = {}
    for rule in lexicon.boilerplate:
        if rule.id in rules:
            out.append(Problem(rule.source, rule.line, f"duplicate boilerplate id {rule.id!r} (first at line {rules[rule.id]})"))
        rules.setdefault(rule.id, rule.line)
    return out


def _signature(entry: Entry) -> tuple[object, ...]:
    return (
        entry.canonical,
        entry.case_sensitive,
        frozenset(entry.variants),
        tuple(r.pattern for r in entry.regexes),
        tuple(sorted((k, p.pattern) for k, p in entry.context.items())),
    )


def _duplicate_entries(entries: Sequence[Entry]) -> list[Problem]:
    seen: dict[tuple[object, ...], Entry] = {}
    out = []
    for entry in entries:
        key = _signature(entry)
        if key in seen:
            first = seen[key]
            out.append(Problem(entry.source, entry.line, f"duplicate entry: same as {first.source}:{first.line}"))
        else:
            seen[key] = entry
    return out


def _run_specs(checked: Lexicon, full: Lexicon) -> tuple[list[Problem], int]:
    runners: dict[str, Normalizer] = {}

    def run(classes: str, example: Example) -> str:
        if classes not in runners:
            runners[classes] = Normalizer(only=classes, lexicon=full)
        return runners[classes].normalize(example.text).text

    out, count = [], 0
    jobs: list[tuple[str, int, str, Example]] = []
    for entry in checked.entries:
        jobs += [(entry.source, entry.line, "entity,term-case", ex) for ex in entry.examples]
    for rule in checked.boilerplate:
        jobs += [(rule.source, rule.line, "boilerplate", ex) for ex in rule.examples]
    for source, _, classes, example in jobs:
        count += 1
        got = run(classes, example)
        if got != example.expected:
            kind = "keep" if example.text == example.expected else "spec"
            out.append(
                Problem(source, example.line, f"{kind} fails: {example.text!r} gave {got!r}, expected {example.expected!r}")
            )
    return out, count
