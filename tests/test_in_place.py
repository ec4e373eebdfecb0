"""``fix --in-place`` on files a user cares about: read-only files refused, mode and owner kept, links kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = "the Meeting between Donald trump and Putin took place in june.\n"
FIXED = "The meeting between Donald Trump and Putin took place in June.\n"


def mtnorm(*args: str, cwd: Path, user: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], cwd=cwd, capture_output=True, text=True, user=user)


def _file(folder: Path, name: str = "a.txt", mode: int = 0o644) -> Path:
    path = folder / name
    path.write_text(SAMPLE, encoding="utf-8")
    path.chmod(mode)
    return path


def test_a_read_only_file_is_refused_with_one_line_and_left_alone(tmp_path):
    readonly = _file(tmp_path, "ro.txt", 0o444)
    other = _file(tmp_path, "rw.txt")
    done = mtnorm("fix", "ro.txt", "rw.txt", "--in-place", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "mtnorm: ro.txt: read-only file (mode 0444): not rewritten; make it writable to fix it in place" in done.stderr
    assert readonly.read_text(encoding="utf-8") == SAMPLE and readonly.stat().st_mode & 0o777 == 0o444
    assert other.read_text(encoding="utf-8") == FIXED  # the others are fixed


def test_mode_0640_stays_0640(tmp_path):
    path = _file(tmp_path, mode=0o640)
    assert mtnorm("fix", "a.txt", "--in-place", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == FIXED
    assert path.stat().st_mode & 0o7777 == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_owner_and_group_are_kept(tmp_path):
    path = _file(tmp_path, mode=0o664)
    os.chown(path, 65534, 65534)
    assert mtnorm("fix", "a.txt", "--in-place", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == FIXED
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (65534, 65534, 0o664)


def test_a_symbolic_link_keeps_being_a_link_and_its_target_is_fixed(tmp_path):
    (tmp_path / "real").mkdir()
    target = _file(tmp_path / "real", "t.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(Path("real") / "t.txt")
    done = mtnorm("fix", "link.txt", "--in-place", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "t.txt")
    assert target.read_text(encoding="utf-8") == FIXED
    assert [p.name for p in (tmp_path / "real").iterdir()] == ["t.txt"]  # no temporary file left beside the target


def test_an_unchanged_file_is_not_rewritten(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(FIXED, encoding="utf-8")
    before = path.stat()
    assert mtnorm("fix", "clean.txt", "--in-place", cwd=tmp_path).returncode == 0
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns
