"""Rejecting lexicon regular expressions that can backtrack catastrophically.

Python's ``re`` backtracks; a pattern such as ``(a+)+$`` takes exponential time
on ``aaaa…b``, and a lexicon is run over every line of every file. Lexicon
patterns are therefore checked statically, on the parse tree of ``re``:
a repetition that can repeat many times (``*``, ``+``, ``{n,}``, ``{n,m}``
with m > 10) whose body holds another such repetition is rejected — unless
the outer body also requires one fixed character or character class outside
the inner repetition (``(?:\\s*[;,])+`` consumes a ``;`` or ``,`` on every
round, so its rounds cannot be split in many ways). Possessive repetitions
and atomic groups never backtrack and are allowed.

This is a heuristic in the safe direction for the classic shapes (nested
quantifiers, ``(\\w+\\s?)+``); it does not prove a pattern safe (overlapping
alternatives such as ``(a|a)+`` pass). See docs/lexicons.md.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

# re's own parser and its opcode names: private modules without type stubs, so typed Any here
C: Any = import_module("re._constants")
P: Any = import_module("re._parser")

_MANY = 10
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
_SINGLE = {C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY}


def _many(high: int) -> bool:
    return high is C.MAXREPEAT or high == C.MAXREPEAT or high > _MANY


def _children(op: Any, av: Any) -> list[list[tuple[Any, Any]]]:
    """Sub-sequences of one parse-tree node (groups, branches, look-arounds)."""
    if op in _REPEATS:
        return [list(av[2])]
    if op is C.SUBPATTERN:
        return [list(av[3])]
    if op is C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if op is C.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    return []


def _has_many_repeat(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op in _REPEATS and _many(av[1]):
            return True
        if op in (C.POSSESSIVE_REPEAT, C.ATOMIC_GROUP):
            continue
        if any(_has_many_repeat(child) for child in _children(op, av)):
            return True
    return False


def _requires_separator(items: list[tuple[Any, Any]]) -> bool:
    """The sequence needs one fixed single character outside any repetition."""
    for op, av in items:
        if op in _SINGLE and op is not C.ANY:
            return True
        if op is C.SUBPATTERN and _requires_separator(list(av[3])):
            return True
    return False


def _find_nested(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op in (C.POSSESSIVE_REPEAT, C.ATOMIC_GROUP):
            continue
        if op in _REPEATS and _many(av[1]):
            body = list(av[2])
            if _has_many_repeat(body) and not _requires_separator(body):
                return True
        if any(_find_nested(child) for child in _children(op, av)):
            return True
    return False


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None. Assumes it compiles."""
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None
    try:
        nested = _find_nested(list(tree))
    except RecursionError:
        return "nested too deeply to check"
    if nested:
        return "nested repetition (like (a+)+) can backtrack catastrophically; use possessive a++ or an atomic group"
    return None
