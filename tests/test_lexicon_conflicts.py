"""Lexicons that fight are refused on load by every command, naming both sides; an override is explicit (same id)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normalizer.errors import LexiconError
from normalizer.knowledge.lexicon import default_lexicon_dir
from normalizer.pipeline import Normalizer

ENTITIES = default_lexicon_dir() / "entities.yaml"
COMMANDS = [("fix",), ("check",), ("diff",), ("explain",), ("explain", "--json")]


def _mtnorm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], capture_output=True, text=True, cwd=cwd)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture
def text(tmp_path: Path) -> Path:
    path = tmp_path / "in.txt"
    path.write_text("Shoigu discussed with Asad questions in Kiev.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_one_variant_two_canonicals_is_refused_with_both_lines(tmp_path, text, command):
    lexicon = tmp_path / "two.yaml"
    lexicon.write_text("entries:\n  - {canonical: Kyiv, variants: [Kiev]}\n  - {canonical: Kijev, variants: [Kiev]}\n")
    done = _mtnorm(*command, str(text), "--lexicon", str(lexicon), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"mtnorm: error: {lexicon}:3: variant 'Kiev' maps to 'Kijev' here and to 'Kyiv' at {lexicon}:2; "
        "give one of them a context condition"
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_user_entry_reversing_a_bundled_one_is_a_cycle_across_files(tmp_path, text, command):
    """Without the refusal, Asad and Assad swap on every run (fix∘fix ≠ fix)."""
    lexicon = tmp_path / "reverse.yaml"
    lexicon.write_text("entries:\n  - {canonical: Asad, variants: [Assad]}\n")
    done = _mtnorm(*command, str(text), "--lexicon", str(lexicon), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    bundled = f"{ENTITIES}:{_line_of(ENTITIES, 'canonical: Assad')}"
    assert done.stderr.splitlines() == [
        f"mtnorm: error: {lexicon}:2: cycle: 'Asad' → 'Assad' ({bundled}) → 'Asad'; "
        "to replace that entry on purpose, give yours id: entities.assad"
    ]


def test_the_override_is_explicit_same_id_replaces_the_bundled_entry(tmp_path, text):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("entries:\n  - {id: entities.assad, canonical: Asad, variants: [Assad]}\n")
    done = _mtnorm("fix", str(text), "--lexicon", str(lexicon), "--only", "entity", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Shoigu discussed with Asad questions in Kiev.\n"
    again = _mtnorm("check", str(text), "--lexicon", str(lexicon), "--only", "entity", cwd=tmp_path)
    assert again.returncode == 0


def test_lexicon_check_of_a_user_file_sees_the_fight_with_the_bundled_lexicons(tmp_path):
    lexicon = tmp_path / "reverse.yaml"
    lexicon.write_text("entries:\n  - {canonical: Asad, variants: [Assad]}\n")
    done = _mtnorm("lexicon", "check", str(lexicon), cwd=tmp_path)
    assert done.returncode == 2
    assert f"{lexicon}:2: cycle: 'Asad' → 'Assad'" in done.stderr
    alone = _mtnorm("lexicon", "check", "--no-default-lexicons", str(lexicon), cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr


def test_a_chain_is_refused_a_second_run_would_change_the_text_again(tmp_path):
    lexicon = tmp_path / "chain.yaml"
    lexicon.write_text("entries:\n  - {canonical: Beta, variants: [Alpha]}\n  - {canonical: Gamma, variants: [Beta]}\n")
    with pytest.raises(LexiconError) as caught:
        Normalizer(lexicons=[lexicon], default_lexicons=False)  # what `mtnorm serve` and the Python API build
    assert str(caught.value).startswith(f"{lexicon}:2: chain: canonical 'Beta' is itself a variant of 'Gamma' ({lexicon}:3)")


def test_entries_that_contexts_tell_apart_still_load(tmp_path):
    lexicon = tmp_path / "ok.yaml"
    lexicon.write_text(
        "entries:\n  - {canonical: US, variants: [us], followed_by: '\\s+Army'}\n  - {canonical: USA, variants: [us]}\n"
    )
    normalizer = Normalizer(lexicons=[lexicon], default_lexicons=False, only="entity")
    assert normalizer.normalize("the us Army and us").text == "the US Army and USA"
