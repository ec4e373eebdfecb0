"""Edits, the overlap rule, protected spans and the map back to the input."""

from __future__ import annotations

import pytest

from normalizer import Normalizer, normalize
from normalizer.edits import Edit, Protected, StageMap, apply, select

from .conftest import seed_paths


def e(start: int, end: int, replacement: str, before: str = "x") -> Edit:
    return Edit(start, end, replacement, "spacing", f"r{start}-{end}", "", before)


def test_overlap_rule_first_start_then_longer_then_first_proposed():
    chosen = select([e(5, 7, "b"), e(2, 6, "a"), e(2, 4, "c"), e(8, 9, "d"), e(8, 9, "late")])
    assert [(x.start, x.end, x.replacement) for x in chosen] == [(2, 6, "a"), (8, 9, "d")]


def test_no_op_edits_are_dropped():
    assert select([Edit(0, 1, "a", "spacing", "r", "", "a")]) == []


def test_protected_span_vetoes_touching_edits_but_not_neighbours():
    protected = Protected([(10, 20)])
    kept = select([e(5, 10, ""), e(19, 21, ""), e(20, 22, ""), e(15, 15, "+", before="")], protected)
    assert [(x.start, x.end) for x in kept] == [(5, 10), (20, 22)]


def test_stage_map_char_and_forward():
    text = "abcdefghij"
    edits = [e(2, 4, "XYZ"), e(6, 8, "")]
    out = apply(text, edits)
    assert out == "abXYZefij"
    m = StageMap(edits)
    assert [text[m.char(i)] for i in (0, 1, 5, 6, 7, 8)] == list("abefij")
    assert m.forward(5) == 6 and m.forward(9) == 8 and m.forward(1) == 1


def test_to_original_across_stages():
    text = "All news\n\nthe Meeting with Asad cost $ 2.5 billion andcalled.\n"
    result = normalize(text)
    assert result.text == "The meeting with Assad cost $2.5 billion and called.\n"
    for i, ch in enumerate(result.text):
        j = result.to_original(i)
        if not any(ed.start <= j < ed.end for ed in result.edits):
            assert text[j] == ch, (i, j)
    assert result.to_original(result.text.index("cost")) == text.index("cost")
    assert result.to_original(len(result.text)) == len(text)
    with pytest.raises(IndexError):
        result.to_original(len(result.text) + 1)


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem)
def test_edits_in_input_offsets_rebuild_the_output(seed):
    """Applying the reported edits to the input gives the output: offsets and `before` are exact."""
    text = seed.read_text(encoding="utf-8")
    result = Normalizer().normalize(text)
    for ed in result.edits:
        assert text[ed.start : ed.end] == ed.before
    assert apply(text, result.edits) == result.text


def test_only_and_skip_choose_classes():
    text = "the Meeting with Asad cost $ 2.5 billion."
    assert normalize(text, only="entity").text == "the Meeting with Assad cost $ 2.5 billion."
    assert normalize(text, skip=["entity", "spacing"]).text == "The meeting with Asad cost $ 2.5 billion."
    assert {ed.kind for ed in normalize(text, only="spacing,entity").edits} == {"spacing", "entity"}


def test_lexicon_results_are_protected_from_later_stages(tmp_path):
    lexicon = tmp_path / "x.yaml"
    lexicon.write_text("entries:\n  - {canonical: 'a  error', variants: [zzfoo]}\n", encoding="utf-8")
    result = normalize("it was zzfoo here", lexicons=[lexicon])
    # the grammar pass would turn "a" into "an" and spacing would squeeze the double space
    assert result.text == "it was a  error here"


def test_urls_and_numbers_are_left_alone():
    text = "See https://example.com/Asad-news?a=1 , or mail asad@example.com ; cost 1 , 000."
    result = normalize(text)
    assert "https://example.com/Asad-news?a=1" in result.text
    assert "asad@example.com" in result.text


def test_empty_and_whitespace_texts():
    assert normalize("").text == ""
    assert normalize("\n\n").edits == []
