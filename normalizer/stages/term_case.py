"""Term case the lexicon does not list (ARTIFACTS.md class 5, ``term-case``).

Three repairs, each made only where the context settles the question:

* an acronym written in lower case (``nato``) where the same document writes
  it in capitals (``NATO``) outside an all-capitals line, and English does not
  use the lower-case form as a word of its own (``us``, ``who``, ``it`` stay);
  a lower-case form used more than once, or a document that also writes
  ``Covid``, is a deliberate spelling and stays;
* a month name in lower case after a preposition (``in june``, ``since march.``)
  or after a day number (``9 may 2020``); the months that are also ordinary
  words (``may``, ``march``, ``august``) only when a number, a punctuation mark
  or the end of the line follows, so ``in may be`` and ``an august body`` stay;
* a title whose modifier kept lower case while its head word is capitalized,
  directly before a personal name: ``defense Minister Sergei Shoigu`` →
  ``Defense Minister Sergei Shoigu``. An all-lower-case title
  (``defense minister Sergei Shoigu``) is house style and stays.

The word lists (months, prepositions, title modifiers) are data in
``lexicons/casing.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter

from ..casing import CaseEvidence, CasingModel, LazyCaseEvidence, dictionary_words, english_counts
from ..edits import Edit, make_edit
from ..text import lines, words
from .base import Doc, Stage

_ACRONYM = re.compile(r"(?<![\w@#/.\-])[A-Z]{2,6}(?![\w@/\-]|\.\w)")
# a lower-case word in running prose: after a word and one space, before a space or a sentence sign
_PROSE_LOWER = re.compile(r"(?<=[^\W\d_] |[,;] )[a-z]{2,6}(?=[ ,;:!?)]|\.(?:\s|$)|$)", re.MULTILINE)
_ROMAN = re.compile(r"[IVXLCDM]+")
_NUMBER_AFTER = re.compile(r"\s+(?:[12]\d{3}|[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![.,]\d)")
_CLOSING = re.compile(r"\s*(?:[,.;:!?)\]”\"’]|$)")
_DAY_BEFORE = re.compile(r"(?<![\w.,])(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+$")
MAX_LOWER_USES = 1  # a lower-case form used more often than this is a deliberate spelling
ACRONYM_COMMON_COUNT = 20  # lower-case uses in English text from which a form is a word of its own
ALL_CAPS_SHARE = 0.5  # share of all-capital words from which a line is shouting, not using acronyms


class TermCaseStage(Stage):
    name = "term-case"
    kinds = ("term-case",)
    EXAMPLES = [
        ("NATO met. The nato summit ended.", "NATO met. The NATO summit ended."),
        ("Let us go. The US said.", "Let us go. The US said."),
        ("It happened in june.", "It happened in June."),
        ("It may be late.", "It may be late."),
        ("The talks ended on 9 may 2020.", "The talks ended on 9 May 2020."),
        ("Russian defense Minister Sergei Shoigu arrived.", "Russian Defense Minister Sergei Shoigu arrived."),
        ("Russian defense minister Sergei Shoigu arrived.", "Russian defense minister Sergei Shoigu arrived."),
    ]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        evidence = LazyCaseEvidence(text)  # counted only if a candidate needs it
        return [*acronym_edits(text, doc.casing), *month_edits(text, doc.casing), *title_edits(text, doc.casing, evidence)]


def acronym_edits(text: str, casing: CasingModel) -> list[Edit]:
    upper: Counter[str] = Counter()
    for start, end in lines(text):
        line_words = [m.group() for m in words(text, start, end)]
        if line_words and sum(1 for w in line_words if w.isupper()) / len(line_words) >= ALL_CAPS_SHARE:
            continue
        upper.update(m.group() for m in _ACRONYM.finditer(text, start, end) if not _ROMAN.fullmatch(m.group()))
    if not upper:
        return []
    found = [m for m in _PROSE_LOWER.finditer(text) if m.group().upper() in upper and not _in_code_line(text, m.start())]
    lower = Counter(m.group() for m in found)
    edits = []
    for m in found:
        word = m.group()
        if lower[word] > MAX_LOWER_USES or re.search(rf"\b{word.capitalize()}\b", text):
            continue  # the text spells it several ways on purpose (covid, Covid, COVID): house style
        if word in casing.function_words or _is_english_word(word):
            continue
        edits.append(
            make_edit(
                text,
                m.start(),
                m.end(),
                word.upper(),
                "term-case",
                "case.acronym",
                f"written {word.upper()} elsewhere in the text",
            )
        )
    return edits


def _in_code_line(text: str, index: int) -> bool:
    """An indented line (two spaces or a tab) is a code block or a table, not prose."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.startswith(("  ", "\t"), line_start)


def _is_english_word(lower: str) -> bool:
    """``ram``, ``reset``, ``us``: English writes the form in lower case.

    A dictionary word (three letters or more) or a form the truecase counts
    see in lower case often enough (a few stray lower-case ``gdp`` do not count).
    """
    if len(lower) > 2 and lower in dictionary_words():
        return True
    low, cap = english_counts(lower) or (0, 0)
    if len(lower) == 2:
        return low >= 1
    return low >= ACRONYM_COMMON_COUNT or (low >= 3 and low >= cap)


def month_edits(text: str, casing: CasingModel) -> list[Edit]:
    if not casing.months:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(sorted(casing.months)) + r")\b")
    edits = []
    for m in pattern.finditer(text):
        word = m.group()
        before = text[max(0, m.start() - 40) : m.start()]
        prev = re.search(r"([^\W\d_]+)[ \t]+$", before)
        after_preposition = prev is not None and prev.group(1) in casing.month_prepositions
        after_day = _DAY_BEFORE.search(before) is not None
        if not (after_preposition or after_day):
            continue
        date_follows = _NUMBER_AFTER.match(text, m.end()) or _CLOSING.match(text, m.end())
        if not date_follows and (word in casing.ambiguous_months or not after_preposition):
            continue  # "in may be", "5 may be": a verb, and after a count
        edits.append(make_edit(text, m.start(), m.end(), casing.months[word], "term-case", "case.month", "month name"))
    return edits


def title_edits(text: str, casing: CasingModel, evidence: CaseEvidence) -> list[Edit]:
    """``defense Minister Sergei Shoigu``: the title's lower-case modifiers take the head's capital."""
    if not casing.title_modifiers:
        return []
    edits = []
    for start, end in lines(text):
        found = list(words(text, start, end))
        for i, m in enumerate(found):
            if m.group() not in casing.title_modifiers or i == 0 or not _joined(text, found[i - 1], m):
                continue
            if not found[i - 1].group()[0].isalpha():
                continue  # a word of the same clause must come first: sentence starts are sentence-case's
            if found[i - 1].group() in casing.title_modifiers:
                continue  # handled with the first modifier of the run
            run = [m]
            j = i + 1
            while j < len(found) and _joined(text, found[j - 1], found[j]) and found[j].group().lower() in casing.title_modifiers:
                if found[j].group().islower():
                    run.append(found[j])
                j += 1  # deputy Foreign Minister: a modifier already capitalized (by the lexicon) joins the title
            heads = 0
            while (
                j < len(found)
                and _joined(text, found[j - 1], found[j])
                and found[j].group().lower() in casing.titles
                and found[j].group()[0].isupper()
            ):
                heads += 1
                j += 1
            if not heads:
                continue
            if (
                j + 1 < len(found)
                and found[j].group() == "of"
                and _joined(text, found[j - 1], found[j])
                and casing.is_name_word(found[j + 1].group(), evidence)
            ):
                j += 2  # Minister of Russia Sergey Lavrov
            if (
                j >= len(found)
                or not _joined(text, found[j - 1], found[j])
                or not casing.is_name_word(found[j].group(), evidence)
            ):
                continue
            for w in run:
                edits.append(
                    make_edit(
                        text,
                        w.start(),
                        w.end(),
                        w.group()[0].upper() + w.group()[1:],
                        "term-case",
                        "case.title-before-name",
                        "title before a personal name",
                    )
                )
    return edits


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Two words of one phrase: only a space between them."""
    return text[a.end() : b.start()] == " "
