"""Loading, validating and compiling lexicon files.

Language knowledge lives in YAML under ``lexicons/``; this module turns it into
`Entry` and rule objects (`normalizer.knowledge.matching` compiles the entries for
matching, `normalizer.curation.check` checks whole sets of files). Every
problem is reported as ``file:line: message`` because lexicons are edited by
people who are not reading Python tracebacks.

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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer
from yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent

from ..errors import LexiconError
from .conflicts import fighting_entries
from .regex_safety import GuardedPattern, backtracking_risk, probe, regex_error

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
_T = TypeVar("_T")
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"}
_NULL = {"", "~", "null", "Null", "NULL"}
_TAG = "tag:yaml.org,2002:"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml, with tag resolution cut down to what a lexicon uses (strings, booleans, null).

    PyYAML's resolver runs a list of regular expressions on every plain scalar
    in Python; on a 100,000-entry lexicon that is most of the load time.
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULL:
                    return _TAG + "null"
                if value in _TRUE or value in _FALSE:
                    return _TAG + "bool"
            return _TAG + "str"
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")


_YAML_LOADER = _Loader


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
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(name, None, "no such lexicon file") from None
    except IsADirectoryError:
        raise LexiconError(name, None, "is a directory, not a lexicon file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(name, None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise LexiconError(name, None, exc.strerror or str(exc)) from None
    lexicon = Lexicon(sources=[name])
    reader = _Reader(name, problems, trusted=problems is None and path.resolve().parent == _shipped_lexicon_dir())
    try:
        return _whole(raw, reader, lexicon) if reader.trusted else _stream(raw, reader, lexicon)
    except RecursionError:
        raise LexiconError(name, None, "YAML nested too deeply to be a lexicon") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LexiconError(name, line, f"YAML syntax: {problem}") from None


class _StreamLoader(_Loader):
    """libyaml's events with PyYAML's composer, so nodes can be built one entry at a time."""

    # borrowed from the pure-Python composer, whose stubs do not know the C loader's classes
    compose_node: Callable[..., Any] = Composer.compose_node
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node


def _whole(raw: str, reader: _Reader, lexicon: Lexicon) -> Lexicon:
    """A shipped file, composed whole by libyaml's own composer (in C).

    The shipped files are small and valid (the test suite checks them as ``lexicon check`` does), so
    neither streaming's bounded memory nor its exact error messages matter for them, and composing in
    C takes half the time of PyYAML's Python composer: 13 instead of 28 ms for the bundled files, in
    every process that builds a Normalizer.
    """
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return lexicon if node is None else reader.read(node, lexicon)


def _stream(raw: str, reader: _Reader, lexicon: Lexicon) -> Lexicon:
    """Read a file, turning each item of ``entries`` into an `Entry` as soon as it is parsed.

    Composing a whole 100,000-entry file first holds ~360 MB of nodes and
    marks; streaming holds one entry's nodes at a time (and is faster: libyaml's
    composer builds a Python mark object per node).
    """
    loader = _StreamLoader(raw)
    loader.anchors = {}
    try:
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return lexicon
        loader.get_event()  # document start
        if not loader.check_event(MappingStartEvent):
            reader.read(loader.compose_node(None, None), lexicon)
        else:
            start = loader.get_event()
            rest: list[tuple[yaml.Node, yaml.Node]] = []
            while not loader.check_event(MappingEndEvent):
                key = loader.compose_node(None, None)
                if isinstance(key, yaml.ScalarNode) and key.value == "entries" and loader.check_event(SequenceStartEvent):
                    if reader.streamed:
                        reader.report(reader.fail(key, "key 'entries' given twice in a lexicon file"))
                    reader.streamed = True
                    loader.get_event()
                    while not loader.check_event(SequenceEndEvent):
                        item = loader.compose_node(None, None)
                        reader.each([item], lambda node: reader.entry(node, None), lexicon.entries)
                    loader.get_event()
                else:
                    rest.append((key, loader.compose_node(None, None)))
            end = loader.get_event()
            reader.read(yaml.MappingNode(_TAG + "map", rest, start.start_mark, end.end_mark), lexicon)
        loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            extra = loader.peek_event()
            raise LexiconError(reader.name, extra.start_mark.line + 1, "YAML syntax: expected a single document")
        return lexicon
    finally:
        loader.dispose()


class _Reader:
    """Walks the YAML node tree so every message can carry a line number."""

    def __init__(self, name: str, problems: list[LexiconError] | None = None, *, trusted: bool = False) -> None:
        """``trusted``: a file shipped with mtnorm, loaded to run (not checked): its patterns passed every
        check in the test suite (``lexicon check`` on the bundled files), so they are compiled on first use."""
        self.name = name
        self.trusted = trusted
        self.stem = Path(name).stem
        self.problems = problems
        self.streamed = False  # entries already read one by one (see _stream)
        self.undecided: list[Entry] = []  # streamed entries waiting for the file's class

    def fail(self, node: yaml.Node, message: str) -> LexiconError:
        return LexiconError(self.name, node.start_mark.line + 1, message)

    def report(self, error: LexiconError) -> None:
        """Raise (loading) or record and go on (checking)."""
        if self.problems is None:
            raise error
        self.problems.append(error)

    def each(self, items: Iterable[yaml.Node], read: Callable[[yaml.Node], _T], target: list[_T]) -> None:
        """Read every item; a bad one is reported and skipped so checking sees the rest."""
        for item in items:
            try:
                target.append(read(item))
            except LexiconError as exc:
                self.report(exc)

    def mapping(self, node: yaml.Node, allowed: set[str], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(self.fail(key_node, f"a key in {what} must be a plain word"))
                continue
            key = key_node.value
            if key not in allowed:
                self.report(self.fail(key_node, f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})"))
                continue
            if key in out:
                self.report(self.fail(key_node, f"key {key!r} given twice in {what}"))
                continue
            out[key] = value_node
        return out

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.value == "" and node.tag.endswith("null"):
            raise self.fail(node, f"{what} must be a string")
        return node.value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":bool"):
            raise self.fail(node, f"{what} must be true or false")
        return node.value in _TRUE

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        if isinstance(node, yaml.ScalarNode):
            return [(self.scalar(node, what), node)]
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a string or a list of strings")
        return [(self.scalar(item, what), item) for item in node.value]

    def regex(self, node: yaml.Node, what: str, flags: int = 0) -> GuardedPattern:
        """A pattern in Python ``re`` syntax, run with a time limit (see `normalizer.regex_safety`)."""
        source = self.scalar(node, what)
        where = f"{self.name}:{node.start_mark.line + 1}"
        if self.trusted:
            return GuardedPattern(f"(?:{source})\\Z" if what.endswith("preceded_by") else source, flags, where, trusted=True)
        try:
            re.compile(source, flags)  # the documented syntax is re's: validated by re, run by regex
            compiled = GuardedPattern(source, flags, where)
        except (re.error, regex_error(), OverflowError) as exc:
            raise self.fail(node, f"{what} {source!r} does not compile: {exc}") from None
        except RecursionError:
            raise self.fail(node, f"{what} is nested too deeply to compile") from None
        risk = backtracking_risk(source, flags)
        if risk:
            raise self.fail(node, f"{what} {source!r}: {risk}")
        if what.endswith("preceded_by"):  # run on the window before the variant, anchored at its end
            compiled = GuardedPattern(f"(?:{source})\\Z", flags, compiled.where)
        risk = probe(compiled)
        if risk:
            raise self.fail(node, f"{what} {source!r} {risk}")
        return compiled

    def read(self, node: yaml.Node, lexicon: Lexicon) -> Lexicon:
        top = self.mapping(node, FILE_KEYS, "a lexicon file")
        default_class = self.scalar(top["class"], "class") if "class" in top else "entity"
        if default_class not in ENTRY_CLASSES:
            raise self.fail(top["class"], f"class must be one of {', '.join(ENTRY_CLASSES)}")
        for entry in self.undecided:
            entry.kind = default_class
        if "entries" in top and self.streamed:
            raise self.fail(top["entries"], "key 'entries' given twice in a lexicon file")
        if "entries" in top:
            if not isinstance(top["entries"], yaml.SequenceNode):
                raise self.fail(top["entries"], "entries must be a list")
            self.each(top["entries"].value, lambda item: self.entry(item, default_class), lexicon.entries)
        if "boilerplate" in top:
            if not isinstance(top["boilerplate"], yaml.SequenceNode):
                raise self.fail(top["boilerplate"], "boilerplate must be a list")
            self.each(top["boilerplate"].value, self.boilerplate, lexicon.boilerplate)
        if "casing" in top:
            casing = self.mapping(top["casing"], CASING_KEYS, "casing")
            for key, value in casing.items():
                if key in ("titles", "proper"):
                    target = lexicon.titles if key == "titles" else lexicon.proper
                else:
                    target = lexicon.casing.setdefault(key, set())
                target.update(word for word, _ in self.strings(value, f"casing.{key}"))
        if "grammar" in top:
            grammar = self.mapping(top["grammar"], GRAMMAR_KEYS, "grammar")
            for key, value in grammar.items():
                lexicon.grammar.setdefault(key, set()).update(word for word, _ in self.strings(value, f"grammar.{key}"))
        return lexicon

    def entry(self, node: yaml.Node, default_class: str | None) -> Entry:
        """One entry; with ``default_class`` None the file's class is filled in by `read`."""
        fields = self.mapping(node, ENTRY_KEYS, "an entry")
        if "canonical" not in fields:
            raise self.fail(node, "entry has no canonical form")
        canonical = self.scalar(fields["canonical"], "canonical")
        kind = self.scalar(fields["class"], "class") if "class" in fields else default_class or ""
        if kind not in ENTRY_CLASSES and (kind or "class" in fields):
            raise self.fail(fields["class"], f"class must be one of {', '.join(ENTRY_CLASSES)}")
        case_sensitive = self.boolean(fields["case_sensitive"], "case_sensitive") if "case_sensitive" in fields else True
        variants, variant_lines = [], []
        for variant, vnode in self.strings(fields["variants"], "a variant") if "variants" in fields else []:
            if not variant.strip():
                self.report(self.fail(vnode, "empty variant"))
                continue
            if variant == canonical:
                self.report(self.fail(vnode, f"variant {variant!r} is the canonical form itself"))
                continue
            if variant != variant.strip():
                self.report(self.fail(vnode, f"variant {variant!r} starts or ends with white space"))
                continue
            if variant in variants:
                self.report(self.fail(vnode, f"variant {variant!r} listed twice"))
                continue
            variants.append(variant)
            variant_lines.append(vnode.start_mark.line + 1)
        whole_word = self.boolean(fields["whole_word"], "whole_word") if "whole_word" in fields else True
        flags = 0 if case_sensitive else re.IGNORECASE
        regexes = (
            tuple(self.regex(n, "regex", flags) for _, n in self.strings(fields["regex"], "regex")) if "regex" in fields else ()
        )
        if not variants and not regexes:
            raise self.fail(node, f"entry {canonical!r} has neither variants nor regex")
        context = {key: self.regex(fields[key], key) for key in CONTEXT_KEYS if key in fields}
        entry_id = self.scalar(fields["id"], "id") if "id" in fields else _slug(canonical)
        full_id = entry_id if "." in entry_id else f"{self.stem}.{entry_id}"  # "entities.idlib" overrides a bundled entry
        examples = tuple(self.examples(fields["examples"], canonical)) if "examples" in fields else ()
        note = self.scalar(fields["note"], "note") if "note" in fields else ""
        entry = Entry(
            id=full_id,
            canonical=canonical,
            kind=kind,
            variants=tuple(variants),
            regexes=regexes,
            case_sensitive=case_sensitive,
            context=context,
            examples=examples,
            source=self.name,
            line=node.start_mark.line + 1,
            note=note,
            whole_word=whole_word,
            variant_lines=tuple(variant_lines),
        )
        if not kind:
            self.undecided.append(entry)
        return entry

    def boilerplate(self, node: yaml.Node) -> BoilerplateRule:
        fields = self.mapping(node, BOILERPLATE_KEYS, "a boilerplate rule")
        if "pattern" not in fields or "id" not in fields:
            raise self.fail(node, "a boilerplate rule needs an id and a pattern")
        case_sensitive = self.boolean(fields["case_sensitive"], "case_sensitive") if "case_sensitive" in fields else True
        return BoilerplateRule(
            id=f"{self.stem}.{self.scalar(fields['id'], 'id')}",
            pattern=self.regex(fields["pattern"], "pattern", 0 if case_sensitive else re.IGNORECASE),
            examples=tuple(self.examples(fields["examples"], None)) if "examples" in fields else (),
            source=self.name,
            line=node.start_mark.line + 1,
            note=self.scalar(fields["note"], "note") if "note" in fields else "",
        )

    def examples(self, node: yaml.Node, canonical: str | None) -> Iterable[Example]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, "examples must be a list")
        for item in node.value:
            fields = self.mapping(item, {"from", "to", "keep", "remove"}, "an example")
            line = item.start_mark.line + 1
            if set(fields) == {"from", "to"}:
                yield Example(self.scalar(fields["from"], "from"), self.scalar(fields["to"], "to"), line)
            elif set(fields) == {"keep"}:
                text = self.scalar(fields["keep"], "keep")
                yield Example(text, text, line)
            elif set(fields) == {"remove"}:
                yield Example(self.scalar(fields["remove"], "remove"), "", line)
            else:
                raise self.fail(item, "an example is {from: …, to: …}, {keep: …} or {remove: …}")


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "entry"
