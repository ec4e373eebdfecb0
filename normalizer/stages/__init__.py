"""The stages of the pipeline, in the order they run: `STAGES` is the one list.

The runner (`normalizer.pipeline`), the tests (every stage's ``EXAMPLES``) and
the docs (docs/design.md, checked by tests/test_layout.py) all read it. Adding a
stage: a module here with a `Stage` subclass, and one line below in its place.
"""

from __future__ import annotations

from .base import Doc, Setup, Stage
from .boilerplate import BoilerplateStage
from .encoding import CharacterStage, FtfyStage
from .grammar import GrammarStage, LanguageToolStage
from .lexicon import LexiconStage
from .names import NamesStage
from .sentence_case import SentenceCaseStage
from .spacing import SpacingStage
from .term_case import TermCaseStage

STAGES: tuple[type[Stage], ...] = (
    FtfyStage,  # mojibake (raw text)
    CharacterStage,  # control and look-alike characters (raw text)
    BoilerplateStage,  # web-page lines (raw text); protected spans are computed after it
    LexiconStage,  # names and terms from the lexicons; protects what it wrote
    NamesStage,  # names from the knowledge base (normalizer/data/names-kb.json)
    TermCaseStage,  # words capitalized mid-sentence
    SentenceCaseStage,  # sentence starts
    SpacingStage,  # spaces around punctuation
    GrammarStage,  # built-in grammar rules (--grammar builtin|languagetool)
    LanguageToolStage,  # allow-listed LanguageTool rules (--grammar languagetool)
)

__all__ = ["STAGES", "Doc", "Setup", "Stage"]
