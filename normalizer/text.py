"""Lines, sentences, words and protected spans of a text.

Sentence boundaries come from nltk's Punkt built from explicit parameters:
`nltk.sent_tokenize` needs the pre-trained model, which is downloaded data and
is not available offline. The abbreviation list below is the part of that model
that matters for news text; Punkt's own orthographic heuristics do the rest.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from operator import add
from typing import overload

from .automaton import PRESENCE_CHUNK, KeyAutomaton
from .datacache import derived
from .vendor.punkt import PunktParameters, PunktSentenceTokenizer

#: Abbreviations after which a period does not end a sentence (lower case, no final period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep rev st sr jr
    u.s u.k u.n e.g i.e etc vs approx dept est no nos vol fig
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros
    a.m p.m
    """.split()
)

#: Words that open an English sentence but never end a site or product name: after a dot they show
#: two sentences glued together (``Syria.The talks``), not a name like ``Kostroma.Today`` or ``Yandex.Taxi``.
SENTENCE_OPENERS = frozenset(
    """
    The A An It Its He She We They I You His Her Their Our My This That These Those There Here
    In On At But And Or Of For From To With By As If When While After Before Since Although Though
    However Meanwhile Moreover Also Then Thus Therefore Still Yet So According Some Many Most All Both
    Each Every Such Other Another One No Not Now Earlier Later Last Next First Second Finally
    """.split()
)

WORD = re.compile(r"[^\W\d_](?:[^\W_]|[-'’](?=[^\W\d_]))*")
"""A word: letters, inner digits, inner hyphens and apostrophes (``al-Assad``, ``Su-35S``, ``Turkey’s``)."""

# (alternative, a substring it cannot match without): URLs, e-mail addresses, code spans, numbers
_PROTECTED_PARTS = (
    (r"""(?:https?://|ftp://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]]""", ("://", "www.")),
    # from the start of a run only: tried inside a long run of word characters, ``[\w.+-]+`` would scan
    # to its end from every position (quadratic on one long token)
    (r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", ("@",)),
    (r"`[^`\n]+`", ("`",)),
    # numbers, dates, times (not inside S-400); the digit first, then the look-behind (a pattern that starts
    # with one is tried at every position)
    (r"\d(?<![\w-]\d)\d*(?:[.,:/]\d+)*(?![\w-])", None),
)


@lru_cache(maxsize=16)
def _protected_pattern(present: tuple[bool, ...]) -> re.Pattern[str]:
    """The alternatives of `_PROTECTED_PARTS` marked present, compiled on first use (every part together, the
    reference the fast path is tested against, is compiled only by a document that holds all the triggers)."""
    return re.compile("|".join(part for (part, _), on in zip(_PROTECTED_PARTS, present, strict=True) if on))


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def lines(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every line, without its line break (found with str.find: no copy of the lines)."""
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end == -1:
            yield pos, len(text)
            return
        yield pos, end
        pos = end + 1


def lines_holding(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every line in which ``needle`` (no line break) occurs, in order: the lines
    between are skipped by `str.find`, not visited one by one."""
    at = text.find(needle)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end == -1:
            yield start, len(text)
            return
        yield start, end
        at = text.find(needle, end + 1)


class LineSpans(Sequence[tuple[int, int]]):
    """``list(lines(text))`` in two arrays: 16 bytes a line instead of a tuple of two ints (about 130),
    found with str.find rather than a copy of every line."""

    def __init__(self, text: str) -> None:
        self.starts, self.ends = array("q"), array("q")
        for starts, lengths in _line_chunks(text):
            self.starts.extend(starts)
            self.ends.extend(map(add, starts, lengths))

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index], strict=True))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)


WORDS_CHUNK = 1 << 20  # characters encoded at a time by `AsciiWords` (no UTF-8 copy of the whole text)
KEEP_WORDS_BELOW = 1 << 20  # characters: the word sets of a shorter text are kept for the next stage that asks

# every byte but an ASCII letter becomes a space; so do the bytes of a non-ASCII character (all >= 0x80)
_LETTERS_ONLY = bytes(c if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256))


class AsciiWords:
    """The distinct runs of ASCII letters of a text (``set(re.findall("[A-Za-z]+", text))``), found once
    per text and shared by the stages that look among a document's words (names, spacing).

    Cut out in C: the UTF-8 bytes, every byte but a letter made a space, split, a piece at a time
    (cut after a line break). The sets are kept for a text shorter than `KEEP_WORDS_BELOW`; a longer
    one keeps only its distinct words joined by spaces, a few bytes a word, and builds a set when
    asked: it does not hold them from one stage to the next. The sets returned are not to be changed.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._joined: bytes | None = None
        self._keep = len(text) < KEEP_WORDS_BELOW
        self._tokens: set[str] | None = None
        self._folded: set[str] | None = None
        self._capitalized: set[str] | None = None

    def _words(self) -> bytes:
        if self._joined is None:
            found: set[bytes] = set()
            text = self.text
            for start, end in line_pieces(text, WORDS_CHUNK):
                found.update(text[start:end].encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).split())
            self._joined = b" ".join(found)
        return self._joined

    def tokens(self) -> set[str]:
        if self._tokens is not None:
            return self._tokens
        if self._keep:  # a short text: its words straight from one copy (no distinct-bytes step)
            letters = self.text.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).decode("ascii")
            self._tokens = set(letters.split())
            return self._tokens
        return set(self._words().decode("ascii").split())

    def folded(self) -> set[str]:
        """The words lower-cased."""
        if self._folded is not None:
            return self._folded
        if self._keep:
            self._folded = set(map(str.lower, self.tokens()))
            return self._folded
        return set(self._words().lower().decode("ascii").split())

    def capitalized(self) -> set[str]:
        """The words with a capital letter."""
        if self._capitalized is not None:
            return self._capitalized
        found = self.tokens() - self.folded()
        if self._keep:
            self._capitalized = found
        return found

    def mixed(self) -> list[str]:
        """The words that start in lower case and have a capital later (``astanaTV``, ``vAZ``)."""
        return [word for word in self.capitalized() if word[0].islower()]

    def lower(self) -> set[str]:
        """The words written in lower case."""
        return self.tokens() & self.folded()


def line_pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of about ``size`` characters, each but the last ending at
    a line break (it starts the next piece). A whole-text search for words, done a piece at a time,
    keeps only one piece's worth of match strings alive: the few a cache keeps then do not pin the
    memory of all the others (allocated among them, they kept most of it from being given back)."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos + size)
        end = len(text) if end == -1 else end
        yield pos, end
        pos = end


def finds(text: str, needle: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Every start of ``needle`` in ``text[start:end]``, overlapping ones too (repeated ``str.find``)."""
    end = len(text) if end is None else end
    at = text.find(needle, start, end)
    while at != -1:
        yield at
        at = text.find(needle, at + 1, end)


def line_starts(text: str) -> list[int]:
    """The offset where each line starts (the first is 0): with `bisect`, the line of any offset."""
    return [start for starts, _ in _line_chunks(text) for start in starts]


LINES_CHUNK = 1 << 20  # characters split into lines at a time by `_line_chunks`


def _line_chunks(text: str) -> Iterator[tuple[list[int], list[int]]]:
    """(starts, lengths) of the lines, a chunk of about `LINES_CHUNK` characters at a time: split and
    measured in C (a Python step per line cost more than the rest of a short document's line work),
    and no copy of more than a chunk of the text at a time."""
    pos, size = 0, len(text)
    while True:
        cut = text.find("\n", pos + LINES_CHUNK) if pos + LINES_CHUNK < size else -1
        lengths = list(map(len, (text[pos:] if cut == -1 else text[pos:cut]).split("\n")))
        yield list(accumulate(map((1).__add__, lengths[:-1]), initial=pos)), lengths
        if cut == -1:
            return
        pos = cut + 1


LOWER_CHUNK = 1 << 16


def lower_text(text: str) -> str:
    """``text.lower()`` without its peak: CPython lowers a text with a character beyond Latin-1 through
    a buffer of 12 bytes a character; lowered in pieces, joined (whole when a capital sigma makes the
    lowering depend on the next characters)."""
    if len(text) <= LOWER_CHUNK or "Σ" in text:
        return text.lower()
    return "".join([text[i : i + LOWER_CHUNK].lower() for i in range(0, len(text), LOWER_CHUNK)])


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one line or paragraph), in text offsets."""
    chunk = text[start:end]
    if not chunk.strip():
        return []
    return [(start + s, start + e) for s, e in sentence_tokenizer().span_tokenize(chunk)]


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    return WORD.finditer(text, start, len(text) if end is None else end)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses, code spans, numbers and dotted site names: ARTIFACTS.md says these stay as they are."""
    return sorted(pattern_spans(text) + site_names(text))


def pattern_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the protected patterns, `_PROTECTED_PARTS` (URLs, e-mail addresses, code spans, numbers)."""
    # Fast path: an alternative whose trigger is absent can match nowhere; leaving it out of the
    # pattern gives the same spans (the e-mail part alone costs more than the rest on plain prose).
    present = tuple(triggers is None or any(t in text for t in triggers) for _, triggers in _PROTECTED_PARTS)
    if present[1:3] == (False, False):
        return _urls_and_numbers(text) if present[0] else _numbers(text)
    return [m.span() for m in _protected_pattern(present).finditer(text)]


_URL = re.compile(_PROTECTED_PARTS[0][0])
_URL_MARK = re.compile(r"://|www\.")
_NUMBERS = (False, False, False, True)


def _urls_and_numbers(text: str) -> list[tuple[int, int]]:
    """What the pattern of URLs and numbers finds, from two cheaper searches: URLs only where ``://`` or
    ``www.`` is (the pattern tried its URL part at every h, f and w), then the numbers outside them (a
    number never starts, nor ends, across a URL's edge: it starts with a digit, a URL with a letter,
    and a URL takes the digits after it)."""
    urls: list[tuple[int, int]] = []
    end = 0
    for mark in _URL_MARK.finditer(text):
        at = mark.start()
        starts = (at,) if mark.group() == "www." else (at - 5, at - 4, at - 3)  # https, http, ftp
        for start in starts:
            if start >= end:
                m = _URL.match(text, start)
                if m is not None:
                    urls.append(m.span())
                    end = m.end()
                    break
    numbers = _numbers(text)
    if not urls:
        return numbers
    spans, i = [], 0
    for start, stop in numbers:
        while i < len(urls) and urls[i][1] <= start:
            spans.append(urls[i])
            i += 1
        if i == len(urls) or start < urls[i][0]:
            spans.append((start, stop))  # not inside the next URL
    return spans + urls[i:]


def _numbers(text: str) -> list[tuple[int, int]]:
    """The spans of the number pattern (`_NUMBERS`), tried only at the text's digits: each match starts
    with one, and an automaton of every decimal digit finds them in a quarter of the time the pattern
    took to test every character (it gave no fast scan to its first ``\\d``); the numbers then cost a
    third less. In order, each from the end of the last, as `finditer` takes them."""
    pattern = _protected_pattern(_NUMBERS)
    spans: list[tuple[int, int]] = []
    end = 0
    for at, _ in _digits().matches(text, PRESENCE_CHUNK):  # a piece of the text may be all digits
        if at >= end and (m := pattern.match(text, at)) is not None:
            spans.append(m.span())
            end = m.end()
    return spans


@lru_cache(maxsize=1)
def _digits() -> KeyAutomaton:
    """Every character ``\\d`` matches (str.isdecimal: 660 of them in Python 3.11), listed once per
    Python version in the per-user cache (a test of every code point takes 40 ms)."""
    return KeyAutomaton(derived("decimal-digits", b"", _decimal_digits))


def _decimal_digits() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isdecimal())


# a capitalized word joined by dots to more words, no space: Kostroma.Today, Russia.tv, Yandex.Taxi, U.S
_DOTTED_NAME = re.compile(r"[A-Z](?<![\w.@/-][A-Z])[\w-]*(?:\.[A-Za-z][\w-]*)+(?![\w@/-])")  # the capital first


def site_names(text: str) -> list[tuple[int, int]]:
    """``Kostroma.Today``, ``Russia.tv``: a name written with a dot, protected like a URL.

    Only where the text does not show two sentences: a part after a dot that is a word
    opening sentences (``Syria.The talks``) is a missing space, and the token is no name.
    """
    found: list[tuple[int, int]] = []
    end = 0
    for dot in _DOT_LETTER.finditer(text):  # what every such name holds; prose seldom does
        if dot.start() < end:
            continue  # a later dot of the name just found
        # the name can start only where the run of word characters and hyphens before the dot starts (the
        # pattern searched the text from every capital, and read each one's word)
        start = dot.start()
        while start and (is_word_char(text[start - 1]) or text[start - 1] == "-"):
            start -= 1
        m = _DOTTED_NAME.match(text, start)
        if m is not None:
            end = m.end()
            if not any(part in SENTENCE_OPENERS for part in m.group().split(".")[1:]):
                found.append(m.span())
    return found


_DOT_LETTER = re.compile(r"\.[A-Za-z]")


def is_word_char(char: str) -> bool:
    """The ``\\w`` of Python's ``re`` for one character."""
    return char.isalnum() or char == "_"


def is_title_word(word: str) -> bool:
    """Capital first letter followed by lower-case letters only (``Meeting``, not ``NATO`` or ``iPhone``)."""
    return len(word) >= 2 and word[0].isupper() and word[1:].islower()
