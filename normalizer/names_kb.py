"""The names knowledge base: generated tables of place names, given names and acronyms.

`tools/build_names_kb.py` builds ``normalizer/data/names-kb.json`` at
development time from open data in PyPI packages (the file records each
source's package, version and licence); nothing here needs those packages.
The file is read on the first document that needs it and kept for the process
(about 1 MB of JSON: a few tens of milliseconds).

``normalizer/data/names-rules.yaml`` holds the hand-kept word lists of the
names stage (prepositions, institution words), with examples that run as tests.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .datacache import derived
from .errors import LexiconError
from .wordtables import SortedWords

DATA = Path(__file__).resolve().parent / "data"
KB_PATH = DATA / "names-kb.json"
RULES_PATH = DATA / "names-rules.yaml"
KB_TABLES = ("lower", "partly_lower", "inflected", "spelling", "proper_nouns", "acronyms", "timezones")
RULES_KEYS = (
    "prepositions",
    "institution_heads",
    "institution_modifiers",
    "descriptive_words",
    "not_surnames",
    "examples",
)


@dataclass(frozen=True)
class NamesKB:
    """The tables of one knowledge-base file; see `tools/build_names_kb.py` for what each holds."""

    lower: dict[str, str]  # one lower-case word → the name
    # names of several words (or hyphenated): longest word → (its words, the lower-case form, the name,
    # whether the all-lower-case form is a name too: not when every word is an English word, as in "holy see")
    phrases: dict[str, list[tuple[frozenset[str], str, str, bool]]]
    inflected: dict[str, str]  # a Russian case form (after a preposition) → the name
    spelling: dict[str, str]  # a transliteration English does not use → the press spelling
    # forms of several words or hyphenated, from both tables: longest word → (table, form, the name)
    compounds: dict[str, list[tuple[str, str, str]]]
    proper_nouns: dict[str, str]  # a word the English dictionary writes only capitalized → the name
    given: frozenset[str]
    surnames: frozenset[str]  # in lower case: the surname repair looks for the lower-cased ones
    acronyms: dict[str, str]
    timezones: dict[str, str]
    sources: list[dict[str, str]] = field(default_factory=list)
    # words the English dictionary writes in capitals only (RNA, OS): guard of the designation repair
    capitals: frozenset[str] = frozenset()
    # every single word that one of the tables above looks up (their keys, the surnames): a document's
    # words are intersected with this once, and each table is asked only about the few that remain
    any_word: frozenset[str] = field(init=False)
    # the keys of `phrases` as a set: a document's words are intersected with it (a set of the keys view
    # would be built again for every document)
    phrase_keys: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        tables = (self.lower, self.proper_nouns, self.inflected, self.spelling, self.compounds, self.acronyms, self.timezones)
        object.__setattr__(self, "any_word", self.surnames.union(*tables))
        object.__setattr__(self, "phrase_keys", frozenset(self.phrases))

    @property
    def size(self) -> int:
        return (
            len(self.lower)
            + sum(map(len, self.phrases.values()))
            + len(self.inflected)
            + len(self.spelling)
            + len(self.proper_nouns)
        )


@dataclass(frozen=True)
class NamesRules:
    prepositions: frozenset[str]
    institution_heads: frozenset[str]
    institution_modifiers: frozenset[str]
    descriptive_words: frozenset[str]
    not_surnames: frozenset[str]
    examples: list[dict[str, str]]


def load_kb(path: Path = KB_PATH) -> NamesKB:
    """Read a knowledge-base file; any problem is a one-line `LexiconError` naming the file.

    Loading checks the shape (types, C-level); `check_kb` also checks every entry (``lexicon check``).
    """
    name = str(path)
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("format") != 1:
        raise LexiconError(name, None, "not a names knowledge base of format 1")
    for table in KB_TABLES:
        values = data.get(table)
        if not isinstance(values, dict) or not _all_strings(values.values()):
            raise LexiconError(name, None, f"table {table!r} must map strings to strings")
    for table in ("given", "surnames", "capitals"):
        if not isinstance(data.get(table), list) or not _all_strings(data[table]):
            raise LexiconError(name, None, f"{table!r} must be a list of strings")
    sources = data.get("sources", [])
    needed = {"package", "version", "licence"}
    if not isinstance(sources, list) or not all(isinstance(s, dict) and needed <= set(s) for s in sources):
        raise LexiconError(name, None, "every source needs package, version and licence")
    lower = {form: canonical for form, canonical in data["lower"].items() if form.isalpha()}
    phrases: dict[str, list[tuple[frozenset[str], str, str, bool]]] = {}
    for table in ("lower", "partly_lower"):
        for form, canonical in data[table].items():
            if form.isalpha():
                continue
            words = tuple(form.replace("-", " ").split())
            if not words:
                raise LexiconError(name, None, f"{table}: empty form for {canonical!r}")
            options = phrases.setdefault(max(words, key=len), [])
            if not any(option[1] == form for option in options):  # the words as a set: a subset test in C
                options.append((frozenset(words), form, canonical, form in data["lower"]))
    compounds: dict[str, list[tuple[str, str, str]]] = {}
    for table in ("inflected", "spelling"):
        for form, canonical in data[table].items():
            if not form.isalpha():
                parts = form.replace("-", " ").replace("'", " ").split()
                compounds.setdefault(max(parts, key=len), []).append((table, form, canonical))
    return NamesKB(
        lower=lower,
        phrases=phrases,
        inflected=data["inflected"],
        spelling=data["spelling"],
        compounds=compounds,
        proper_nouns=data["proper_nouns"],
        given=frozenset(data["given"]),
        surnames=frozenset(data["surnames"]),
        acronyms=data["acronyms"],
        timezones=data["timezones"],
        sources=list(sources),
        capitals=frozenset(data["capitals"]),
    )


def _all_strings(values: Iterable[object]) -> bool:
    """Every value a string: ``str.join`` checks that in C (a third of the file's load time went to
    collecting the values' types in Python); JSON keys are strings already."""
    try:
        "".join(values)  # type: ignore[arg-type]
    except TypeError:
        return False
    return True


def check_kb(path: Path) -> list[LexiconError]:
    """Every entry of a knowledge-base file, for ``mtnorm lexicon check``: the problems, not only the first."""
    try:
        load_kb(path)
    except LexiconError as exc:
        return [exc]
    data, name, problems = _read_json(path), str(path), []
    assert isinstance(data, dict)  # load_kb checked the shape
    for table in ("lower", "partly_lower", "proper_nouns"):
        for form, canonical in data[table].items():
            if form != canonical.lower():
                problems.append(LexiconError(name, None, f"{table}: {form!r} is not {canonical!r} in lower case"))
    for table in ("inflected", "spelling"):
        for form, canonical in data[table].items():
            if form == canonical or not form[:1].isupper():
                problems.append(LexiconError(name, None, f"{table}: {form!r} → {canonical!r} is not a capitalized variant"))
    for table in ("acronyms", "timezones"):
        for form, upper in data[table].items():
            if form != upper.lower() or not form.islower():
                problems.append(LexiconError(name, None, f"{table}: {form!r} is not {upper!r} in lower case"))
    for word in data["capitals"]:
        if len(word) < 2 or not word[1:].isupper():
            problems.append(LexiconError(name, None, f"capitals: {word!r} is not written in capitals"))
    return problems


def _read_json(path: Path) -> Any:
    name = str(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(name, None, "no such knowledge-base file (rebuild it: python3 tools/build_names_kb.py)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(name, None, f"cannot read: {exc}") from None
    except ValueError as exc:
        raise LexiconError(name, getattr(exc, "lineno", None), f"not JSON: {exc}") from None


def load_rules(path: Path = RULES_PATH) -> NamesRules:
    import yaml  # not at start-up: a run reads the rules from the per-user cache (`default_rules`)

    name = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~10x
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(name, None, f"cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError(name, mark.line + 1 if mark else None, f"YAML syntax: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or set(data) - set(RULES_KEYS):
        raise LexiconError(name, None, f"expected a mapping with keys {', '.join(RULES_KEYS)}")
    lists = {}
    for key in RULES_KEYS[:-1]:
        values = data.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise LexiconError(name, None, f"{key} must be a list of words")
        lists[key] = frozenset(values)
    examples = data.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, dict) and "rule" in e for e in examples):
        raise LexiconError(name, None, "examples must be a list of {rule, from, to} or {rule, keep}")
    return NamesRules(examples=examples, **lists)


def check_knowledge_bases(paths: list[Path], *, bundled: bool) -> list[LexiconError]:
    """``mtnorm lexicon check``: the given knowledge-base files (and the bundled one and the names rules when
    ``bundled``), each problem a `LexiconError`; the rule examples are run by the test suite."""
    problems = []
    for path in [*paths, *([KB_PATH] if bundled else [])]:
        problems += check_kb(path)
    if bundled:
        try:
            load_rules()
        except LexiconError as exc:
            problems.append(exc)
    return problems


@lru_cache(maxsize=1)
def default_kb() -> NamesKB:
    """The bundled knowledge base, read once per process: from the per-user cache (`normalizer.datacache`)
    after the first run, where its tables are a few long strings split in C."""
    try:
        return _unpacked_kb(derived("names-kb", KB_PATH.read_bytes(), lambda: _packed_kb(load_kb())))
    except (OSError, ValueError):
        return load_kb()  # no file (load_kb names the problem), or a word marshal's format cannot carry


@lru_cache(maxsize=1)
def default_rules() -> NamesRules:
    try:
        fields = derived("names-rules", RULES_PATH.read_bytes(), lambda: dataclasses.asdict(load_rules()))
    except OSError:
        return load_rules()
    return NamesRules(**fields)


@lru_cache(maxsize=1)
def kb_words() -> tuple[SortedWords, dict[str, list[frozenset[str]]]]:
    """What `NamesStage.propose` looks up in the bundled knowledge base before it reads a table: its words
    (`NamesKB.any_word`), sorted, and the words of each phrase under its key. From the per-user cache: a
    short text asks about its few words by binary search instead of loading the tables."""

    def build() -> tuple[bytes, dict[str, list[frozenset[str]]]]:
        kb = default_kb()
        phrase_words = {key: [option[0] for option in options] for key, options in kb.phrases.items()}
        return "\n".join(sorted(kb.any_word)).encode("utf-8", "surrogatepass"), phrase_words

    try:
        words, phrase_words = derived("names-words", KB_PATH.read_bytes(), build)
    except OSError:
        words, phrase_words = build()
    return SortedWords.from_bytes(words), phrase_words


_STRING_TABLES = ("lower", "inflected", "spelling", "proper_nouns", "acronyms", "timezones")
_WORD_SETS = ("given", "surnames", "capitals")


def _packed_kb(kb: NamesKB) -> dict[str, Any]:
    """The knowledge base as marshal stores it fast: each table of strings as two newline-joined strings."""
    packed: dict[str, Any] = {"phrases": kb.phrases, "compounds": kb.compounds, "sources": kb.sources}
    for table in _STRING_TABLES:
        mapping: dict[str, str] = getattr(kb, table)
        packed[table] = (_joined(mapping.keys()), _joined(mapping.values()))
    for table in _WORD_SETS:
        packed[table] = _joined(getattr(kb, table))
    return packed


def _unpacked_kb(packed: dict[str, Any]) -> NamesKB:
    tables: dict[str, Any] = {
        table: dict(zip(_split(packed[table][0]), _split(packed[table][1]), strict=True)) for table in _STRING_TABLES
    }
    words: dict[str, Any] = {table: frozenset(_split(packed[table])) for table in _WORD_SETS}
    return NamesKB(phrases=packed["phrases"], compounds=packed["compounds"], sources=packed["sources"], **tables, **words)


def _joined(strings: Collection[str]) -> str:
    """One string; a word that is empty or holds a line break would not split back: ValueError (no cache)."""
    joined = "\n".join(strings)
    if strings and (joined.count("\n") != len(strings) - 1 or "" in strings):
        raise ValueError("a word is empty or holds a line break")
    return joined


def _split(joined: str) -> list[str]:
    return joined.split("\n") if joined else []
