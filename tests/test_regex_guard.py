"""Lexicon patterns cannot stall a run: known ReDoS shapes are refused on load, and any call is time-limited.

No test here measures time: a shape that backtracked catastrophically would
make the test hang, and the guards under test are what prevent that.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from normalizer.batch.files import FileTask
from normalizer.batch.tasks import BatchSettings, process_file
from normalizer.batch.worker import _NORMALIZERS
from normalizer.errors import LexiconError, PatternTimeout
from normalizer.knowledge.lexicon import Entry, Lexicon, default_lexicon_paths, load_file, load_lexicons
from normalizer.knowledge.regex_safety import GuardedPattern, probe
from normalizer.options import Options
from normalizer.pipeline import Normalizer

SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))

# Five shapes known to take exponential (or high polynomial) time in a backtracking matcher.
SHAPES = [r"(a|aa)+$", r"(a|a?)+$", r"(a+)+$", r"(a*)*$", r"(\w+\s?)+$"]


def _lexicon(tmp_path: Path, key: str, shape: str) -> Path:
    path = tmp_path / "hostile.yaml"
    value = shape.replace("'", "''")
    if key == "regex":
        body = f"entries:\n  - canonical: X\n    regex: '{value}'\n"
    else:
        body = f"entries:\n  - canonical: Xylo\n    variants: [xylo]\n    {key}: '{value}'\n"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("key", ["regex", "followed_by", "not_preceded_by"])
def test_redos_shapes_are_refused_on_load_with_their_line(tmp_path, key, shape):
    path = _lexicon(tmp_path, key, shape)
    with pytest.raises(LexiconError) as caught:
        load_lexicons([path])
    line = 3 if key == "regex" else 4
    assert str(caught.value).startswith(f"{path}:{line}: {key} {shape!r}")
    assert "backtrack" in str(caught.value)


@pytest.mark.parametrize("shape", SHAPES[:2])
def test_cli_refuses_the_lexicon_before_reading_any_input(tmp_path, shape):
    """Through the command: exit 2, one line, file:line; the ambiguous-alternation shapes the static check misses."""
    lexicon = _lexicon(tmp_path, "regex", shape)
    text = tmp_path / "in.txt"
    text.write_text("a" * 40 + "!\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", str(text), "--lexicon", str(lexicon)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"{lexicon}:3: regex" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def _hostile_entry(source: str, key: str) -> Entry:
    """An entry built without the loader's checks: what a pattern that slipped past them would do at run time."""
    pattern = GuardedPattern(source, 0, "hostile.yaml:7")
    return Entry(
        id="hostile.x",
        canonical="X",
        kind="entity",
        variants=("xylo",) if key != "regex" else (),
        regexes=(pattern,) if key == "regex" else (),
        case_sensitive=True,
        context={key: pattern} if key != "regex" else {},
        examples=(),
        source="hostile.yaml",
        line=7,
        whole_word=key == "regex",
    )


@pytest.mark.parametrize("key", ["regex", "followed_by"])
def test_a_pattern_that_gives_up_fails_the_document_naming_the_lexicon_line(key):
    normalizer = Normalizer(lexicon=Lexicon(entries=[_hostile_entry(r"(a|aa)+$", key)]), only="entity")
    with pytest.raises(PatternTimeout) as caught:
        normalizer.normalize("xylo" + "a" * 60 + "!")
    assert "lexicon hostile.yaml:7: pattern '(a|aa)+$' gave up" in str(caught.value)


def test_in_a_batch_the_timed_out_document_is_one_failed_file(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text("a" * 60 + "!\n", encoding="utf-8")
    # a lexicon that loading would refuse (the probe): built in memory and handed to this process's worker cache
    options = Options().with_values(only="entity", default_lexicons=False)
    key = options.cache_key()
    _NORMALIZERS[key] = Normalizer(options, lexicon=Lexicon(entries=[_hostile_entry(r"(a|aa)+$", "regex")]))
    try:
        outcome = process_file(FileTask(str(source), "doc.txt", str(tmp_path / "out.txt")), options, BatchSettings())
    finally:
        del _NORMALIZERS[key]
    assert outcome.status == "failed"
    assert outcome.error is not None and outcome.error.startswith(f"{source}: lexicon hostile.yaml:7: pattern")
    assert not (tmp_path / "out.txt").exists()


def test_guarded_patterns_find_what_re_finds_on_the_seeds():
    """The bundled patterns run on `regex` (VERSION0) and must behave as the `re` patterns they were written for."""
    lexicon = load_lexicons(default_lexicon_paths())
    patterns: list[GuardedPattern] = [p for e in lexicon.entries for p in (*e.regexes, *e.context.values())]
    patterns += [rule.pattern for rule in lexicon.boilerplate]
    assert len(patterns) >= 15
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    compared = 0
    for pattern in patterns:
        plain = re.compile(pattern.pattern, pattern.flags)
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
            for pos in range(0, len(text), 97):
                expected = plain.match(text, pos)
                got = pattern.match(text, pos)
                assert (got and got.span()) == (expected and expected.span())
                compared += 1
    assert compared > 1000


def test_probe_passes_every_bundled_pattern_and_catches_an_ambiguous_alternation():
    for path in default_lexicon_paths():
        problems: list[LexiconError] = []
        load_file(path, problems)
        assert problems == []
    assert probe(GuardedPattern(r"(?:Mr|Mrs)+\.")) is None  # alternatives share a letter, but no string splits two ways
    assert probe(GuardedPattern(r"\s+(?:[12]\d{3}|[1-9])\b")) is None
    assert "backtracks catastrophically" in (probe(GuardedPattern(r"(?:x|xx)+y")) or "")


def test_guarded_pattern_pickles_and_keeps_its_place():
    import pickle

    pattern = GuardedPattern(r"(?i:ab+)", 0, "f.yaml:3")
    again = pickle.loads(pickle.dumps(pattern))
    assert (again.pattern, again.where) == (pattern.pattern, "f.yaml:3")
    assert again.search("xxABB").span() == (2, 5)


def _context_patterns(lexicons: list[Lexicon]) -> list[tuple[str, str, str, int]]:
    return sorted(
        (e.id, key, p.pattern, p.flags) for lexicon in lexicons for e in lexicon.entries for key, p in e.context.items()
    )


def test_bundled_lexicons_load_their_checked_patterns_lazily(tmp_path, monkeypatch):
    """Loading to run trusts the shipped files (the checks are this suite's and ``lexicon check``'s): the same
    patterns, compiled on first use. A copy in $MTNORM_LEXICON_DIR is a user's folder: checked and compiled."""
    paths = default_lexicon_paths()
    problems: list[LexiconError] = []
    checked = [load_file(p, problems) for p in paths]
    assert problems == []
    loaded = load_lexicons(paths)
    assert _context_patterns([loaded]) == _context_patterns(checked)
    patterns = [p for e in loaded.entries for p in e.context.values()]
    assert len(patterns) > 10 and all(p._compiled is None for p in patterns)
    assert all(p.compiled.search is not None for p in patterns)  # and compile when asked

    for path in paths:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("MTNORM_LEXICON_DIR", str(tmp_path))
    copied = load_lexicons(default_lexicon_paths())
    assert all(p._compiled is not None for e in copied.entries for p in e.context.values())
