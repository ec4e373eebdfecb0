"""The capital letter that stayed with the wrong word (ARTIFACTS.md class 3).

Russian word order put another word first; the translation moved it, and the
capital went along: ``the Meeting between`` → ``The meeting between``. The
repair is made where a paragraph starts with a lower-case word:

* when one of the next two words carries a capital the casing model calls
  displaced, that capital is lowered and the first word capitalized;
* when none does, the first word is capitalized only if the document shows the
  artifact elsewhere — a lone lower-case start in clean text (a list item, a
  continuation line) is left alone.

Paragraphs that start with a number, a mixed-case word (``iPhone``) or a
capital are left alone.
"""

from __future__ import annotations

import re

from ..casing import CaseEvidence
from ..edits import Edit, make_edit
from ..text import lines, words
from . import Doc

_LEAD = re.compile(r"[ \t“\"‘'(«\[]*")
WINDOW = 2  # words after the first in which a displaced capital is looked for


class SentenceCaseStage:
    name = "sentence-case"
    kinds = ("sentence-case",)
    EXAMPLES = [
        ("the Meeting between the Russian military", "The meeting between the Russian military"),
        ("the patrol Passed again", "The patrol passed again"),
        ("arrived In Syria Sergei Shoigu.", "Arrived in Syria Sergei Shoigu."),
        ("the Russian military said.", "the Russian military said."),
        ("27 Feb 2020 informed the Ministry.", "27 Feb 2020 informed the Ministry."),
        ("iPhone Sales fell.", "iPhone Sales fell."),
    ]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        noted = doc.notes.get("case-evidence")
        evidence: CaseEvidence | None = noted if isinstance(noted, CaseEvidence) else None
        repaired: list[Edit] = []
        bare: list[Edit] = []
        for start, end in lines(text):
            lead = _LEAD.match(text, start, end)
            first_words = list(_first_words(text, lead.end(), end))
            if not first_words or first_words[0].start() != lead.end():
                continue
            first = first_words[0]
            if not _plain_lower(first.group()):
                continue
            capital = make_edit(
                text,
                first.start(),
                first.end(),
                first.group()[0].upper() + first.group()[1:],
                "sentence-case",
                "case.sentence-start",
                "first word of the paragraph capitalized",
            )
            displaced = None
            for m in first_words[1 : 1 + WINDOW]:
                if m.group()[0].isupper():
                    if evidence is None:  # counted only when a candidate needs it: clean text skips the pass
                        evidence = CaseEvidence().add_text(text)
                    if doc.casing.is_displaced(m.group(), evidence):
                        displaced = m
                    break
            if displaced is None:
                bare.append(capital)
                continue
            repaired.append(capital)
            repaired.append(
                make_edit(
                    text,
                    displaced.start(),
                    displaced.end(),
                    displaced.group().lower(),
                    "sentence-case",
                    "case.displaced-capital",
                    "capital displaced from the first word",
                )
            )
        return repaired + bare if repaired else []


def _first_words(text: str, start: int, end: int, count: int = 1 + WINDOW):
    for i, m in enumerate(words(text, start, end)):
        if i >= count:
            return
        yield m


def _plain_lower(word: str) -> bool:
    return word.isalpha() and word.islower() or bool(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word))
