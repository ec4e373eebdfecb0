"""The casing model: corpus evidence in batch runs (a real ``mtnorm`` process), pickling, the decision rule."""

from __future__ import annotations

import pickle

from normalizer import Normalizer
from normalizer.casing import CaseEvidence, LazyCaseEvidence, collect_evidence, english_lower_share

from .test_cli import assert_clean_error, run

# "rain" is a common word in English usage; in this corpus it is a TV channel.
CHANNEL = "Viewers of Rain protested. The channel Rain said it would appeal.\n"
ARTICLE = "the Rain reported nothing.\nthe Meeting was long.\n"


def _corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(CHANNEL, encoding="utf-8")
    (src / "b.txt").write_text(ARTICLE, encoding="utf-8")
    return src


def test_corpus_casing_learns_a_name_from_the_other_files(tmp_path):
    src = _corpus(tmp_path)
    plain = run("fix", str(src), "-o", str(tmp_path / "plain"))
    corpus = run("fix", "--corpus-casing", str(src), "-o", str(tmp_path / "corpus"))
    assert plain.returncode == 0 and corpus.returncode == 0, plain.stderr + corpus.stderr
    assert (tmp_path / "plain" / "b.txt").read_text(encoding="utf-8") == "The rain reported nothing.\nThe meeting was long.\n"
    assert (tmp_path / "corpus" / "b.txt").read_text(encoding="utf-8") == "The Rain reported nothing.\nThe meeting was long.\n"
    assert (tmp_path / "corpus" / "a.txt").read_text(encoding="utf-8") == CHANNEL


def test_corpus_casing_from_the_configuration_file(tmp_path):
    src = _corpus(tmp_path)
    (tmp_path / "mtnorm.toml").write_text("corpus_casing = true\n", encoding="utf-8")
    proc = run("fix", "in", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8").startswith("The Rain reported")
    assert src.is_dir()


def test_corpus_casing_must_be_true_or_false(tmp_path):
    (tmp_path / "mtnorm.toml").write_text('corpus_casing = "often"\n', encoding="utf-8")
    assert_clean_error(run("fix", "-", stdin="x", cwd=tmp_path), 2, "mtnorm.toml", "corpus_casing must be true or false")


def test_corpus_casing_skips_an_unreadable_file_and_reports_it_once(tmp_path):
    src = _corpus(tmp_path)
    (src / "c.txt").write_bytes(b"\xff\xfe\x00bad \x00 binary")
    proc = run("fix", "--corpus-casing", str(src), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert proc.stderr.count("c.txt") == 1 and "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8").startswith("The Rain reported")


def test_corpus_casing_reads_the_files_the_run_reads(tmp_path):
    """Evidence comes only from files --glob takes and never through a link out of the tree."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "a.md").write_text(CHANNEL, encoding="utf-8")  # not taken by the default --glob *.txt
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.txt").write_text(CHANNEL, encoding="utf-8")
    (src / "linked").symlink_to(outside, target_is_directory=True)
    (src / "link.txt").symlink_to(outside / "a.txt")
    proc = run("fix", "--corpus-casing", str(src), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8").startswith("The rain reported")
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["b.txt"]
    taken = run("fix", "--corpus-casing", "--glob", "*", str(src), "-o", str(tmp_path / "all"))
    assert taken.returncode == 0, taken.stderr
    assert (tmp_path / "all" / "b.txt").read_text(encoding="utf-8").startswith("The Rain reported")


def test_evidence_survives_pickling_for_worker_processes():
    evidence = collect_evidence([CHANNEL, "The talks with Gazprom went on. Gazprom said so."])
    copy = pickle.loads(pickle.dumps(evidence))
    assert isinstance(copy, CaseEvidence)
    assert copy.title == evidence.title and copy.lower == evidence.lower
    assert copy.verdict("rain") is False and copy.verdict("talks") is True
    copy.merge(evidence)  # still a working Counter after the round trip
    assert copy.title["gazprom"] == 2 * evidence.title["gazprom"]


def test_evidence_ignores_the_words_a_displaced_capital_may_sit_on():
    evidence = CaseEvidence().add_text("the Meeting ended. Officials left.\n“Rain” was the title.")
    assert evidence.title["meeting"] == 0  # first words of a lower-case start are not evidence
    assert evidence.title["rain"] == 0  # nor a word right after an opening quote


def test_document_evidence_overrides_english_usage():
    assert english_lower_share("rain") > 0.6  # English usage alone calls it common
    normalizer = Normalizer(only="sentence-case")
    alone = normalizer.normalize("the Rain reported nothing.\n")
    assert alone.text == "The rain reported nothing.\n"
    with_doc = normalizer.normalize("the Rain reported nothing. Viewers of Rain protested.\n")
    assert with_doc.text.startswith("the Rain reported")  # a name here; no other sign of the artifact


def test_corpus_evidence_passed_to_the_normalizer():
    evidence = collect_evidence([CHANNEL])
    result = Normalizer(only="sentence-case", corpus_evidence=evidence).normalize(ARTICLE)
    assert result.text == "The Rain reported nothing.\nThe meeting was long.\n"
    kinds = {(e.rule, e.before) for e in result.edits}
    assert ("sentence-case.displaced-capital", "Meeting") in kinds and ("sentence-case.sentence-start", "the") in kinds


def test_lazy_document_evidence_counts_on_the_first_question_and_pickles():
    lazy = LazyCaseEvidence("Viewers of Rain protested. The channel Rain said so.")
    assert not lazy.title  # nothing counted yet
    copy = pickle.loads(pickle.dumps(lazy))
    assert copy.verdict("rain") is False and lazy.verdict("rain") is False
    assert copy.title == lazy.title


def test_one_capitalized_use_elsewhere_in_the_corpus_is_not_enough():
    """A document title in another file (``the Memorandum of understanding``) must not keep a displaced capital."""
    once = collect_evidence(["They adhere to the Memorandum of understanding signed in 2018."])
    twice = collect_evidence(["They adhere to the Memorandum of understanding.", "The Memorandum was signed later."])
    text = "a Memorandum under which the zone was set up was signed in 2018.\n"
    assert Normalizer(only="sentence-case", corpus_evidence=once).normalize(text).text.startswith("A memorandum under")
    assert Normalizer(only="sentence-case", corpus_evidence=twice).normalize(text).text == text  # a name here
