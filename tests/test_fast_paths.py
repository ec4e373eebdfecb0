"""Fast paths give exactly what the slow path gives, on seeds with faults injected at random places."""

from __future__ import annotations

import random
import re

import pytest

from normalizer import Normalizer
from normalizer.edits import Protected
from normalizer.stages import Doc
from normalizer.stages.grammar import _ARTICLE, _article_matches
from normalizer.stages.spacing import SpacingStage
from normalizer.text import _PROTECTED, pattern_spans

from .conftest import seed_paths

NOISE = [
    " ,", " .", "  ", "( ", "[ ", " )", " ]", "“ ", " ”", "$ 5", "€ 3", "\t;", " !", "Syria.The", "“x ”",
    " a ", " an ", "A ", ". A ", "“A ", "(an ", "\nA ", "! An ", ".” A ", " a\t", "vitamin a and", "-a ", "an apple",
    " http://x.org/a.b, ", "www.example.com.", " a.b+c@mail.ru ", "`code`", " 12.5 ", "S-400", "ftp://h/x)", "@", "`",
]  # fmt: skip


def noisy_texts(count: int = 1500) -> list[str]:
    lines = [line for p in seed_paths() for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(2026)
    out = []
    for _ in range(count):
        text = " ".join(rng.choice(lines) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(0, 5)):
            k = rng.randrange(len(text) + 1)
            text = text[:k] + rng.choice(NOISE) + text[k:]
        out.append(text)
    return out


TEXTS = noisy_texts()


def test_article_candidates_find_every_match_of_the_full_pattern():
    for text in TEXTS:
        assert [m.span() + m.groups() for m in _article_matches(text)] == [m.span() + m.groups() for m in _ARTICLE.finditer(text)]


def test_protected_spans_without_absent_alternatives_are_the_same():
    for text in TEXTS:
        assert pattern_spans(text) == [m.span() for m in _PROTECTED.finditer(text)]


def test_spacing_triggers_never_hide_an_edit(monkeypatch: pytest.MonkeyPatch):
    n = Normalizer()
    docs = [Doc(t, Protected(), n.lexicon, n.casing) for t in TEXTS]
    fast = [SpacingStage().propose(d) for d in docs]
    always = {rule: re.compile("") for rule in SpacingStage.TRIGGERS}
    monkeypatch.setattr(SpacingStage, "TRIGGERS", always)
    slow = [SpacingStage().propose(d) for d in docs]
    assert fast == slow
    assert sum(map(len, fast)) > 100  # the noise did give the rules something to do
