"""A malformed user lexicon never crashes a run: file:line, exit 2, nothing written (real CLI)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEEDS

MALFORMED = {
    "syntax.yaml": ("entries:\n  - canonical: X\n    variants: [a, b\n", ":4: YAML syntax"),
    "unknown-key.yaml": ("entries:\n  - canonical: X\n    variant: [a]\n", ":3: unknown key 'variant'"),
    "bad-regex.yaml": ("entries:\n  - canonical: X\n    regex: 'a(b'\n", ":3: regex 'a(b' does not compile"),
    "backtracking.yaml": ("entries:\n  - canonical: X\n    regex: '(a+)+b'\n", ":3: regex '(a+)+b': nested repetition"),
    "self-variant.yaml": ("entries:\n  - {canonical: X, variants: [X]}\n", ":2: variant 'X' is the canonical"),
    "not-mapping.yaml": ("- just\n- a list\n", ":1: a lexicon file must be a mapping"),
    "key-is-list.yaml": ("entries:\n  - {[a]: b, canonical: X, variants: [y]}\n", ":2: a key in an entry must be"),
    "bool.yaml": ("entries:\n  - {canonical: X, variants: [y], case_sensitive: maybe}\n", ":2: case_sensitive must be"),
    "binary.yaml": (b"\xff\xfe\x00bad", ": not UTF-8 text"),
    # PyYAML words this one differently by version (RecursionError before 6.0.4, a ScannerError since): only mtnorm's
    # own part of the message is asserted.
    "deep.yaml": ("entries: " + "[" * 5000 + "]" * 5000 + "\n", re.compile(r"(:\d+)?: YAML ")),
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_fix_folder_with_malformed_lexicon_writes_nothing(tmp_path, name):
    body, expected = MALFORMED[name]
    lexicon = tmp_path / name
    if isinstance(body, bytes):
        lexicon.write_bytes(body)
    else:
        lexicon.write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    done = _run("fix", str(SEEDS), "-o", str(out), "--lexicon", str(lexicon))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # one line
    if isinstance(expected, re.Pattern):
        assert re.search(re.escape(str(lexicon)) + expected.pattern, done.stderr)
    else:
        assert f"{lexicon}{expected}" in done.stderr
    assert not out.exists() or not any(out.rglob("*"))


def test_fix_to_stdout_with_missing_lexicon_prints_nothing(tmp_path):
    done = _run("fix", str(next(SEEDS.glob("*.txt"))), "--lexicon", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2 and done.stdout == ""
    assert f"{tmp_path / 'nope.yaml'}: no such lexicon file" in done.stderr


def test_in_place_with_malformed_lexicon_leaves_files_alone(tmp_path):
    target = tmp_path / "doc.txt"
    original = "the Meeting between Donald trump and Putin\n"
    target.write_text(original, encoding="utf-8")
    lexicon = tmp_path / "bad.yaml"
    lexicon.write_text("entries: 5\n", encoding="utf-8")
    done = _run("fix", str(target), "--in-place", "--lexicon", str(lexicon))
    assert done.returncode == 2 and f"{lexicon}:1: entries must be a list" in done.stderr
    assert target.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "doc.txt"]


def test_good_user_lexicon_is_used_by_fix(tmp_path: Path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("entries:\n  - {canonical: Gazprom, variants: [gazprom]}\n", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("shares of gazprom fell\n", encoding="utf-8")
    done = _run("fix", str(doc), "--lexicon", str(lexicon), "--no-default-lexicons")
    assert done.returncode == 0 and done.stdout == "shares of Gazprom fell\n"


def test_regex_nested_too_deeply_is_an_error_not_a_crash(tmp_path):
    lexicon = tmp_path / "deep-regex.yaml"
    lexicon.write_text("entries:\n  - canonical: X\n    regex: '" + "(" * 3000 + "a" + ")" * 3000 + "'\n", encoding="utf-8")
    done = _run("lexicon", "check", str(lexicon))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{lexicon}:3: regex is nested too deeply to compile" in done.stderr
