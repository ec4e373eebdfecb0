"""Tokens as the project's scorer sees them, with the place each came from.

A token is a whitespace-separated word; every line break is a token of its own
(``¶``), and so is the end of the text (``text.split("\\n")`` yields one more
piece than there are line breaks). Keeping each token's character span and line
lets an evaluation map the normalizer's character edits onto token edits and
report ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEWLINE = "\u00b6"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Token:
    """One token: its text, its span ``[start, end)`` in the text and its 1-based line."""

    text: str
    start: int
    end: int
    line: int


def tokenize(text: str) -> list[Token]:
    """Whitespace-separated words plus one ``¶`` per line piece, as ``score.py``'s ``tokens``."""
    out: list[Token] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        out.extend(Token(m.group(), offset + m.start(), offset + m.end(), number) for m in _WORD.finditer(line))
        end = offset + len(line)
        out.append(Token(NEWLINE, end, min(end + 1, len(text)), number))
        offset = end + 1
    return out


def words(tokens: list[Token]) -> int:
    """How many tokens are words (line breaks not counted)."""
    return sum(1 for t in tokens if t.text != NEWLINE)
