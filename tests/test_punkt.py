"""The vendored Punkt (normalizer/vendor/punkt.py) splits sentences exactly as nltk's own Punkt does."""

from __future__ import annotations

import sys

import pytest

from normalizer.text import ABBREVIATIONS, sentence_tokenizer

from .conftest import seed_paths

TRICKY = [
    "Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3. They talked.",
    "He said “Stop.” Then he left! Why? Nobody knows...",
    "The U.S. and the U.K. agreed. J. R. R. Tolkien wrote it. 3.5 million people came.",
    "“Is it over?” she asked. (Yes.) [No!] «Maybe.» It ended -- abruptly.",
    "no capital after this. lower case start. Another one.",
    "",
    "...",
    "A.B.C. D.E.F. etc. vs. e.g. i.e. and so on.",
]


def test_vendored_module_does_not_import_nltk():
    import subprocess

    code = "import sys, normalizer.text; normalizer.text.sentences('A b. C d.', 0, 9); print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_spans_equal_nltk_punkt():
    punkt = pytest.importorskip("nltk.tokenize.punkt", reason="nltk (extra 'test') is the reference")
    params = punkt.PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    reference = punkt.PunktSentenceTokenizer(params)
    texts = TRICKY + [line for seed in seed_paths() for line in seed.read_text(encoding="utf-8").splitlines()]
    for text in texts:
        assert list(sentence_tokenizer().span_tokenize(text)) == list(reference.span_tokenize(text)), text
