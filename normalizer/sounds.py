"""The sound a written word starts with, for choosing between `a` and `an`.

The article follows pronunciation, not spelling: a union / an unusual decision,
an hour, a European, an FBI agent (letters are read by their names), a NATO
summit (an acronym read as a word). The word lists come from the CMU
Pronouncing Dictionary, built at development time into
``lexicons/article-sounds.yaml`` (``tools/build_article_sounds.py``); spelling
decides only where it cannot mislead, and every other case is ``None``: the
rule that asks leaves the article alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Literal

Sound = Literal["vowel", "consonant"]

# Spellings whose sound the letters do not tell; a word not in the lists that starts so is unknown.
_UNSURE_STARTS = ("u", "eu", "ew", "one", "onc", "h")
# Consonant clusters that start English syllables: a word starting with another pair of
# consonants (``Fpoint``, ``Sberbank``) may be read letter by letter, so its sound is unknown.
_ONSETS = frozenset(
    """
    bl br ch cl cr dr dw fl fr gh gl gn gr kh kl kn kr ph pl pr ps qu rh sc sch scr sh shr sk sl sm sn sp sph spl spr
    squ st str sw th thr tr ts tw wh wr zh
    """.split()
)
_VOWEL_LETTERS = "aeiouy"
MEMORY = 50_000  # words whose sound a table remembers (cleared when full)
_UNASKED = object()


class SoundTable:
    """The lists of ``lexicons/*.yaml`` (``grammar:`` keys) that tell a word's first sound."""

    def __init__(self, grammar: Mapping[str, Set[str]]) -> None:
        self.vowel = set(grammar.get("vowel_sound", ())) | set(grammar.get("an_before_consonant", ()))
        self.consonant = set(grammar.get("consonant_sound", ())) | set(grammar.get("a_before_vowel", ()))
        self.either = set(grammar.get("either_sound", ()))
        self.vowel_letter_names = {name.upper() for name in grammar.get("vowel_letter_names", ())}
        self._known: dict[str, Sound | None] = {}

    def first_sound(self, word: str) -> Sound | None:
        """``"vowel"``, ``"consonant"`` or ``None`` when the written form does not settle it. Remembered
        for `MEMORY` words (the words after articles come back in every document)."""
        sound = self._known.get(word, _UNASKED)
        if sound is _UNASKED:
            if len(self._known) >= MEMORY:
                self._known.clear()
            sound = self._known[word] = self._first_sound(word)
        return sound  # type: ignore[return-value]

    def _first_sound(self, word: str) -> Sound | None:
        if len(word) >= 2 and word.isupper():
            return self._acronym(word)
        lower = word.lower()
        for form in (lower, lower.split("-")[0]):
            if form in self.either:
                return None
            if form in self.vowel:
                return "vowel"
            if form in self.consonant:
                return "consonant"
        if lower.startswith(_UNSURE_STARTS):
            return None
        if lower[0] in "aeio":
            return "vowel"
        if len(lower) > 1 and (lower[1] in ("aeiou" if lower[0] == "y" else _VOWEL_LETTERS) or _onset(lower)):
            return "consonant"
        return None

    def _acronym(self, word: str) -> Sound | None:
        """Letters are read by their names (an FBI agent, a UN envoy), unless the acronym can be
        read as a word (NATO, SWIFT): then the letters whose names start with a vowel sound
        (F, H, L, M, N, R, S, X) do not tell the sound."""
        first = word[0]
        if first in "AEIO":
            return "vowel"
        if first not in self.vowel_letter_names:
            return "consonant"
        lower = word.lower()
        if lower[1] in _VOWEL_LETTERS or (_onset(lower) and any(c in _VOWEL_LETTERS for c in lower[2:])):
            return None  # pronounceable as a word
        return "vowel"


_ONSET_PREFIXES = tuple(sorted(_ONSETS))  # str.startswith tries a tuple in C


def _onset(lower: str) -> bool:
    return lower.startswith(_ONSET_PREFIXES)
