"""`mtnorm lexicon suggest` on the seeds: the known mangled names, few candidates, loadable YAML."""

from __future__ import annotations

import subprocess
import sys

from normalizer.curation.suggest import render_yaml, suggest_from_paths, translit_key
from normalizer.knowledge.lexicon import load_lexicons

from .conftest import SEEDS


def _pairs(candidates):
    return {frozenset([c.canonical, *c.variants]) for c in candidates}


def test_seeds_give_the_known_names_and_no_more_than_15():
    candidates = suggest_from_paths([str(SEEDS)])
    pairs = _pairs(candidates)
    for expected in ({"Asad", "Assad"}, {"Hmeymim", "Khmeimim"}, {"chaiko", "Chaiko"}, {"Iglinsky", "Iglinskiy"}):
        assert any(expected <= pair for pair in pairs), (expected, pairs)
    assert len(candidates) <= 15
    assert all(c.examples and c.counts for c in candidates)


def test_acronyms_and_designations_in_lower_case():
    pairs = _pairs(suggest_from_paths([str(SEEDS)]))
    assert {"S-400", "s-400"} in pairs
    assert any({"su-35S", "SU-35S"} <= pair for pair in pairs)
    assert {"US", "us"} in pairs


def test_output_is_loadable_by_the_lexicon_loader(tmp_path):
    out = tmp_path / "candidates.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "normalizer", "lexicon", "suggest", str(SEEDS), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "Assad ×" in text and "seeds/001_4e8f0d5fdfeddf2d.txt:1:" in text.replace(str(SEEDS.parent) + "/", "")
    lexicon = load_lexicons([out])
    assert {e.canonical for e in lexicon.entries} >= {"Assad", "Chaiko", "S-400"}


def test_limit_and_empty_corpus(tmp_path):
    assert len(suggest_from_paths([str(SEEDS)], limit=2)) == 2
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    empty = suggest_from_paths([str(tmp_path)])
    assert empty == [] and load_lexicons([_write(tmp_path, render_yaml(empty))]).entries == []


def _write(tmp_path, text):
    path = tmp_path / "out.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_transliteration_keys():
    assert translit_key("Hmeymim") == translit_key("Khmeimim")
    assert translit_key("Iglinsky") == translit_key("Iglinskiy")
    assert translit_key("Asad") == translit_key("Assad")
    assert translit_key("Syria") != translit_key("Serbia")


def test_candidates_are_compared_with_the_bundled_lexicon():
    """A spelling the lexicon has as canonical is proposed as canonical; covering entries are named."""
    from normalizer import Normalizer

    lexicon = Normalizer().lexicon
    by_canonical = {c.canonical: c for c in suggest_from_paths([str(SEEDS)], lexicon=lexicon)}
    assert by_canonical["Khmeimim"].variants == ["Hmeymim"]
    assert by_canonical["Khmeimim"].covered == ["lexicon:entities.khmeimim"]
    assert "lexicon:entities.idlib" in by_canonical["Iglinskiy"].covered
    assert by_canonical["Sergei"].covered == []
    assert "already in the lexicon: lexicon:entities.assad" in render_yaml(list(by_canonical.values()))
