"""Which quotation marks and brackets on a line belong together, decided by nesting.

A space next to a quotation mark or a bracket is only an artifact when the mark's
role is known: the `“` of `but“ Legion ”is` opens a quotation, while the `“` of
`„bootstrap load“ koji` closes one (the „…“ style), and the `)))` of
`Great news)))` closes nothing (an emoticon). Reading the marks of a line left to
right with a stack settles each role; a mark that pairs with nothing is left
alone by every rule that uses these pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# the mark that opened a quotation -> the marks that may close it
_CLOSERS = {"“": "”", "„": "“”", "«": "»"}
_EMOTICON_EYES = ":;="
_QUOTE_MARKS = re.compile("[“”„«»]")
_BRACKETS = re.compile(r"[()\[\]]")


@dataclass(frozen=True)
class Pair:
    """An opening mark at ``open`` and its closing mark at ``close`` (offsets in the text)."""

    open: int
    close: int


def quote_pairs(text: str, start: int, end: int) -> tuple[list[Pair], set[int]]:
    """Curly quotation pairs of ``text[start:end]`` (one line), and the offsets of the curly marks that pair with nothing.

    `“` closes a quotation opened by `„` and opens one otherwise; `”` closes the innermost
    `“` or `„`; straight quotes and apostrophes are not read here.
    """
    stack: list[int] = []
    pairs: list[Pair] = []
    unpaired: set[int] = set()
    for m in _QUOTE_MARKS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if stack and ch in _CLOSERS[text[stack[-1]]]:
            pairs.append(Pair(stack.pop(), i))
        elif ch in _CLOSERS:
            stack.append(i)
        else:
            # a closer with no matching opener: an opener left open inside it is unpaired as well
            opener = _CLOSING_FOR.get(ch, "")
            k = next((j for j in range(len(stack) - 1, -1, -1) if text[stack[j]] in opener), None)
            if k is None:
                unpaired.add(i)
            else:
                unpaired.update(stack[k + 1 :])
                pairs.append(Pair(stack[k], i))
                del stack[k:]
    unpaired.update(stack)
    return pairs, unpaired


_CLOSING_FOR = {"”": "“„", "»": "«"}


def bracket_pairs(text: str, start: int, end: int) -> list[Pair]:
    """Round and square bracket pairs of ``text[start:end]``; ``:(``, ``;)`` and a ``)`` that closes nothing
    (``Great news)))``) are emoticons, not brackets."""
    stack: list[int] = []
    pairs: list[Pair] = []
    for m in _BRACKETS.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if i > start and text[i - 1] in _EMOTICON_EYES:
            continue
        if ch in "([":
            stack.append(i)
        elif stack and text[stack[-1]] == "(["[")]".index(ch)]:
            pairs.append(Pair(stack.pop(), i))
        else:
            stack.clear()  # a stray closer: the marks before it cannot be trusted to pair
    return pairs
