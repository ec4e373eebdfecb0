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

So the static check is backed by two guards that do not depend on the shape
of the pattern (`GuardedPattern`):

* patterns *run* on the ``regex`` module (same syntax and Unicode classes as
  ``re`` in its VERSION0 mode), whose matcher can give up: every call has a
  time limit (`MATCH_TIMEOUT`), and a call that reaches it — twice, the second
  time with a longer limit, so a busy machine is not mistaken for a bad
  pattern — raises `PatternTimeout` naming the lexicon line: the document
  fails, the batch goes on;
* on load, each pattern is *probed* (`probe`) on runs of its own characters
  followed by a character that makes it fail (``aaaa…a!``), the input that
  makes ambiguous repetitions such as ``(a|aa)+$`` explode; one that gives up
  there is refused with the other load errors (``file:line``, exit 2).

Why not RE2 (google-re2, linear time by construction), measured on the
bundled lexicons: it refuses 2 of their 17 patterns (negative look-ahead in
the ``may``/``march`` contexts), its ``\\w``, ``\\b`` and ``\\s`` are ASCII-only
(``Asad`` before Cyrillic would change meaning), and its Python binding
re-encodes the whole text on every call, so one context check cost 2.3 ms on
a 200 KB document instead of 0.2 µs — quadratic over a long document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any

from ..errors import PatternTimeout

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


MATCH_TIMEOUT = 0.25  # seconds per call; a sane lexicon pattern takes microseconds on any text
_RETRY_TIMEOUT = 1.0  # a call that hit the limit is tried once more with this one before the pattern is blamed
_PROBE_LENGTH = 256  # long enough for polynomial blow-ups such as (a|a?)+$ to reach the limit, short for sane patterns
_PROBE_LIMITS = (0.05, 0.2)  # a sane pattern runs a 256-character probe in microseconds
_PROBE_CHARS = 12


class GuardedPattern:
    """A compiled lexicon pattern that cannot stall a run: the ``regex`` module with a time limit per call.

    It offers the part of ``re.Pattern`` the stages use (``search``, ``match``,
    ``fullmatch``, ``finditer``, ``pattern``, ``flags``); ``where`` is the
    lexicon's ``file:line``, for the error. ``finditer`` is a loop of
    ``search`` calls, so the limit applies to each match, not to a whole
    document (``regex``'s own ``finditer`` counts one limit for all matches).
    """

    __slots__ = ("_compiled", "pattern", "flags", "where", "trusted")

    def __init__(self, source: str, flags: int = 0, where: str = "", *, trusted: bool = False) -> None:
        """``trusted``: a pattern of a lexicon shipped with mtnorm, which the test suite checks as every user
        pattern is checked on load. It is compiled on first use (most documents never reach most context
        patterns) and run by ``re`` without a time limit (the limit made each call eight times slower, and
        the boilerplate rules are tried on every line)."""
        self.pattern = source
        self.flags = flags
        self.where = where
        self.trusted = trusted
        self._compiled: Any = None if trusted else _regex().compile(source, _regex_flags(flags))

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.pattern, self.flags, self.where, self.trusted))

    def __repr__(self) -> str:
        return f"GuardedPattern({self.pattern!r}, {self.where!r})"

    def _call(self, method: str, text: str, pos: int, limits: tuple[float, float] = (MATCH_TIMEOUT, _RETRY_TIMEOUT)) -> Any:
        function = getattr(self.compiled, method)
        if self.trusted:
            return function(text, pos)
        try:
            return function(text, pos, timeout=limits[0])
        except TimeoutError:
            pass
        try:
            return function(text, pos, timeout=limits[1])
        except TimeoutError:
            raise PatternTimeout(self.where, self.pattern, limits[1], pos) from None

    def search(self, text: str, pos: int = 0) -> Any:
        return self._call("search", text, pos)

    def match(self, text: str, pos: int = 0) -> Any:
        return self._call("match", text, pos)

    def fullmatch(self, text: str, pos: int = 0) -> Any:
        return self._call("fullmatch", text, pos)

    def fullmatcher(self) -> Callable[[str], Any]:
        """`fullmatch` as one callable for a loop over many texts: ``re``'s own for a trusted pattern (the
        boilerplate rules are tried on every line; the wrapper cost more than the match)."""
        return self.compiled.fullmatch if self.trusted else self.fullmatch

    def finditer(self, text: str, pos: int = 0) -> Iterator[Any]:
        """Non-overlapping matches left to right, as ``re.finditer`` (after an empty match the scan moves on by one)."""
        size = len(text)
        while pos <= size:
            found = self.search(text, pos)
            if found is None:
                return
            yield found
            pos = found.end() if found.end() > found.start() else found.end() + 1


def _rebuild(source: str, flags: int, where: str, trusted: bool) -> GuardedPattern:
    return GuardedPattern(source, flags, where, trusted=trusted)


def _regex() -> Any:
    """The ``regex`` module, imported by the first user pattern: the shipped lexicons' patterns are trusted and
    run by ``re``, so a run without user lexicons never pays for importing it (about 10 ms at start-up)."""
    import regex

    return regex


def regex_error() -> type[Exception]:
    """``regex.error``, for an ``except`` clause that only looks it up once something was raised."""
    error: type[Exception] = _regex().error
    return error


def _regex_flags(flags: int) -> int:
    """``re`` flags as ``regex`` flags (VERSION0: the ``re``-compatible behaviour)."""
    regex = _regex()
    out = regex.VERSION0
    for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"):
        if flags & getattr(re, name):
            out |= getattr(regex, name)
    return out


def probe(pattern: GuardedPattern) -> str | None:
    """Why ``pattern`` gives up on a short hostile input, or None (see the module docstring).

    The inputs are runs of each character the pattern names (literals, the
    first character of each set, a letter, digit and space for ``\\w``,
    ``\\d``, ``\\s`` and ``.``) ending in a character it does not expect. The
    pattern is searched for (tried at every start), which costs at least what
    matching at one place on a longer text costs.
    """
    for char in _probe_chars(pattern.pattern, pattern.flags):
        text = char * _PROBE_LENGTH + "\x00"
        try:
            pattern._call("search", text, 0, _PROBE_LIMITS)
        except PatternTimeout:
            return (
                f"backtracks catastrophically: gave up (time limit {_PROBE_LIMITS[1]:g} s) on {char * 4!r}… "
                f"({_PROBE_LENGTH} characters); make the repeated alternatives exclusive, or use possessive "
                "quantifiers or atomic groups"
            )
    return None


def _probe_chars(source: str, flags: int) -> list[str]:
    try:
        tree = P.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return []
    found: list[str] = []

    def add(char: str) -> None:
        if char not in found and len(found) < _PROBE_CHARS:
            found.append(char)

    def walk(items: Any) -> None:
        for op, av in items:
            if op is C.LITERAL:
                add(chr(av))
            elif op is C.ANY:
                add("a")
            elif op is C.IN:
                for kind, value in av:
                    if kind is C.LITERAL:
                        add(chr(value))
                    elif kind is C.RANGE:
                        add(chr(value[0]))
                    elif kind is C.CATEGORY:
                        add({C.CATEGORY_DIGIT: "1", C.CATEGORY_SPACE: " "}.get(value, "a"))
            elif op is C.AT or op is C.NOT_LITERAL:
                continue
            for child in _children(op, av):
                walk(child)

    try:
        walk(list(tree))
    except RecursionError:
        return found
    return found
