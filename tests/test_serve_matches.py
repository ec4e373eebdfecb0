"""Edits as LanguageTool matches: independent replacements of the input, offsets in UTF-16 units.

A LanguageTool client applies each match's replacement to the text it sent; if
the matches (the result's change regions) did not compose to mtnorm's output,
``correct()`` would differ from ``mtnorm fix``. Fragments below are built to make stages touch the same place
(an invisible character inside a double space, a no-break space next to a
space, mojibake next to case errors), so overlapping edits are exercised.
"""

from __future__ import annotations

from unittest import mock

import pytest

pytest.importorskip("starlette", reason="the serve extra: pip install -e '.[serve]'")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from normalizer import Normalizer  # noqa: E402
from normalizer.reports import html as html_report  # noqa: E402
from normalizer.serve.languagetool_api import Utf16, check_response, language, parse_annotation, utf16_len  # noqa: E402
from normalizer.serve.requests import BadRequest  # noqa: E402

FRAGMENTS = [
    "the", "Meeting", "Donald trump", "Iglinsky area of de-escalation", "  ", " ", ".", " .", "\u00e2\u20ac\u2122",
    "caf\u00c3\u00a9", "\u00a0", "\u200b", "$ 2.5", "andcalled", "a apple", "the the", "Syria.The", "\n\n", "(", ")",
    " \"", "\" ", "\u00f0\u0178\u02dc\u20ac", "\U0001f600", "U.S.", "in the Russia", "FOREIGN MINISTER", "\t",
    "foreign minister", "sergei lavrov", "\U0001d400", "é",
]  # fmt: skip

N = Normalizer()


def apply_matches(text: str, matches: list[dict]) -> str:
    """What a LanguageTool client does: each match's first replacement at its own span (UTF-16 units)."""
    units = text.encode("utf-16-le")
    parts, pos = [], 0
    for match in matches:
        start, end = 2 * match["offset"], 2 * (match["offset"] + match["length"])
        assert start >= pos  # sorted, no overlap
        parts += [units[pos:start], match["replacements"][0]["value"].encode("utf-16-le")]
        pos = end
    return b"".join([*parts, units[pos:]]).decode("utf-16-le")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30).map("".join))
def test_matches_compose_to_the_output(text: str) -> None:
    result = N.normalize(text)
    with mock.patch.object(html_report, "_diff_regions", side_effect=AssertionError("fell back to a character diff")):
        matches = check_response(result, language("en"))["matches"]
    assert apply_matches(text, matches) == result.text
    assert all(m["length"] > 0 for m in matches)
    assert sum(len(m["mtnorm"]["edits"]) for m in matches) == len(result.edits)  # each edit explained once


def test_overlapping_edits_of_two_stages_become_one_match() -> None:
    text = "Moscow. \u200b The talks"  # the encoding stage removes U+200B, then spacing shortens the double space
    result = N.normalize(text)
    assert result.text == "Moscow. The talks"
    # the pipeline reports the two stages' edits as one (edits.EditLog: reported edits never overlap)
    assert len(result.edits) == 1 and "encoding.invisible" in result.edits[0].message
    (match,) = check_response(result, language("en"))["matches"]
    assert (match["offset"], match["length"], match["replacements"]) == (7, 3, [{"value": " "}])
    assert {e["class"] for e in match["mtnorm"]["edits"]} == {"spacing"}


def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "\U0001f600a\U0001f600b"
    to16 = Utf16(text)
    assert [to16(i) for i in range(len(text) + 1)] == [0, 2, 3, 5, 6]
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2 == 6


def test_matches_point_at_the_right_utf16_units() -> None:
    text = "\U0001f600\U0001f600 Talks in Iglinsky area of de-escalation \U0001f680 with Donald trump ."
    answer = check_response(N.normalize(text), language("en-US"))
    units = text.encode("utf-16-le")
    seen = {}
    for match in answer["matches"]:
        start, length = match["offset"], match["length"]
        seen[units[2 * start : 2 * (start + length)].decode("utf-16-le")] = match["replacements"][0]["value"]
        context = match["context"]
        shown = context["text"].encode("utf-16-le")[2 * context["offset"] : 2 * (context["offset"] + context["length"])]
        assert shown.decode("utf-16-le") == units[2 * start : 2 * (start + length)].decode("utf-16-le")
    assert seen == {"Iglinsky": "Idlib", "Donald trump": "Donald Trump", " ": ""}


def test_an_insertion_is_shown_over_the_next_character() -> None:
    answer = check_response(N.normalize("It ended in Syria.The talks went on."), language("en"))
    (match,) = answer["matches"]
    assert (match["offset"], match["length"], match["replacements"]) == (18, 1, [{"value": " T"}])
    assert match["rule"]["category"]["id"] == "spacing"


def test_annotated_text_offsets_count_markup_and_skip_hunks_on_it() -> None:
    data = (
        '{"annotation": [{"text": "Talks in "}, {"markup": "<b>"}, {"text": "Iglinsky"}, {"markup": "</b>"},'
        ' {"text": " area of de-escalation"}, {"markup": "<br/>", "interpretAs": "\\n\\n"}, {"text": "Donald trump ."}]}'
    )
    sent, plain, segments = parse_annotation(data)
    assert plain == "Talks in Iglinsky area of de-escalation\n\nDonald trump ."
    answer = check_response(N.normalize(plain), language("en-US"), sent_text=sent, segments=segments)
    got = {sent[m["offset"] : m["offset"] + m["length"]]: m["replacements"][0]["value"] for m in answer["matches"]}
    assert got == {"Iglinsky": "Idlib", "Donald trump": "Donald Trump", " ": ""}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{", "not JSON"),
        ('{"annotation": 3}', "must be"),
        ('{"annotation": [{"text": "a", "markup": "<b>"}]}', "exactly one of"),
        ('{"annotation": [{"markup": 5}]}', "strings"),
    ],
)
def test_bad_annotations_are_refused_with_a_message(data: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        parse_annotation(data)


def test_only_english_is_offered() -> None:
    assert language("en-GB")["longCode"] == "en-GB"
    assert language("auto")["longCode"] == "en-US"
    with pytest.raises(BadRequest, match="English only"):
        language("de-DE")
