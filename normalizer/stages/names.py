"""Names the lexicon does not list, repaired from the generated knowledge base (`normalizer.names_kb`).

Each repair is its own rule id (examples in ``normalizer/data/names-rules.yaml``):

* ``names.lower-name`` — a place or organisation written in lower case whose
  lower-case form is no English word: ``lithuania`` → ``Lithuania``,
  ``the eurasian economic union`` → ``the Eurasian Economic Union``;
* ``names.case-ending`` — a Russian case ending left on a transliterated place
  name, only right after a preposition: ``in Prage`` → ``in Prague``;
* ``names.spelling`` — a transliteration of a Russian place name that English
  text does not use, to the press spelling;
* ``names.surname-case`` — a lower-case surname after a known given name,
  when the word is a known surname and no English word: ``Dmitry peskov`` →
  ``Dmitry Peskov`` (an unknown word may be a name the translation cut short);
* ``names.acronym`` — a lower-case acronym whose lower-case form is no word:
  ``the imf`` → ``the IMF``; ``names.timezone`` — a time-zone abbreviation
  after a clock time: ``13:25 msk`` → ``13:25 MSK``;
* ``names.institution`` — a lower-case word inside an institution's name:
  ``the Ministry of natural Resources``, ``the federal Security Service``.

Guards common to all: whole words only (not inside a URL, handle, path or
hyphenated word), and a line written entirely in lower case is left alone
(a deliberate style). The stage's results are protected like the lexicon's.
Most documents contain none of the knowledge base's forms: the stage first
intersects the document's word set with the tables and stops when it is empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..casing import dictionary_words, english_counts
from ..edits import Edit, make_edit
from ..names_kb import NamesKB, NamesRules, default_kb, default_rules
from . import Doc

_TOKEN = re.compile(r"[A-Za-z]+")
_BEFORE_OK = re.compile(r"(?<![\w@#/.\-'’&+=])")
_AFTER_BAD = re.compile(r"[\w@/\-&+=]|['’]\w{2}|\.\w")
_CLOCK_BEFORE = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*\(?$")
_SURNAME = re.compile(r"[a-z][a-z]{2,}(?:-[a-z]+)?")
SURNAME_WORD_COUNT = 3  # lower-case uses in English text from which a word is a word, not a name


class NamesStage:
    name = "names"
    kinds = ("entity", "term-case")
    protects_output = True

    def __init__(self, kb: NamesKB | None = None, rules: NamesRules | None = None) -> None:
        self._kb = kb
        self._rules = rules

    @property
    def kb(self) -> NamesKB:
        if self._kb is None:
            self._kb = default_kb()
        return self._kb

    @property
    def rules(self) -> NamesRules:
        if self._rules is None:
            self._rules = default_rules()
        return self._rules

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        tokens = set(_TOKEN.findall(text))
        kb = self.kb
        edits: list[Edit] = []
        lower_hits = tokens & (kb.lower.keys() | kb.phrases.keys())
        if lower_hits:
            edits += self._lower_names(text, lower_hits)
        inflected = tokens & kb.inflected.keys()
        if inflected:
            edits += self._after_preposition(text, inflected)
        spelled = tokens & kb.spelling.keys()
        if spelled:
            edits += self._replace(text, spelled, kb.spelling, "entity", "names.spelling", "press spelling of the name")
        given = tokens & kb.given
        if given:
            edits += self._surnames(text, given)
        acronyms = tokens & kb.acronyms.keys()
        if acronyms:
            edits += self._replace(text, acronyms, kb.acronyms, "term-case", "names.acronym", "an acronym, not a word")
        zones = tokens & kb.timezones.keys()
        if zones:
            edits += self._timezones(text, zones)
        heads = tokens & self.rules.institution_heads
        if heads:
            edits += self._institutions(text, heads)
        return edits

    # ------------------------------------------------------------------ matching helpers

    def _occurrences(self, text: str, words: set[str]) -> Iterator[re.Match[str]]:
        """Whole-word occurrences of ``words``: not inside a URL, a handle, a path or a hyphenated word."""
        pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
        for m in pattern.finditer(text):
            if _BEFORE_OK.match(text, m.start()) is None or _AFTER_BAD.match(text, m.end()):
                continue
            if _lower_case_line(text, m.start()):
                continue
            yield m

    def _replace(self, text: str, words: set[str], table: dict[str, str], kind: str, rule: str, why: str) -> list[Edit]:
        return [
            make_edit(text, m.start(), m.end(), table[m.group()], kind, rule, f"{m.group()} → {table[m.group()]}: {why}")
            for m in self._occurrences(text, words)
        ]

    # ------------------------------------------------------------------ the rules

    def _lower_names(self, text: str, hits: set[str]) -> list[Edit]:
        kb, edits = self.kb, []
        for m in self._occurrences(text, hits):
            word = m.group()
            for words, canonical in kb.phrases.get(word, ()):
                end = _phrase_end(text, m.end(), words[1:])
                if end is not None and _AFTER_BAD.match(text, end) is None:
                    edits.append(_edit(text, m.start(), end, canonical, "entity", "names.lower-name", "a name in lower case"))
                    break
            else:
                if word in kb.lower:
                    edits.append(
                        _edit(text, m.start(), m.end(), kb.lower[word], "entity", "names.lower-name", "a name in lower case")
                    )
        return edits

    def _after_preposition(self, text: str, hits: set[str]) -> list[Edit]:
        kb, prepositions, edits = self.kb, self.rules.prepositions, []
        for m in self._occurrences(text, hits):
            before = text[max(0, m.start() - 12) : m.start()]
            previous = re.search(r"([A-Za-z]+) $", before)
            if previous is None or previous.group(1) not in prepositions:
                continue
            canonical = kb.inflected[m.group()]
            edits.append(
                _edit(
                    text, m.start(), m.end(), canonical, "entity", "names.case-ending", "a Russian case ending left on the name"
                )
            )
        return edits

    def _surnames(self, text: str, given: set[str]) -> list[Edit]:
        not_surnames, surnames, edits = self.rules.not_surnames, self.kb.surnames, []
        for m in self._occurrences(text, given):
            if text[m.end() : m.end() + 1] != " ":
                continue
            s = _SURNAME.match(text, m.end() + 1)
            if s is None or _AFTER_BAD.match(text, s.end()) or not m.group()[0].isupper():
                continue
            word = s.group()
            if word in not_surnames or word.capitalize() not in surnames or _is_english_word(word):
                continue
            edits.append(
                _edit(
                    text,
                    s.start(),
                    s.end(),
                    word[0].upper() + word[1:],
                    "entity",
                    "names.surname-case",
                    f"surname after the given name {m.group()}",
                )
            )
        return edits

    def _timezones(self, text: str, zones: set[str]) -> list[Edit]:
        table, edits = self.kb.timezones, []
        for m in self._occurrences(text, zones):
            if _CLOCK_BEFORE.search(text, max(0, m.start() - 16), m.start()):
                edits.append(
                    _edit(
                        text,
                        m.start(),
                        m.end(),
                        table[m.group()],
                        "term-case",
                        "names.timezone",
                        "a time zone after a clock time",
                    )
                )
        return edits

    def _institutions(self, text: str, heads: set[str]) -> list[Edit]:
        """A lower-case word inside an institution's name: after "of"/"for" with a capitalized word following,
        or before the name's capitalized words; only words that form institution names (no ``new``)."""
        modifiers = self.rules.institution_modifiers
        head = "|".join(sorted(heads))
        inside = re.compile(
            rf"\b(?:{head})\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][a-z]+\s+(?:and\s+)?)*?([a-z][a-z'’-]+)\s+(?=[A-Z][a-z])"
        )
        before = re.compile(rf"\b([a-z][a-z'’-]+)\s+(?=(?:[A-Z][a-z]+\s+){{0,3}}(?:{head})\b)")
        edits = []
        for pattern in (inside, before):
            for m in pattern.finditer(text):
                word = m.group(1)
                if word not in modifiers or _lower_case_line(text, m.start(1)):
                    continue
                edits.append(
                    _edit(
                        text,
                        m.start(1),
                        m.end(1),
                        word[0].upper() + word[1:],
                        "term-case",
                        "names.institution",
                        "part of an institution's name",
                    )
                )
        return edits


def _edit(text: str, start: int, end: int, replacement: str, kind: str, rule: str, why: str) -> Edit:
    return make_edit(text, start, end, replacement, kind, rule, f"{text[start:end]} → {replacement}: {why}")


def _phrase_end(text: str, at: int, rest: tuple[str, ...]) -> int | None:
    """Where the phrase ``rest`` ends when it follows ``at`` word by word (single spaces), else None."""
    for word in rest:
        if text[at : at + 1] != " " or not text.startswith(word, at + 1):
            return None
        at += 1 + len(word)
        if at < len(text) and text[at].isalpha():
            return None
    return at


def _lower_case_line(text: str, index: int) -> bool:
    """A line with no capital letter at all is written in lower case on purpose (a style, a handle list)."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start : end if end >= 0 else len(text)]
    return not any(c.isupper() for c in line)


def _is_english_word(lower: str) -> bool:
    """English writes the word in lower case: it is no surname (``Mark time``, ``Rose bushes``)."""
    if lower in dictionary_words():
        return True
    low, cap = english_counts(lower) or (0, 0)
    if low >= SURNAME_WORD_COUNT:
        return True
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a runtime dependency
        return False
    return zipf_frequency(lower, "en") >= 4.0 and cap < 5 * low
