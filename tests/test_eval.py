"""Edit-level evaluation on small hand-made RAW/REF/HYP triples, counts worked out by hand.

Tokens are whitespace-separated words plus one ``¶`` per line piece (so a text
without a final newline still ends in ``¶``). Indexes below are RAW token
positions; an edit is ``(i1, i2, new tokens)``.
"""

from __future__ import annotations

import pytest

from normalizer.evaluation.align import shape, token_edits
from normalizer.evaluation.classify import by_rules, from_table, read_table
from normalizer.evaluation.score import f_beta, judge_file, rows
from normalizer.evaluation.tokens import NEWLINE, tokenize

# RAW tokens:  the0 Meeting1 began2 ¶3 All4 news5 ¶6 Putin7 spoke8 with9 Asad10 ¶11
RAW = "the Meeting began\nAll news\nPutin spoke with Asad"
# REF tokens:  The0 meeting1 began2 ¶3 Putin4 spoke5 with6 Assad7 ¶8
# Alignment RAW→REF: the longest common run is "¶ Putin spoke with" (RAW 6-9);
# before it "began" matches, so "the Meeting"→"The meeting" is a 2-for-2
# replacement, split into (0,1,The) and (1,2,meeting); "¶ All news" (RAW 3-5)
# is deleted: (3,6,()); after it "Asad"→"Assad": (10,11,Assad). 4 edits.
REF = "The meeting began\nPutin spoke with Assad"
# HYP tokens: same count as RAW, differing at 0, 1 and 8: (0,1,The), (1,2,meeting), (8,9,Spoke).
HYP = "The meeting began\nAll news\nPutin Spoke with Asad"


def by_name(judged, by="kind"):
    return {r.name: r for r in rows(judged, by)}


def test_tokens_are_words_plus_a_break_per_line_piece():
    tokens = tokenize("a  b\nc\n")
    assert [t.text for t in tokens] == ["a", "b", NEWLINE, "c", NEWLINE, NEWLINE]
    assert [(t.start, t.end, t.line) for t in tokens[:3]] == [(0, 1, 1), (3, 4, 1), (4, 5, 1)]
    assert tokens[3].line == 2 and tokens[5].line == 3


def test_crlf_and_lone_cr_end_lines_as_score_py_reads_them():
    # score.py reads files with universal newlines: "\r\n" and "\r" are line breaks like "\n"
    tokens = tokenize("a\r\nb\rc")
    assert [(t.text, t.line) for t in tokens] == [("a", 1), (NEWLINE, 1), ("b", 2), (NEWLINE, 2), ("c", 3), (NEWLINE, 3)]
    assert [e.key for e in token_edits(tokenize("a\r\nb\n"), tokenize("a\nb\n"))] == []


def test_reference_and_system_edits_of_the_triple():
    raw = tokenize(RAW)
    assert [e.key for e in token_edits(raw, tokenize(REF))] == [
        (0, 1, ("The",)),
        (1, 2, ("meeting",)),
        (3, 6, ()),
        (10, 11, ("Assad",)),
    ]
    assert [e.key for e in token_edits(raw, tokenize(HYP))] == [(0, 1, ("The",)), (1, 2, ("meeting",)), (8, 9, ("Spoke",))]


def test_counts_of_the_triple_worked_by_hand():
    # TP: (0,1) and (1,2), both in REF and HYP                    -> 2, sentence-case
    #     (the→The raises a sentence's first word; Meeting→meeting only lowers a capital)
    # FP: (8,9) spoke→Spoke, a raise mid-sentence, unknown word  -> 1, term-case
    # FN: (3,6) "¶ All news" deleted, a whole line                -> 1, boilerplate
    #     (10,11) Asad→Assad, a capitalised word changed          -> 1, entity
    # P = 2/3, R = 2/4; F0.5 = 1.25·P·R / (0.25·P + R) = (5/12) / (2/3) = 0.625
    judged, words = judge_file("t.txt", RAW, REF, HYP, lexicon_classes={})
    assert words == 9
    table = by_name(judged)
    assert (table["ALL"].tp, table["ALL"].fp, table["ALL"].fn) == (2, 1, 2)
    assert table["ALL"].precision == pytest.approx(2 / 3)
    assert table["ALL"].recall == pytest.approx(0.5)
    assert table["ALL"].f05 == pytest.approx(0.625)
    assert (table["sentence-case"].tp, table["sentence-case"].fp, table["sentence-case"].fn) == (2, 0, 0)
    # term-case: one FP and nothing to find: P = 0/1 = 0, R = 1.0 by convention, F0.5 = 0
    assert (table["term-case"].fp, table["term-case"].precision, table["term-case"].recall) == (1, 0.0, 1.0)
    assert table["term-case"].f05 == 0.0
    # boilerplate and entity: one miss each, nothing proposed: P = 1.0 by convention, R = 0
    assert (table["boilerplate"].fn, table["boilerplate"].precision, table["boilerplate"].recall) == (1, 1.0, 0.0)
    assert (table["entity"].fn, table["entity"].f05) == (1, 0.0)
    # score.py's shapes: three case changes (2 tp, 1 fp), one delete (fn), one other (fn)
    shapes = by_name(judged, "shape")
    assert [(shapes[k].tp, shapes[k].fp, shapes[k].fn) for k in ("case", "delete", "other")] == [(2, 1, 0), (0, 0, 1), (0, 0, 1)]


def test_misses_and_false_positives_carry_place_and_context():
    judged, _ = judge_file("t.txt", RAW, REF, HYP, lexicon_classes={})
    fp = [j for j in judged if j.verdict == "fp"]
    fn = [j for j in judged if j.verdict == "fn"]
    assert [(j.line, j.before, j.after, j.context) for j in fp] == [(3, "spoke", "Spoke", "Putin ⟦spoke⟧ with Asad")]
    # the deleted line is reported at line 2, where its words are, not at the break ending line 1
    assert [(j.line, j.before, j.after) for j in fn] == [(2, "¶ All news", ""), (3, "Asad", "Assad")]
    assert fn[0].context == "⟦All news⟧"


def test_a_reference_table_overrides_the_rules(tmp_path):
    # The same triple with an .edits.tsv that calls "the Meeting" grammar (deliberately unusual):
    # the 2 TPs move from sentence-case to grammar; the line-2 row names boilerplate as the rules would.
    table = tmp_path / "t.edits.tsv"
    table.write_text(
        "line\tclass\tbefore\tafter\tnote\n1\tgrammar\tthe Meeting\tThe meeting\t\n2\tboilerplate\tAll news\t\t\n",
        encoding="utf-8",
    )
    judged, _ = judge_file("t.txt", RAW, REF, HYP, lexicon_classes={}, table=read_table(table))
    result = by_name(judged)
    assert (result["grammar"].tp, result["sentence-case"].tp, result["boilerplate"].fn) == (2, 0, 1)


def test_table_row_is_chosen_by_where_its_before_text_is(tmp_path):
    # Two rows on one line share the word "foreign"; each edit takes the row whose text covers it.
    raw_text = "foreign Minister of Russia met the Minister of foreign Affairs"
    raw = tokenize(raw_text)
    ref = tokenize("Foreign Minister of Russia met the Minister of Foreign Affairs")
    rows_ = read_rows(
        tmp_path,
        "1\tsentence-case\tforeign Minister of Russia\tForeign Minister of Russia\n"
        "1\tterm-case\tMinister of foreign Affairs\tMinister of Foreign Affairs\n",
    )
    edits = token_edits(raw, ref)
    assert [from_table(raw, e, rows_, raw_text) for e in edits] == ["sentence-case", "term-case"]


def read_rows(folder, body: str):
    path = folder / "x.edits.tsv"
    path.write_text("line\tclass\tbefore\tafter\tnote\n" + body, encoding="utf-8")
    return read_table(path)


def test_bad_table_row_names_file_and_line(tmp_path):
    from normalizer.errors import InputError

    path = tmp_path / "x.edits.tsv"
    path.write_text("line\tclass\tbefore\tafter\n3\tcolour\ta\tb\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.edits\.tsv: line 2: unknown class 'colour'"):
        read_table(path)


@pytest.mark.parametrize(
    ("raw_text", "other", "expected"),
    [
        ("a b\nTags\nc d", "a b\nc d", "boilerplate"),  # a whole line deleted
        ("he saw the the man", "he saw the man", "grammar"),  # a word dropped inside a line
        ("he saw a error", "he saw an error", "grammar"),  # article swapped
        ("paid $ 2.5 now", "paid $2.5 now", "spacing"),  # tokens glued
        ("andcalled him", "and called him", "spacing"),  # tokens split
        ("caf\u00c3\u00a9 au lait", "caf\u00e9 au lait", "encoding"),  # ftfy's repair of mojibake
        ("x. the Patrol passed", "x. the patrol passed", "sentence-case"),  # only a capital lowered
        ("x. the patrol", "x. The patrol", "sentence-case"),  # a sentence's first word raised
        ("in may 2017", "in May 2017", "term-case"),  # a raise mid-sentence
        ("met Asad today", "met Assad today", "entity"),  # a capitalised word changed
    ],
)
def test_rules_classify_unlabelled_edits(raw_text, other, expected):
    raw = tokenize(raw_text)
    (edit,) = token_edits(raw, tokenize(other))
    assert by_rules(raw, edit, {}) == expected


def test_rules_use_the_lexicon_class_of_a_canonical_form():
    raw = tokenize("the Munich security conference")
    edits = token_edits(raw, tokenize("the Munich Security Conference"))
    assert [by_rules(raw, e, {"Security": "entity", "Conference": "entity"}) for e in edits] == ["entity", "entity"]
    assert [by_rules(raw, e, {}) for e in edits] == ["term-case", "term-case"]


def test_shape_matches_score_py_kinds():
    raw = tokenize("a B c\nTags\nd e")
    kinds = {e.key: shape(e) for e in token_edits(raw, tokenize("a b c\nd e f"))}
    # B→b case; "¶ Tags" deleted → delete; "f" inserted before the final ¶ → other
    assert sorted(kinds.values()) == ["case", "delete", "other"]


def test_system_edits_take_their_class_from_the_normalizer(normalizer):
    # REF = RAW (nothing to fix), so every system edit is a false positive in the class mtnorm gave it:
    # the→The and Meeting→meeting (sentence-case), trump→Trump (entity, from the lexicon), and
    # "$ 2.5 billion ." → "$2.5 billion." (one 4-for-2 token edit; mtnorm's spacing edits overlap it).
    raw = "the Meeting between Donald trump and Putin paid $ 2.5 billion ."
    result = normalizer.normalize(raw)
    judged, _ = judge_file("t.txt", raw, raw, result.text, lexicon_classes={}, system_edits=result.edits)
    assert [(j.verdict, j.kind, j.after) for j in judged] == [
        ("fp", "sentence-case", "The"),
        ("fp", "sentence-case", "meeting"),
        ("fp", "entity", "Trump"),
        ("fp", "spacing", "$2.5 billion."),
    ]


def test_an_edit_far_from_every_normalizer_edit_falls_back_to_the_rules():
    # The normalizer's only edit is at characters 0-3; a token edit at "Asad" (chars 20-24) is beyond reach.
    from normalizer.edits import Edit

    raw = "the patrol met with Asad"
    system = [Edit(0, 3, "The", "sentence-case", "test")]
    judged, _ = judge_file("t.txt", raw, raw, "The patrol met with Assad", lexicon_classes={}, system_edits=system)
    assert [(j.after, j.kind) for j in judged] == [("The", "sentence-case"), ("Assad", "entity")]


def test_f_beta_weighs_precision_more():
    assert f_beta(1.0, 0.5) == pytest.approx(1.25 * 0.5 / (0.25 + 0.5))
    assert f_beta(0.5, 1.0) < f_beta(1.0, 0.5)
    assert f_beta(0.0, 0.0) == 0.0
