"""Boilerplate removal: only named lines and real duplicates go, with their blank separator."""

from __future__ import annotations

from normalizer import normalize

LEAD = "The talks in Moscow between the two presidents lasted for about three hours on Thursday."
SECOND = "Alone the presidents talked for about three hours before the delegations joined them in the hall."


def clean(text: str) -> str:
    return normalize(text, only="boilerplate").text


def test_named_lines_go_with_their_separator():
    assert clean(f"All news\n\n{LEAD}\n\nTags") == LEAD
    assert clean(f"{LEAD}\n\nTags: ; ; ;\n") == f"{LEAD}\n"
    assert clean(f"{LEAD}\nShare\n{SECOND}") == f"{LEAD}\n{SECOND}"


def test_exact_duplicate_paragraph_keeps_the_first_copy():
    assert clean(f"{LEAD}\n\n{SECOND}\n\n{LEAD}") == f"{LEAD}\n\n{SECOND}"


def test_short_repeated_lines_are_not_duplicates():
    text = f"* * *\n\n{LEAD}\n\n* * *\n\n{SECOND}"
    assert clean(text) == text


def test_headline_repeating_its_lead_stays():
    headline = "The talks in Moscow between the two presidents lasted for about three hours"
    text = f"{headline}\n\n{LEAD}\n\n{SECOND}"
    assert clean(text) == text


def test_patchwork_of_two_paragraphs_without_sentence_end_goes():
    patch = (
        "Photo: press service The talks in Moscow between the two presidents lasted for"
        " about three hours Alone the presidents talked for about three hours before the delegations"
    )
    assert clean(f"{patch}\n\n{LEAD}\n\n{SECOND}") == f"{LEAD}\n\n{SECOND}"


def test_removal_is_reported_with_rule_and_class():
    result = normalize(f"All news\n\n{LEAD}", only="boilerplate")
    assert [(e.kind, e.rule, e.before) for e in result.edits] == [("boilerplate", "lexicon:boilerplate.all-news", "All news\n\n")]


def test_a_paragraph_repeated_a_thousand_times_is_kept_once():
    """More copies than MAX_POSTINGS: identical copies are settled by their words, not by shingle postings."""
    assert clean("\n\n".join([LEAD] * 1000) + "\n") == f"{LEAD}\n"
    assert clean("\n\n".join([LEAD, SECOND] * 60)) == f"{LEAD}\n\n{SECOND}"


def test_copies_of_a_near_copy_go_with_it():
    """A repeat of a block that was itself dropped as a near copy names the block both copy."""
    long = f"{LEAD} {SECOND}"
    near = long.replace("hall.", "room.")  # the last word changed: 28 of 30 shingles shared
    other = "Officials did not say when the next round of the talks would take place."
    result = normalize("\n\n".join([long, other, near, near]), only="boilerplate")
    assert result.text == f"{long}\n\n{other}"
    assert {e.message for e in result.edits} == {"copy of the block at line 1"}


def test_a_long_text_is_indexed_in_buckets_with_the_same_verdicts(monkeypatch):
    """A long text's shingles are counted a bucket at a time, in rounds: the verdicts (near copies, exact
    copies of them, patchworks) are those of the one-bucket index of a short text."""
    import normalizer.stages.boilerplate as boilerplate
    from normalizer.text import lines

    from .conftest import seed_paths

    long = f"{LEAD} {SECOND}"
    near = long.replace("hall.", "room.")
    patch = (
        "Photo: press service The talks in Moscow between the two presidents lasted for"
        " about three hours Alone the presidents talked for about three hours before the delegations"
    )
    seeds = [p.read_text(encoding="utf-8").strip() for p in seed_paths()]
    text = "\n\n".join([long, *seeds, patch, LEAD, *seeds[:3], SECOND, near, near]) + "\n"
    spans = list(lines(text))

    def verdicts(bucket_chars: int) -> list[tuple[int, int, str, str]]:
        monkeypatch.setattr(boilerplate, "_BUCKET_CHARS", bucket_chars)
        return list(boilerplate.duplicate_blocks(text, spans, {}))

    one_bucket = verdicts(len(text) + 1)
    assert {rule for *_, rule, _ in one_bucket} == {"boilerplate.duplicate", "boilerplate.scraped-fragment"}
    assert sum(message == "copy of the block at line 1" for *_, message in one_bucket) == 2  # the near copy and its copy
    for bucket_chars in (len(text) // 2, 200, 16):  # 2, a few hundred, thousands of buckets; four rounds
        assert verdicts(bucket_chars) == one_bucket, bucket_chars


def test_line_spans_in_arrays_are_those_of_text_lines():
    from normalizer.text import LineSpans, lines

    for text in ("", "\n", "a", "a\n", "a\n\nbb\n", "\n\nx", f"{LEAD}\n\n{SECOND}\n"):
        spans = LineSpans(text)
        assert list(spans) == list(lines(text)) == [spans[i] for i in range(len(spans))], text
        assert spans[1:] == list(lines(text))[1:]
