"""Term case the lexicon does not list (ARTIFACTS.md class 5, ``term-case``).

Three repairs, each made only where the context settles the question:

* an acronym written in lower case (``nato``) where the same document writes
  it in capitals (``NATO``) outside an all-capitals line, and English does not
  use the lower-case form as a word of its own (``us``, ``who``, ``it`` stay);
  a lower-case form used more than once, or a document that also writes
  ``Covid``, is a deliberate spelling and stays;
* a month name in lower case after a preposition (``in june``, ``since march.``)
  or after a day number (``9 may 2020``); the months that are also ordinary
  words (``may``, ``march``, ``august``) only when a number, a punctuation mark
  or the end of the line follows, so ``in may be`` and ``an august body`` stay;
* a title whose modifier kept lower case while its head word is capitalized,
  directly before a personal name: ``defense Minister Sergei Shoigu`` →
  ``Defense Minister Sergei Shoigu``. An all-lower-case title
  (``defense minister Sergei Shoigu``) is house style and stays.

The word lists (months, prepositions, title modifiers) are data in
``lexicons/casing.yaml``.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence, Set
from functools import lru_cache

from ..automaton import FEW_KEYS, KeyAutomaton
from ..casing import CaseEvidence, CasingModel, dictionary_words, english_counts
from ..edits import Edit, make_edit
from ..text import WORD, AsciiWords, finds, is_word_char, line_starts, words
from .base import Doc, Stage

# a capital first, then the look-behind on the character before it: a pattern that starts with a
# character class lets the engine skip to the next capital (a leading look-behind ran at every position)
_ACRONYM = re.compile(r"[A-Z](?<![\w@#/.\-][A-Z])[A-Z]{1,5}(?![\w@/\-]|\.\w)")
# a lower-case word in running prose: after a word and one space, before a space or a sentence sign
_PROSE_LOWER_BEFORE = re.compile(r"[^\W\d_]|[,;]")  # then one space, then the word
_PROSE_LOWER_AFTER = r"(?=[ ,;:!?)]|\.(?:\s|$)|$)"
_PROSE_LOWER = re.compile(r" [a-z]{2,6}" + _PROSE_LOWER_AFTER, re.MULTILINE)
_ROMAN = re.compile(r"[IVXLCDM]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")  # a word that is one of `AsciiWords`' runs when whole
_NUMBER_AFTER = re.compile(r"\s+(?:[12]\d{3}|[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![.,]\d)")
_CLOSING = re.compile(r"\s*(?:[,.;:!?)\]”\"’]|$)")
_DAY_BEFORE = re.compile(r"(?<![\w.,])(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+$")
MAX_LOWER_USES = 1  # a lower-case form used more often than this is a deliberate spelling
ACRONYM_COMMON_COUNT = 20  # lower-case uses in English text from which a form is a word of its own
ALL_CAPS_SHARE = 0.5  # share of all-capital words from which a line is shouting, not using acronyms


class TermCaseStage(Stage):
    name = "term-case"
    kinds = ("term-case",)
    EXAMPLES = [
        ("EFTA met. The efta summit ended.", "EFTA met. The EFTA summit ended."),
        ("Let us go. The US said.", "Let us go. The US said."),
        ("It happened in june.", "It happened in June."),
        ("It may be late.", "It may be late."),
        ("The talks ended on 9 may 2020.", "The talks ended on 9 May 2020."),
        ("on 12 may the talks began, and on 3 april they ended", "on 12 May the talks began, and on 3 April they ended"),
        ("about 5 may be late", "about 5 may be late"),
        ("Russian defense Minister Sergei Shoigu arrived.", "Russian Defense Minister Sergei Shoigu arrived."),
        ("Russian defense minister Sergei Shoigu arrived.", "Russian defense minister Sergei Shoigu arrived."),
        (
            "Talks with President Bashar Assad. Later president Bashar Assad said.",
            "Talks with President Bashar Assad. Later President Bashar Assad said.",
        ),
        ("The club's president Ivan Petrov said so.", "The club's president Ivan Petrov said so."),
    ]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        evidence = doc.evidence()  # counted only if a candidate needs it
        starts = doc.lines.starts
        return [
            *acronym_edits(text, doc.casing, starts, doc.words),
            *month_edits(text, doc.casing, doc.words.tokens()),
            *title_edits(text, doc.casing, evidence, starts, doc.words.tokens()),
            *usage_title_edits(text, doc.casing, evidence, doc.words.tokens()),
        ]


def acronym_edits(
    text: str, casing: CasingModel, starts: Sequence[int] | None = None, runs: AsciiWords | None = None
) -> list[Edit]:
    """``the nato summit`` → ``the NATO summit`` where the text writes NATO elsewhere. ``runs``: the
    text's ASCII letter runs, when known: an acronym and its lower-case form are each a whole run, so
    only the lower-case forms among the runs are looked for, and the acronyms only once one is found
    (most texts: none)."""
    starts = starts if starts is not None else line_starts(text)
    if runs is not None:
        forms = _lower_acronym_forms(runs, casing)
        if not forms:
            return []
        found = _lower_forms_in_prose(text, starts, forms)
        if not found:
            return []
        lines_of, candidates = _acronyms(text, casing, starts)
        found = [(s, e) for s, e in found if text[s:e].upper() in candidates]
    else:
        lines_of, candidates = _acronyms(text, casing, starts)
        if not candidates:
            return []
        found = _lower_forms_in_prose(text, starts, {a.lower() for a in candidates})
    if not found:
        return []  # most texts: no line is asked whether it is shouting
    # an acronym counts only where its line is not written in capitals (a shouting headline uses none)
    shouting: dict[int, bool] = {}
    repairable = {
        a for a in {text[s:e].upper() for s, e in found} if not all(_shouting(text, starts, i, shouting) for i in lines_of[a])
    }
    found = [(s, e) for s, e in found if text[s:e].upper() in repairable]
    lower = Counter(text[s:e] for s, e in found)
    # the capitalized spellings in the text (Covid beside covid): one search for each of the few candidates
    capitalized = {w for w, n in lower.items() if n <= MAX_LOWER_USES and re.search(rf"\b{w.capitalize()}\b", text)}
    edits = []
    for s, e in found:
        word = text[s:e]
        if lower[word] > MAX_LOWER_USES or word in capitalized:
            continue  # the text spells it several ways on purpose (covid, Covid, COVID): house style
        edits.append(
            make_edit(
                text,
                s,
                e,
                word.upper(),
                "term-case",
                "term-case.acronym",
                f"written {word.upper()} elsewhere in the text",
            )
        )
    return edits


def _acronyms(text: str, casing: CasingModel, starts: Sequence[int]) -> tuple[dict[str, list[int]], set[str]]:
    """Each acronym (not a Roman numeral) → the lines it is written on; and those that may be repaired."""
    lines_of: dict[str, list[int]] = {}
    for m in _ACRONYM.finditer(text):
        if not _ROMAN.fullmatch(m.group()):
            lines_of.setdefault(m.group(), []).append(bisect_right(starts, m.start()) - 1)
    # an acronym whose lower-case form is a word of its own (US: us, IT: it) is never repaired: its
    # lower-case form is not looked for (" us" alone occurs thousands of times in a long text)
    return lines_of, {a for a in lines_of if not (a.lower() in casing.function_words or _is_english_word(a.lower()))}


def _lower_forms_in_prose(text: str, starts: Sequence[int], forms: set[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each of ``forms`` (lower-case acronyms) in running prose: after a letter (or ,
    ;) and one space, before a space or a sentence sign, not on a line of code."""
    found = []
    for start in _occurrences(text, [" " + form for form in forms]):
        run = _PROSE_LOWER.match(text, start)  # the whole lower-case run, then a space or a sentence sign
        if (
            run is not None
            and run.group()[1:] in forms
            and start
            and _PROSE_LOWER_BEFORE.match(text, start - 1)
            and not _in_code_line(text, starts, start)
        ):
            found.append((start + 1, run.end()))
    return found


def _lower_acronym_forms(runs: AsciiWords, casing: CasingModel) -> set[str]:
    """The runs of 2-6 capitals (an `_ACRONYM` match is one) that are in the text in lower case too,
    lower-cased, when that form is no word of its own: the forms `acronym_edits` may repair."""
    tokens = runs.tokens()  # a lower-case form is one of them exactly when the text writes it so
    return {
        low
        for low in {w.lower() for w in runs.capitalized() if 1 < len(w) < 7 and w.isupper()}
        if low in tokens and not (low in casing.function_words or _is_english_word(low))
    }


def _occurrences(text: str, keys: list[str]) -> list[int]:
    """Sorted start offsets of every occurrence of any of ``keys``: a scan for each of a few keys, or an
    Aho-Corasick automaton built for this text's keys."""
    if len(keys) <= FEW_KEYS:
        return sorted({at for key in keys for at in finds(text, key)})
    return sorted({start for start, _ in KeyAutomaton(keys).matches(text)})


def _trie(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, factored by common prefixes so its cost
    at each position does not grow with the number of words."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return pattern(tree)


def _shouting(text: str, starts: Sequence[int], index: int, known: dict[int, bool]) -> bool:
    """Line ``index`` is mostly words in capitals (`ALL_CAPS_SHARE`); remembered in ``known``."""
    verdict = known.get(index)
    if verdict is None:
        line_words = WORD.findall(text, starts[index], _line_end(text, starts, index))
        verdict = known[index] = bool(line_words) and sum(map(str.isupper, line_words)) / len(line_words) >= ALL_CAPS_SHARE
    return verdict


def _line_end(text: str, starts: Sequence[int], index: int) -> int:
    return starts[index + 1] - 1 if index + 1 < len(starts) else len(text)


def _in_code_line(text: str, starts: Sequence[int], index: int) -> bool:
    """An indented line (two spaces or a tab) is a code block or a table, not prose."""
    return text.startswith(("  ", "\t"), starts[bisect_right(starts, index) - 1])


@lru_cache(maxsize=65536)
def _is_english_word(lower: str) -> bool:
    """``ram``, ``reset``, ``us``: English writes the form in lower case.

    A dictionary word (three letters or more) or a form the truecase counts
    see in lower case often enough (a few stray lower-case ``gdp`` do not count).
    """
    if len(lower) > 2 and lower in dictionary_words():
        return True
    low, cap = english_counts(lower) or (0, 0)
    if len(lower) == 2:
        return low >= 1
    return low >= ACRONYM_COMMON_COUNT or (low >= 3 and low >= cap)


def month_edits(text: str, casing: CasingModel, runs: Set[str] | None = None) -> list[Edit]:
    """``in june`` → ``in June``. ``runs``: the text's ASCII letter runs (`AsciiWords.tokens`), when
    known: a month written in lower case is a whole run of them, so only the months among them are
    searched for (most documents hold none; a scan of the text for each of twelve cost more)."""
    months: Iterable[str] = casing.months
    if runs is not None:
        months = [month for month in casing.months if month in runs or not _ASCII_LETTERS.fullmatch(month)]
    if not months:
        return []
    edits = []
    for start, end in _month_places(text, months):
        if end < len(text) and is_word_char(text[end]):
            continue  # the start of a longer word
        word = text[start:end]
        before = text[max(0, start - 40) : start]
        prev = _WORD_BEFORE_MONTH.search(before)
        after_preposition = prev is not None and prev.group(1) in casing.month_prepositions
        after_day = _DAY_BEFORE.search(before) is not None
        if not (after_preposition or after_day):
            continue
        date_follows = _NUMBER_AFTER.match(text, end) or _CLOSING.match(text, end)
        dated_day = after_day and _preposition_before_day(before, casing)  # "on 12 may the talks": a date
        if not date_follows and not dated_day and (word in casing.ambiguous_months or not after_preposition):
            continue  # "in may be", "5 may be": a verb, and after a count
        edits.append(make_edit(text, start, end, casing.months[word], "term-case", "term-case.month", "month name"))
    return edits


_WORD_BEFORE_MONTH = re.compile(r"([^\W\d_]+)[ \t]+$")
_WORD_BEFORE_DAY = re.compile(r"([^\W\d_]+)[ \t]+\d{1,2}(?:st|nd|rd|th)?\s+$")


def _preposition_before_day(before: str, casing: CasingModel) -> bool:
    m = _WORD_BEFORE_DAY.search(before)
    return m is not None and m.group(1).lower() in casing.month_prepositions


def _month_places(text: str, months: Iterable[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each month word after whitespace, in order: both ways of dating it (after a
    preposition, after a day) need whitespace before it. At each place the longest month written there,
    as one pattern of all of them (``\\s(january|…)``) finds it; found by a `str.find` scan for each
    month, which skips along the text in C (the pattern was tried at every whitespace), the scans merged
    as they go (no list of the places of a large text)."""
    last = -1
    for at, minus_length in heapq.merge(*(_month_starts(text, month) for month in months)):
        if at != last:  # the longest month at a place comes first
            last = at
            yield at, at - minus_length


def _month_starts(text: str, month: str) -> Iterator[tuple[int, int]]:
    return ((at, -len(month)) for at in finds(text, month) if at and text[at - 1].isspace())


def title_edits(
    text: str, casing: CasingModel, evidence: CaseEvidence, starts: Sequence[int] | None = None, runs: Set[str] | None = None
) -> list[Edit]:
    """``defense Minister Sergei Shoigu``: the title's lower-case modifiers take the head's capital."""
    if not casing.title_modifiers:
        return []
    # A repair needs a lower-case modifier between two spaces: only the words around each such
    # place are looked at, from the last space before the word ahead of it (words never contain a
    # space, so they are the line's own words from there on).
    hits = _modifier_places(text, tuple(sorted(casing.title_modifiers)), runs)
    if not hits:
        return []
    starts = starts if starts is not None else line_starts(text)
    edits = []
    for hit in hits:
        index = bisect_right(starts, hit) - 1
        line_start, line_end = starts[index], _line_end(text, starts, index)
        found = _Words(text, max(line_start, text.rfind(" ", line_start, hit) + 1), line_end)
        i = 0
        while found.has(i) and found[i].start() < hit + 1:
            i += 1
        if not found.has(i) or found[i].start() != hit + 1:
            continue
        m = found[i]
        if m.group() not in casing.title_modifiers or i == 0 or not _joined(text, found[i - 1], m):
            continue
        if not found[i - 1].group()[0].isalpha():
            continue  # a word of the same clause must come first: sentence starts are sentence-case's
        if found[i - 1].group() in casing.title_modifiers:
            continue  # handled with the first modifier of the run
        run = [m]
        j = i + 1
        while found.has(j) and _joined(text, found[j - 1], found[j]) and found[j].group().lower() in casing.title_modifiers:
            if found[j].group().islower():
                run.append(found[j])
            j += 1  # deputy Foreign Minister: a modifier already capitalized (by the lexicon) joins the title
        heads = 0
        while (
            found.has(j)
            and _joined(text, found[j - 1], found[j])
            and found[j].group().lower() in casing.titles
            and found[j].group()[0].isupper()
        ):
            heads += 1
            j += 1
        if not heads:
            continue
        if (
            found.has(j + 1)
            and found[j].group() == "of"
            and _joined(text, found[j - 1], found[j])
            and casing.is_name_word(found[j + 1].group(), evidence)
        ):
            j += 2  # Minister of Russia Sergey Lavrov
        if not found.has(j) or not _joined(text, found[j - 1], found[j]) or not casing.is_name_word(found[j].group(), evidence):
            continue
        for w in run:
            edits.append(
                make_edit(
                    text,
                    w.start(),
                    w.end(),
                    w.group()[0].upper() + w.group()[1:],
                    "term-case",
                    "term-case.title-before-name",
                    "title before a personal name",
                )
            )
    return edits


class _Words:
    """The words of ``text[start:end]``, found as far as they are asked for."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._next = words(text, start, end)
        self._found: list[re.Match[str]] = []

    def has(self, index: int) -> bool:
        while len(self._found) <= index:
            m = next(self._next, None)
            if m is None:
                return False
            self._found.append(m)
        return True

    def __getitem__(self, index: int) -> re.Match[str]:
        self.has(index)
        return self._found[index]


def _modifier_places(text: str, modifiers: tuple[str, ...], runs: Set[str] | None = None) -> list[int]:
    """Where a lower-case modifier stands between spaces before what a repair needs next: a capital (the
    title's head) or another modifier, in any case (``deputy foreign Minister``); the starts of the
    matches of `` (?:modifier…) (?=[A-Z]|(?i:modifier…))``, left to right. News writes ``foreign``,
    ``health``, ``energy`` before common words in most places, which `title_edits` read word by word
    before. Found by `_spaced_words` (a pattern that starts with a space is tried at every space)."""
    return _spaced_words(text, modifiers, _after_modifier(modifiers), True, runs)


@lru_cache(maxsize=8)
def _after_modifier(modifiers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(f"[A-Z]|(?i:{_trie(list(modifiers))})")


def _spaced_words(
    text: str, words: Iterable[str], after: re.Pattern[str], take_space: bool, runs: Set[str] | None = None
) -> list[int]:
    """The starts of `` word`` for any of ``words`` (single words) with a space after it,
    then what ``after`` matches: the places, left to right and not overlapping, of the pattern
    `` (?:word…) (?=after)`` (``take_space``: the space after the word is part of the match) or
    `` (?:word…)(?= after)``. Only the words among the text's runs (``runs``, found when not given) are
    looked for, a scan for each of a few (`_occurrences`)."""
    tokens = runs if runs is not None else AsciiWords(text).tokens()
    # a word of ASCII letters between spaces is a whole run (another word is always looked for); a word
    # with a space in it is left out: the rules read one word at a time, so it never leads to an edit
    keys = [f" {w} " for w in words if " " not in w and (w in tokens or not _ASCII_LETTERS.fullmatch(w))]
    places, free = [], 0
    for start in _occurrences(text, keys) if keys else ():
        end = text.index(" ", start + 1)  # one key at most starts here: the word between the spaces
        if start >= free and after.match(text, end + 1):
            places.append(start)
            free = end + 1 if take_space else end
    return places


_TITLE_BEFORE_NAME = re.compile(r"(?<=[^\W\d_] )([A-Za-z][a-z]+) (?=([A-Z][a-z]+ [A-Z][\w-]+))")


_TWO_NAMES_AFTER = re.compile(r"[A-Z][a-z]+ [A-Z][\w-]+")


@lru_cache(maxsize=8)
def _title_forms(titles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(form for t in titles if re.fullmatch(r"[a-z]{2,}", t) for form in (t, t[0].upper() + t[1:]))


def _title_places(text: str, titles: tuple[str, ...], runs: Set[str] | None = None) -> list[int]:
    """The title words themselves (``president``, ``President``) after a space and before two capitalized
    words: the starts of `` (?:title…)(?= [A-Z][a-z]+ [A-Z][\\w-]+)``, by `_spaced_words`;
    `_TITLE_BEFORE_NAME`, which needs a word and a space before the title, then checks each place."""
    return _spaced_words(text, _title_forms(titles), _TWO_NAMES_AFTER, False, runs)


# a determiner, a possessive or an adjective of time before the title: a description (Germany's new
# chancellor Olaf Scholz, the former president), which many writers keep in lower case
_DESCRIBED = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|new|former|ex|late|then|vice|acting|current|future|incoming|outgoing)"
    r"|['’]s)\W+(?:[\w-]+\W+)?$",
    re.IGNORECASE,
)


def usage_title_edits(text: str, casing: CasingModel, evidence: CaseEvidence, runs: Set[str] | None = None) -> list[Edit]:
    """``president Bashar Assad`` → ``President Bashar Assad`` only where the document itself writes the
    title capitalized before the same name at least as often as in lower case: a lower-case title is
    house style in many outlets (``the club's president Ivan Petrov``), so the document's usage decides."""
    places = []  # the title pattern is the quick test itself: a search for each title cost more
    for candidate in _title_places(text, tuple(sorted(casing.titles)), runs):
        m = _TITLE_BEFORE_NAME.match(text, candidate + 1)
        if m is not None and m.group(1).lower() in casing.titles:
            lower = m.group(1).islower() and not _DESCRIBED.search(text, max(0, m.start() - 40), m.start())
            places.append((m, _surname(m.group(2)), lower))
    # usage matters only for the names a lower-case title stands before: the evidence (counted over the
    # lines that hold a word asked about, over every line past a budget) is asked about those alone
    repairable = {surname for _, surname, lower in places if lower}
    usage: Counter[tuple[str, str]] = Counter()
    found = []
    for m, surname, lower in places:
        if surname not in repairable or not casing.is_name_word(m.group(2).split(" ")[0], evidence):
            continue
        usage[m.group(1), surname] += 1
        if lower:
            found.append(m)
    edits = []
    for m in found:
        title = m.group(1)
        capital = title[0].upper() + title[1:]
        if usage[capital, _surname(m.group(2))] >= usage[title, _surname(m.group(2))]:
            edits.append(
                make_edit(
                    text,
                    m.start(1),
                    m.end(1),
                    capital,
                    "term-case",
                    "term-case.title-before-name",
                    "title before a personal name, as the document writes it elsewhere",
                )
            )
    return edits


def _surname(name: str) -> str:
    """``Bashar Al-Assad`` and ``Bashar Assad``: the same person for the usage count."""
    return name.rsplit(" ", 1)[-1].rsplit("-", 1)[-1].lower()


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Two words of one phrase: only a space between them."""
    return text[a.end() : b.start()] == " "
