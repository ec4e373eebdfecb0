"""Canonical names and terms from the lexicon. Its results are protected from later stages."""

from __future__ import annotations

from ..edits import Edit, make_edit
from ..knowledge.matching import EntryMatcher
from .base import Doc, Setup, Stage


class LexiconStage(Stage):
    name = "lexicon"
    kinds = ("entity", "term-case")
    protects_output = True

    def __init__(self, matcher: EntryMatcher) -> None:
        self.matcher = matcher

    @classmethod
    def build(cls, setup: Setup) -> LexiconStage:
        return cls(EntryMatcher(setup.lexicon.entries))

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        return [
            make_edit(
                text, start, end, entry.canonical, entry.kind, f"lexicon:{entry.id}", f"{text[start:end]} → {entry.canonical}"
            )
            for start, end, entry in self.matcher.find(text)
        ]
