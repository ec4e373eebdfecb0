"""Words and signs glued together or split apart (ARTIFACTS.md class 6)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..edits import Edit, make_edit
from ..wordtables import WordTable
from . import Doc

# word frequencies (Zipf scale) from the wordfreq package, which carries its data
FUSED_MAX_ZIPF = 0.0  # the fused form must be unknown to English
HALF_MIN_ZIPF = 4.0  # both halves must be common words
COMMON_LEAST = 3.0  # the shipped table lists every word at least this common (= NEXT_WORD_MIN_ZIPF)
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


@lru_cache(maxsize=1)
def _common_words() -> WordTable:
    return WordTable("english-zipf", "centi", "H", 1)


def common_zipf(word: str) -> float:
    """`zipf` for a word at least as common as `COMMON_LEAST`, from the shipped table
    (tools/build_zipf_table.py); ``-1.0`` (below every threshold) for a rarer word."""
    if not word.isascii():
        found = zipf(word)
        return found if found >= COMMON_LEAST else -1.0
    centi = _common_words().first(word)
    return -1.0 if centi is None else centi / 100


@lru_cache(maxsize=200_000)
def split_fused(word: str) -> tuple[str, str] | None:
    """``andcalled`` → (``and``, ``called``): only when the fused form is no word and one half is a function word."""
    if len(word) < 6 or not word.isalpha() or not word.islower():
        return None
    best = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if left not in FUNCTION_WORDS and right not in FUNCTION_WORDS:
            continue
        score = min(common_zipf(left), common_zipf(right))
        if score >= HALF_MIN_ZIPF and (best is None or score > best[0]):
            best = (score, left, right)
    if best is None or zipf(word) > FUSED_MAX_ZIPF:  # wordfreq's whole list only when a split qualifies
        return None
    return best[1], best[2]


class SpacingStage:
    """Spacing rules; each rule id carries its own examples (``RULE_EXAMPLES``), and they are tests."""

    name = "spacing"
    kinds = ("spacing",)
    RULE_EXAMPLES: dict[str, list[tuple[str, str]]] = {
        "spacing.fused-words": [
            ("in Idlib andcalled them", "in Idlib and called them"),
            ("the antiaircraft gun", "the antiaircraft gun"),
        ],
        "spacing.currency": [("cost $ 2.5 billion", "cost $2.5 billion"), ("a $ sign", "a $ sign")],
        "spacing.before-punctuation": [
            ("in Syria , and", "in Syria, and"),
            ("and so on ...", "and so on ..."),
            ("a score of 2 : 1", "a score of 2 : 1"),
        ],
        "spacing.inside-brackets": [("the ( Kremlin ) said", "the (Kremlin) said")],
        "spacing.after-opening-quote": [("“ We agreed,” he said", "“We agreed,” he said")],
        "spacing.before-closing-quote": [
            ("“Positive changes in Syria, ”, – said", "“Positive changes in Syria,”, – said"),
            ("He said ”hello” to me", "He said ”hello” to me"),
        ],
        "spacing.double-space": [("two  spaces", "two spaces")],
        "spacing.after-sentence-punctuation": [
            ("the war in Syria.The talks", "the war in Syria. The talks"),
            ("were agreed!Russian forces left", "were agreed! Russian forces left"),
            ("received by Gazeta.Ru, they", "received by Gazeta.Ru, they"),
            ("told URA.RU and BFM.TV", "told URA.RU and BFM.TV"),
            ("the U.S. President, N.I. Pirogov, a Ph.D in Biology", "the U.S. President, N.I. Pirogov, a Ph.D in Biology"),
            ("ordered a Yandex.Taxi and paid 2.5 dollars", "ordered a Yandex.Taxi and paid 2.5 dollars"),
            ("see news.yandex.Ru or example.com/Page.Html", "see news.yandex.Ru or example.com/Page.Html"),
            ("in Syria.Shoigu arrived", "in Syria.Shoigu arrived"),
        ],
    }
    EXAMPLES = [pair for pairs in RULE_EXAMPLES.values() for pair in pairs]

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

    # Fast paths: a cheap search for what each rule cannot match without (a necessary condition,
    # so outputs are the same); the rules' look-behinds are tried at every position of the text.
    TRIGGERS: dict[str, re.Pattern[str]] = {
        "spacing.currency": re.compile(r"[$€£¥₽]"),
        "spacing.before-punctuation": re.compile(r"[ \t][,;:!?.]"),
        "spacing.inside-brackets": re.compile(r"[(\[][ \t]|[ \t][)\]]"),
        "spacing.after-opening-quote": re.compile(r"“[ \t]"),
        "spacing.double-space": re.compile(r"  "),
        "spacing.before-closing-quote": re.compile(r"[ \t]”"),
    }

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        edits = []
        for rule, pattern, replacement, message in self.RULES:
            if not self.TRIGGERS[rule].search(text):
                continue
            edits += [make_edit(text, m.start(), m.end(), replacement, "spacing", rule, message) for m in pattern.finditer(text)]
        if self.TRIGGERS["spacing.before-closing-quote"].search(text):
            edits += _space_before_closing_quote(text)
        edits += _space_after_sentence(text, doc.lexicon.grammar)
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


# "Syria.The": a sentence end glued to the next sentence. Both sides must look like
# ordinary words: two lower-case letters before the mark (not U.S., N.I., Ph.D, URA.RU),
# a capitalized common word after it, and the whole token no domain, path or dotted brand.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2})[.!?](?=([A-Z][a-z]+)\b)")
NEXT_WORD_MIN_ZIPF = 3.0  # the word after the mark must be common English ("The", "Russian"), not a brand part


def _space_after_sentence(text: str, grammar: dict[str, set[str]]) -> list[Edit]:
    suffixes = {s.lower() for s in grammar.get("domain_suffixes", set())}
    dotted = grammar.get("dotted_names", set())
    edits = []
    blank, scanned = -1, 0  # the last space, tab or line break before the match (searched forward: linear)
    for m in _GLUED_SENTENCE.finditer(text):
        blank = max(blank, *(text.rfind(c, scanned, m.start()) for c in " \t\n"))
        scanned = m.start()
        token_start = blank + 1
        left = text[token_start : m.start()]
        after = text[m.end(1) : m.end(1) + 2]
        word = m.group(1)
        if any(c in left for c in "./@:\\") or not left.isalpha() or left in dotted:
            continue
        if word.lower() in suffixes or (after[:1] in "./@" and after[1:2].isalnum()):
            continue
        if common_zipf(word.lower()) < NEXT_WORD_MIN_ZIPF:
            continue
        edits.append(
            make_edit(
                text,
                m.end(),
                m.end(),
                " ",
                "spacing",
                "spacing.after-sentence-punctuation",
                "no space after the end of a sentence",
            )
        )
    return edits


def _space_before_closing_quote(text: str) -> list[Edit]:
    """`` ”`` where a “ is open on the same line: the space belongs outside the quotation."""
    edits = []
    scanned, opened = 0, 0  # quotes opened minus closed on the line so far (counted forward: linear)
    for m in re.finditer(r"(?<=\S)[ \t]+(?=”)", text):
        newline = text.rfind("\n", scanned, m.start())
        if newline != -1:
            scanned, opened = newline + 1, 0
        opened += text.count("“", scanned, m.start()) - text.count("”", scanned, m.start())
        scanned = m.start()
        if opened > 0:
            edits.append(
                make_edit(text, m.start(), m.end(), "", "spacing", "spacing.before-closing-quote", "space before a closing quote")
            )
    return edits
