"""``mtnorm eval`` through the real command line (subprocess): reports, JSON, --harm, --compare, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import GOLDEN, SEEDS

REFERENCE = GOLDEN / "reference"


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normalizer", "eval", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


@pytest.fixture
def triple(tmp_path):
    """Folders raw/ ref/ hyp/ with the hand-worked triple of test_eval (2 tp, 1 fp, 2 fn) and a clean file."""
    for name, text in (
        ("raw", "the Meeting began\nAll news\nPutin spoke with Asad"),
        ("ref", "The meeting began\nPutin spoke with Assad"),
        ("hyp", "The meeting began\nAll news\nPutin Spoke with Asad"),
    ):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "a.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_json_report_of_the_hand_worked_triple(triple):
    done = _run(str(triple / "raw"), str(triple / "ref"), "--hyp", str(triple / "hyp"), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    overall = data["by_class"][-1]
    assert (overall["class"], overall["tp"], overall["fp"], overall["fn"]) == ("ALL", 2, 1, 2)
    assert overall["f0.5"] == pytest.approx(0.625)
    assert data["files"] == ["sub/a.txt"]
    assert [(e["file"], e["line"], e["class"], e["before"], e["after"]) for e in data["false_positives"]] == [
        ("sub/a.txt", 3, "term-case", "spoke", "Spoke")
    ]
    assert [(e["line"], e["class"]) for e in data["misses"]] == [(2, "boilerplate"), (3, "entity")]


def test_text_report_lists_false_positives_and_misses_with_place(triple):
    done = _run(
        str(triple / "raw" / "sub" / "a.txt"),
        str(triple / "ref" / "sub" / "a.txt"),
        "--hyp",
        str(triple / "hyp" / "sub" / "a.txt"),
    )
    assert done.returncode == 0, done.stderr
    assert "ALL                2     1     2  0.667  0.500  0.625" in done.stdout
    assert "a.txt:3: term-case     spoke → Spoke    Putin ⟦spoke⟧ with Asad" in done.stdout
    assert "a.txt:3: entity        Asad → Assad    Putin spoke with ⟦Asad⟧" in done.stdout
    assert "misses (the reference made, the system did not): 2" in done.stdout


def test_without_hyp_the_normalizer_runs_with_the_common_options(triple):
    # mtnorm itself fixes the/Meeting (sentence-case), drops "All news" (a boilerplate line of the lexicon)
    # and makes Asad→Assad (entity, lexicon): all 4 reference edits, tp 4, fp 0, fn 0.
    done = _run(str(triple / "raw"), str(triple / "ref"), "--json")
    data = json.loads(done.stdout)
    assert [(r["tp"], r["fp"], r["fn"]) for r in data["by_class"] if r["class"] == "ALL"] == [(4, 0, 0)]
    assert {r["class"]: r["tp"] for r in data["by_class"]}["entity"] == 1
    # --skip entity: the Assad repair is gone, now a miss
    skipped = json.loads(_run(str(triple / "raw"), str(triple / "ref"), "--json", "--skip", "entity").stdout)
    assert {r["class"]: (r["tp"], r["fn"]) for r in skipped["by_class"]}["entity"] == (0, 1)
    # the same through a configuration file
    (triple / "skip.toml").write_text('skip = "entity"\n', encoding="utf-8")
    configured = json.loads(
        _run(str(triple / "raw"), str(triple / "ref"), "--json", "--config", str(triple / "skip.toml")).stdout
    )
    assert {r["class"]: (r["tp"], r["fn"]) for r in configured["by_class"]}["entity"] == (0, 1)


def test_seeds_against_the_repository_reference_by_shape():
    done = _run(str(SEEDS), str(REFERENCE), "--by", "shape")
    assert done.returncode == 0, done.stderr
    header, *lines = done.stdout.splitlines()[:6]
    assert header.split() == ["class", "tp", "fp", "fn", "P", "R", "F0.5"]
    assert [line.split()[0] for line in lines] == ["case", "spacing", "delete", "other", "ALL"]


def test_harm_lists_each_edit_on_clean_text(tmp_path):
    clean, hyp = tmp_path / "clean", tmp_path / "hyp"
    clean.mkdir()
    hyp.mkdir()
    # 8 words; HYP lowers one and drops one: 2 edits → 2 / 8 · 1000 = 250 per 1k
    (clean / "c.txt").write_text("The Kremlin said on Monday that talks continue.\n", encoding="utf-8")
    (hyp / "c.txt").write_text("The kremlin said on Monday talks continue.\n", encoding="utf-8")
    done = _run("--harm", str(clean), "--hyp", str(hyp))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("words 8  edits 2  edits_per_1k_words 250.000\n")
    assert "c.txt:1: sentence-case Kremlin → kremlin" in done.stdout
    assert "c.txt:1: grammar       that → ∅" in done.stdout
    data = json.loads(_run("--harm", str(clean), "--hyp", str(hyp), "--json").stdout)
    assert (data["words"], data["edits_count"], data["edits_per_1k_words"]) == (8, 2, 250.0)


def test_compare_two_configuration_files(triple):
    (triple / "a.toml").write_text('skip = "grammar"\n', encoding="utf-8")
    (triple / "b.toml").write_text('skip = "entity"\n', encoding="utf-8")
    done = _run(str(triple / "raw"), str(triple / "ref"), "--compare", str(triple / "a.toml"), str(triple / "b.toml"))
    assert done.returncode == 0, done.stderr
    # A fixes Asad→Assad (tp), B does not (miss): entity F0.5 1.000 → 0.000
    assert "entity                 1/0/0   1.000         0/0/1   0.000  -1.000" in done.stdout
    assert "edits that disappear with B: 1\n  -TP sub/a.txt:3: entity        Asad → Assad" in done.stdout
    data = json.loads(
        _run(
            str(triple / "raw"), str(triple / "ref"), "--compare", str(triple / "a.toml"), str(triple / "b.toml"), "--json"
        ).stdout
    )
    assert data["change_f0.5"]["entity"] == -1.0
    assert [(e["before"], e["after"]) for e in data["disappeared"]] == [("Asad", "Assad")]
    assert data["appeared"] == []


def test_compare_with_an_added_lexicon_file(tmp_path):
    (tmp_path / "raw.txt").write_text("Putin spoke\n", encoding="utf-8")
    lexicon = tmp_path / "extra.yaml"
    lexicon.write_text("class: entity\nentries:\n  - canonical: Vladimir Putin\n    variants: [Putin]\n", encoding="utf-8")
    raw = str(tmp_path / "raw.txt")
    done = _run(raw, raw, "--compare", "-", str(lexicon), "--json")  # "-": the current options
    data = json.loads(done.stdout)
    # the new entry inserts "Vladimir" before "Putin": a token edit (0, 0, Vladimir) the reference does not make
    assert [(e["verdict"], e["class"], e["before"], e["after"]) for e in data["appeared"]] == [("fp", "entity", "", "Vladimir")]
    assert data["change_f0.5"]["entity"] == -1.0


def test_compare_harm_of_two_configurations(tmp_path):
    # 4 words; with the defaults mtnorm makes 2 edits (the→The, Meeting→meeting): 500 per 1k;
    # skipping sentence-case makes none: 0 per 1k, a change of -500.
    (tmp_path / "clean.txt").write_text("the Meeting went well\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text('skip = "sentence-case"\n', encoding="utf-8")
    done = _run("--harm", str(tmp_path / "clean.txt"), "--compare", "-", str(tmp_path / "b.toml"))
    assert done.returncode == 0, done.stderr
    assert "edits per 1k words on clean text: A 500.000  B 0.000  change -500.000" in done.stdout
    assert "edits that disappear with B: 2\n  -FP clean.txt:1: sentence-case the → The" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{raw}", "{tmp}/nope"], "nope: no such file or directory"),
        (["{raw}"], "eval: give RAW and REF (or --harm CLEAN)"),
        (["--harm", "{raw}", "{ref}"], "eval --harm: give only the clean text"),
        (["{raw}", "{ref}", "--hyp", "{hyp}", "--compare", "{tmp}/a.toml", "{tmp}/b.toml"], "drop --hyp"),
        (["{raw}", "{ref}", "--compare", "{tmp}/missing.toml", "{tmp}/b.toml"], "missing.toml: cannot read configuration"),
        (["{raw}", "{ref}/sub/a.txt"], "must both be files or both be folders"),
    ],
)
def test_usage_and_input_errors_are_one_line(triple, args, message):
    fill = {"raw": triple / "raw", "ref": triple / "ref", "hyp": triple / "hyp", "tmp": triple}
    (triple / "b.toml").write_text("", encoding="utf-8")
    done = _run(*(a.format(**fill) for a in args))
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_missing_reference_file_in_a_folder_is_named(triple):
    (triple / "raw" / "sub" / "b.txt").write_text("text\n", encoding="utf-8")
    done = _run(str(triple / "raw"), str(triple / "ref"))
    assert done.returncode == 2
    assert "ref/sub/b.txt: no reference for sub/b.txt" in done.stderr


def test_bad_reference_table_is_named_with_its_line(triple):
    (triple / "ref" / "sub" / "a.edits.tsv").write_text("line\tclass\nx\tentity\n", encoding="utf-8")
    done = _run(str(triple / "raw"), str(triple / "ref"))
    assert done.returncode == 2
    assert "a.edits.tsv: line 2: expected 'line<TAB>class<TAB>before<TAB>after'" in done.stderr
