"""Words and signs glued together or split apart (ARTIFACTS.md class 6)."""

from __future__ import annotations

import re
import threading
from functools import cached_property, lru_cache
from itertools import chain
from string import ascii_uppercase

from ..automaton import KeyAutomaton
from ..casing import dictionary_words
from ..edits import Edit, make_edit
from ..quotes import bracket_pairs, quote_pairs
from ..text import lines
from ..wordtables import SortedWords, WordTable
from .base import Doc, Stage

# word frequencies (Zipf scale: log10 of uses per billion words) from the wordfreq package, which carries its data
FUNCTION_MIN_ZIPF = 4.0  # the function-word half must be common ("and", "the")
HALF_MIN_ZIPF = 3.0  # the other half must be a word of running text ("abide", "called")
FUSED_MARGIN = 1.0  # the fused form 10x rarer than the two words would be side by side (web text has "andthe")
FUSED_MIN_LENGTH = 5
COMMON_LEAST = 3.0  # the shipped table lists every word at least this common (= NEXT_WORD_MIN_ZIPF, HALF_MIN_ZIPF)
ATTESTED_LEAST = 2.0  # with a second table of the words from here to COMMON_LEAST: is a word used in English at all
FUNCTION_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "that",
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "not",
    ]
)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _common_words() -> WordTable:
    return WordTable("english-zipf", "centi", "H", 1)


def common_zipf(word: str) -> float:
    """`zipf` for a word at least as common as `COMMON_LEAST`, from the shipped table
    (tools/build_zipf_table.py); ``-1.0`` (below every threshold) for a rarer word."""
    if not word.isascii():
        found = zipf(word)
        return found if found >= COMMON_LEAST else -1.0
    centi = _common_words().first(word)
    return -1.0 if centi is None else centi / 100


@lru_cache(maxsize=1)
def _attested_words() -> SortedWords:
    return SortedWords("english-attested")


def attested(word: str) -> bool:
    """``zipf(word) >= ATTESTED_LEAST``: English text uses the word (a fragment such as ``ter`` it does not).
    An ASCII lower-case word is looked up in the two shipped tables; wordfreq answers another."""
    if word.isascii() and word.isalpha() and word.islower():
        return common_zipf(word) >= ATTESTED_LEAST or word in _attested_words()
    return zipf(word) >= ATTESTED_LEAST


@lru_cache(maxsize=1)
def _fused_forms() -> WordTable:
    return WordTable("english-fused", "centi", "H", 1)


def fused_form_zipf(word: str) -> float:
    """`zipf` of a form `split_fused` weighs (an ASCII word with `fused_splits`), from the shipped
    table (tools/build_zipf_table.py): it lists every such word of wordfreq's English list, so
    an unlisted one has wordfreq's 0.0. wordfreq itself (0.6 s to load) only for another word."""
    if not word.isascii():
        return zipf(word)
    centi = _fused_forms().first(word)
    return 0.0 if centi is None else centi / 100


def fused_splits(word: str) -> list[tuple[float, str, str]]:
    """The ways ``word`` splits into a common function word of three letters or more and a word of
    running text, each with the Zipf the two would have side by side (zl + zr − 9)."""
    candidates = []
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if left in FUNCTION_WORDS and len(left) > 2:
            function, other = left, right
        elif right in FUNCTION_WORDS and len(right) > 2:
            function, other = right, left
        else:
            continue
        if common_zipf(function) < FUNCTION_MIN_ZIPF or common_zipf(other) < HALF_MIN_ZIPF:
            continue
        candidates.append((common_zipf(left) + common_zipf(right) - 9, left, right))
    return candidates


@lru_cache(maxsize=200_000)
def split_fused(word: str) -> tuple[str, str] | None:
    """``andcalled``, ``andthe`` → (``and``, ``called``/``the``); ``adjustor``, ``andiron`` stay whole.

    One half is a function word of three letters or more (``-or``, ``-in``, ``-on``, ``is-`` begin
    and end too many words and transliterated names: ``hutor``, ``putin``, ``ismail``), the fused
    form is no dictionary word, and it is at least
    `FUSED_MARGIN` rarer (Zipf) than the two words would be side by side (Zipf of a pair
    ≈ zl + zr − 9). ``benchmarks/fused_words.py`` measured this against wordsegment and a
    dictionary check alone (README, "Fused words").
    """
    if len(word) < FUSED_MIN_LENGTH or not word.isalpha() or not word.islower():
        return None
    candidates = fused_splits(word)
    if not candidates or _dictionary_form(word):  # the dictionary and the fused forms' table only for a candidate
        return None
    whole = fused_form_zipf(word)
    best = None
    for pair, left, right in candidates:
        if pair >= whole + FUSED_MARGIN and (best is None or pair > best[0]):
            best = (pair, left, right)
    return (best[1], best[2]) if best else None


FUSED_MEMORY = 200_000  # words whose split is remembered (a batch run meets the same words again and again)
_asked: set[str] = set()
_splits: dict[str, tuple[str, str]] = {}
_memory_lock = threading.Lock()  # `mtnorm serve` normalizes in threads: the memory is cleared as a whole


def fused_among(words: set[str]) -> dict[str, tuple[str, str]]:
    """`split_fused` of each of ``words`` that splits. The words asked before (most of a document's, in a
    batch run) are told apart from the new ones by set operations in C; only the new ones are asked."""
    with _memory_lock:
        new = words - _asked
        if new:
            if len(_asked) + len(new) > FUSED_MEMORY:
                _asked.clear()
                _splits.clear()
                new = words
            for word in new:
                halves = split_fused(word)
                if halves:
                    _splits[word] = halves
            _asked.update(new)
        return {word: _splits[word] for word in words & _splits.keys()}


_INFLECTIONS = ("s", "es", "ed", "d", "ing")
_FUSED_CANDIDATE = re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])")  # a lower-case word that may be two fused


def _dictionary_form(word: str) -> bool:
    """A dictionary word, or one with an inflection Webster's lists only the base of (``forgoes``)."""
    words = dictionary_words()
    return word in words or any(word.endswith(end) and word[: -len(end)] in words for end in _INFLECTIONS)


class SpacingStage(Stage):
    """Spacing rules; each rule id carries its own examples (``RULE_EXAMPLES``), and they are tests."""

    name = "spacing"
    kinds = ("spacing",)
    RULE_EXAMPLES: dict[str, list[tuple[str, str]]] = {
        "spacing.fused-words": [
            ("in Idlib andcalled them", "in Idlib and called them"),
            ("the antiaircraft gun", "the antiaircraft gun"),
            ("we met andthe talks began andthat was it", "we met and the talks began and that was it"),
            ("the adjustor and an andiron, he forgoes", "the adjustor and an andiron, he forgoes"),
            ("the ircon missile at the hutor of putin", "the ircon missile at the hutor of putin"),
        ],
        "spacing.currency": [("cost $ 2.5 billion", "cost $2.5 billion"), ("a $ sign", "a $ sign")],
        "spacing.before-punctuation": [
            ("in Syria , and", "in Syria, and"),
            ("and so on ...", "and so on ..."),
            ("a score of 2 : 1", "a score of 2 : 1"),
        ],
        "spacing.inside-brackets": [
            ("the ( Kremlin ) said", "the (Kremlin) said"),
            ("we won ))) and ( o¬ô ) and :( ok", "we won ))) and ( o¬ô ) and :( ok"),
        ],
        "spacing.after-opening-quote": [
            ("“ We agreed,” he said", "“We agreed,” he said"),
            ("the club but“ Legion ”is strong", "the club but “Legion” is strong"),
            ("the „boot load“ koji and “B-“ Rating", "the „boot load“ koji and “B-“ Rating"),
        ],
        "spacing.before-closing-quote": [
            ("“Positive changes in Syria, ”, – said", "“Positive changes in Syria,”, – said"),
            ("He said ”hello” to me", "He said ”hello” to me"),
            ("named “ Boot ”for it", "named “Boot” for it"),
        ],
        "spacing.double-space": [
            ("two  spaces", "two spaces"),
            ("the key ⁇   ⁇ exchange", "the key ⁇ ⁇ exchange"),
            ("OK??:(   `¬´    ):", "OK??:(   `¬´    ):"),
        ],
        "spacing.after-sentence-punctuation": [
            ("the war in Syria.The talks", "the war in Syria. The talks"),
            ("were agreed!Russian forces left", "were agreed! Russian forces left"),
            ("received by Gazeta.Ru, they", "received by Gazeta.Ru, they"),
            ("told URA.RU and BFM.TV", "told URA.RU and BFM.TV"),
            ("the U.S. President, N.I. Pirogov, a Ph.D in Biology", "the U.S. President, N.I. Pirogov, a Ph.D in Biology"),
            ("ordered a Yandex.Taxi and paid 2.5 dollars", "ordered a Yandex.Taxi and paid 2.5 dollars"),
            ("see news.yandex.Ru or example.com/Page.Html", "see news.yandex.Ru or example.com/Page.Html"),
            ("in Syria.Shoigu arrived", "in Syria.Shoigu arrived"),
            (
                "science news, Kostroma.Today reports. It was seen on Channel.Five",
                "science news, Kostroma.Today reports. It was seen on Channel.Five",
            ),
        ],
    }
    EXAMPLES = [pair for pairs in RULE_EXAMPLES.values() for pair in pairs]

    RULES: list[tuple[str, re.Pattern[str], str, str]] = [
        # the sign first, the spaces (group 1) edited: a leading look-behind was tried at every position
        ("spacing.currency", re.compile(r"[$€£¥₽]([ \t]+)(?=\d)"), "", "space after a currency sign"),
        (
            "spacing.before-punctuation",
            # the first space first, then what stands before it (a look-behind first was tried everywhere)
            re.compile(r"[ \t](?<=(?:[^\W\d_]|[)\]”’])[ \t])[ \t]*(?=[,;:!?](?:\s|$)|\.(?:\s|$)(?<!\.\.))"),
            "",
            "space before punctuation",
        ),
    ]

    # Fast paths: what each rule cannot match without (a necessary condition, so outputs are the same),
    # as literal strings, all looked for by one automaton (`_triggered`): the rules' look-behinds are
    # tried at every position, and so was each search for a class of characters (`[$€£¥₽]` took forty
    # times as long as a search for each sign; such searches were a fifth of the pipeline).
    TRIGGERS: dict[str, tuple[str, ...]] = {
        "spacing.currency": tuple("$€£¥₽"),
        "spacing.before-punctuation": tuple(space + mark for space in " \t" for mark in ",;:!?."),
        "spacing.inside-brackets": ("( ", "(\t", "[ ", "[\t", " )", "\t)", " ]", "\t]"),
        "spacing.after-opening-quote": ("“ ", "“\t"),
        "spacing.double-space": ("  ",),
        "spacing.before-closing-quote": (" ”", "\t”"),
        # "Syria.The": a sentence mark, then a capital (`_GLUED_SENTENCE`)
        "spacing.after-sentence-punctuation": tuple(mark + capital for mark in ".!?" for capital in ascii_uppercase),
    }

    @cached_property
    def _trigger_automaton(self) -> KeyAutomaton:
        return KeyAutomaton(key for keys in self.TRIGGERS.values() for key in keys)

    def _triggered(self, text: str) -> set[str]:
        found = self._trigger_automaton.found_keys(text)
        return {rule for rule, keys in self.TRIGGERS.items() if not found.isdisjoint(keys)}

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        edits = []
        triggered = self._triggered(text)
        for rule, pattern, replacement, message in self.RULES:
            if rule not in triggered:
                continue
            group = 1 if pattern.groups else 0  # the part edited
            edits += [
                make_edit(text, m.start(group), m.end(group), replacement, "spacing", rule, message)
                for m in pattern.finditer(text)
            ]
        if "spacing.double-space" in triggered:
            edits += _repeated_spaces(text)
        if "spacing.inside-brackets" in triggered:
            edits += _space_inside_brackets(text)
        if "spacing.after-opening-quote" in triggered or "spacing.before-closing-quote" in triggered:
            edits += _space_inside_quotes(text)
        if "spacing.after-sentence-punctuation" in triggered:
            edits += _space_after_sentence(text, doc.lexicon.grammar)
        # each distinct word asked once (most documents have no fused pair: then no search for them), among
        # the document's distinct words (those of `_FUSED_CANDIDATE` are among them: it has narrower bounds)
        fused = fused_among(doc.words.lower())
        for m in _FUSED_CANDIDATE.finditer(text) if fused else ():
            halves = fused.get(m.group())
            if halves:
                edits.append(
                    make_edit(
                        text,
                        m.start(),
                        m.end(),
                        " ".join(halves),
                        "spacing",
                        "spacing.fused-words",
                        f"two words fused: {halves[0]} + {halves[1]}",
                    )
                )
        return edits


# "Syria.The": a sentence end glued to the next sentence. Both sides must look like
# ordinary words: two lower-case letters before the mark (not U.S., N.I., Ph.D, URA.RU),
# a capitalized common word after it, and the whole token no domain, path or dotted brand.
_GLUED_SENTENCE = re.compile(r"[.!?](?<=[a-z]{2}.)(?=([A-Z][a-z]+)\b)")  # the mark first: a fast scan for it
NEXT_WORD_MIN_ZIPF = 3.0  # the word after the mark must be common English ("The", "Russian"), not a brand part
LONGEST_WORD = 64  # a longer run before the mark is no word (and copying it for every mark would be quadratic)


def _space_after_sentence(text: str, grammar: dict[str, set[str]]) -> list[Edit]:
    marks = _GLUED_SENTENCE.finditer(text)
    first = next(marks, None)
    if first is None:  # most texts: no word list to prepare
        return []
    suffixes = {s.lower() for s in grammar.get("domain_suffixes", set())}
    dotted = grammar.get("dotted_names", set())
    edits = []
    blank, scanned = -1, 0  # the last space, tab or line break before the match (searched forward: linear)
    for m in chain([first], marks):
        blank = max(blank, *(text.rfind(c, scanned, m.start()) for c in " \t\n"))
        scanned = m.start()
        token_start = blank + 1
        if m.start() - token_start > LONGEST_WORD:
            continue
        left = text[token_start : m.start()]
        after = text[m.end(1) : m.end(1) + 2]
        word = m.group(1)
        if any(c in left for c in "./@:\\") or not left.isalpha() or left in dotted:
            continue
        if word.lower() in suffixes or (after[:1] in "./@" and after[1:2].isalnum()):
            continue
        if common_zipf(word.lower()) < NEXT_WORD_MIN_ZIPF:
            continue
        edits.append(
            make_edit(
                text,
                m.end(),
                m.end(),
                " ",
                "spacing",
                "spacing.after-sentence-punctuation",
                "no space after the end of a sentence",
            )
        )
    return edits


def _space_inside_quotes(text: str) -> list[Edit]:
    """Spaces inside a curly quotation pair go: `“ We agreed ”` → `“We agreed”`.

    Only marks that pair by nesting are read (`„load“ koji`: that `“` closes, its space stays).
    A quotation glued to the words outside it (`but“ Legion ”is`) had its spaces on the wrong
    side: they move outside the marks instead of vanishing.
    """
    edits = []
    for start, end in lines(text):
        pairs, _ = quote_pairs(text, start, end)
        for pair in pairs:
            if text[pair.open] != "“" or text[pair.close] != "”":
                continue
            gap = _spaces_after(text, pair.open + 1)
            if gap > pair.open + 1 and gap < pair.close and text[gap].isalnum():
                glued = pair.open > start and text[pair.open - 1].isalnum()
                if glued:
                    edits.append(
                        _edit(
                            text,
                            pair.open,
                            gap,
                            " “",
                            "spacing.after-opening-quote",
                            "space inside, not before, an opening quote",
                        )
                    )
                else:
                    edits.append(
                        _edit(text, pair.open + 1, gap, "", "spacing.after-opening-quote", "space after an opening quote")
                    )
            first = _spaces_before(text, pair.close)
            if pair.open + 1 < first < pair.close and not text[first - 1].isspace():
                glued = pair.close + 1 < end and text[pair.close + 1].isalnum()
                if glued:
                    edits.append(
                        _edit(
                            text,
                            first,
                            pair.close + 1,
                            "” ",
                            "spacing.before-closing-quote",
                            "space inside, not after, a closing quote",
                        )
                    )
                else:
                    edits.append(
                        _edit(text, first, pair.close, "", "spacing.before-closing-quote", "space before a closing quote")
                    )
    return edits


# What may stand inside brackets whose inner spaces are an artifact: prose, not ( o¬ô ) or ( ͡° ͜ʖ ͡°).
_PROSE_IN_BRACKETS = re.compile(r"[\w \t.,;:!?'’\"“”«»„%$€£₽&/+–—-]+")


def _space_inside_brackets(text: str) -> list[Edit]:
    """`( Kremlin )` → `(Kremlin)`, for brackets that pair on their line and hold prose."""
    edits = []
    for start, end in lines(text):
        for pair in bracket_pairs(text, start, end):
            inner = text[pair.open + 1 : pair.close]
            if not inner.strip() or not _PROSE_IN_BRACKETS.fullmatch(inner):
                continue
            gap = _spaces_after(text, pair.open + 1)
            if gap > pair.open + 1 and text[gap].isalnum():  # \w, but not "_"
                edits.append(_edit(text, pair.open + 1, gap, "", "spacing.inside-brackets", "space inside brackets"))
            first = _spaces_before(text, pair.close)
            if first < pair.close and text[first - 1].isalnum() and first > pair.open + 1:
                edits.append(_edit(text, first, pair.close, "", "spacing.inside-brackets", "space inside brackets"))
    return edits


_REPEATED = re.compile(r"(?<=\S) {2,}(?=\S)")
LAYOUT_RUN = 3  # a run this long between two keyboard signs is alignment or a drawing (`OK??:(   `), not a slip


def _repeated_spaces(text: str) -> list[Edit]:
    """`two  spaces` → `two spaces`; a long run between two signs of the keyboard (ASCII or
    Latin-1 punctuation: emoticons, ASCII art, leetspeak) is layout and stays."""
    edits = []
    for m in _REPEATED.finditer(text):
        left, right = text[m.start() - 1], text[m.end()]
        if len(m.group()) >= LAYOUT_RUN and _keyboard_sign(left) and _keyboard_sign(right):
            continue
        edits.append(_edit(text, m.start(), m.end(), " ", "spacing.double-space", "repeated spaces"))
    return edits


def _keyboard_sign(ch: str) -> bool:
    return ord(ch) < 0x100 and not ch.isalnum()


def _spaces_after(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _spaces_before(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos


def _edit(text: str, start: int, end: int, replacement: str, rule: str, message: str) -> Edit:
    return make_edit(text, start, end, replacement, "spacing", rule, message)
