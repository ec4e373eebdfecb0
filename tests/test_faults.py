"""Faults a user meets: one-line errors, README exit codes, no traceback, no temporary or partial file left.

Full disks are real: a small tmpfs mounted for the test (root only; skipped
with the reason elsewhere), and ``/dev/full`` for standard output.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SAMPLE = "the Meeting between Donald trump and Putin took place in june.\n\nShoigu discussed with Asad questions.\n"


def mtnorm(*args: str, cwd: Path, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.mtnorm-tmp")]


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("mtnorm: error:")]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 96 KiB file system: writing more fails with ENOSPC."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


WORDS = "the meeting between officials took place in the city on monday and they discussed trade security energy".split()


def _text(seed: int, paragraphs: int) -> str:
    """Distinct paragraphs (repeated ones would be removed as boilerplate), each with something to repair."""
    rng = random.Random(seed)
    return "".join(
        "the " + " ".join(rng.choice(WORDS) for _ in range(14)) + f" in june {rng.randint(1, 10**6)}.\n\n"
        for _ in range(paragraphs)
    )


def _tree(root: Path, files: int, paragraphs: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        (root / f"f{i:02}.txt").write_text(_text(i, paragraphs), encoding="utf-8")
    return root


def test_report_pointing_at_a_folder_is_a_usage_error_before_any_work(tmp_path):
    _tree(tmp_path / "in", 2, 1)
    (tmp_path / "report").mkdir()
    done = mtnorm("fix", "in", "-o", "out", "--report", "report", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 2
    assert "report" in one_line_error(done) and "folder" in done.stderr
    assert not (tmp_path / "out").exists()


def test_full_disk_while_writing_outputs_fails_those_files_only(tmp_path, tmpfs):
    _tree(tmp_path / "in", 12, 100)
    done = mtnorm("fix", "in", "-o", str(tmpfs), "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    failed = [line for line in done.stderr.splitlines() if "No space left on device" in line]
    assert failed and all(line.startswith("mtnorm: ") for line in failed)
    assert temp_files(tmpfs) == []
    written = sorted(tmpfs.glob("*.txt"))
    for path in written:  # complete or absent, never partial
        assert path.read_text(encoding="utf-8") == mtnorm("fix", f"in/{path.name}", cwd=tmp_path).stdout
    summary = next(line for line in done.stderr.splitlines() if " files read " in line)
    assert f"{len(written)} changed" in summary and f"{12 - len(written)} failed" in summary


def test_full_disk_while_writing_the_report(tmp_path, tmpfs):
    _tree(tmp_path / "in", 6, 200)
    done = mtnorm("fix", "in", "-o", "out", "--report", str(tmpfs / "report.html"), "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 1
    assert "report.html" in one_line_error(done) and "No space left on device" in done.stderr
    assert list(tmpfs.iterdir()) == []
    assert len(list((tmp_path / "out").glob("*.txt"))) == 6  # the outputs were written before


def test_full_disk_with_json_lines_counts_only_what_was_written(tmp_path, tmpfs):
    (tmp_path / "in").mkdir()
    lines = "".join(json.dumps({"id": i, "text": _text(i, 4)}) + "\n" for i in range(400))
    (tmp_path / "in" / "a.jsonl").write_text(lines, encoding="utf-8")
    done = mtnorm("fix", "--jsonl", "--field", "text", "in", "-o", str(tmpfs), "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "No space left on device" in done.stderr
    assert list(tmpfs.iterdir()) == []
    assert "mtnorm: 0 records: 0 changed" in done.stderr  # none was written


@pytest.mark.parametrize("command", ["fix", "diff", "explain", "check"])
def test_standard_output_on_a_full_device(tmp_path, command):
    source = tmp_path / "in.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = mtnorm(command, str(source), cwd=tmp_path, stdout=full)
    assert done.returncode == 2
    assert "standard output" in one_line_error(done)


def test_edits_field_equal_to_field_is_a_usage_error(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": SAMPLE}) + "\n", encoding="utf-8")
    done = mtnorm("fix", "--jsonl", "--field", "text", "--edits-field", "text", "a.jsonl", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert "--edits-field" in one_line_error(done)


def test_explain_json_over_several_files_is_one_document(tmp_path):
    _tree(tmp_path / "in", 3, 1)
    (tmp_path / "in" / "clean.txt").write_text("Nothing to do here.\n", encoding="utf-8")
    done = mtnorm("explain", "--json", "in", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [f["path"] for f in document["files"]] == [str(Path("in") / n) for n in ("clean.txt", "f00.txt", "f01.txt", "f02.txt")]
    assert document["files"][0]["edits"] == [] and document["files"][1]["edits"]
    single = json.loads(mtnorm("explain", "--json", "in/f00.txt", cwd=tmp_path).stdout)
    assert single == {"edits": document["files"][1]["edits"]}  # one FILE keeps the documented shape


def test_report_on_an_up_to_date_tree_says_why_it_is_empty(tmp_path):
    _tree(tmp_path / "in", 2, 1)
    assert mtnorm("fix", "in", "-o", "out", "--jobs", "1", cwd=tmp_path).returncode == 0
    done = mtnorm("fix", "in", "-o", "out", "--jobs", "1", "--report", "r.html", cwd=tmp_path)
    assert done.returncode == 0
    assert "mtnorm: --report: 2 files were up to date and are not in the report (--force redoes them)" in done.stderr


def test_a_tiny_time_limit_fails_the_document_not_the_run(tmp_path):
    _tree(tmp_path / "in", 2, 2000)
    done = mtnorm("fix", "in", "-o", "out", "--jobs", "1", "--time-limit", "0.001", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "in/f00.txt: took longer than 0.001 s (--time-limit); not written" in done.stderr
    assert not list((tmp_path / "out").glob("*.txt")) and temp_files(tmp_path) == []
    single = mtnorm("fix", "in/f00.txt", "--time-limit", "0.001", cwd=tmp_path)
    assert single.returncode == 2 and single.stdout == ""
    assert one_line_error(single) == "mtnorm: error: in/f00.txt: took longer than 0.001 s (--time-limit); not written"
    assert mtnorm("check", "in/f00.txt", "--time-limit", "0", cwd=tmp_path).returncode == 1  # 0: no limit


def test_stale_temporary_files_are_swept_at_the_start_only_ours_and_only_unlocked(tmp_path):
    import fcntl

    _tree(tmp_path / "in", 2, 1)
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".f00.txt.ab12cd.mtnorm-tmp", out / "sub" / ".x.txt.zz.mtnorm-tmp"]
    for path in stale:
        path.write_text("half of a file", encoding="utf-8")
    alive = out / ".f01.txt.live.mtnorm-tmp"
    alive.write_text("being written", encoding="utf-8")
    mine = out / "notes.mtnorm-tmp.txt"
    mine.write_text("a user's file", encoding="utf-8")
    with open(alive) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a live writer holds it
        done = mtnorm("fix", "in", "-o", "out", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not any(p.exists() for p in stale)
    assert alive.exists() and mine.exists()
