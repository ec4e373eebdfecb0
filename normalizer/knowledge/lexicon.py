"""Finding and loading lexicon files.

Language knowledge lives in YAML under ``lexicons/``; `normalizer.knowledge.lexicon_yaml`
reads a file into `Entry` and rule objects (`normalizer.knowledge.entries`), this module
finds the files, merges them and refuses entries that fight
(`normalizer.knowledge.matching` compiles the entries for matching,
`normalizer.curation.check` checks whole sets of files). Every problem is reported
as ``file:line: message`` because lexicons are edited by people who are not reading
Python tracebacks. A shipped file, loaded to run, comes from the per-user cache
(`normalizer.datacache`) after the first run: such a run never imports PyYAML.

File shape (see docs/lexicons.md)::

    class: entity                 # default class of the file's entries
    entries:
      - canonical: Idlib
        variants: [Iglinsky, Iglinskiy]
        followed_by: '\\s+areas?\\s+of\\s+de-escalation'
        not_preceded_by: 'Maxim\\s+'
        examples:
          - {from: in Iglinsky area of de-escalation, to: in Idlib area of de-escalation}
          - {keep: Maxim Iglinsky won the stage}
    boilerplate:                  # whole lines that belong to the web page
      - {id: tags-empty, pattern: 'Tags:(?:\\s*;)*\\s*', examples: [{remove: 'Tags: ; ; ;'}]}
    casing:                       # words whose capital is their own (titles)
      titles: [President, Minister]
    grammar:                      # word lists for the built-in grammar rules
      countries: [Syria, Russia]
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..datacache import derived
from ..errors import LexiconError
from .conflicts import fighting_entries
from .entries import BoilerplateRule, Entry, Example, Lexicon
from .regex_safety import GuardedPattern

__all__ = [
    "BoilerplateRule",
    "Entry",
    "Example",
    "Lexicon",
    "default_lexicon_dir",
    "default_lexicon_paths",
    "load_file",
    "load_lexicons",
]


def default_lexicon_dir() -> Path:
    """Where the bundled lexicons are: ``$MTNORM_LEXICON_DIR``, the copy an installed
    wheel carries (``normalizer/lexicons/``), or a checkout's ``lexicons/``."""
    override = os.environ.get("MTNORM_LEXICON_DIR")
    return Path(override) if override else _shipped_lexicon_dir()


@lru_cache(maxsize=1)
def _shipped_lexicon_dir() -> Path:
    """The lexicons that come with mtnorm (never ``$MTNORM_LEXICON_DIR``, which a user may fill)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "lexicons"
    return (packaged if packaged.is_dir() else package.parent / "lexicons").resolve()


def default_lexicon_paths() -> list[Path]:
    """The bundled lexicon files, in load order. Missing ones are an error, never a silent run without them."""
    folder = default_lexicon_dir()
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise LexiconError(str(folder), None, "the bundled lexicons are missing (reinstall mtnorm, or set MTNORM_LEXICON_DIR)")
    return paths


def load_lexicons(paths: Iterable[str | os.PathLike[str]]) -> Lexicon:
    """Load and merge files in the order given (later ones win on equal ids).

    Entries that fight are refused here, so every command that loads lexicons
    refuses them: a spelling two context-free entries rewrite differently, a
    cycle (a user entry reversing a bundled one swaps the spelling on every
    run) or a chain (a second run would change the text again). The error
    names both sides as ``file:line``; an override is explicit: the same id.
    """
    merged = Lexicon()
    for path in paths:
        merged.merge(load_file(Path(path)))
    problems = fighting_entries(merged.entries)
    if problems:
        order = {source: i for i, source in enumerate(merged.sources)}
        first = max(problems, key=lambda p: (order.get(p.path, -1), -(p.line or 0)))  # the user's side, if any
        raise LexiconError(first.path, first.line, first.message)
    return merged


def load_file(path: Path, problems: list[LexiconError] | None = None) -> Lexicon:
    """One file. With ``problems``, errors are collected there and reading goes on
    (for ``mtnorm lexicon check``); without it the first error is raised."""
    try:
        return _load_file(path, problems)
    except LexiconError as exc:
        if problems is None:
            raise
        problems.append(exc)
        return Lexicon(sources=[str(path)])


def _load_file(path: Path, problems: list[LexiconError] | None) -> Lexicon:
    name = str(path)
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except FileNotFoundError:
        raise LexiconError(name, None, "no such lexicon file") from None
    except IsADirectoryError:
        raise LexiconError(name, None, "is a directory, not a lexicon file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(name, None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise LexiconError(name, None, exc.strerror or str(exc)) from None
    if problems is None and path.resolve().parent == _shipped_lexicon_dir():
        # a shipped file, loaded to run: from the per-user cache after the first run (its entries name
        # the file and line they come from: the path is part of the key)
        key = name.encode() + b"\0" + data
        return _from_plain(derived(f"lexicon-{path.stem}", key, lambda: _plain(_read_yaml(raw, name, None, trusted=True))))
    return _read_yaml(raw, name, problems, trusted=False)


def _read_yaml(raw: str, name: str, problems: list[LexiconError] | None, *, trusted: bool) -> Lexicon:
    from .lexicon_yaml import read_yaml  # PyYAML only when a file is read, not taken from the cache

    return read_yaml(raw, name, problems, trusted=trusted)


def _plain(lexicon: Lexicon) -> dict[str, Any]:
    """A lexicon as marshal stores it: tuples of strings, numbers and sets (`_from_plain` undoes it)."""

    def pattern(p: GuardedPattern) -> tuple[str, int, str, bool]:
        return (p.pattern, p.flags, p.where, p.trusted)

    def examples(items: tuple[Example, ...]) -> list[tuple[str, str, int]]:
        return [(e.text, e.expected, e.line) for e in items]

    entries = [
        (
            e.id, e.canonical, e.kind, e.variants, [pattern(p) for p in e.regexes], e.case_sensitive,
            {key: pattern(p) for key, p in e.context.items()}, examples(e.examples), e.source, e.line, e.note,
            e.whole_word, e.variant_lines,
        )
        for e in lexicon.entries
    ]  # fmt: skip
    rules = [(r.id, pattern(r.pattern), examples(r.examples), r.source, r.line, r.note) for r in lexicon.boilerplate]
    return {
        "entries": entries,
        "boilerplate": rules,
        "titles": lexicon.titles,
        "proper": lexicon.proper,
        "casing": lexicon.casing,
        "grammar": lexicon.grammar,
        "sources": lexicon.sources,
    }


def _from_plain(plain: dict[str, Any]) -> Lexicon:
    def pattern(fields: tuple[str, int, str, bool]) -> GuardedPattern:
        source, flags, where, trusted = fields
        return GuardedPattern(source, flags, where, trusted=trusted)

    def examples(items: list[tuple[str, str, int]]) -> tuple[Example, ...]:
        return tuple(Example(*item) for item in items)

    entries = [
        Entry(
            id, canonical, kind, variants, tuple(map(pattern, regexes)), case_sensitive,
            {key: pattern(p) for key, p in context.items()}, examples(samples), source, line, note, whole_word, lines,
        )
        for id, canonical, kind, variants, regexes, case_sensitive, context, samples, source, line, note, whole_word, lines
        in plain["entries"]
    ]  # fmt: skip
    rules = [
        BoilerplateRule(id, pattern(p), examples(samples), source, line, note)
        for id, p, samples, source, line, note in plain["boilerplate"]
    ]
    return Lexicon(entries, rules, plain["titles"], plain["proper"], plain["casing"], plain["grammar"], plain["sources"])
