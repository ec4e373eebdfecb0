"""What every stage is: the contract between a stage and the pipeline that runs it.

A stage proposes edits on the text it is given and never applies them (the
pipeline does, see `normalizer.edits`). It declares, as class attributes, all
the runner needs to know about it, so the runner never asks for a stage by
name: the artifact classes it can produce (``kinds``), whether it runs on the
raw text before protected spans (URLs, e-mail addresses, code) are computed
(``runs_before_protection``), whether its replacements are protected from
later stages (``protects_output``), and its ``EXAMPLES`` of ``(before,
after)`` pairs, which run as tests. ``build`` makes the stage for one
`Normalizer` (None: not wanted with these options).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from ..casing import LazyCaseEvidence
from ..edits import Edit, Protected
from ..text import AsciiWords, LineSpans

if TYPE_CHECKING:
    from ..casing import CasingModel
    from ..knowledge.lexicon import Lexicon
    from ..languagetool.backend import LanguageToolBackend
    from ..options import Options


@dataclass
class Doc:
    """What a stage sees: the current text and the shared, read-only knowledge.

    The pipeline passes one Doc until an edit changes the text (it sets ``protected`` once the spans
    are found), so what a Doc finds out about its text (line spans, long lines' sentences) serves every
    stage after. ``words``: the text's distinct words, made here when not given."""

    text: str
    protected: Protected
    lexicon: Lexicon
    casing: CasingModel
    words: AsciiWords = field(default=None)  # type: ignore[assignment]  # set in __post_init__

    def __post_init__(self) -> None:
        if self.words is None or self.words.text is not self.text:
            self.words = AsciiWords(self.text)

    def evidence(self) -> LazyCaseEvidence:
        """How the text itself writes the words a stage asks about, counted on demand (clean text rarely
        asks). One for each stage that asks, each with its own reading budget (shared, the questions of
        two stages ran over one budget and counted every line of a 10 MB text), but one sentence split
        of a long line for all of them (`LazyCaseEvidence.line_sentences`)."""
        return LazyCaseEvidence(self.text, self._long_line_splits)

    @cached_property
    def _long_line_splits(self) -> dict[int, tuple[list[int], list[tuple[int, int]]]]:
        return {}

    @cached_property
    def lines(self) -> LineSpans:
        """The text's line spans, found once for the stages that read it line by line (the pipeline makes
        a new `Doc` when the text changes)."""
        return LineSpans(self.text)


@dataclass(frozen=True)
class Setup:
    """What a stage may be built from: the run's options and the knowledge loaded once."""

    options: Options
    lexicon: Lexicon
    casing: CasingModel
    languagetool: LanguageToolBackend | None = None


class Stage:
    """Base of every stage (subclass it, set ``name`` and ``kinds``, write ``propose``)."""

    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]
    runs_before_protection: ClassVar[bool] = False
    protects_output: ClassVar[bool] = False
    EXAMPLES: ClassVar[Sequence[tuple[str, str]]] = ()

    @classmethod
    def build(cls, setup: Setup) -> Stage | None:
        """This stage for one Normalizer; stages that need knowledge or options override it."""
        return cls()

    def propose(self, doc: Doc) -> list[Edit]:
        raise NotImplementedError
