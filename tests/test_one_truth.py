"""check, diff and explain judge a file exactly as fix would write it: same newline, encoding and options.

Each kind of file (CRLF, a BOM, cp1251 with ``--encoding auto``), clean or with
something to repair, goes through every command; the verdicts must agree
with what ``fix`` writes, and after ``fix --in-place`` nothing is left to do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DIRTY = "the Meeting between Donald trump and Putin.\nIt was in june.\n"
CLEAN = "The meeting between Donald Trump and Putin.\nIt was in June.\n"

KINDS = {
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), ()),
    "bom": (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), ()),
    "cp1251": (
        lambda t: ("Встреча министров иностранных дел России и Турции прошла в понедельник в Москве.\n" + t).encode("cp1251"),
        ("--encoding", "auto"),
    ),
    "crlf-newline-lf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), ("--newline", "lf")),
}


def mtnorm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", [DIRTY, CLEAN], ids=["dirty", "clean"])
def test_every_command_agrees_with_fix(tmp_path, kind, text):
    encode, options = KINDS[kind]
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(text))
    original = path.read_bytes()
    fixed = subprocess.run([sys.executable, "-m", "normalizer", "fix", "doc.txt", *options], cwd=tmp_path, capture_output=True)
    assert fixed.returncode == 0, fixed.stderr
    check = mtnorm("check", "doc.txt", *options, cwd=tmp_path)
    diff = mtnorm("diff", "doc.txt", *options, cwd=tmp_path)
    explain = mtnorm("explain", "doc.txt", "--json", *options, cwd=tmp_path)
    assert "Traceback" not in check.stderr + diff.stderr + explain.stderr
    edits = json.loads(explain.stdout)["edits"]
    decoded = original.decode("cp1251" if kind == "cp1251" else "utf-8-sig")
    would_change = fixed.stdout.decode("utf-8") != decoded
    assert check.returncode == (1 if would_change else 0), check.stdout + check.stderr
    assert bool(diff.stdout) == would_change
    assert bool(edits) == (text == DIRTY)
    if kind == "crlf-newline-lf":
        assert would_change and "\r" not in fixed.stdout.decode("utf-8")
    # after fix --in-place there is nothing left to do, for every command
    assert mtnorm("fix", "doc.txt", "--in-place", *options, cwd=tmp_path).returncode == 0
    assert mtnorm("check", "doc.txt", *options, cwd=tmp_path).returncode == 0
    assert mtnorm("diff", "doc.txt", *options, cwd=tmp_path).stdout == ""
    assert json.loads(mtnorm("explain", "doc.txt", "--json", *options, cwd=tmp_path).stdout)["edits"] == []


def test_a_crlf_file_keeps_crlf_and_check_passes_after_fix(tmp_path):
    """The issue's case: fix kept CRLF and called the file unchanged, check reported line-break edits forever."""
    (tmp_path / "w.txt").write_bytes(CLEAN.replace("\n", "\r\n").encode())
    shutil.copy(tmp_path / "w.txt", tmp_path / "before.txt")
    assert mtnorm("check", "w.txt", cwd=tmp_path).returncode == 0
    assert mtnorm("explain", "w.txt", cwd=tmp_path).stdout == ""
    assert (tmp_path / "w.txt").read_bytes() == (tmp_path / "before.txt").read_bytes()
