"""The per-user cache of derived tables (normalizer.datacache): it saves time and never changes a result."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from normalizer import Normalizer
from normalizer.datacache import cache_dir, derived
from normalizer.names_kb import default_kb, default_rules, load_kb, load_rules


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTNORM_CACHE_DIR", str(folder))
    default_kb.cache_clear()
    default_rules.cache_clear()
    yield folder
    default_kb.cache_clear()
    default_rules.cache_clear()


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("MTNORM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "mtnorm"
    monkeypatch.setenv("MTNORM_CACHE_DIR", "off")
    assert cache_dir() is None


def test_the_knowledge_base_from_the_cache_is_the_file(cache: Path):
    built = default_kb()  # first run: built from the JSON, and stored
    assert [p.name.split("-")[:2] for p in cache.iterdir()] == [["names", "kb"]]
    default_kb.cache_clear()
    cached = default_kb()  # read back from the cache
    assert cached is not built
    assert cached == built == load_kb()
    assert cached.any_word == load_kb().any_word
    assert default_rules() == load_rules()
    assert default_rules() == load_rules()  # the second call, from the cache


def test_a_damaged_entry_is_rebuilt(cache: Path):
    default_kb()
    (entry,) = cache.glob("names-kb-*.marshal")
    entry.write_bytes(entry.read_bytes()[:1000])  # a disk that filled up, a killed process
    default_kb.cache_clear()
    assert default_kb() == load_kb()
    assert len(entry.read_bytes()) > 1000  # written again, whole


def test_a_changed_source_gets_a_new_entry_and_the_old_one_goes(cache: Path):
    assert derived("table", b"version 1", lambda: ["one"]) == ["one"]
    assert derived("table", b"version 1", lambda: ["never built"]) == ["one"]
    assert derived("table", b"version 2", lambda: ["two"]) == ["two"]
    assert len(list(cache.glob("table-*.marshal"))) == 1
    assert derived("table", b"version 2", lambda: ["never built"]) == ["two"]


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("MTNORM_CACHE_DIR", str(blocked / "cache"))
    assert derived("table", b"source", lambda: {"a": 1}) == {"a": 1}
    monkeypatch.setenv("MTNORM_CACHE_DIR", "off")
    assert derived("table", b"source", lambda: {"a": 2}) == {"a": 2}
    assert not (tmp_path / "off").exists()


def test_a_value_marshal_cannot_store_is_returned_uncached(cache: Path):
    value = derived("table", b"source", lambda: {"a": object()})
    assert list(value) == ["a"]
    assert not list(cache.glob("table-*.marshal"))


def test_a_word_with_a_line_break_is_loaded_without_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch):
    import normalizer.names_kb as names_kb

    broken = load_kb()
    broken.lower["new\nline"] = "New Line"
    monkeypatch.setattr(names_kb, "load_kb", lambda *_: broken)
    assert default_kb() is broken
    assert not list(cache.glob("names-kb-*.marshal"))


def test_runs_with_a_cold_and_a_warm_cache_give_the_same_output(tmp_path: Path):
    """Real processes: the first fills an empty cache folder, the second reads it."""
    text = TEXT + "\n"
    source = tmp_path / "in.txt"
    source.write_text(text, encoding="utf-8")
    env = {**os.environ, "MTNORM_CACHE_DIR": str(tmp_path / "cache")}
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "normalizer", "fix", str(source)], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert len(list((tmp_path / "cache").glob("names-kb-*.marshal"))) == 1
    assert outputs[0] == outputs[1] == Normalizer().normalize(text).text
    assert "IMF" in outputs[0] and "Lithuania" in outputs[0] and "Peskov" in outputs[0]


def test_the_bundled_lexicons_from_the_cache_are_the_files(cache: Path):
    from normalizer.knowledge.lexicon import Lexicon, default_lexicon_paths, load_lexicons
    from normalizer.knowledge.lexicon_yaml import read_yaml

    from .test_lexicon_check import _readable

    cold = load_lexicons(default_lexicon_paths())  # built from the YAML, and stored
    assert len(list(cache.glob("lexicon-*.marshal"))) == len(default_lexicon_paths())
    warm = load_lexicons(default_lexicon_paths())
    assert warm is not cold
    read = Lexicon()
    for path in default_lexicon_paths():
        read.merge(read_yaml(path.read_text(encoding="utf-8"), str(path), None, trusted=True))
    assert _readable(cold) == _readable(warm) == _readable(read)
    assert Normalizer(lexicon=warm).normalize(TEXT).text == Normalizer(lexicon=cold).normalize(TEXT).text


def test_a_lexicon_the_user_gives_is_always_read_from_its_file(cache: Path, tmp_path: Path):
    from normalizer.knowledge.lexicon import load_lexicons

    mine = tmp_path / "mine.yaml"
    mine.write_text("entries:\n  - {canonical: Idlib, variants: [Iglinsky]}\n", encoding="utf-8")
    assert [e.canonical for e in load_lexicons([mine]).entries] == ["Idlib"]
    mine.write_text("entries:\n  - {canonical: Aleppo, variants: [Khalab]}\n", encoding="utf-8")
    assert [e.canonical for e in load_lexicons([mine]).entries] == ["Aleppo"]
    assert not list(cache.glob("lexicon-mine-*"))


def test_a_warm_run_does_not_import_yaml(tmp_path: Path):
    """PyYAML's import is a tenth of a one-line run: with every table in the cache, a run needs none."""
    env = {**os.environ, "MTNORM_CACHE_DIR": str(tmp_path / "cache")}
    program = "import sys, normalizer; print(normalizer.Normalizer().normalize(sys.argv[1]).text, 'yaml' in sys.modules)"
    runs = [
        subprocess.run([sys.executable, "-c", program, TEXT], env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    fixed = Normalizer().normalize(TEXT).text
    assert runs == [f"{fixed} True\n", f"{fixed} False\n"]


TEXT = "the imf and lithuania; Dmitry peskov met in Iglinsky area of de-escalation."
