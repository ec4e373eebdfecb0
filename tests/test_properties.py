"""Properties of the pipeline over generated text (Hypothesis).

The generated texts mix pieces that hurt: astral characters, combining marks,
right-to-left text and direction marks, CR/LF/CRLF in any mix, control
characters, very long tokens, the words the rules act on (doubled words,
articles, lexicon variants, months, URLs, numbers) and slices of the seeds.

Properties: `normalize` never raises; ``fix∘fix = fix`` (the text a second run
would write equals the first run's); the edits of a result do not overlap in
input offsets and are sorted; `Result.to_original` maps every output position
into the input, monotonically; the output holds no character that is neither
in the input nor in some edit's replacement.

Examples per property: 100 in the default ``ci`` profile (derandomized, so a
CI run is reproducible); ``pytest tests/test_properties.py
--hypothesis-profile=long`` runs 2,000 with a fresh seed each time (README,
"Tests"). No deadline: a wall-clock limit is not a property.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from normalizer.batch.tasks import normalize_text
from normalizer.pipeline import Normalizer

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]

WORDS = [
    "the",
    "The",
    "Meeting",
    "meeting",
    "in",
    "In",
    "on",
    "a",
    "an",
    "apple",
    "hour",
    "and",
    "andcalled",
    "Asad",
    "Assad",
    "Hmeymim",
    "may",
    "May",
    "march",
    "2017",
    "5",
    "june",
    "nato",
    "NATO",
    "us",
    "US",
    "president",
    "Bashar",
    "s-400",
    "Syria",
    "Syria.The",
    "U.S.",
    "Gazeta.Ru",
    "2.5",
    "$",
    "$ 2.5",
    "%",
    "https://example.org/a_b?c=1",
    "www.example.com",
    "mail@example.org",
    "`x = 1`",
    "Tags:",
    "Share",
    "Ã©",
    "â€™",
    "Ð¿",
    "«",
    "»",
    "“",
    "”",
    "'",
    '"',
    "(",
    ")",
    "[",
    "]",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "-",
    "—",
]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\u00a0", "\u2009", "\u200b"]
HOSTILE = [
    "😀",
    "👍🏽",
    "𝔘𝔫𝔦",
    "\U00010348",
    "e\u0301",
    "\u0301",
    "\u0651",
    "a\u20dd",
    "עברית",
    "العربية",
    "\u200f",
    "\u200e",
    "\u202e",
    "\u2066",
    "\x00",
    "\x07",
    "\x1b[0m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\f",
    "\v",
    "\ud7ff",
    "ǅ",
    "İ",
    "ß",
    "ς",
    "Ꭰ",
    "ﬁ",
    "Ⅻ",
    "①",
    "٣",
    "Привет",
    "Кремль",
]


def _seed_piece(data: tuple[int, int, int]) -> str:
    index, start, size = data
    text = SEED_TEXTS[index % len(SEED_TEXTS)]
    start %= max(1, len(text))
    return text[start : start + size]


PIECE = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SPACES),
    st.sampled_from(HOSTILE),
    st.tuples(st.integers(0, 1000), st.integers(0, 10**6), st.integers(1, 300)).map(_seed_piece),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "ab", "A", "-", ".", "Ж", "😀", "in "]), st.integers(50, 3000)),
    st.text(max_size=12),
)
TEXTS = st.lists(PIECE, max_size=40).map("".join)


@pytest.fixture(scope="module")
def pipeline() -> Normalizer:
    return Normalizer()


@given(TEXTS)
@example("He was in in in in Moscow.")
@example("the the the the end")
@example("a\r\n\r\nb\rc\n\rd")
@example("x" * 5000)
@example("andand")  # found: fused words split, then the doubled word removed: two edits on one span
@example("a\xa0\xa0b")  # found: two odd spaces, then the double space: overlapping edits
def test_normalize_never_raises_and_its_result_is_consistent(pipeline, text):
    result = pipeline.normalize(text)
    assert result.input == text
    # edits: sorted, inside the input, not overlapping
    previous_end = 0
    for edit in result.edits:
        assert 0 <= edit.start <= edit.end <= len(text)
        assert edit.start >= previous_end, f"{edit} overlaps the edit before it"
        previous_end = edit.end
    # to_original: every output position maps into the input, monotonically
    mapped = [result.to_original(i) for i in range(len(result.text) + 1)]
    assert all(0 <= m <= len(text) for m in mapped)
    assert all(a <= b for a, b in zip(mapped, mapped[1:], strict=False))
    assert mapped[-1] == len(text)
    # no character from nowhere
    inserted = set("".join(edit.replacement for edit in result.edits))
    assert set(result.text) - set(text) <= inserted


@given(TEXTS)
@example("He was in in in in Moscow.")  # found: one word lost per pass (doubled words matched in pairs)
@example("the the the the end")
@example("with Asad in may 2017, in in in Moscow")  # found after the merge: the particle check saw the repeat as a verb
@example("Shoigu discussed with Asad questions in Hmeymim.")
@example("\xa0À\x86")  # found: the no-break space, once a space, let ftfy decode again on a second run
@example("À\x86\xad")  # found: the same with an invisible soft hyphen
@example("\x0b" + "ab" * 2100 + "\r\x0b")  # found: ftfy's whole-line edit swallowed the lone CR's repair
def test_fix_twice_writes_what_fix_once_writes(pipeline, text):
    _, once = normalize_text(pipeline, text)
    _, twice = normalize_text(pipeline, once)
    assert twice == once
