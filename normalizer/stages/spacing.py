"""Words and signs glued together or split apart (ARTIFACTS.md class 6)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..edits import Edit, make_edit
from . import Doc

# word frequencies (Zipf scale) from the wordfreq package, which carries its data
FUSED_MAX_ZIPF = 0.0  # the fused form must be unknown to English
HALF_MIN_ZIPF = 4.0  # both halves must be common words
FUNCTION_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "that",
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "not",
    ]
)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def split_fused(word: str) -> tuple[str, str] | None:
    """``andcalled`` → (``and``, ``called``): only when the fused form is no word and one half is a function word."""
    if len(word) < 6 or not word.isalpha() or not word.islower() or zipf(word) > FUSED_MAX_ZIPF:
        return None
    best = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if left not in FUNCTION_WORDS and right not in FUNCTION_WORDS:
            continue
        score = min(zipf(left), zipf(right))
        if score >= HALF_MIN_ZIPF and (best is None or score > best[0]):
            best = (score, left, right)
    return (best[1], best[2]) if best else None


class SpacingStage:
    name = "spacing"
    kinds = ("spacing",)
    EXAMPLES = [
        ("in Idlib andcalled them", "in Idlib and called them"),
        ("cost $ 2.5 billion", "cost $2.5 billion"),
        ("in Syria , and", "in Syria, and"),
        ("the ( Kremlin ) said", "the (Kremlin) said"),
        ("“Positive changes in Syria, ”, – said", "“Positive changes in Syria,”, – said"),
        ("He said ”hello” to me", "He said ”hello” to me"),
        ("“ We agreed,” he said", "“We agreed,” he said"),
        ("two  spaces", "two spaces"),
        ("and so on ...", "and so on ..."),
        ("a score of 2 : 1", "a score of 2 : 1"),
        ("the antiaircraft gun", "the antiaircraft gun"),
    ]

    RULES: list[tuple[str, re.Pattern[str], str, str]] = [
        ("spacing.currency", re.compile(r"(?<=[$€£¥₽])[ \t]+(?=\d)"), "", "space after a currency sign"),
        (
            "spacing.before-punctuation",
            re.compile(r"(?<=[^\W\d_]|[)\]”’])[ \t]+(?=[,;:!?](?:\s|$)|\.(?:\s|$)(?<!\.\.))"),
            "",
            "space before punctuation",
        ),
        ("spacing.inside-brackets", re.compile(r"(?<=[(\[])[ \t]+(?=\w)|(?<=\w)[ \t]+(?=[)\]])"), "", "space inside brackets"),
        ("spacing.after-opening-quote", re.compile(r"(?<=“)[ \t]+(?=\w)"), "", "space after an opening quote"),
        ("spacing.double-space", re.compile(r"(?<=\S) {2,}(?=\S)"), " ", "repeated spaces"),
    ]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        edits = []
        for rule, pattern, replacement, message in self.RULES:
            edits += [make_edit(text, m.start(), m.end(), replacement, "spacing", rule, message) for m in pattern.finditer(text)]
        edits += _space_before_closing_quote(text)
        for m in re.finditer(r"(?<![\w'’-])[a-z]{6,}(?![\w'’-])", text):
            halves = split_fused(m.group())
            if halves:
                edits.append(
                    make_edit(
                        text,
                        m.start(),
                        m.end(),
                        " ".join(halves),
                        "spacing",
                        "spacing.fused-words",
                        f"two words fused: {halves[0]} + {halves[1]}",
                    )
                )
        return edits


def _space_before_closing_quote(text: str) -> list[Edit]:
    """`` ”`` where a “ is open on the same line: the space belongs outside the quotation."""
    edits = []
    for m in re.finditer(r"(?<=\S)[ \t]+(?=”)", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        if before.count("“") > before.count("”"):
            edits.append(
                make_edit(text, m.start(), m.end(), "", "spacing", "spacing.before-closing-quote", "space before a closing quote")
            )
    return edits
