"""Fast paths give exactly what the slow path gives, on seeds with faults injected at random places."""

from __future__ import annotations

import random
import re

import pytest

from normalizer import Normalizer
from normalizer.edits import Protected
from normalizer.stages import Doc
from normalizer.stages.grammar import _article, _article_matches
from normalizer.stages.spacing import SpacingStage
from normalizer.text import _PROTECTED_PARTS, _protected_pattern, pattern_spans

from .conftest import seed_paths

_PROTECTED = _protected_pattern((True,) * len(_PROTECTED_PARTS))  # every part: what pattern_spans must equal

NOISE = [
    " ,", " .", "  ", "( ", "[ ", " )", " ]", "“ ", " ”", "$ 5", "€ 3", "\t;", " !", "Syria.The", "“x ”",
    " a ", " an ", "A ", ". A ", "“A ", "(an ", "\nA ", "! An ", ".” A ", " a\t", "vitamin a and", "-a ", "an apple",
    " http://x.org/a.b, ", "www.example.com.", " a.b+c@mail.ru ", "`code`", " 12.5 ", "S-400", "ftp://h/x)", "@", "`",
]  # fmt: skip


def noisy_texts(count: int = 1500) -> list[str]:
    lines = [line for p in seed_paths() for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(2026)
    out = []
    for _ in range(count):
        text = " ".join(rng.choice(lines) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(0, 5)):
            k = rng.randrange(len(text) + 1)
            text = text[:k] + rng.choice(NOISE) + text[k:]
        out.append(text)
    return out


TEXTS = noisy_texts()


def test_article_candidates_find_every_match_of_the_full_pattern():
    for text in TEXTS:
        assert [m.span() + m.groups() for m in _article_matches(text)] == [
            m.span() + m.groups() for m in _article().finditer(text)
        ]


def test_protected_spans_without_absent_alternatives_are_the_same():
    for text in TEXTS:
        assert pattern_spans(text) == [m.span() for m in _PROTECTED.finditer(text)]


def test_e_mail_addresses_found_from_the_start_of_a_run_are_the_same():
    """The look-behind that keeps one long token linear finds what the unanchored pattern found."""
    unanchored = re.compile(_PROTECTED.pattern.replace(r"(?<![\w.+-])", "", 1))
    assert unanchored.pattern != _PROTECTED.pattern
    texts = [*TEXTS, "write to a.b+c@mail.ru or x_y@z-q.example.org.", "(see:ivan.petrov@gov.ru)"]
    assert sum("@" in t for t in texts) > 50
    for text in texts:
        assert [m.span() for m in _PROTECTED.finditer(text)] == [m.span() for m in unanchored.finditer(text)]


def test_spacing_triggers_never_hide_an_edit(monkeypatch: pytest.MonkeyPatch):
    n = Normalizer()
    docs = [Doc(t, Protected(), n.lexicon, n.casing) for t in TEXTS]
    fast = [SpacingStage().propose(d) for d in docs]
    monkeypatch.setattr(SpacingStage, "_triggered", lambda self, text: set(SpacingStage.TRIGGERS))
    slow = [SpacingStage().propose(d) for d in docs]
    assert fast == slow
    assert sum(map(len, fast)) > 100  # the noise did give the rules something to do


# the searches each spacing rule was gated by before its literal keys were (`SpacingStage.TRIGGERS`)
_FORMER_SPACING_TRIGGERS = {
    "spacing.currency": re.compile(r"[$€£¥₽]"),
    "spacing.before-punctuation": re.compile(r"[,;:!?.](?<=[ \t].)"),
    "spacing.inside-brackets": re.compile(r"[()\[\]](?:(?<=[(\[])(?=[ \t])|(?<=[ \t][)\]]))"),
    "spacing.after-opening-quote": re.compile(r"“[ \t]"),
    "spacing.double-space": re.compile(r"  "),
    "spacing.before-closing-quote": re.compile(r"”(?<=[ \t].)"),
    "spacing.after-sentence-punctuation": re.compile(r"[.!?](?=[A-Z])"),  # `_GLUED_SENTENCE` needs both
}


def test_space_before_punctuation_searched_from_the_space_finds_what_the_look_behind_first_found():
    rule = dict((r, p) for r, p, _, _ in SpacingStage.RULES)["spacing.before-punctuation"]
    former = re.compile(r"(?<=[^\W\d_]|[)\]”’])[ \t]+(?=[,;:!?](?:\s|$)|\.(?:\s|$)(?<!\.\.))")
    rng = random.Random(20)
    pieces = ["a", " ", "\t", ",", ".", "..", ")", "]", "”", "’", "1", "_", "é", "\n", "!", ":", "?", ";"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(50000))]
    found = [[m.span() for m in rule.finditer(t)] for t in texts]
    assert found == [[m.span() for m in former.finditer(t)] for t in texts]
    assert sum(map(len, found)) > 500


def test_spacing_keys_found_by_one_automaton_trigger_the_rules_their_searches_triggered(monkeypatch):
    """`SpacingStage._triggered` (one automaton of literal keys) names the rules the former searches named,
    on random texts of the marks, spaces and letters involved; in pieces cut anywhere too."""
    import normalizer.automaton as automaton

    rng = random.Random(14)
    pieces = [",", ".", ";", ")", "]", "(", "[", "“", "”", " ", "\t", "a", "\n", "!", "?", ":", "$", "₽", "T", "  ", "x"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(20000))]
    stage = SpacingStage()
    assert set(stage.TRIGGERS) == set(_FORMER_SPACING_TRIGGERS)
    for text in texts:
        assert stage._triggered(text) == {r for r, p in _FORMER_SPACING_TRIGGERS.items() if p.search(text)}, repr(text)
    for chunk in (1, 3, 7):
        monkeypatch.setattr(automaton, "PRESENCE_CHUNK", chunk)
        for text in texts[:3000]:
            assert stage._triggered(text) == {r for r, p in _FORMER_SPACING_TRIGGERS.items() if p.search(text)}, repr(text)
    assert sum(bool(stage._triggered(t)) for t in texts) > 10000


def test_typographic_punctuation_alone_never_needs_ftfy():
    """The encoding stage skips lines whose only non-ASCII characters are – — ‘ ’ “ ” …: ftfy must leave them as they are."""

    from normalizer.stages.encoding import _NEEDS_FTFY, _ftfy

    rng = random.Random(9)
    marks = "–—‘’“”…"
    ascii_pieces = ["a", "A", " ", ".", "'", '"', "-", "x1", "&", ";", "#", "\t"]
    lines = ["".join(rng.choice([*marks, *ascii_pieces]) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    lines += [a + b for a in marks for b in marks] + [f"w{a}{b}x" for a in marks for b in marks]
    for line in lines:
        if _NEEDS_FTFY.search(line):
            continue
        assert _ftfy()(line)[0] == line, ascii(line)


def test_lines_needing_ftfy_are_those_a_search_of_every_line_finds():
    """The encoding stage searches the whole text for what may need ftfy and takes the lines holding
    it: the lines the former search of each line (between CR or LF breaks) with the former pattern chose."""
    from normalizer.stages.encoding import _lines_needing_ftfy

    former = re.compile(r"[^\x09\x0a\x20-\x7e–—‘’“”…]|&[#\w]+;")
    between_breaks = re.compile(r"[^\r\n]+")
    rng = random.Random(2)
    pieces = ["a", "&", "&amp;", "&#39;", ";", "#", "\r", "\n", "\r\n", "é", "“", "’", "\x07", "\t", " ", "x", "&a", "Ã©"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000))]
    chosen = 0
    for text in texts:
        expected = [m.span() for m in between_breaks.finditer(text) if former.search(m.group())]
        assert list(_lines_needing_ftfy(text)) == expected, repr(text)
        chosen += len(expected)
    assert chosen > 1000


def test_patterns_searched_for_their_first_character_find_what_their_former_forms_found():
    """The protected numbers, dotted site names and article words are searched for their first character,
    then the look-behind or word boundary: the spans of the former patterns, which started with it."""
    from normalizer.text import _DOTTED_NAME, SENTENCE_OPENERS, site_names

    numbers = re.compile(_PROTECTED_PARTS[-1][0])
    former_numbers = re.compile(r"(?<![\w-])\d+(?:[.,:/]\d+)*(?![\w-])")
    former_dotted = re.compile(r"(?<![\w.@/-])[A-Z][\w-]*(?:\.[A-Za-z][\w-]*)+(?![\w@/-])")
    rng = random.Random(3)
    pieces = ["1", "23", ".", ",", ":", "/", "-", "a", "A", "Ab", "x", " ", "@", "_", "\n", "é", "٣", "Ⅻ", "U", "S"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000))]
    found = 0
    for text in texts:
        for pattern, former in ((numbers, former_numbers), (_DOTTED_NAME, former_dotted)):
            expected = [m.span() for m in former.finditer(text)]
            assert [m.span() for m in pattern.finditer(text)] == expected, text
            found += len(expected)
        names = [m.span() for m in former_dotted.finditer(text) if not SENTENCE_OPENERS & set(m.group().split(".")[1:])]
        assert site_names(text) == names, text  # and the quick test for a dot before a letter skips none
    assert found > 1000
    from normalizer.stages.grammar import _article_starts

    former_article = re.compile(r"\b[aA]n?[ \t]")
    pieces = ["a", "A", "an", "An", " ", "\t", "x", "_", "1", "é", "\n", "n", "-", "Russia", "Iran", "aa"]
    for text in [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000))]:
        assert list(_article_starts(text)) == [m.start() for m in former_article.finditer(text)], text


def test_character_stage_finds_odd_spaces_and_quote_lines_as_before():
    """The odd-space pattern starts with the space (then its look-behind), and the quote repair reads only
    the lines `text.lines_holding` a straight quote: what the former pattern and a visit of every line found."""
    from normalizer.stages.encoding import CharacterStage
    from normalizer.text import lines, lines_holding

    former = re.compile(r"(?<=[.!?])[\u00a0\u202f\u2007](?=[“\"(]?[A-Z])")
    rng = random.Random(4)
    pieces = ['"', "a", "\n", "\n\n", ".", "!", "\u00a0", "\u202f", "“", "(", "A", " ", "x"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000))]
    found = 0
    for text in texts:
        expected = [m.span() for m in former.finditer(text)]
        assert [m.span() for m in CharacterStage._ODD_SPACE.finditer(text)] == expected, repr(text)
        quoted = [(start, end) for start, end in lines(text) if '"' in text[start:end]]
        assert list(lines_holding(text, '"')) == quoted, repr(text)
        found += len(expected) + len(quoted)
    assert found > 1000


def test_boilerplate_lines_gated_by_one_pattern_are_those_the_rules_remove_one_by_one(monkeypatch):
    """A line is tried against each boilerplate rule only where one pattern made of all of them matches
    it: the edits are those of trying every rule on every line."""
    import normalizer.stages.boilerplate as boilerplate

    monkeypatch.setattr(boilerplate.BoilerplateStage, "GATE_AFTER", 0)  # gated from the first line
    normalizer = Normalizer()
    rules = normalizer.lexicon.boilerplate
    assert boilerplate._any_rule(rules) is not None  # the shipped rules can be gated
    examples = [e.text for rule in rules for e in rule.examples]
    lines = [line for text in TEXTS[:200] for line in text.split("\n")]
    rng = random.Random(6)
    texts = ["\n".join(rng.sample(examples + lines, 12)) for _ in range(400)]

    def edits() -> list[list[tuple[int, int, str, str]]]:
        stage = boilerplate.BoilerplateStage()  # a new one: a stage keeps the gate it made
        docs = [Doc(text, Protected(), normalizer.lexicon, normalizer.casing) for text in texts]
        return [sorted((e.start, e.end, e.replacement, e.rule) for e in stage.propose(doc)) for doc in docs]

    gated = edits()
    monkeypatch.setattr(boilerplate, "_any_rule", lambda rules: None)
    assert edits() == gated
    assert sum(1 for found in gated for e in found if e[3].startswith("lexicon:")) > 100


def test_doubled_word_pair_check_lets_through_every_text_the_pattern_repairs(monkeypatch):
    """`grammar._pair_possible` skips the doubled-word pattern only where it finds nothing: its list of
    other whitespace is every character ``\\s`` matches but the space and the line break, and on
    texts with all kinds of whitespace and pairs the edits are those of the pattern alone."""
    import sys

    import normalizer.stages.grammar as grammar

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))}
    assert set(grammar._OTHER_WHITESPACE) == spaces - {" ", "\n"}
    lexicon = Normalizer().lexicon.grammar
    doubled, particles = lexicon["doubled_words"], lexicon["doubled_particles"]
    rng = random.Random(8)
    pieces = ["the", "The", "in", "at", "a", "A", "Moscow", "said", " ", " ", "  ", "\n", "\t", "\xa0", "\u2009", ".", ",", "é"]
    texts = [*TEXTS, *(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(5000))]

    def edits() -> list[list[tuple[int, int]]]:
        return [[(e.start, e.end) for e in grammar._doubled(text, doubled, particles)] for text in texts]

    checked = edits()
    assert sum(map(len, checked)) > 500
    texts.append("\n".join(texts[: len(TEXTS)]))  # one long text, searched a piece at a time below
    checked = edits()
    for chunk in (7, 64, 1 << 20):  # the pieces both the check and the pattern lower and search
        monkeypatch.setattr(grammar, "DOUBLED_CHUNK", chunk)
        monkeypatch.setattr(grammar, "PRESENCE_CHUNK", max(1, chunk // 3))  # the automaton's pieces of a piece
        assert edits() == checked, chunk
    monkeypatch.setattr(grammar, "_pair_possible", lambda text, words: True)
    assert edits() == checked


def test_month_and_title_searches_from_a_space_find_the_edits_of_the_former_searches(monkeypatch):
    """Months and titles are searched after whitespace (the month) or a space (the title), as both rules
    need: the edits equal those of the former patterns, which started with the word itself."""
    import normalizer.stages.term_case as term_case
    from normalizer.casing import LazyCaseEvidence

    casing = Normalizer().casing
    months, titles = tuple(sorted(casing.months)), tuple(sorted(casing.titles))
    rng = random.Random(10)
    pieces = ["on", "in", "12", "3rd", "may", "May", "june", "mayor", "president", "President", "vice", "prime", "minister"]
    pieces += ["Ivan", "Petrov", "Bashar", "Assad", "the", "club's", " ", "  ", "\n", "\xa0", "\t", ",", ".", "x", "2020"]
    texts = [*TEXTS, *(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(6000))]
    for _ in range(1000):  # the document writes the title capitalized before the name elsewhere
        noise = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(2)]
        texts.append(f"Talks with President Bashar Assad. {noise[0]} president Bashar Assad said{noise[1]}.")

    def edits() -> list[list[tuple[int, int, str]]]:
        return [
            [(e.start, e.end, e.replacement) for e in term_case.month_edits(text, casing)]
            + [(e.start, e.end, e.replacement) for e in term_case.usage_title_edits(text, casing, LazyCaseEvidence(text))]
            for text in texts
        ]

    found = edits()
    former_month = re.compile(term_case._trie(list(months)))
    former_title = re.compile("(?:" + term_case._trie(list(term_case._title_forms(titles))) + r") (?=[A-Z][a-z]+ [A-Z][\w-]+)")

    def former_month_places(text, _months):  # the former pattern's matches not inside a word
        return [m.span() for m in former_month.finditer(text) if not m.start() or not term_case.is_word_char(text[m.start() - 1])]

    monkeypatch.setattr(term_case, "_month_places", former_month_places)
    monkeypatch.setattr(
        term_case, "_title_places", lambda text, _, runs=None: [m.start() - 1 for m in former_title.finditer(text)]
    )
    assert edits() == found
    replacements = [r for edits_of_text in found for _, _, r in edits_of_text]
    assert sum(r in ("May", "June") for r in replacements) > 100 and sum(r == "President" for r in replacements) > 50


def test_sentence_end_and_last_word_tests_equal_the_regular_expressions():
    """The end-anchored tests of sentence-case, done from the end of the span, agree with the patterns they replace."""
    from normalizer.stages.sentence_case import _SENTENCE_END, _last_word_lower, _sentence_end

    rng = random.Random(5)
    pieces = ["a", "Ab", "word", "J", " ", "  ", "\t", ".", "..", "…", "!", "?", "”", '"', "’", "'", ")", "]", "»", "5", "_", "-"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert _sentence_end(text, start, end) == bool(_SENTENCE_END.search(text, start, end)), (text, start, end)
        last = re.search(r"[^\W\d_]+$", text)
        for function_words in ({"a"}, {"a", "ab", "word"}):
            longest = max(map(len, function_words))
            expected = last is not None and last.group().lower() in function_words
            assert (_last_word_lower(text, longest) in function_words) == expected, (text, function_words)


def test_lazy_evidence_counts_asked_words_as_the_whole_text_does():
    """Counting only the lines that hold an asked word gives that word the counts of the whole-text count."""
    from normalizer.casing import CaseEvidence, LazyCaseEvidence

    text = "\n".join(p.read_text(encoding="utf-8") for p in seed_paths()) + "\nİstanbul Meeting. The Meeting was long.\n"
    whole = CaseEvidence().add_text(text)
    lazy = LazyCaseEvidence(text)
    for word in sorted(set(whole.title) | set(whole.lower) | {"meeting", "istanbul", "nothing"}):
        assert lazy.verdict(word) == whole.verdict(word), word
        assert (lazy.title[word], lazy.lower[word]) == (whole.title[word], whole.lower[word]), word


@pytest.mark.parametrize("look_back", [200, 12])
def test_lazy_evidence_counts_each_use_where_sentences_may_end(monkeypatch, look_back):
    """Uses judged without the sentence split (no ``.?!`` near them) and with it: counts equal to the whole
    text's, on noisy texts and on random lines of abbreviations, quotes, brackets, numbers, words glued to
    digits and hyphens, where Punkt's boundaries fall anywhere (no İ here: it makes every line counted)."""
    import normalizer.casing as casing
    from normalizer.casing import CaseEvidence, LazyCaseEvidence

    monkeypatch.setattr(casing, "SEARCH_BUDGET", 10**9)  # never fall back to counting every line
    monkeypatch.setattr(casing, "READ_BUDGET", 10**9)
    monkeypatch.setattr(casing, "LOOK_BACK", look_back)  # 12: the window often starts inside a word
    monkeypatch.setattr(casing, "LONG_LINE", look_back)  # lines that keep their sentence split
    rng = random.Random(5)
    pieces = (
        "But but Now now about known Meeting meeting Mr. U.S. e.g. 3.5 3but but3 x-but but-y But-Now don't “But (but"
        ' but) But. now! But? "Now" I. the A said Moscow ½but but_x … -- But,'
    ).split()
    lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(600)]
    for text in ("\n".join(TEXTS[:200]), "\n".join(lines), "\n".join(lines).replace(" ", "  "), " ".join(lines)):
        whole = CaseEvidence().add_text(text)
        lazy = LazyCaseEvidence(text)
        asked = sorted(set(whole.title) | set(whole.lower) | {"but", "now", "meeting", "nothing"})
        for word in asked:
            assert lazy.verdict(word) == whole.verdict(word), word
        for word in asked:
            assert (lazy.title[word], lazy.lower[word]) == (whole.title[word], whole.lower[word]), word
        assert not lazy._all


def test_candidate_lines_of_sentence_case_are_those_of_one_alternation():
    """Line openings found after each break (and on the first line) mark the lines `(?:^|end)…[a-z]` marks."""
    from bisect import bisect_right

    from normalizer.stages.sentence_case import candidate_lines

    one = re.compile(r"(?:^|[.!?][”\"’')\]»]*[^\S\n]+) ?[“\"‘'(«\[]*[a-z]", re.MULTILINE)
    rng = random.Random(11)
    pieces = ["a", "B", "word", " ", "\n", "\n\n", ".", "!", "?", "”", "“", '"', "(", "«", "[", "'", "\t", "e.g."]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(3000))]
    for text in texts:
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        expected = sorted({bisect_right(starts, m.start()) - 1 for m in one.finditer(text)})
        assert candidate_lines(text, starts) == expected, repr(text)


def test_the_spellings_looked_for_are_every_one_that_counts():
    """`_spellings` lists every capital whose lower case begins a word (checked against all of Unicode),
    and the evidence counts words written with the odd ones (Kelvin sign, İ, ẞ, Σ) as the whole text
    does, each by its own search: none of them makes it count every line."""
    import sys

    import normalizer.casing as casing
    from normalizer.casing import CaseEvidence, LazyCaseEvidence

    capitals: dict[str, set[str]] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isupper() and char.lower() != char:
            capitals.setdefault(char.lower(), set()).add(char)
    for head, expected in capitals.items():
        found = {w[0] for w in casing._spellings(head + "xy")[1:] if w[1:] == "xy"}
        assert found == expected, head
    odd = "the \u212aelvin said, a Kelvin and kelvin; the İstanbul office; İstanbul; the ẞtraße and Straße; the Σας and σας"
    text = "\n".join([*TEXTS[:50], odd, odd.upper(), "Then a " + odd])
    whole = CaseEvidence().add_text(text)
    for word in sorted(set(whole.title) | set(whole.lower) | {"kelvin", "i̇stanbul", "ßtraße", "σας", "nothing"}):
        lazy = LazyCaseEvidence(text)
        assert lazy.verdict(word) == whole.verdict(word), word
        assert (lazy.title[word], lazy.lower[word]) == (whole.title[word], whole.lower[word]), word
        assert not lazy._all, word


def test_pieces_give_what_the_whole_text_gives(monkeypatch):
    """Lowering, scanning with an automaton and collecting words a piece at a time (memory on one large
    file) give what one call on the whole text gives, with pieces cut anywhere."""
    import normalizer.automaton as automaton
    import normalizer.stages.names as names
    import normalizer.text as text_module

    text = "\n".join(TEXTS[:200]) + "\nİstanbul Ωmega ΣΑΣ Straße astanaTV vAZ-1 Kelvin\u212a\n"
    words = set(re.findall("[A-Za-z]+", text))
    plain = text.replace("İ", "I").replace("Σ", "S")  # lowering keeps its length and needs no context
    keys = {"the", "in", "meeting", "ab", "s", "the meeting", "istanbul ωmega", "straße", "astanatv"}
    whole = plain.lower()
    expected = {k: [m.start() for m in re.finditer(f"(?={re.escape(k)})", whole)] for k in keys}
    automaton_keys = ("the", "in", "Meeting", "ab", "s", "ΣΑΣ", "İstanbul")
    every = sorted((m.start(), len(k)) for k in automaton_keys for m in re.finditer(f"(?={re.escape(k)})", text))
    for chunk in (1, 7, 64, 1000):
        monkeypatch.setattr(text_module, "LOWER_CHUNK", chunk)
        monkeypatch.setattr(automaton, "AUTOMATON_CHUNK", chunk)
        monkeypatch.setattr(text_module, "WORDS_CHUNK", chunk)
        assert text_module.lower_text(text) == text.lower()
        assert text_module.lower_text(text.replace("Σ", "S")) == text.replace("Σ", "S").lower()
        assert sorted(automaton.KeyAutomaton(automaton_keys).matches(text)) == every, chunk
        monkeypatch.setattr(names, "POSITIONS_CHUNK", chunk)
        for keep_below in (1 << 20, 0):  # a short text's sets, kept; a long text's joined words, chunked
            monkeypatch.setattr(text_module, "KEEP_WORDS_BELOW", keep_below)
            found = text_module.AsciiWords(text)
            assert found.tokens() == words and found.folded() == {w.lower() for w in words}
            assert sorted(found.mixed()) == sorted(w for w in words if w[0].islower() and not w.islower())
            assert found.capitalized() == {w for w in words if not w.islower()}
            assert found.lower() == {w for w in words if w.islower()}
        for few_keys in (0, len(keys) + 1):  # an automaton; a `str.find` scan for each key
            monkeypatch.setattr(names, "FEW_KEYS", few_keys)
            assert names._positions(plain, keys) == {k: v for k, v in expected.items() if v}, chunk
            assert names._positions(text.replace("Σ", "S"), keys) is None  # İ grows when lowered: no index
            sigma = text.replace("İ", "I")  # a capital sigma: lowered whole, by its context
            lowered = sigma.lower()
            in_sigma = {k: [m.start() for m in re.finditer(f"(?={re.escape(k)})", lowered)] for k in keys | {"σας"}}
            assert names._positions(sigma, keys | {"σας"}) == {k: v for k, v in in_sigma.items() if v}
    for chunk in (1, 2, 7, 1 << 20):  # lines split a chunk at a time
        monkeypatch.setattr(text_module, "LINES_CHUNK", chunk)
        for sample in ("", "\n", "a", "a\n", "a\n\nbb\n", "\n\nx", text):
            expected = [(s, s + len(line)) for s, line in _split_lines(sample)]
            assert list(text_module.lines(sample)) == expected
            assert list(text_module.LineSpans(sample)) == expected, chunk
            assert text_module.line_starts(sample) == [s for s, _ in expected], chunk


def test_doubled_words_and_fused_words_found_a_piece_at_a_time(monkeypatch):
    """The doubled-word search (on the lower-cased text) and the document's words (where the fused-word
    candidates are looked for) are collected a piece of lines at a time; cut every few characters,
    they give the edits of one piece."""
    import normalizer.stages.grammar as grammar
    import normalizer.text as text_module
    from normalizer.stages.grammar import GrammarStage

    tricky = "He said the the talks in in in Moscow\nin\nin the\nSΣ the the ΣΑΣ andcalled them; looked at at the station"
    text = "\n".join([*TEXTS[:300], tricky, tricky.upper()])
    normalizer = Normalizer()
    stages = [s for s in normalizer.stages if isinstance(s, GrammarStage | SpacingStage)]
    doc = Doc(text, Protected(), normalizer.lexicon, normalizer.casing)
    whole = [sorted((e.start, e.end, e.replacement, e.rule) for e in stage.propose(doc)) for stage in stages]
    assert any("grammar.doubled-word" in str(key) for key in whole[1]) and any("fused" in str(key) for key in whole[0])
    for chunk in (1, 7, 64):
        monkeypatch.setattr(grammar, "DOUBLED_CHUNK", chunk)
        monkeypatch.setattr(grammar, "PRESENCE_CHUNK", max(1, chunk // 3))  # the automaton's pieces of a piece
        monkeypatch.setattr(text_module, "WORDS_CHUNK", chunk)
        doc = Doc(text, Protected(), normalizer.lexicon, normalizer.casing)
        assert [sorted((e.start, e.end, e.replacement, e.rule) for e in stage.propose(doc)) for stage in stages] == whole, chunk


def test_fused_words_looked_for_among_the_document_words_are_those_the_candidate_pattern_finds():
    """The fused-word rule asks about the document's distinct words (`text.AsciiWords`, runs of ASCII
    letters) instead of `_FUSED_CANDIDATE`'s matches, which have narrower bounds (``well-andcalled``,
    ``andcalled’s``, ``_andthe``): its edits are those of asking about the pattern's matches."""
    from normalizer.stages.spacing import _FUSED_CANDIDATE, split_fused

    rng = random.Random(5)
    pieces = ["andcalled", "andthe", "withthe", "fromthe", "the", "talks", "-", "’", "'", "_", "x", "2", " ", " ", "\n", "“", "é"]
    texts = [*TEXTS[:300], *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000))]
    stage = SpacingStage()
    normalizer = Normalizer()
    made = 0
    for text in texts:
        doc = Doc(text, Protected(), normalizer.lexicon, normalizer.casing)
        found = sorted((e.start, e.end, e.replacement) for e in stage.propose(doc) if e.rule == "spacing.fused-words")
        expected = sorted(
            (m.start(), m.end(), " ".join(halves)) for m in _FUSED_CANDIDATE.finditer(text) if (halves := split_fused(m.group()))
        )
        assert found == expected, text
        made += len(found)
    assert made > 1000


def test_fused_splits_remembered_across_documents_are_those_asked_afresh(monkeypatch):
    """`spacing.fused_among` asks `split_fused` only about words it has not met; with a memory of a few
    words, cleared and refilled many times, every answer is still that of asking afresh."""
    import normalizer.stages.spacing as spacing

    monkeypatch.setattr(spacing, "FUSED_MEMORY", 7)
    monkeypatch.setattr(spacing, "_asked", set())
    monkeypatch.setattr(spacing, "_splits", {})
    rng = random.Random(11)
    vocabulary = ["andcalled", "andthe", "withthe", "talks", "meeting", "the", "fromthe", "andiron", "moscow", "thatthe"]
    found = 0
    for _ in range(300):
        words = set(rng.sample(vocabulary, rng.randint(0, 6)))
        expected = {w: halves for w in words if (halves := spacing.split_fused(w))}
        assert spacing.fused_among(words) == expected, words
        found += len(expected)
    assert found > 100


def test_lower_case_acronym_places_found_by_scans_or_an_automaton_are_the_same(monkeypatch):
    """`term_case._occurrences` scans for each of a few keys and builds an automaton for more: both give
    every start of every key, overlapping ones too."""
    import normalizer.stages.term_case as term_case

    rng = random.Random(12)
    keys = [" nato", " us", " u", " covid", " nat", " fsb"]
    pieces = ["nato", "us", "u", "covid", " ", "  ", "fsb", "x", "\n", "NATO", "é"]
    texts = [*TEXTS[:300], *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(3000))]
    scanned = [term_case._occurrences(text, keys) for text in texts]
    monkeypatch.setattr(term_case, "FEW_KEYS", 0)
    assert [term_case._occurrences(text, keys) for text in texts] == scanned
    assert sum(map(len, scanned)) > 1000


def test_title_modifier_gate_lets_through_every_title_the_former_gate_repaired(monkeypatch):
    """The modifier gate looks ahead for a capital or another modifier: the title edits equal those
    of the former gate, a modifier between two spaces."""
    import normalizer.stages.term_case as term_case
    from normalizer.casing import LazyCaseEvidence

    casing = Normalizer().casing
    rng = random.Random(13)
    pieces = ["defense", "Defense", "foreign", "Foreign", "deputy", "prime", "Minister", "minister", "President", "of"]
    pieces += ["Russia", "Sergei", "Shoigu", "Lavrov", "the", "said", "economic", "development", " ", "\n", ",", "é", "Ivan"]
    texts = [*TEXTS, *(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(6000))]

    def edits() -> list[list[tuple[int, int, str]]]:
        return [[(e.start, e.end, e.replacement) for e in term_case.title_edits(t, casing, LazyCaseEvidence(t))] for t in texts]

    gated = edits()
    modifiers = tuple(sorted(casing.title_modifiers))
    between_spaces = re.compile(" " + term_case._trie(list(modifiers)) + " ")
    monkeypatch.setattr(
        term_case, "_modifier_places", lambda text, _, runs=None: [m.start() for m in between_spaces.finditer(text)]
    )
    assert edits() == gated
    assert sum(map(len, gated)) > 200


def test_title_and_modifier_places_found_among_the_words_are_those_their_patterns_find():
    """`term_case._spaced_words` (a scan for each word between spaces that is one of the text's runs)
    gives the starts the patterns it replaced find, with and without the runs given."""
    import normalizer.stages.term_case as term_case
    from normalizer.text import AsciiWords

    casing = Normalizer().casing
    modifiers, titles = tuple(sorted(casing.title_modifiers)), tuple(sorted(casing.titles))
    trie = term_case._trie(list(modifiers))
    modifier_gate = re.compile(f" {trie} (?=[A-Z]|(?i:{trie}))")
    title_pattern = re.compile(" (?:" + term_case._trie(list(term_case._title_forms(titles))) + r")(?= [A-Z][a-z]+ [A-Z][\w-]+)")
    rng = random.Random(19)
    pieces = ["defense", "Defense", "foreign", "deputy", "prime", "Minister", "minister", "president", "President", "Presidents"]
    pieces += ["Sergei", "Shoigu", "Ivan", "the", "of", "x", "é", "Éric", "-", " ", " ", " ", "  ", "\n", ",", "\t"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(8000))]
    shown = 0
    for text in texts:
        runs = AsciiWords(text).tokens()
        modifier_starts = [m.start() for m in modifier_gate.finditer(text)]
        title_starts = [m.start() for m in title_pattern.finditer(text)]
        assert term_case._modifier_places(text, modifiers) == modifier_starts == term_case._modifier_places(text, modifiers, runs)
        assert term_case._title_places(text, titles) == title_starts == term_case._title_places(text, titles, runs)
        shown += bool(modifier_starts) + bool(title_starts)
    assert shown > 500
    others = ("deputy", "vice-", "état", "x_y")  # words that are no run of ASCII letters are always looked for
    trie = term_case._trie(list(others))
    gate = re.compile(f" {trie} (?=[A-Z]|(?i:{trie}))")
    parts = [" vice- ", " état ", " x_y ", " deputy ", "Minister", "état", " ", "a"]
    texts = ["".join(rng.choice(parts) for _ in range(12)) for _ in range(3000)]
    for text in texts:
        runs = AsciiWords(text).tokens()
        assert term_case._modifier_places(text, others, runs) == [m.start() for m in gate.finditer(text)], repr(text)


def test_country_article_found_from_the_article_is_what_one_pattern_finds():
    """`_country_article` finds ``the`` and the country first, then the preposition before it: the same
    edits as the one pattern that began with the preposition (and its word boundary)."""
    from normalizer.stages.grammar import _FOLLOWERS_AFTER_COUNTRY, _country_article

    countries = {"Ukraine", "Gambia", "Niger", "Nigeria", "Sudan", "Congo"}
    alternation = "|".join(sorted(map(re.escape, countries)))
    one = re.compile(
        rf"\b(?:in|of|to|from|with|into|across|throughout|on|for|about|against|and) (the )(?:{alternation})"
        rf"(?:\.[a-z]{{2,}})?(?=’s\b|'s\b|{_FOLLOWERS_AFTER_COUNTRY})"
    )
    rng = random.Random(3)
    pieces = [*countries, "in", "within", "into", "of", "the", "The", "and", "throughout", ".tv", "'s", ",", ".", "was", "\n"]
    texts = [*TEXTS[:300], *(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000))]
    texts += [t.replace(" .", ".").replace(" ,", ",") for t in texts[300:]]
    found = 0
    for text in texts:
        expected = [m.span(1) for m in one.finditer(text)]
        assert [(e.start, e.end) for e in _country_article(text, countries)] == expected, text
        found += len(expected)
    assert found > 30  # the random texts hold dozens of matches


def _split_lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def test_acronyms_asked_whether_their_lines_shout_only_when_a_lower_case_form_is_found():
    """`term_case.acronym_edits` asks a line whether it is written in capitals only for the acronyms whose
    lower-case form it found in prose: the same edits as the former code, which asked every line that
    held an acronym (`_acronym_edits_before`, kept here)."""
    import normalizer.stages.term_case as term_case

    casing = Normalizer().casing
    rng = random.Random(15)
    lines = [
        "NATO and the FSB met.", "THE NATO SUMMIT AND THE FSB", "the nato summit", "talks with the fsb, nato said",
        "XIV CENTURY", "the xiv century", "Covid and covid", "IMF", "the imf", "  the imf in code", "the IMF", "",
    ]  # fmt: skip
    texts = [*TEXTS[:400], *("\n".join(rng.choice(lines) for _ in range(rng.randint(1, 6))) for _ in range(2000))]
    expected = [_acronym_edits_before(text, casing) for text in texts]
    assert [term_case.acronym_edits(text, casing) for text in texts] == expected
    assert sum(map(len, expected)) > 200


def _acronym_edits_before(text: str, casing) -> list:
    from bisect import bisect_right
    from collections import Counter

    from normalizer.edits import make_edit
    from normalizer.stages import term_case as tc
    from normalizer.text import WORD, line_starts

    starts = line_starts(text)
    upper: Counter[str] = Counter()
    line, shouting = -1, False
    for m in tc._ACRONYM.finditer(text):
        index = bisect_right(starts, m.start()) - 1
        if index != line:
            line = index
            line_words = WORD.findall(text, starts[index], tc._line_end(text, starts, index))
            shouting = bool(line_words) and sum(map(str.isupper, line_words)) / len(line_words) >= tc.ALL_CAPS_SHARE
        if not shouting and not tc._ROMAN.fullmatch(m.group()):
            upper[m.group()] += 1
    repairable = {a for a in upper if not (a.lower() in casing.function_words or tc._is_english_word(a.lower()))}
    if not repairable:
        return []
    found = []
    for start in tc._occurrences(text, [" " + a.lower() for a in repairable]):
        run = tc._PROSE_LOWER.match(text, start)
        if (
            run is not None
            and run.group()[1:].upper() in repairable
            and start
            and tc._PROSE_LOWER_BEFORE.match(text, start - 1)
            and not tc._in_code_line(text, starts, start)
        ):
            found.append((start + 1, run.end()))
    lower = Counter(text[s:e] for s, e in found)
    capitalized = {w for w, n in lower.items() if n <= tc.MAX_LOWER_USES and re.search(rf"\b{w.capitalize()}\b", text)}
    return [
        make_edit(
            text, s, e, text[s:e].upper(), "term-case", "term-case.acronym", f"written {text[s:e].upper()} elsewhere in the text"
        )
        for s, e in found
        if not (lower[text[s:e]] > tc.MAX_LOWER_USES or text[s:e] in capitalized)
    ]


def test_month_places_found_by_scans_are_those_one_pattern_of_the_months_finds():
    """`term_case._month_places` scans for each month; the pattern it replaced, ``\\s(trie of the months)``,
    finds at each place after whitespace the longest month written there (months that begin others too)."""
    import normalizer.stages.term_case as term_case

    rng = random.Random(16)
    pieces = ["may", "mayor", "june", "jun", "sept", "september", "septemberish", " ", "\n", "\xa0", "x", ",", "May"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(4000))]
    for months in (tuple(sorted(Normalizer().casing.months)), ("jun", "june", "may", "sept", "september")):
        pattern = re.compile(r"\s(" + term_case._trie(list(months)) + ")")
        places = [list(term_case._month_places(text, months)) for text in texts]
        assert places == [[m.span(1) for m in pattern.finditer(text)] for text in texts]
        assert sum(map(len, places)) > 1000


def test_months_and_acronyms_searched_only_among_the_document_words_give_the_edits_of_a_full_search():
    """Given the text's letter runs, `term_case.month_edits` searches only the months that are one of them,
    and `acronym_edits` searches nothing unless a run in capitals is there in lower case too: the same
    edits as the full searches, on texts where the words touch letters, digits, marks and non-ASCII."""
    import normalizer.stages.term_case as term_case
    from normalizer.text import AsciiWords

    casing = Normalizer().casing
    rng = random.Random(18)
    pieces = ["in", "on", "12", "may", "mayor", "june", "junes", "april", "é", "’s", "_", "5", " ", "\n", ",", ".", "2020"]
    pieces += ["NATO", "nato", "IMF", "imf", "US", "us", "FSB", "fsb-", "the", "said", "Imf", "NATOé"]
    texts = [*TEXTS, *(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(4000))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(4000)]
    months = [term_case.month_edits(text, casing, AsciiWords(text).tokens()) for text in texts]
    assert months == [term_case.month_edits(text, casing) for text in texts]
    acronyms = [term_case.acronym_edits(text, casing, None, AsciiWords(text)) for text in texts]
    assert acronyms == [term_case.acronym_edits(text, casing) for text in texts]
    assert sum(map(len, months)) > 100 and sum(map(len, acronyms)) > 100, (sum(map(len, months)), sum(map(len, acronyms)))


def test_site_names_looked_for_from_each_dot_are_those_one_search_of_the_text_finds():
    """`text.site_names` tries the dotted-name pattern only where the word before a dot and a letter starts;
    the pattern searched from every capital before: the same names."""
    from normalizer.text import _DOTTED_NAME, SENTENCE_OPENERS, site_names

    rng = random.Random(17)
    pieces = ["Kostroma", ".", "Today", "tv", "Russia", "U", "S", "x", "-", "_", "@", "/", " ", "\n", "é", "Ü", "²", "3", "The"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(6000))]
    found = [site_names(text) for text in texts]
    assert found == [
        [m.span() for m in _DOTTED_NAME.finditer(t) if not any(p in SENTENCE_OPENERS for p in m.group().split(".")[1:])]
        for t in texts
    ]
    assert sum(map(len, found)) > 100


def test_urls_and_numbers_found_apart_are_what_the_pattern_of_both_finds():
    """`text._urls_and_numbers`: URLs looked for only at ``://`` and ``www.``, then the numbers outside
    them, give the spans of the one pattern of both parts."""
    from normalizer.text import _urls_and_numbers

    both = _protected_pattern((True, False, False, True))
    rng = random.Random(18)
    pieces = ["http", "https", "ftp", "://", "www.", "x.org", "/", "2020", "5", ".", ",", ")", " ", "\n", "“", "a", "-", "hhttps"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(8000))]
    found = [_urls_and_numbers(text) for text in texts]
    assert found == [[m.span() for m in both.finditer(text)] for text in texts]
    urls = [text[s:e] for spans, text in zip(found, texts, strict=True) for s, e in spans if not text[s].isdigit()]
    assert len(urls) > 1000 and sum(any(c.isdigit() for c in url) for url in urls) > 100  # numbers inside them too


def test_remembered_first_sounds_are_those_asked_afresh(monkeypatch):
    """`SoundTable.first_sound` remembers its answers (and forgets them all when `sounds.MEMORY` is
    reached): the answers equal those of a table that remembers nothing."""
    import normalizer.sounds as sounds

    grammar = Normalizer().lexicon.grammar
    words = sorted({w for text in TEXTS for w in re.findall(r"[A-Za-z][\w-]*", text)})
    words += ["hour", "Hour", "FBI", "NATO", "union", "European", "one-off", "Sberbank", "x", "U", "eu"]
    fresh = sounds.SoundTable(grammar)
    expected = [fresh._first_sound(w) for w in words]
    assert {"vowel", "consonant", None} <= set(expected)
    monkeypatch.setattr(sounds, "MEMORY", 7)
    table = sounds.SoundTable(grammar)
    for _ in range(2):  # asked afresh, then remembered (or forgotten and asked again)
        assert [table.first_sound(w) for w in words] == expected
        assert len(table._known) <= 7


def test_block_words_lowered_with_their_block_are_the_words_lowered_one_by_one():
    """`boilerplate._words` lowers a block in one call where that gives each word's own lower case:
    the same words as lowering each, on texts with capital sigma, İ, apostrophes and marks."""
    from normalizer.stages.boilerplate import _WORD, _words
    from normalizer.text import LineSpans

    rng = random.Random(21)
    pieces = ["ΟΔΟΣ", "Σ", "'", "Α", "İstanbul", "I", "Straße", "ǅ", "ﬁ", "x", "Y", " ", "\n", "’", "-", "\u0307", "3", "_"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(20000))]
    for text in texts:
        spans = LineSpans(text)
        expected = [w.lower() for w in _WORD.findall(text, spans[0][0], spans[len(spans) - 1][1])]
        assert _words(text, spans, 0, len(spans) - 1) == expected, repr(text)


def test_numbers_tried_at_the_digits_are_what_the_number_pattern_finds(monkeypatch):
    """`text._numbers` tries the number pattern only where an automaton of every decimal digit finds one:
    the spans of the pattern's own search, on texts of ASCII and other digits (Arabic-Indic, fullwidth,
    Devanagari), signs and letters, in pieces cut anywhere too."""
    import normalizer.automaton as automaton
    import normalizer.text as text_module

    pattern = text_module._protected_pattern(text_module._NUMBERS)
    rng = random.Random(22)
    pieces = ["1", "23", "٣", "٤٥", "７", "९", ".", ",", ":", "/", "-", "a", "é", "_", " ", "\n", "²", "Ⅻ", "x1"]
    texts = [*TEXTS, *("".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(8000))]
    expected = [[m.span() for m in pattern.finditer(t)] for t in texts]
    assert [text_module._numbers(t) for t in texts] == expected
    assert sum(map(len, expected)) > 5000
    for chunk in (1, 3, 7):
        monkeypatch.setattr(text_module, "PRESENCE_CHUNK", chunk)
        monkeypatch.setattr(automaton, "PRESENCE_CHUNK", chunk)
        assert [text_module._numbers(t) for t in texts[:2000]] == expected[:2000]
    assert len(text_module._decimal_digits()) == sum(1 for c in range(0x110000) if re.fullmatch(r"\d", chr(c)))


def test_stages_share_a_long_line_split_but_not_their_evidence_budget(monkeypatch):
    """Each stage's `Doc.evidence()` is its own (its own reading budget), but a long line is split into
    sentences once for all of them; the counts equal those of the whole text counted at once."""
    import normalizer.casing as casing_module
    from normalizer.casing import CaseEvidence

    n = Normalizer()
    line = " ".join(["The talks in Moscow ended. Rain fell on the city, and the Rain channel said so."] * 80)
    text = f"{line}\nShort line here.\n"
    assert len(line) > casing_module.LONG_LINE
    doc = Doc(text, Protected(), n.lexicon, n.casing)
    whole = CaseEvidence()
    whole.add_text(text)
    splits = []
    real = casing_module.sentences
    monkeypatch.setattr(casing_module, "sentences", lambda t, s, e: splits.append((s, e)) or real(t, s, e))
    first, second = doc.evidence(), doc.evidence()
    assert first is not second
    assert first.line_sentences(0, len(line)) == second.line_sentences(0, len(line)) == real(text, 0, len(line))
    assert splits == [(0, len(line))]
    for word in ("rain", "talks", "city"):
        assert first.verdict(word) == second.verdict(word) == whole.verdict(word), word
    assert splits == [(0, len(line))]  # counting the long line's words split it no more


def test_the_stages_see_one_doc_until_the_text_changes(monkeypatch):
    """The pipeline passes one `Doc` to the stages until an edit changes the text, also across the step
    where protected spans are found (it sets them on that Doc): the line spans boilerplate found serve
    the stages after it."""
    n = Normalizer()
    seen: list[tuple[str, Doc, list[tuple[int, int]]]] = []  # the Docs themselves: no id() reused
    for stage in n.stages:

        def spy(doc, propose=stage.propose, name=stage.name):
            seen.append((name, doc, list(doc.protected.spans)))
            return propose(doc)

        monkeypatch.setattr(stage, "propose", spy)
    clean = "The talks in Moscow lasted 3 hours.\nThey ended on Tuesday.\n"
    assert n.normalize(clean).text == clean
    assert all(doc is seen[0][1] for _, doc, _ in seen)  # no edit: one Doc from the first stage to the last
    number = (clean.index("3"), clean.index("3") + 1)
    protection = {name: spans for name, _, spans in seen}
    assert protection["boilerplate"] == [] and protection["lexicon"] == [number]  # set on the same Doc
    seen.clear()
    assert n.normalize("The talks ended in june.\n").text == "The talks ended in June.\n"  # one edit
    docs = [doc for _, doc, _ in seen]
    after = next(i for i, doc in enumerate(docs) if doc is not docs[0])  # the stage after the edit
    assert all(doc is docs[after] for doc in docs[after:]) and docs[after].text != docs[0].text
