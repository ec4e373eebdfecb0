"""The command line, run as a real process: outputs, exit codes, errors, atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from unidiff import PatchSet

from .conftest import GOLDEN, SEEDS, seed_paths

MTNORM = Path(sys.executable).with_name("mtnorm")


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normalizer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr


def test_console_script_is_installed_and_runs():
    proc = subprocess.run([str(MTNORM), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("mtnorm ")


def test_fix_file_prints_golden_output():
    seed = seed_paths()[0]
    proc = run("fix", str(seed))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (GOLDEN / seed.name).read_text(encoding="utf-8")


def test_fix_stdin_to_stdout():
    proc = run("fix", "-", stdin="the Meeting between Donald trump and Putin\n")
    assert proc.returncode == 0
    assert proc.stdout == "The meeting between Donald Trump and Putin\n"


def test_fix_tree_keeps_relative_paths(tmp_path):
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    seeds = seed_paths()
    (src / "a" / "b" / "one.txt").write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    (src / "two.txt").write_text(seeds[1].read_text(encoding="utf-8"), encoding="utf-8")
    (src / "notes.md").write_text("not text to clean", encoding="utf-8")
    out = tmp_path / "out"
    proc = run("fix", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [".mtnorm-manifest.json", "a/b/one.txt", "two.txt"]  # the manifest: see test_batch.py
    assert (out / "a" / "b" / "one.txt").read_text(encoding="utf-8") == (GOLDEN / seeds[0].name).read_text(encoding="utf-8")


def test_fix_seeds_folder_equals_golden(tmp_path):
    proc = run("fix", str(SEEDS), "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    for seed in seed_paths():
        assert (tmp_path / seed.name).read_text(encoding="utf-8") == (GOLDEN / seed.name).read_text(encoding="utf-8")


def test_in_place_rewrites_atomically_and_keeps_mode(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_text("the Meeting with Asad.\n", encoding="utf-8")
    os.chmod(target, 0o640)
    proc = run("fix", "--in-place", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.read_text(encoding="utf-8") == "The meeting with Assad.\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_check_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing to repair here.\n", encoding="utf-8")
    assert run("check", str(clean)).returncode == 0
    proc = run("check", str(SEEDS))
    assert proc.returncode == 1
    assert proc.stdout.count("would change") == len(seed_paths())
    assert run("check", str(GOLDEN / "reference")).returncode == 0


def test_diff_is_a_unified_diff_of_the_change():
    seed = next(p for p in seed_paths() if p.name.startswith("002_"))
    proc = run("diff", str(seed))
    assert proc.returncode == 0
    patch = PatchSet(proc.stdout)
    assert len(patch) == 1
    assert sum(h.removed for h in patch[0]) > 0
    removed = [line.value.strip() for h in patch[0] for line in h if line.is_removed]
    assert "All news" in removed and "Tags" in removed


def test_explain_text_and_json_agree():
    seed = next(p for p in seed_paths() if p.name.startswith("000_"))
    as_json = json.loads(run("explain", "--json", str(seed)).stdout)
    as_text = run("explain", str(seed)).stdout.splitlines()
    assert len(as_json["edits"]) == len(as_text) > 5
    first = as_json["edits"][0]
    assert set(first) == {"line", "column", "start", "end", "class", "rule", "before", "after", "message"}
    assert as_text[0].startswith(f"{seed}:{first['line']}:{first['column']}: {first['class']} [{first['rule']}]")
    text = seed.read_text(encoding="utf-8")
    for edit in as_json["edits"]:
        assert text[edit["start"] : edit["end"]] == edit["before"]


def test_only_skip_and_user_lexicon(tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("entries:\n  - canonical: Zelensky\n    variants: [Zelenskiy]\n", encoding="utf-8")
    text = "the Meeting with Zelenskiy and Asad.\n"
    assert run("fix", "-", "--only", "entity", stdin=text).stdout == "the Meeting with Zelenskiy and Assad.\n"
    assert run("fix", "-", "--only", "entity", "--lexicon", str(lexicon), stdin=text).stdout == (
        "the Meeting with Zelensky and Assad.\n"
    )
    proc = run("fix", "-", "--no-default-lexicons", "--lexicon", str(lexicon), "--skip", "sentence-case", stdin=text)
    assert proc.stdout == "the Meeting with Zelensky and Asad.\n"


def test_malformed_lexicon_names_file_and_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - canonical: X\n    variantz: [y]\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run("fix", str(SEEDS), "-o", str(out), "--lexicon", str(bad))
    assert_clean_error(proc, 2, f"{bad}:3:", "variantz")
    assert not out.exists()
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries:\n  - canonical: [unclosed\n", encoding="utf-8")
    assert_clean_error(run("fix", "-", "--lexicon", str(broken), stdin="x"), 2, f"{broken}:", "YAML")


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"abc\x00def", "binary"), (b"caf\xe9 au lait\n", "not UTF-8")],
    ids=["binary", "latin-1"],
)
def test_bad_input_file_is_a_clear_error(tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert_clean_error(run("fix", str(path)), 2, str(path), needle)


def test_batch_goes_on_past_a_bad_file_and_exits_1(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("the Meeting with Asad.\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    proc = run("fix", str(src), "-o", str(out))
    assert_clean_error(proc, 1, str(src / "bad.txt"))
    assert (out / "good.txt").read_text(encoding="utf-8") == "The meeting with Assad.\n"
    assert (out / "empty.txt").read_text(encoding="utf-8") == ""
    assert not (out / "bad.txt").exists()
    assert [p.name for p in out.iterdir() if "tmp" in p.name] == []


def test_existing_output_is_not_clobbered_by_a_failing_input(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "doc.txt").write_bytes(b"\xc3\x28 broken")
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.txt").write_text("earlier output\n", encoding="utf-8")
    assert run("fix", str(src), "-o", str(out)).returncode == 1
    assert (out / "doc.txt").read_text(encoding="utf-8") == "earlier output\n"


def test_usage_errors_exit_2(tmp_path):
    assert_clean_error(run("fix", str(tmp_path / "missing.txt")), 2, "missing.txt", "no such file")
    assert_clean_error(run("fix", "-", "--only", "colour", stdin="x"), 2, "unknown class colour")
    assert_clean_error(run("fix", str(SEEDS)), 2, "-o OUT")
    assert_clean_error(run("fix", str(SEEDS), "-o", str(SEEDS / "sub")), 2, "overlaps")
    assert run("frobnicate").returncode == 2


def test_bom_and_crlf_input(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("\ufeffthe Meeting with Asad.\r\nSecond line.\r\n".encode())
    proc = run("fix", str(path))
    assert proc.returncode == 0
    assert proc.stdout == "The meeting with Assad.\nSecond line.\n"


def test_file_over_max_bytes_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    assert_clean_error(run("fix", str(path), "--max-bytes", "100"), 2, str(path), "over the limit")


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("setup.cfg", "[tool:mtnorm]\nonly = entity\nlexicons = mine.yaml\n"),
        ("pyproject.toml", '[tool.mtnorm]\nonly = "entity"\nlexicons = ["mine.yaml"]\n'),
        ("mtnorm.toml", 'only = "entity"\nlexicons = ["mine.yaml"]\n'),
    ],
)
def test_configuration_file_sets_options_and_cli_overrides(tmp_path, name, body):
    (tmp_path / "mine.yaml").write_text("entries:\n  - {canonical: Zelensky, variants: [Zelenskiy]}\n", encoding="utf-8")
    (tmp_path / name).write_text(body, encoding="utf-8")
    text = "the Meeting with Zelenskiy and Asad.\n"
    assert run("fix", "-", stdin=text, cwd=tmp_path).stdout == "the Meeting with Zelensky and Assad.\n"
    overridden = run("fix", "-", "--only", "sentence-case", stdin=text, cwd=tmp_path)
    assert overridden.stdout == "The meeting with Zelenskiy and Asad.\n"


def test_explicit_config_file_is_read_with_lexicons_beside_it(tmp_path):
    """--config FILE works from any folder; its lexicon paths are relative to the file, not the working folder."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "mine.yaml").write_text("entries:\n  - {canonical: Zelensky, variants: [Zelenskiy]}\n", encoding="utf-8")
    (project / "strict.toml").write_text('only = "entity"\nlexicons = ["mine.yaml"]\n', encoding="utf-8")
    text = "the Meeting with Zelenskiy.\n"
    for command in ("fix", "diff"):
        proc = run(command, "-", "--config", str(project / "strict.toml"), stdin=text, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
        assert "Zelensky." in proc.stdout and "Meeting" in proc.stdout
    missing = run("fix", "-", "--config", str(project / "absent.toml"), stdin=text, cwd=tmp_path)
    assert_clean_error(missing, 2, "absent.toml", "cannot read configuration")


def test_bad_configuration_is_a_clear_error(tmp_path):
    (tmp_path / "mtnorm.toml").write_text('colour = "blue"\n', encoding="utf-8")
    assert_clean_error(run("fix", "-", stdin="x", cwd=tmp_path), 2, "mtnorm.toml", "unknown mtnorm option colour")


def test_check_and_diff_walk_folders_as_fix_does(tmp_path):
    """No linked folder is entered and no link out of the tree is read (a loop or a private file stays out)."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (tree / "clean.txt").write_text("The meeting was long.\n", encoding="utf-8")
    (outside / "dirty.txt").write_text("the Meeting with Asad.\n", encoding="utf-8")
    (tree / "linked").symlink_to(outside, target_is_directory=True)
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "link.txt").symlink_to(outside / "dirty.txt")
    assert run("check", str(tree)).returncode == 0
    diff = run("diff", str(tree))
    assert diff.returncode == 0 and diff.stdout == ""
    (tree / "copy.txt").write_text((outside / "dirty.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("check", "-q", str(tree)).returncode == 1  # the same text inside the tree is read and would change
