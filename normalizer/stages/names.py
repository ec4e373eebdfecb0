"""Names the lexicon does not list, repaired from the generated knowledge base (`normalizer.names_kb`).

Each repair is its own rule id (examples in ``normalizer/data/names-rules.yaml``):

* ``entity.lower-case-name`` — a place or organisation written in lower case whose
  lower-case form is no English word: ``lithuania`` → ``Lithuania``,
  ``the eurasian economic union`` → ``the Eurasian Economic Union``; and a word
  the English dictionary writes only capitalized (``instagram`` → ``Instagram``);
* ``entity.case-ending`` — a Russian case ending left on a transliterated place
  name, only right after a preposition: ``in Prage`` → ``in Prague``;
* ``entity.rare-spelling`` — a transliteration of a Russian place name that English
  text does not use, to the press spelling;
* ``entity.surname-case`` — a lower-case surname after a known given name,
  when the word is a known surname and no English word: ``Dmitry peskov`` →
  ``Dmitry Peskov`` (an unknown word may be a name the translation cut short);
* ``term-case.known-acronym`` — a lower-case acronym whose lower-case form is no word:
  ``the imf`` → ``the IMF``; ``term-case.time-zone`` — a time-zone abbreviation
  after a clock time: ``13:25 msk`` → ``13:25 MSK``;
* ``term-case.institution`` — a lower-case word inside an institution's name:
  ``the Ministry of natural Resources``, ``the federal Security Service``;
* ``term-case.designation`` — a model designation whose first capital was lowered:
  ``vAZ-21083`` → ``VAZ-21083``; not when the dictionary writes the capitals (three
  or more) or the whole word so, for then the small letter is a prefix
  (``mRNA-1273``, ``fMRI``, ``iOS``: the ``capitals`` table).

Guards common to all: whole words only (not inside a URL, handle, path or
hyphenated word), and a line written entirely in lower case is left alone
(a deliberate style). The stage's results are protected like the lexicon's.
Most documents contain none of the knowledge base's forms: the stage first
intersects the document's word set with the tables and stops when it is empty.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..automaton import FEW_KEYS
from ..casing import dictionary_words, english_counts
from ..edits import Edit, make_edit
from ..names_kb import NamesKB, NamesRules, default_kb, default_rules, kb_words
from ..text import finds, lower_text
from .base import Doc, Stage
from .spacing import common_zipf, zipf

_GLUED = re.compile(r"([a-z]{4,})([A-Z][A-Za-z]*)")  # a word of 4+ lower-case letters and a capitalized part: astanaTV
_BEFORE_OK = re.compile(r"(?<![\w@#/.\-'’&+=])")
# after an institution's head word: "of"/"for", capitalized words, then the lower-case word and a capitalized one
_INSIDE = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][a-z]+\s+(?:and\s+)?){0,3}?([a-z][a-z'’-]+)\s+(?=[A-Z][a-z])")
# before it: the lower-case word, then up to three capitalized words
_BEFORE_HEAD = re.compile(r"(?<![\w'’-])([a-z][a-z'’-]+)\s+(?:[A-Z][a-z]+\s+){0,3}\Z")
_WORD_BEFORE = re.compile(r"([A-Za-z]+) \Z")
_AFTER_BAD = re.compile(r"[\w@/\-&+=]|['’]\w{2}|\.\w")
_DESIGNATION_AFTER = re.compile(r"-\d")  # the letters of a designation, then a hyphen and its number
_CLOCK_BEFORE = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*\(?$")
RULES = (
    "entity.lower-case-name",
    "entity.case-ending",
    "entity.rare-spelling",
    "entity.surname-case",
    "term-case.known-acronym",
    "term-case.time-zone",
    "term-case.institution",
    "term-case.designation",
)
SURNAME_WORD_COUNT = 3  # lower-case uses in English text from which a word is a word, not a name
ENGLISH_WORD_ZIPF = 4.0  # wordfreq's Zipf from which a word English writes in lower case is a word (>= COMMON_LEAST)


POSITIONS_CHUNK = 1 << 20  # characters lowered and searched at a time (no lower-cased copy of the whole text)


class NamesStage(Stage):
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
        """Intersect the document's words with each table first: most documents hold none of the forms."""
        scan = _Scan(doc)
        tokens, folded, mixed = doc.words.tokens(), doc.words.folded(), doc.words.mixed()
        rules = self.rules
        heads, modifiers = tokens & rules.institution_heads, tokens & rules.institution_modifiers
        if self._kb is None and not mixed and _none_known(tokens, folded):
            # a short text (a one-line run) whose words the knowledge base does not hold: only the
            # institution repair can apply, and the tables are not loaded (a third of such a run's time)
            return self._institutions(scan, heads, modifiers) if heads and modifiers else []
        kb = self.kb
        hits = tokens & kb.any_word  # one intersection with everything; each table then sees a handful
        phrases = [
            option
            for key in folded & kb.phrase_keys
            for option in kb.phrases[key]
            if option[0] <= folded and _may_be_miswritten(option[1], option[2], option[3], tokens)
        ]
        if phrases:
            # most candidates' words occur, but not together: one pass over the text finds them all, and
            # every word the rules below look for (a scan of the whole text for each, else)
            words = self._needles(hits, mixed) | (heads if modifiers else set())
            scan.index_with({form for _, form, _, _ in phrases} | {w.lower() for w in words if w.isascii()})
        edits: list[Edit] = []
        for word in hits & kb.lower.keys():
            edits += self._replace(scan, word, kb.lower[word], "entity", "entity.lower-case-name", "a name in lower case")
        designations = []  # vAZ: a small letter, then only capitals
        for word in mixed:
            if word[1:].isupper():
                designations.append(word)
                continue
            glued = _GLUED.fullmatch(word)
            if glued and glued.group(1) in kb.lower:  # astanaTV: a place name with a capitalized word glued on
                fixed = kb.lower[glued.group(1)] + glued.group(2)
                edits += self._replace(scan, word, fixed, "entity", "entity.lower-case-name", "a name in lower case")
        for word in hits & kb.proper_nouns.keys():
            edits += self._replace(
                scan, word, kb.proper_nouns[word], "entity", "entity.lower-case-name", "a name in lower case (English dictionary)"
            )
        if scan.index is not None:
            for _, form, canonical, lower_ok in phrases:
                edits += self._phrase(scan, scan.index.get(form, []), form, canonical, lower_ok)
        for word in hits & kb.inflected.keys():
            edits += self._after_preposition(scan, word, kb.inflected[word])
        for word in hits & kb.spelling.keys():
            edits += self._replace(scan, word, kb.spelling[word], "entity", "entity.rare-spelling", "press spelling of the name")
        for word in hits & kb.compounds.keys():  # Nizhnem Novgorode, Rostove-na-Donu
            for table, form, canonical in kb.compounds[word]:
                if table == "inflected":
                    edits += self._after_preposition(scan, form, canonical)
                else:
                    edits += self._replace(scan, form, canonical, "entity", "entity.rare-spelling", "press spelling of the name")
        for word in hits & kb.surnames:
            edits += self._surname(scan, word)
        for word in hits & kb.acronyms.keys():
            edits += self._replace(
                scan, word, kb.acronyms[word], "term-case", "term-case.known-acronym", "an acronym, not a word"
            )
        for word in hits & kb.timezones.keys():
            edits += self._timezone(scan, word, kb.timezones[word])
        for word in designations:
            if len(word) > 2 and self._lowered_capital(word):
                edits += self._designation(scan, word)
        if heads and modifiers:
            edits += self._institutions(scan, heads, modifiers)
        return edits

    def _needles(self, hits: set[str], mixed: list[str]) -> set[str]:
        """The words and forms the rules below look for in the text (a word left out is found by `str.find`)."""
        kb = self.kb
        found = {w for w in hits if w in kb.lower or w in kb.proper_nouns or w in kb.inflected or w in kb.spelling}
        found |= {w for w in hits if w in kb.acronyms or w in kb.timezones}
        found |= {w for w in hits & kb.surnames if w not in self.rules.not_surnames and not _is_listed_word(w)}
        found |= {form for w in hits & kb.compounds.keys() for _, form, _ in kb.compounds[w]}
        glued = (_GLUED.fullmatch(w) for w in mixed if not w[1:].isupper())
        return found | {g.group() for g in glued if g and g.group(1) in kb.lower}

    # ------------------------------------------------------------------ the rules

    def _replace(self, scan: _Scan, needle: str, replacement: str, kind: str, rule: str, why: str) -> list[Edit]:
        text = scan.text
        return [_edit(text, start, start + len(needle), replacement, kind, rule, why) for start in _occurrences(scan, needle)]

    def _phrase(self, scan: _Scan, places: list[int], form: str, canonical: str, lower_ok: bool) -> list[Edit]:
        """A name of several words written all in lower case (when that form is no prose), or with some of
        its capitals lost (``holy See``) — unless its capitalized words are a name of their own
        (``western Sahara`` may be the west of the Sahara). ``places``: every start of ``form`` in the
        lower-cased text."""
        text = scan.text
        edits: list[Edit] = []
        if not places:
            return edits
        if canonical.isascii() and canonical.lower() == form:  # written right only where the form is
            written_right = _count_apart([p for p in places if text.startswith(canonical, p)], len(form))
        else:
            written_right = text.count(canonical)
        if _count_apart(places, len(form)) == written_right:
            return edits  # every occurrence is written right (United States)
        for start in places:
            end = start + len(form)
            found = text[start:end]
            if found == canonical or not _whole_word(text, start, end) or scan.lower_case_line(start):
                continue
            if found == form:
                if lower_ok:
                    edits.append(_edit(text, start, end, canonical, "entity", "entity.lower-case-name", "a name in lower case"))
                continue
            pairs = list(zip(found.split(" "), canonical.split(" "), strict=False))
            if len(pairs) != len(canonical.split(" ")) or not all(a == b or a == b[0].lower() + b[1:] for a, b in pairs):
                continue  # another difference than lost capitals (all capitals, a spelling)
            kept = " ".join(a for a, _ in pairs if a[:1].isupper())
            lost = {a for a, b in pairs if a != b}
            if not kept or self._is_name(kept) or lost & self.rules.descriptive_words:
                continue
            edits.append(_edit(text, start, end, canonical, "entity", "entity.lower-case-name", "a name with capitals lost"))
        return edits

    def _is_name(self, words: str) -> bool:
        lower = words.lower()
        return lower in self.kb.lower or any(
            option[1] == lower for option in self.kb.phrases.get(max(lower.split(" "), key=len), ())
        )

    def _after_preposition(self, scan: _Scan, word: str, canonical: str) -> list[Edit]:
        text = scan.text
        prepositions, edits = self.rules.prepositions, []
        for start in _occurrences(scan, word):
            previous = _WORD_BEFORE.search(text, max(0, start - 16), start)
            if previous is not None and previous.group(1) in prepositions:
                edits.append(
                    _edit(
                        text,
                        start,
                        start + len(word),
                        canonical,
                        "entity",
                        "entity.case-ending",
                        "a Russian case ending left on the name",
                    )
                )
        return edits

    def _surname(self, scan: _Scan, word: str) -> list[Edit]:
        text = scan.text
        if word in self.rules.not_surnames or _is_listed_word(word):
            return []  # an English word is no surname: most candidates (but, best, king) end here, unsearched
        given, edits = self.kb.given, []
        for start in _occurrences(scan, word):
            previous = _WORD_BEFORE.search(text, max(0, start - 24), start)
            if previous is None or previous.group(1) not in given:
                continue
            if _is_english_word(word):  # asked only after a given name: most candidates have none
                return []
            edits.append(
                _edit(
                    text,
                    start,
                    start + len(word),
                    word[0].upper() + word[1:],
                    "entity",
                    "entity.surname-case",
                    f"surname after the given name {previous.group(1)}",
                )
            )
        return edits

    def _timezone(self, scan: _Scan, word: str, upper: str) -> list[Edit]:
        text = scan.text
        return [
            _edit(text, start, start + len(word), upper, "term-case", "term-case.time-zone", "a time zone after a clock time")
            for start in _occurrences(scan, word)
            if _CLOCK_BEFORE.search(text, max(0, start - 16), start)
        ]

    def _lowered_capital(self, word: str) -> bool:
        """``vAZ``: the small letter is a lowered capital, not a prefix. A prefix stands before an acronym of
        three letters or more (``mRNA``, ``fMRI``) or makes a word the dictionary knows (``iOS``); two
        capitals alone are rarely an acronym of their own (``AZ`` is a state in the dictionary)."""
        capitals = word[1:]
        if word in self.kb.capitals or capitals.lower() in self.kb.acronyms or capitals.lower() in self.kb.timezones:
            return False
        return len(capitals) == 2 or capitals not in self.kb.capitals

    def _designation(self, scan: _Scan, word: str) -> list[Edit]:
        """``vAZ-21083``: capitals and a number, the first letter lowered by the translation's casing."""
        text, edits = scan.text, []
        for at in finds(text, word):
            end = at + len(word)
            if _BEFORE_OK.match(text, at) and _DESIGNATION_AFTER.match(text, end):
                fixed = word[0].upper() + word[1:]
                edits.append(_edit(text, at, end, fixed, "term-case", "term-case.designation", "a designation in capitals"))
        return edits

    def _institutions(self, scan: _Scan, heads: set[str], modifiers: set[str]) -> list[Edit]:
        """A lower-case word inside an institution's name: after "of"/"for" with a capitalized word following
        (``Ministry of natural Resources``), or before the name's capitalized words (``the federal Security
        Service``); only words that form institution names (no ``new``). Looked for around each head word."""
        text = scan.text
        edits = []
        for head in heads:
            for at in _occurrences(scan, head):
                inside = _INSIDE.match(text, at + len(head))
                before = _BEFORE_HEAD.search(text, max(0, at - 80), at)
                for m in (inside, before):
                    if m is None or m.group(1) not in modifiers:
                        continue
                    start, end = m.span(1)
                    if not _whole_word(text, start, end):
                        continue
                    word = m.group(1)
                    edits.append(
                        _edit(
                            text,
                            start,
                            end,
                            word[0].upper() + word[1:],
                            "term-case",
                            "term-case.institution",
                            "part of an institution's name",
                        )
                    )
        return edits


QUICK_WORDS = 256  # up to this many distinct words, a text is looked up in the word index before the tables load


def _none_known(tokens: set[str], folded: set[str]) -> bool:
    """No word the default knowledge base looks up (`kb_words`): no word of its tables, no phrase all of
    whose words the text holds. A binary search for each word, asked only for a text of up to
    `QUICK_WORDS` words (a larger one loads the tables, which are then kept)."""
    if len(tokens) > QUICK_WORDS:
        return False
    words, phrase_words = kb_words()
    if any(words_of_phrase <= folded for key in folded & phrase_words.keys() for words_of_phrase in phrase_words[key]):
        return False
    return not any(word in words for word in tokens)


def _edit(text: str, start: int, end: int, replacement: str, kind: str, rule: str, why: str) -> Edit:
    return make_edit(text, start, end, replacement, kind, rule, f"{text[start:end]} → {replacement}: {why}")


def _occurrences(scan: _Scan, needle: str) -> Iterator[int]:
    """Starts of ``needle`` as a whole word (not inside a URL, a handle, a path or a hyphenated word),
    outside lines written all in lower case: from the scan's index where it has the word (the places
    of its lower-case form that hold the word itself), else by ``str.find``, one scan of the text."""
    text = scan.text
    key = needle.lower()
    if scan.index is not None and needle.isascii() and key in scan.index_keys:
        found: Iterable[int] = (at for at in scan.index.get(key, ()) if text.startswith(needle, at))
    else:
        found = finds(text, needle)
    for at in found:
        if _whole_word(text, at, at + len(needle)) and not scan.lower_case_line(at):
            yield at


def _positions(text: str, keys: set[str]) -> dict[str, list[int]] | None:
    """Every start of each key in the lower-cased text (overlapping ones too, as repeated ``str.find``
    gives them), in order: one Aho-Corasick pass instead of a scan of the whole text for each key.
    None when lowering changes the text's length (its offsets would not be the text's).
    Up to `FEW_KEYS` keys are found by a `str.find` scan each instead (no automaton built; half the
    documents ask for 1-8 keys).

    The pass is ahocorasick-rs's, not pyahocorasick's (as in the lexicon stage): it walks a piece of
    news in a fifth of the time, and this pass is most of what the stage costs on a long document.
    The text is lowered a piece at a time, each with the few characters after it that a key
    starting in it may need: no lower-cased copy of the whole text (2 bytes a character and more).
    A capital sigma lowers by its context: such a text is lowered whole."""
    ordered = sorted(keys)
    automaton = None
    if len(ordered) > FEW_KEYS:
        from ahocorasick_rs import AhoCorasick, MatchKind

        automaton = AhoCorasick(ordered, matchkind=MatchKind.Standard)
    found: dict[str, list[int]] = {}
    chunk = len(text) if "Σ" in text else POSITIONS_CHUNK  # with a capital sigma: one piece, the whole text
    overlap = max(map(len, keys), default=1) - 1
    for base in range(0, len(text), chunk):
        raw = text[base : base + chunk + overlap]
        piece = raw.lower() if raw.isascii() else lower_text(raw)  # an ASCII piece lowers at no peak
        if len(piece) != len(raw):
            return None
        if automaton is None:
            for key in ordered:
                places = [base + at for at in finds(piece, key, 0, chunk + len(key) - 1)]  # starting before the overlap
                if places:
                    found.setdefault(key, []).extend(places)
            continue
        for index, start, _ in automaton.find_matches_as_indexes(piece, overlapping=True):
            if start < chunk:  # one that starts in the overlap is the next piece's
                found.setdefault(ordered[index], []).append(base + start)
    return found


def _may_be_miswritten(form: str, canonical: str, lower_ok: bool, tokens: set[str]) -> bool:
    """Whether `NamesStage._phrase` can find something to repair: a capital it restores leaves its word,
    lowered, among the document's words (``holy See``: ``holy``), and so does a form written all in
    lower case. Most names a document holds are written right everywhere; their search is skipped."""
    signals = _lowered_words(form, canonical, lower_ok)
    return signals is None or not signals.isdisjoint(tokens)


@lru_cache(maxsize=4096)
def _lowered_words(form: str, canonical: str, lower_ok: bool) -> frozenset[str] | None:
    """The words, as the document's ASCII letter runs, one of which an occurrence `_phrase` repairs must
    hold: each capitalized word of ``canonical`` with its capital lowered (cut at its first character
    that is no ASCII letter), and the first word of ``form`` when the all-lower-case form is repaired.
    None (no filter) when such a word does not start with an ASCII letter."""
    words = [w for w in canonical.split(" ") if w[:1].isupper()]
    if lower_ok:
        words.append(form.split(" ")[0])
    signals = set()
    for word in words:
        run = _LEADING_LETTERS.match(word)
        if run is None:
            return None
        signals.add(run.group()[0].lower() + run.group()[1:])
    return frozenset(signals)


_LEADING_LETTERS = re.compile("[A-Za-z]+")


def _count_apart(starts: list[int], length: int) -> int:
    """How many of the sorted ``starts`` do not overlap, taken from the left: ``str.count``'s number."""
    count, free = 0, 0
    for start in starts:
        if start >= free:
            count, free = count + 1, start + length
    return count


def _whole_word(text: str, start: int, end: int) -> bool:
    return _BEFORE_OK.match(text, start) is not None and _AFTER_BAD.match(text, end) is None


class _Scan:
    """The text of one document, with what the rules ask about its lines worked out once per line: a
    search from each occurrence for its line's ends would be quadratic on a document of one long line."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self._doc = doc  # its line spans are found when first asked, once for the stages that read lines
        self._lower_case: dict[int, bool] = {}
        self.index: dict[str, list[int]] | None = None  # lower-case form → its starts, for index_keys
        self.index_keys: set[str] = set()

    def index_with(self, keys: set[str]) -> None:
        """Find every key in the lower-cased text by one pass (`_positions`); `_occurrences` looks there.
        No index when lowering moves offsets (a few characters, such as İ, grow when lowered)."""
        self.index = _positions(self.text, keys)
        self.index_keys = keys if self.index is not None else set()

    def lower_case_line(self, index: int) -> bool:
        """A line with no capital letter at all is written in lower case on purpose (a style, a handle list)."""
        starts = self._doc.lines.starts
        line = bisect_right(starts, index) - 1
        verdict = self._lower_case.get(line)
        if verdict is None:
            start = starts[line]
            end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
            verdict = self._lower_case[line] = not any(map(str.isupper, self.text[start:end]))  # C loop
        return verdict


@lru_cache(maxsize=65536)
def _is_listed_word(lower: str) -> bool:
    """The cheap part of `_is_english_word`: the dictionary or the truecase counts (no wordfreq).
    Remembered: the same few surname-like words (but, best, king) come back in every document."""
    return lower in dictionary_words() or (english_counts(lower) or (0, 0))[0] >= SURNAME_WORD_COUNT


@lru_cache(maxsize=65536)
def _is_english_word(lower: str) -> bool:
    """English writes the word in lower case: it is no surname (``Mark time``, ``Rose bushes``).
    Asked only after a given name: wordfreq (a large import) answers a word the shipped table cannot."""
    if _is_listed_word(lower):
        return True
    low, cap = english_counts(lower) or (0, 0)
    # the shipped table holds every ASCII lower-case word at least as common as this asks, exactly
    common = common_zipf(lower) if lower.isascii() and lower.isalpha() and lower.islower() else zipf(lower)
    return common >= ENGLISH_WORD_ZIPF and cap < 5 * low
