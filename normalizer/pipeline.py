"""The ordered stages and the run over one document.

`Normalizer` loads and compiles the lexicons once; `normalize` runs every
enabled stage on one text: each proposes edits on the text the previous stage
produced, `edits.select` resolves them, `edits.apply` applies them, and the
offset map grows by one layer so every edit can be reported in input offsets.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .casing import CaseEvidence, CasingModel
from .edits import ARTIFACT_CLASSES, Edit, OffsetMap, Protected, StageMap, apply, select
from .errors import UsageError
from .grammar import DEFAULT_CONCURRENCY, check_mode, resolve_url
from .lexicon import Lexicon, default_lexicon_paths, load_lexicons
from .matching import EntryMatcher
from .rules import RuleFilter, builtin_rules, lexicon_rules, parse_selectors
from .stages import Doc
from .stages.boilerplate import BoilerplateStage
from .stages.encoding import CharacterStage, FtfyStage
from .stages.grammar import GrammarStage, LanguageToolStage
from .stages.lexicon import LexiconStage
from .stages.names import NamesStage
from .stages.sentence_case import SentenceCaseStage
from .stages.spacing import SpacingStage
from .stages.term_case import TermCaseStage
from .text import protected_spans


@dataclass
class Result:
    """The cleaned text, every edit in input offsets, and the way back to the input."""

    input: str
    text: str
    edits: list[Edit]
    offsets: OffsetMap = field(repr=False)

    @property
    def changed(self) -> bool:
        return self.text != self.input

    def to_original(self, index: int) -> int:
        """The input offset of the character at ``index`` in `text` (``len(text)`` maps to ``len(input)``)."""
        if not 0 <= index <= len(self.text):
            raise IndexError(f"offset {index} outside the output (0..{len(self.text)})")
        return min(self.offsets.char(index), len(self.input))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for edit in self.edits:
            out[edit.kind] = out.get(edit.kind, 0) + 1
        return out


def parse_classes(value: str | Iterable[str] | None, option: str) -> set[str] | None:
    """``"entity,term-case"`` → a validated set; unknown names are a usage error."""
    if value is None:
        return None
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [n for n in names if n not in ARTIFACT_CLASSES]
    if unknown:
        raise UsageError(f"{option}: unknown class {', '.join(unknown)} (known: {', '.join(ARTIFACT_CLASSES)})")
    return set(names)


def _rule_filter(lexicon: Lexicon, disable: object, enable: object) -> RuleFilter:
    """``--disable``/``--enable``: rule ids (or selectors) checked against the catalogue and the lexicons."""
    if not disable and not enable:
        return RuleFilter()
    known = [r.id for r in builtin_rules()] + [r.id for r in lexicon_rules(lexicon)]
    return RuleFilter(parse_selectors(disable, "--disable", known), parse_selectors(enable, "--enable", known))  # type: ignore[arg-type]


class Normalizer:
    """Compiles lexicons once; `normalize` cleans many texts with the same settings."""

    def __init__(
        self,
        *,
        only: str | Iterable[str] | None = None,
        skip: str | Iterable[str] | None = None,
        lexicons: Sequence[str | os.PathLike[str]] = (),
        default_lexicons: bool = True,
        corpus_evidence: CaseEvidence | None = None,
        grammar: str = "builtin",
        languagetool_url: str | None = None,
        languagetool_download: bool = False,
        languagetool_concurrency: int = DEFAULT_CONCURRENCY,
        lexicon: Lexicon | None = None,
        disable: str | Iterable[str] | None = None,
        enable: str | Iterable[str] | None = None,
    ) -> None:
        # what it takes to build the same normalizer in another process (normalize_many with jobs)
        self.options: dict[str, object] = {
            "only": only,
            "skip": skip,
            "lexicons": [str(p) for p in lexicons],
            "default_lexicons": default_lexicons,
            "grammar": grammar,
            "languagetool_url": languagetool_url,
            "languagetool_download": languagetool_download,
            "languagetool_concurrency": languagetool_concurrency,
            **({"disable": disable} if disable else {}),
            **({"enable": enable} if enable else {}),
            **({"corpus_evidence": corpus_evidence} if corpus_evidence is not None else {}),
            **({"lexicon": lexicon} if lexicon is not None else {}),
        }
        only_set = parse_classes(only, "--only")
        skip_set = parse_classes(skip, "--skip") or set()
        self.classes = frozenset((only_set if only_set is not None else set(ARTIFACT_CLASSES)) - skip_set)
        self.grammar = check_mode(grammar)
        paths = [*(default_lexicon_paths() if default_lexicons else []), *lexicons]
        self.lexicon: Lexicon = lexicon if lexicon is not None else load_lexicons(paths)  # given: already loaded
        self.rules = _rule_filter(self.lexicon, disable, enable)
        self.casing = CasingModel(
            self.lexicon.titles, self.lexicon.proper | self.lexicon.canonical_words(), corpus_evidence, self.lexicon.casing
        )
        self.stages = [
            stage
            for stage in (
                FtfyStage(),
                CharacterStage(),
                BoilerplateStage(),
                LexiconStage(EntryMatcher(self.lexicon.entries)),
                NamesStage(),
                TermCaseStage(),
                SentenceCaseStage(),
                SpacingStage(),
                *([GrammarStage()] if self.grammar != "off" else []),
            )
            if self.classes & set(stage.kinds)
        ]
        self.languagetool = None
        if self.grammar == "languagetool" and self.classes & set(LanguageToolStage.kinds):
            from .grammar.backend import LanguageToolBackend

            self.languagetool = LanguageToolBackend(
                resolve_url(languagetool_url), download=languagetool_download, concurrency=languagetool_concurrency
            )
            self.stages.append(LanguageToolStage(self.languagetool))

    def close(self) -> None:
        """Stop the LanguageTool server this normalizer started (if any)."""
        if self.languagetool is not None:
            self.languagetool.close()

    def __enter__(self) -> Normalizer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def normalize(self, text: str) -> Result:
        offsets = OffsetMap()
        found: list[Edit] = []
        protected: Protected | None = None
        current = text
        for stage in self.stages:
            if protected is None and stage.name not in ("encoding", "characters", "boilerplate"):
                protected = Protected(protected_spans(current))
            doc = Doc(current, protected or Protected(), self.lexicon, self.casing)
            proposals = [
                e for e in stage.propose(doc) if e.kind in self.classes and (not self.rules or self.rules.allows(e.rule))
            ]
            chosen = select(proposals, protected)
            if not chosen:
                continue
            found.extend(offsets.to_input(e) for e in chosen)
            stage_map = StageMap(chosen)
            offsets.push(stage_map)
            current = apply(current, chosen)
            if protected is not None:
                protected = protected.shifted(stage_map)
                if getattr(stage, "protects_output", False):
                    protected = protected.add(
                        (out, out + len(e.replacement)) for e, out in zip(chosen, stage_map.out_starts, strict=True)
                    )
        found.sort(key=lambda e: (e.start, e.end))
        return Result(text, current, found, offsets)

    def normalize_many(self, texts: Iterable[str], jobs: int = 1) -> Iterator[Result]:
        """Results for ``texts`` in order. ``jobs=1`` runs here; more use that many worker
        processes (``None``: every core), each building this normalizer's twin once."""
        if jobs == 1:
            for text in texts:
                yield self.normalize(text)
            return
        from .batch import normalize_texts

        yield from normalize_texts(self.options, texts, jobs)


def normalize(text: str, **options: object) -> Result:
    """Clean one text. For many texts build a `Normalizer` once and reuse it."""
    with Normalizer(**options) as normalizer:  # type: ignore[arg-type]
        return normalizer.normalize(text)
