"""The ordered stages and the run over one document.

`Normalizer` loads and compiles the lexicons once; `normalize` runs every
enabled stage on one text: each proposes edits on the text the previous stage
produced, `edits.select` resolves them, `edits.pieces` applies them (joined
once the stage's input is let go), and the offset map grows by one layer so
every edit can be reported in input offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .casing import CasingModel
from .edits import Edit, EditLog, OffsetMap, Protected, StageMap, pieces, select
from .knowledge.lexicon import Lexicon, load_lexicons
from .languagetool import resolve_url
from .options import Options
from .rules import RuleFilter, builtin_rules, lexicon_rules, parse_selectors
from .stages import STAGES, Doc, Setup, Stage
from .stages.grammar import LanguageToolStage
from .text import AsciiWords, protected_spans

if TYPE_CHECKING:
    from .languagetool.backend import LanguageToolBackend


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


def _rule_filter(lexicon: Lexicon, disable: tuple[str, ...], enable: tuple[str, ...]) -> RuleFilter:
    """``--disable``/``--enable``: rule ids (or selectors) checked against the catalogue and the lexicons."""
    if not disable and not enable:
        return RuleFilter()
    known = [r.id for r in builtin_rules()] + [r.id for r in lexicon_rules(lexicon)]
    return RuleFilter(parse_selectors(disable, "--disable", known), parse_selectors(enable, "--enable", known))


class Normalizer:
    """Compiles lexicons once; `normalize` cleans many texts with the same settings.

    ``Normalizer(options)`` takes an `Options`; keyword arguments set single
    options over it (``Normalizer(only="entity", default_lexicons=False)``).
    ``lexicon``: an already loaded lexicon, used instead of loading the files.
    """

    def __init__(self, options: Options | None = None, *, lexicon: Lexicon | None = None, **settings: object) -> None:
        options = options or Options()
        self.options = options.with_values(**settings) if settings else options
        self.classes = self.options.classes
        self.grammar = self.options.grammar
        self.lexicon: Lexicon = lexicon if lexicon is not None else load_lexicons(self.options.lexicon_paths)
        self.rules = _rule_filter(self.lexicon, self.options.disable, self.options.enable)
        self.casing = CasingModel(
            self.lexicon.titles,
            self.lexicon.proper | self.lexicon.canonical_words(),
            self.options.corpus_evidence,
            self.lexicon.casing,
        )
        self.languagetool: LanguageToolBackend | None = None
        if self.grammar == "languagetool" and self.classes & set(LanguageToolStage.kinds):
            # deferred: the LanguageTool client and server (urllib, ssl, a Java process) load only when asked for
            from .languagetool.backend import LanguageToolBackend

            self.languagetool = LanguageToolBackend(
                resolve_url(self.options.languagetool_url),
                download=self.options.languagetool_download,
                concurrency=self.options.languagetool_concurrency,
            )
        setup = Setup(self.options, self.lexicon, self.casing, self.languagetool)
        self.stages: list[Stage] = []
        for stage_class in STAGES:
            if self.classes & set(stage_class.kinds):
                stage = stage_class.build(setup)
                if stage is not None:
                    self.stages.append(stage)

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
        log = EditLog(text)
        protected: Protected | None = None
        current = text
        words: AsciiWords | None = None  # the current text's words, shared by the stages until it changes
        doc: Doc | None = None  # what the stages see, the same until the text changes (with what it found out)
        for stage in self.stages:
            if protected is None and not stage.runs_before_protection:
                protected = Protected(protected_spans(current))
                if doc is not None:
                    doc.protected = protected  # the same text: its line spans, found by the stages before, stay
            if words is None:
                words = AsciiWords(current)
            if doc is None:
                doc = Doc(current, protected or Protected(), self.lexicon, self.casing, words)
            proposals = [
                e for e in stage.propose(doc) if e.kind in self.classes and (not self.rules or self.rules.allows(e.rule))
            ]
            chosen = select(proposals, protected) if proposals else proposals
            if not chosen:
                continue
            mapped = [offsets.to_input(e) for e in chosen]
            stage_map = StageMap(chosen)
            offsets.push(stage_map)
            # the stage's input goes before its output is joined: one copy of the text less at the peak
            parts = pieces(current, chosen)
            doc = words = None  # they hold the input text too
            del current
            current = "".join(parts)
            del parts
            log.record(chosen, mapped, stage_map, current)
            if protected is not None:
                protected = protected.shifted(stage_map)
                if stage.protects_output:
                    protected = protected.add(
                        (out, out + len(e.replacement)) for e, out in zip(chosen, stage_map.out_starts, strict=True)
                    )
        return Result(text, current, log.edits(), offsets)


def normalize(text: str, **settings: object) -> Result:
    """Clean one text (keyword arguments: `Options` fields). For many texts build a `Normalizer` once."""
    with Normalizer(Options().with_values(**settings)) as normalizer:
        return normalizer.normalize(text)
