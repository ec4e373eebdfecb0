"""The stages of the pipeline. Each proposes edits on the text it is given.

A stage never applies its own edits: the pipeline does (see `normalizer.edits`).
A stage is a small object with a ``name``, the artifact classes it can produce
(``kinds``) and ``propose(doc)``; ``EXAMPLES`` of ``(before, after)`` pairs are
run as tests for every built-in rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..edits import Edit, Protected

if TYPE_CHECKING:
    from ..casing import CasingModel
    from ..lexicon import Lexicon


@dataclass
class Doc:
    """What a stage sees: the current text and the shared, read-only knowledge."""

    text: str
    protected: Protected
    lexicon: Lexicon
    casing: CasingModel


class Stage(Protocol):
    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]

    def propose(self, doc: Doc) -> list[Edit]: ...
