"""How mtnorm runs: one typed, frozen value, built once per run.

Precedence is one rule, applied by `Options.layered`: defaults ← configuration
file ← command line. A later value replaces an earlier one; a list (the
user's lexicons) is extended instead, so a project's lexicons stay loaded when
the command line adds one. Below the command line nothing sees argparse: the
CLI, the configuration file and the library's keyword arguments all end here.

Every option is declared once, as a field with `option(...)`: its default, its
flag and help text (`normalizer.cli` builds its arguments from them), whether a
configuration file may set it, and whether it shapes the output. Adding an
option is one field here plus the code that reads it (see docs/design.md).

`cache_key` is the one identity of a configuration: each worker process keeps
its `Normalizer` under it, and the resume manifest stores it, so "same key"
means "same output" in both. It covers every output-shaping field, corpus
case evidence by digest, and the *contents* of every lexicon file (a lexicon
edited in place changes outputs without changing any option).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from .edits import ARTIFACT_CLASSES
from .errors import UsageError
from .io import DEFAULT_MAX_BYTES
from .knowledge.lexicon import default_lexicon_paths

if TYPE_CHECKING:
    from .casing import CaseEvidence

GRAMMAR_MODES = ("builtin", "languagetool", "off")
#: Requests to LanguageTool in flight at a time, for a local server and a remote one alike.
DEFAULT_LANGUAGETOOL_CONCURRENCY = 2

Action = Literal["store", "append", "store_true", "store_false"]


@dataclass(frozen=True)
class Flag:
    """How an option appears outside Python: on the command line and in a configuration file."""

    flags: tuple[str, ...]
    help: str
    action: Action = "store"
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    group: str | None = None  # the --help section ("grammar pass"); None: the command's own options
    config: bool = True  # may be set in mtnorm.toml / pyproject.toml / setup.cfg
    output: bool = True  # shapes the output, so it is part of `cache_key`
    parse: Callable[[object, str], object] | None = None  # raw value (file, flag, keyword) -> typed; raises UsageError


def option(default: Any, *flags: str, help: str, **how: Any) -> Any:
    """A field of `Options` with its command-line flag(s) and help text."""
    return field(default=default, metadata={"flag": Flag(flags, help, **how)})


def parse_classes(value: object, option: str) -> frozenset[str] | None:
    """``"entity,term-case"`` (or a list) → a validated set; unknown names are a usage error."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise UsageError(f"{option}: expected class names, not {value!r}")
    names = [str(v).strip() for v in items if str(v).strip()]
    unknown = [n for n in names if n not in ARTIFACT_CLASSES]
    if unknown:
        raise UsageError(f"{option}: unknown class {', '.join(unknown)} (known: {', '.join(ARTIFACT_CLASSES)})")
    return frozenset(names)


def _skip(value: object, option: str) -> frozenset[str]:
    return parse_classes(value, option) or frozenset()


def _paths(value: object, option: str) -> tuple[str, ...]:
    if isinstance(value, (str, Path)):
        return (str(value),)
    if not isinstance(value, Iterable):
        raise UsageError(f"{option}: expected a list of paths, not {value!r}")
    return tuple(str(v) for v in value)


def _selectors(value: object, option: str) -> tuple[str, ...]:
    """Rule selectors, ``"a,b"`` or a list (of such strings); checked against the catalogue by the Normalizer."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise UsageError(f"{option}: expected rule ids, not {value!r}")
    return tuple(part.strip() for item in items for part in str(item).split(",") if part.strip())


def _bool(value: object, option: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{option} must be true or false")
    return value


def _at_least_one(value: object, option: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UsageError(f"{option} must be a whole number of at least 1")
    return value


def _grammar(value: object, option: str) -> str:
    if value not in GRAMMAR_MODES:
        raise UsageError(f"--grammar: unknown backend {value!r} (known: {', '.join(GRAMMAR_MODES)})")
    return str(value)


def _url(value: object, option: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise UsageError(f"{option} must be a URL")
    return value or None


@dataclass(frozen=True)
class Options:
    """Everything that decides how texts are cleaned (see the module docstring for the rules)."""

    only: frozenset[str] | None = option(
        None,
        "--only",
        metavar="CLASS,...",
        help=f"repair only these artifact classes ({', '.join(ARTIFACT_CLASSES)})",
        parse=parse_classes,
    )
    skip: frozenset[str] = option(
        frozenset(), "--skip", metavar="CLASS,...", help="leave these artifact classes alone", parse=_skip
    )
    disable: tuple[str, ...] = option(
        (),
        "--disable",
        action="append",
        metavar="RULE,...",
        help="leave out these rules (ids from `mtnorm rules`; a prefix selects all below)",
        parse=_selectors,
    )
    enable: tuple[str, ...] = option(
        (),
        "--enable",
        action="append",
        metavar="RULE,...",
        help="apply these rules even if the configuration disables them",
        parse=_selectors,
    )
    lexicons: tuple[str, ...] = option(
        (),
        "--lexicon",
        action="append",
        metavar="PATH",
        help="add a lexicon file (repeatable; later files override)",
        parse=_paths,
    )
    default_lexicons: bool = option(
        True, "--no-default-lexicons", action="store_false", help="leave out the bundled lexicons", parse=_bool
    )
    corpus_casing: bool = option(
        False,
        "--corpus-casing",
        action="store_true",
        help="learn word case from all input files first (batch runs)",
        output=False,  # what it learns is: corpus_evidence
        parse=_bool,
    )
    max_bytes: int = option(
        DEFAULT_MAX_BYTES,
        "--max-bytes",
        metavar="N",
        help="refuse input files larger than N bytes",
        output=False,
        parse=_at_least_one,
    )
    grammar: str = option(
        "builtin",
        "--grammar",
        choices=GRAMMAR_MODES,
        group="grammar pass",
        help="builtin (default), languagetool (built-in rules, then LanguageTool) or off",
        parse=_grammar,
    )
    languagetool_url: str | None = option(
        None,
        "--languagetool-url",
        metavar="URL",
        group="grammar pass",
        help="a running LanguageTool server (else $MTNORM_LANGUAGETOOL_URL, else local)",
        parse=_url,
    )
    languagetool_download: bool = option(
        False,
        "--languagetool-download",
        action="store_true",
        group="grammar pass",
        help="let language-tool-python download LanguageTool if missing",
        config=False,
        output=False,
        parse=_bool,
    )
    languagetool_concurrency: int = option(
        DEFAULT_LANGUAGETOOL_CONCURRENCY,
        "--languagetool-concurrency",
        metavar="N",
        group="grammar pass",
        help=f"at most N requests to LanguageTool at a time ({DEFAULT_LANGUAGETOOL_CONCURRENCY})",
        output=False,
        parse=_at_least_one,
    )
    # Not options: what a run computes before it starts.
    corpus_evidence: CaseEvidence | None = field(default=None, compare=False, repr=False)  # --corpus-casing
    corpus_evidence_sha256: str | None = None  # set by `light`: the evidence's digest, the evidence left behind
    _key: str | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Each option through its parser, so ``Options(only="entity")`` is as valid as a parsed file."""
        for f in _option_fields():
            parse = _flag(f).parse
            if parse is not None:
                object.__setattr__(self, f.name, parse(getattr(self, f.name), _flag(f).flags[0]))

    @property
    def classes(self) -> frozenset[str]:
        """The artifact classes this run repairs."""
        return frozenset((self.only if self.only is not None else set(ARTIFACT_CLASSES)) - self.skip)

    @property
    def lexicon_paths(self) -> list[Path]:
        """The lexicon files in load order: the bundled ones first, then the user's (later files win)."""
        return [*(default_lexicon_paths() if self.default_lexicons else []), *map(Path, self.lexicons)]

    @classmethod
    def layered(cls, *layers: Mapping[str, object]) -> Options:
        """Defaults, then each layer over the one before (the precedence rule of the module docstring)."""
        values: dict[str, object] = {}
        for layer in layers:
            for name, value in layer.items():
                spec = _flags().get(name)
                if spec is None:
                    raise UsageError(f"unknown option {name} (known: {', '.join(sorted(_flags()))})")
                if spec.action == "append" and name in values and spec.parse is not None:
                    earlier, later = spec.parse(values[name], name), spec.parse(value, name)
                    value = (*cast(tuple[str, ...], earlier), *cast(tuple[str, ...], later))
                values[name] = value
        return cls(**cast(dict[str, Any], values))  # __post_init__ parses each value

    def with_values(self, **values: object) -> Options:
        """These options with some fields replaced (each value parsed as in a configuration file)."""
        return replace(self, **cast(dict[str, Any], values))  # an unknown name: TypeError from replace

    def cache_key(self) -> str:
        """One hash of everything that decides the output (worker cache and resume manifest); computed once."""
        if self._key is None:
            digest = hashlib.sha256()
            shown = {f.name: _jsonable(getattr(self, f.name)) for f in _option_fields() if _flag(f).output}
            shown["corpus_evidence"] = self.corpus_evidence_sha256 or (
                evidence_digest(self.corpus_evidence) if self.corpus_evidence is not None else None
            )
            digest.update(json.dumps(shown, sort_keys=True).encode())
            for path in self.lexicon_paths:
                digest.update(b"\0lexicon\0" + str(path).encode() + b"\0")
                try:
                    digest.update(path.read_bytes())
                except OSError:
                    digest.update(b"<unreadable>")  # loading reports it; the key only has to differ
            object.__setattr__(self, "_key", digest.hexdigest())
        assert self._key is not None
        return self._key

    def light(self) -> Options:
        """These options with corpus case evidence replaced by its digest, for sending with every task.

        The evidence of a whole corpus is large: an engine builds each worker's
        Normalizer from the full options once, and tasks carrying the light ones
        find it under the same `cache_key`.
        """
        if self.corpus_evidence is None:
            return self
        light = replace(self, corpus_evidence=None, corpus_evidence_sha256=evidence_digest(self.corpus_evidence))
        object.__setattr__(light, "_key", self.cache_key())
        return light


def evidence_digest(evidence: CaseEvidence) -> str:
    """A stable digest of corpus case evidence: same counts, same digest."""
    digest = hashlib.sha256()
    for counts in (evidence.title, evidence.lower):
        digest.update(repr(sorted(counts.items())).encode())
    return digest.hexdigest()


def _flag(f: Field[Any]) -> Flag:
    flag = f.metadata["flag"]
    assert isinstance(flag, Flag)
    return flag


def _option_fields() -> list[Field[Any]]:
    """The fields declared with `option` (the others are computed by a run)."""
    return [f for f in fields(Options) if "flag" in f.metadata]


def _flags() -> dict[str, Flag]:
    return {f.name: _flag(f) for f in _option_fields()}


def option_specs() -> list[tuple[str, Any, Flag]]:
    """``(name, default, flag)`` of every option, in declaration order (for the CLI and the config reader)."""
    return [(f.name, f.default if f.default is not MISSING else None, _flag(f)) for f in _option_fields()]


def _jsonable(value: object) -> object:
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value
