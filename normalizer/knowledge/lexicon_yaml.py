"""Reading lexicon files: YAML through libyaml, every problem as ``file:line: message``.

Apart from `normalizer.knowledge.lexicon` (the lexicon's objects and where its files are) so that a
run whose lexicons all come from the per-user cache (the bundled files, `normalizer.datacache`)
never imports PyYAML: its import alone is a tenth of a one-line run's start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer
from yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent

from ..errors import LexiconError
from .entries import (
    BOILERPLATE_KEYS,
    CASING_KEYS,
    CONTEXT_KEYS,
    ENTRY_CLASSES,
    ENTRY_KEYS,
    FILE_KEYS,
    GRAMMAR_KEYS,
    BoilerplateRule,
    Entry,
    Example,
    Lexicon,
)
from .regex_safety import GuardedPattern, backtracking_risk, probe, regex_error

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


def read_yaml(raw: str, name: str, problems: list[LexiconError] | None, *, trusted: bool) -> Lexicon:
    """The lexicon of one file's text. ``trusted``: a shipped file (see `_Reader`), composed whole in C;
    any other is streamed an entry at a time. With ``problems``, errors are collected there."""
    lexicon = Lexicon(sources=[name])
    reader = _Reader(name, problems, trusted=trusted)
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
