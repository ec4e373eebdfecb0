"""Tokens as the project's scorer sees them, with the place each came from.

A token is a whitespace-separated word; every line break is a token of its own
(``¶``), and so is the end of the text (splitting at line breaks yields one
more piece than there are breaks). Keeping each token's character span and line
lets an evaluation map the normalizer's character edits onto token edits and
report ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEWLINE = "\u00b6"
_WORD = re.compile(r"\S+")
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Token:
    """One token: its text, its span ``[start, end)`` in the text and its 1-based line."""

    text: str
    start: int
    end: int
    line: int


def tokenize(text: str) -> list[Token]:
    """Whitespace-separated words plus one ``¶`` per line piece, as ``score.py``'s ``tokens``.

    Line breaks are ``\\n``, ``\\r\\n`` or a lone ``\\r``: ``score.py`` reads files
    with universal newlines, so all three end a line there too.
    """
    out: list[Token] = []
    for number, (start, end, after) in enumerate(line_spans(text), start=1):
        out.extend(Token(m.group(), m.start(), m.end(), number) for m in _WORD.finditer(text, start, end))
        out.append(Token(NEWLINE, end, after, number))
    return out


def line_spans(text: str) -> list[tuple[int, int, int]]:
    """Each line piece as (start, end of its text, end of its line break); the last piece has no break."""
    spans = []
    offset = 0
    for brk in _BREAK.finditer(text):
        spans.append((offset, brk.start(), brk.end()))
        offset = brk.end()
    spans.append((offset, len(text), len(text)))
    return spans


def words(tokens: list[Token]) -> int:
    """How many tokens are words (line breaks not counted)."""
    return sum(1 for t in tokens if t.text != NEWLINE)
