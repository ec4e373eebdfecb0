"""``mtnorm fix DIR -o OUT`` as a real process on real trees: parallel, resumable, safe, observable."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from .conftest import GOLDEN, seed_paths
from .test_cli import assert_clean_error, run

MANIFEST = ".mtnorm-manifest.json"


def make_tree(root: Path, copies: int = 3) -> dict[str, str]:
    """Seeds copied under nested folders; relative path → expected (golden) output."""
    expected = {}
    for i in range(copies):
        for seed in seed_paths():
            relative = f"part{i}/{'deep/' if i % 2 else ''}{seed.name}"
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
            expected[relative] = (GOLDEN / seed.name).read_text(encoding="utf-8")
    return expected


def outputs(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file() and p.name != MANIFEST
    }


def summary_counts(stderr: str) -> dict[str, int]:
    match = re.search(r"(\d+) files read \([\d.]+ MB\): (\d+) changed, (\d+) unchanged, (\d+) failed; (\d+) skipped", stderr)
    assert match, stderr
    return dict(zip(("read", "changed", "unchanged", "failed", "skipped"), map(int, match.groups()), strict=True))


def test_parallel_tree_equals_golden_and_sequential(tmp_path):
    expected = make_tree(tmp_path / "in")
    (tmp_path / "in" / "clean.txt").write_text("Nothing to do here.\n", encoding="utf-8")
    expected["clean.txt"] = "Nothing to do here.\n"
    par = run("fix", str(tmp_path / "in"), "-o", str(tmp_path / "par"), "--jobs", "2")
    seq = run("fix", str(tmp_path / "in"), "-o", str(tmp_path / "seq"), "--jobs", "1")
    assert par.returncode == 0 and seq.returncode == 0, par.stderr + seq.stderr
    assert outputs(tmp_path / "par") == outputs(tmp_path / "seq") == expected
    counts = summary_counts(par.stderr)
    assert counts == {"read": 16, "changed": 15, "unchanged": 1, "failed": 0, "skipped": 0}
    assert "2 jobs" in par.stderr and "MB/s" in par.stderr and "files/s" in par.stderr
    edits = re.search(r"edits: (.*)", par.stderr).group(1)
    assert "entity" in edits and "sentence-case" in edits
    assert "\r" not in par.stderr  # not a terminal: no progress bar


def test_files_named_one_by_one_never_get_more_workers_than_files(tmp_path):
    """One named file runs in the main process (no pool to start: start-up is most of such a run)."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("the Meeting ended in june.\n", encoding="utf-8")
    one = run("fix", str(tmp_path / "a.txt"), "-o", str(tmp_path / "one"), "--jobs", "4")
    two = run("fix", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "two"), "--jobs", "4")
    folder = run("fix", str(tmp_path / "one"), "-o", str(tmp_path / "three"), "--jobs", "3")  # a folder: --jobs as given
    assert one.returncode == two.returncode == folder.returncode == 0, one.stderr + two.stderr + folder.stderr
    assert "1 jobs (local)" in one.stderr and "2 jobs (local)" in two.stderr and "3 jobs (local)" in folder.stderr
    assert outputs(tmp_path / "one") == {"a.txt": "The meeting ended in June.\n"}
    assert outputs(tmp_path / "two") == {"a.txt": "The meeting ended in June.\n", "b.txt": "The meeting ended in June.\n"}


def test_summary_counts_edits_per_class_exactly(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("the Meeting with Asad.\n", encoding="utf-8")
    proc = run("fix", str(src), "-o", str(tmp_path / "out"))
    from normalizer import ARTIFACT_CLASSES, normalize

    counts = normalize("the Meeting with Asad.\n").counts()
    line = re.search(r"edits: (.*)", proc.stderr).group(1)
    assert line == ", ".join(f"{k} {counts[k]}" for k in ARTIFACT_CLASSES if k in counts)  # in the order of the classes
    assert line == "entity 1, sentence-case 2"


def test_quiet_prints_nothing_on_success_but_still_reports_failures(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("the Meeting.\n", encoding="utf-8")
    quiet = run("fix", str(src), "-o", str(tmp_path / "out"), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    (src / "b.txt").write_bytes(b"\x00\x01binary")
    failing = run("fix", str(src), "-o", str(tmp_path / "out2"), "-q")
    assert_clean_error(failing, 1, str(src / "b.txt"), "binary file")
    assert (tmp_path / "out2" / "a.txt").read_text(encoding="utf-8") == "The meeting.\n"


def test_progress_bar_on_a_terminal_only(tmp_path):
    """stderr is a real pseudo-terminal: tqdm draws its bar there (and not with --quiet)."""
    make_tree(tmp_path / "in", copies=2)

    def on_tty(*extra: str) -> str:
        controller, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 100 columns, like a window
        proc = subprocess.Popen(
            [sys.executable, "-m", "normalizer", "fix", str(tmp_path / "in"), *extra],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                data = os.read(controller, 4096)
            except OSError:  # EIO: the terminal's other side closed
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=300)
        os.close(controller)
        assert proc.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = on_tty("-o", str(tmp_path / "out1"))
    assert "10/10" in shown and "file" in shown and "\r" in shown
    assert "10 files read" in shown  # the summary comes after the bar
    hidden = on_tty("-o", str(tmp_path / "out2"), "--quiet")
    assert "10/10" not in hidden and hidden.strip() == ""


def test_glob_selects_files(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("the Meeting.\n", encoding="utf-8")
    (src / "sub" / "b.md").write_text("the Meeting.\n", encoding="utf-8")
    (src / "sub" / "c.text").write_text("the Meeting.\n", encoding="utf-8")
    assert run("fix", str(src), "-o", str(tmp_path / "o1")).returncode == 0
    assert sorted(outputs(tmp_path / "o1")) == ["a.txt"]
    assert run("fix", str(src), "-o", str(tmp_path / "o2"), "--glob", "*.md").returncode == 0
    assert outputs(tmp_path / "o2") == {"sub/b.md": "The meeting.\n"}
    assert run("fix", str(src), "-o", str(tmp_path / "o3"), "--glob", "sub/*.te*").returncode == 0
    assert sorted(outputs(tmp_path / "o3")) == ["sub/c.text"]


def test_symbolic_links_are_not_followed_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("the Meeting outside.\n", encoding="utf-8")
    (outside / "folder" / "inner.txt").write_text("the Meeting in a linked folder.\n", encoding="utf-8")
    src = tmp_path / "in"
    (src / "real").mkdir(parents=True)
    (src / "real" / "doc.txt").write_text("the Meeting inside.\n", encoding="utf-8")
    (src / "leak.txt").symlink_to(outside / "secret.txt")
    (src / "linked-folder").symlink_to(outside / "folder")
    (src / "loop").symlink_to(src)  # a folder link back into the tree: not followed either (no loops)
    (src / "alias.txt").symlink_to(src / "real" / "doc.txt")  # a file link inside the tree is fine
    proc = run("fix", str(src), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert outputs(tmp_path / "out") == {"real/doc.txt": "The meeting inside.\n", "alias.txt": "The meeting inside.\n"}
    for name in ("leak.txt", "linked-folder", "loop"):
        assert f"{src / name}: symbolic link not followed" in proc.stderr


@pytest.mark.parametrize("where", ["inside", "same", "around"])
def test_input_and_output_trees_may_not_overlap(tmp_path, where):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("the Meeting.\n", encoding="utf-8")
    out = {"inside": src / "out", "same": src, "around": tmp_path}[where]
    assert_clean_error(run("fix", str(src), "-o", str(out)), 2, "overlaps")
    assert not (src / "out").exists() and not (src / MANIFEST).exists()


def test_two_inputs_writing_the_same_output_are_refused(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.txt").write_text("x\n", encoding="utf-8")
    proc = run("fix", str(tmp_path / "one"), str(tmp_path / "two"), "-o", str(tmp_path / "out"))
    assert_clean_error(proc, 2, "same.txt", "both")
    assert not (tmp_path / "out").exists()


def test_failures_are_reported_and_the_rest_written(tmp_path):
    src = tmp_path / "in"
    expected = make_tree(src, copies=1)
    (src / "binary.txt").write_bytes(b"\x00\x00\x01")
    (src / "latin1.txt").write_bytes(b"caf\xe9\n")
    (src / "huge.txt").write_text("word " * 5000, encoding="utf-8")
    proc = run("fix", str(src), "-o", str(tmp_path / "out"), "--max-bytes", "10000")
    assert_clean_error(
        proc, 1, f"{src / 'binary.txt'}: binary file", f"{src / 'latin1.txt'}: not UTF-8", f"{src / 'huge.txt'}: file is"
    )
    assert outputs(tmp_path / "out") == expected
    assert summary_counts(proc.stderr)["failed"] == 3
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(expected)  # failed files are not recorded: a re-run retries them


def test_resume_skips_up_to_date_outputs_and_redoes_changed_inputs(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = make_tree(src, copies=2)
    first = run("fix", str(src), "-o", str(out))
    assert summary_counts(first.stderr) == {"read": 10, "changed": 10, "unchanged": 0, "failed": 0, "skipped": 0}
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["files"]["part0/" + seed_paths()[0].name]
    assert set(entry) >= {"input_sha256", "mtnorm_version", "config_sha256"}

    again = run("fix", str(src), "-o", str(out))
    assert summary_counts(again.stderr) == {"read": 0, "changed": 0, "unchanged": 0, "failed": 0, "skipped": 10}

    edited = src / "part1/deep" / seed_paths()[1].name
    edited.write_text("the Meeting was edited.\n", encoding="utf-8")
    (out / "part0" / seed_paths()[2].name).unlink()  # a lost output is redone too
    third = run("fix", str(src), "-o", str(out))
    assert summary_counts(third.stderr) == {"read": 2, "changed": 2, "unchanged": 0, "failed": 0, "skipped": 8}
    expected["part1/deep/" + seed_paths()[1].name] = "The meeting was edited.\n"
    assert outputs(out) == expected

    forced = run("fix", str(src), "-o", str(out), "--force")
    assert summary_counts(forced.stderr)["read"] == 10 and summary_counts(forced.stderr)["skipped"] == 0


def test_resume_redoes_everything_when_configuration_lexicon_or_version_change(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, copies=1)
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("class: entity\nentries:\n  - canonical: Kyiv\n    variants: [Kiev]\n", encoding="utf-8")
    base = ("fix", str(src), "-o", str(out), "--lexicon", str(lexicon))
    assert summary_counts(run(*base).stderr)["read"] == 5
    assert summary_counts(run(*base).stderr)["skipped"] == 5
    assert summary_counts(run(*base, "--skip", "grammar").stderr)["read"] == 5  # other options
    assert summary_counts(run(*base).stderr)["read"] == 5  # and back
    lexicon.write_text("class: entity\nentries:\n  - canonical: Kyiv\n    variants: [Kiev, Kieff]\n", encoding="utf-8")
    assert summary_counts(run(*base).stderr)["read"] == 5  # same path, new contents
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for entry in data["files"].values():
        entry["mtnorm_version"] = "0.0.1"
    (out / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    assert summary_counts(run(*base).stderr)["read"] == 5  # another mtnorm version
    assert summary_counts(run(*base, "--jobs", "1").stderr)["skipped"] == 5  # jobs do not change outputs


def test_broken_manifest_is_a_clear_error(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, copies=1)
    out.mkdir()
    (out / MANIFEST).write_text("[1, 2", encoding="utf-8")
    assert_clean_error(run("fix", str(src), "-o", str(out)), 2, str(out / MANIFEST), "--force")
    forced = run("fix", str(src), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]) == 5


def test_line_endings_kept_unless_newline_given(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "win.txt").write_bytes(b"the Meeting with Asad.\r\nSecond line.\r\n")
    (src / "unix.txt").write_bytes(b"the Meeting with Asad.\nSecond line.\n")
    assert run("fix", str(src), "-o", str(tmp_path / "keep")).returncode == 0
    assert (tmp_path / "keep" / "win.txt").read_bytes() == b"The meeting with Assad.\r\nSecond line.\r\n"
    assert (tmp_path / "keep" / "unix.txt").read_bytes() == b"The meeting with Assad.\nSecond line.\n"
    assert run("fix", str(src), "-o", str(tmp_path / "lf"), "--newline", "lf").returncode == 0
    assert (tmp_path / "lf" / "win.txt").read_bytes() == b"The meeting with Assad.\nSecond line.\n"
    assert run("fix", str(src), "-o", str(tmp_path / "crlf"), "--newline", "crlf").returncode == 0
    assert (tmp_path / "crlf" / "unix.txt").read_bytes() == b"The meeting with Assad.\r\nSecond line.\r\n"
    stdout = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", str(src / "win.txt")], capture_output=True, timeout=300
    ).stdout
    assert stdout == b"The meeting with Assad.\r\nSecond line.\r\n"


def test_encoding_auto_decodes_and_reports_its_guess(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = "The Café Müller reopened; the naïve “prix fixe” menu costs 25 € and the crème brûlée is back.\n" * 5
    (src / "legacy.txt").write_bytes(text.encode("cp1252"))
    (src / "modern.txt").write_text(text, encoding="utf-8")
    strict = run("fix", str(src), "-o", str(tmp_path / "strict"))
    assert_clean_error(strict, 1, str(src / "legacy.txt"), "not UTF-8")
    auto = run("fix", str(src), "-o", str(tmp_path / "auto"), "--encoding", "auto")
    assert auto.returncode == 0, auto.stderr
    assert f"{src / 'legacy.txt'}: decoded as cp1252" in auto.stderr
    assert "modern.txt: decoded" not in auto.stderr
    assert "encodings: " in auto.stderr and "cp1252 1" in auto.stderr
    assert (tmp_path / "auto" / "legacy.txt").read_text(encoding="utf-8") == (tmp_path / "auto" / "modern.txt").read_text(
        encoding="utf-8"
    )


def test_in_place_batch_rewrites_only_changed_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "dirty.txt").write_text("the Meeting with Asad.\n", encoding="utf-8")
    (src / "clean.txt").write_text("Clean text.\n", encoding="utf-8")
    os.utime(src / "clean.txt", ns=(1_000_000_000, 1_000_000_000))
    proc = run("fix", str(src), "--in-place", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert (src / "dirty.txt").read_text(encoding="utf-8") == "The meeting with Assad.\n"
    assert (src / "clean.txt").stat().st_mtime_ns == 1_000_000_000
    assert not (src / MANIFEST).exists()


def test_engine_ray_without_ray_is_a_clear_error(tmp_path):
    """Stand-in: a `ray` package that fails to import (as when the extra is not installed), first on PYTHONPATH."""
    fake = tmp_path / "site"
    (fake / "ray").mkdir(parents=True)
    (fake / "ray" / "__init__.py").write_text("raise ImportError('stand-in: Ray is not installed')\n", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("x\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(fake)}
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", str(src), "-o", str(tmp_path / "out"), "--engine", "ray"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "mtnorm: --engine ray needs Ray: pip install -e '.[ray]'"
    assert not (tmp_path / "out" / "a.txt").exists()


def test_address_without_ray_engine_is_a_usage_error(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    assert_clean_error(run("fix", str(src), "-o", str(tmp_path / "out"), "--address", "127.0.0.1:6379"), 2, "--engine ray")


def test_bad_jobs_value_is_a_usage_error(tmp_path):
    assert run("fix", str(tmp_path), "-o", str(tmp_path / "o"), "--jobs", "0").returncode == 2


def test_tree_only_options_are_refused_elsewhere(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x\n", encoding="utf-8")
    assert_clean_error(run("fix", str(path), "--report", str(tmp_path / "r.html")), 2, "--report")
    assert_clean_error(run("fix", "--jsonl", "--field", "t", "-", "--engine", "ray", stdin="{}\n"), 2, "--engine ray")
    assert_clean_error(run("fix", str(path), "--force"), 2, "--force")
    assert not (tmp_path / "r.html").exists()


def test_report_lists_every_changed_document(tmp_path):
    """--report through the CLI: the page is written (by normalizer.reports.html) with the changed documents only."""
    src = tmp_path / "in"
    make_tree(src, copies=1)
    (src / "clean.txt").write_text("Nothing to do here.\n", encoding="utf-8")
    report = tmp_path / "report.html"
    proc = run("fix", str(src), "-o", str(tmp_path / "out"), "--report", str(report), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    page = report.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    for seed in seed_paths():
        assert f"part0/{seed.name}" in page
    assert "clean.txt" not in page
    assert [p.name for p in tmp_path.iterdir() if "tmp" in p.name] == []


def test_corpus_casing_in_parallel_equals_sequential_and_resumes(tmp_path):
    src = tmp_path / "in"
    make_tree(src, copies=2)
    par = run("fix", str(src), "-o", str(tmp_path / "par"), "--corpus-casing", "--jobs", "2")
    seq = run("fix", str(src), "-o", str(tmp_path / "seq"), "--corpus-casing", "--jobs", "1")
    assert par.returncode == 0 and seq.returncode == 0, par.stderr + seq.stderr
    assert outputs(tmp_path / "par") == outputs(tmp_path / "seq")
    again = run("fix", str(src), "-o", str(tmp_path / "par"), "--corpus-casing")
    assert summary_counts(again.stderr)["skipped"] == 10  # the evidence's hash is stable from run to run
    (src / "part0" / seed_paths()[0].name).write_text("A new text about Meeting.\n", encoding="utf-8")
    changed = run("fix", str(src), "-o", str(tmp_path / "par"), "--corpus-casing")
    assert summary_counts(changed.stderr)["read"] == 10  # new evidence: every output may change


def test_ray_engine_output_equals_local(tmp_path):
    """--engine ray through the CLI on a local Ray instance (the engine is normalizer.batch.engines.ray_engine)."""
    pytest.importorskip("ray", reason="Ray is the optional extra [ray]; the test extra installs it")
    src = tmp_path / "in"
    expected = make_tree(src, copies=1)
    proc = run("fix", str(src), "-o", str(tmp_path / "ray"), "--engine", "ray", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert "2 jobs (ray)" in proc.stderr
    assert outputs(tmp_path / "ray") == expected
