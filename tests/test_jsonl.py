"""``mtnorm fix --jsonl --field text``: JSON Lines in and out, as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

from normalizer import normalize

from .conftest import seed_paths
from .test_cli import assert_clean_error, run


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_stdin_to_stdout_keeps_other_fields_and_key_order():
    lines = [
        {"id": 7, "text": "the Meeting with Asad.", "meta": {"lang": "en", "score": 0.25}, "tags": ["a", None, True]},
        {"z_first": "the Meeting", "text": "Clean text.", "a_last": 1e-3},
    ]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
    proc = run("fix", "--jsonl", "--field", "text", "-", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    out = records(proc.stdout)
    assert [list(r) for r in out] == [list(r) for r in lines]  # the same keys in the same order
    assert out[0] == {**lines[0], "text": "The meeting with Assad."}
    assert out[1] == lines[1]  # untouched fields stay untouched, even text that looks fixable
    assert "2 records: 1 changed, 0 bad lines skipped" in proc.stderr


def test_edits_field_lists_the_edits_in_input_offsets():
    text = "the Meeting with Asad. Visit http://x.org/the Meeting"
    proc = run("fix", "--jsonl", "--field", "body", "--edits-field", "edits", "-", stdin=json.dumps({"body": text}) + "\n")
    assert proc.returncode == 0, proc.stderr
    (record,) = records(proc.stdout)
    expected = normalize(text)
    assert record["body"] == expected.text
    assert record["edits"] == [
        {"start": e.start, "end": e.end, "replacement": e.replacement, "kind": e.kind, "rule": e.rule} for e in expected.edits
    ]
    for edit in record["edits"]:
        assert text[edit["start"] : edit["end"]] == next(e.before for e in expected.edits if e.start == edit["start"])
    assert list(record) == ["body", "edits"]


BAD = [
    '{"text": "the Meeting one."}',
    "{not json",
    '["a", "list"]',
    '{"title": "no text field"}',
    '{"text": 42}',
    '{"text": "the Meeting two."}',
]


def test_bad_lines_are_reported_with_their_number_and_skipped():
    proc = run("fix", "--jsonl", "--field", "text", "-", stdin="\n".join(BAD) + "\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert [r["text"] for r in records(proc.stdout)] == ["The meeting one.", "The meeting two."]
    for number, reason in [
        (2, "not JSON"),
        (3, "not a JSON object"),
        (4, 'no field "text"'),
        (5, 'field "text" is int, not a string'),
    ]:
        assert f"<stdin>:{number}: {reason}" in proc.stderr
    assert "4 bad lines skipped" in proc.stderr


def test_on_error_fail_stops_at_the_first_bad_line_and_writes_no_partial_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "data.jsonl").write_text("\n".join(BAD) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run("fix", "--jsonl", "--field", "text", "--on-error", "fail", str(src), "-o", str(out))
    assert_clean_error(proc, 2, f"{src / 'data.jsonl'}:2: not JSON")
    assert [p for p in out.rglob("*") if p.is_file()] == []  # neither the output nor its temporary file


def test_files_and_folders_to_an_output_tree_in_parallel(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in seed_paths()] * 30
    body = "".join(json.dumps({"n": i, "text": t}) + "\n" for i, t in enumerate(texts))
    (src / "sub" / "a.jsonl").write_text(body, encoding="utf-8")
    (src / "ignored.txt").write_text("not JSON Lines\n", encoding="utf-8")
    par = run("fix", "--jsonl", "--field", "text", str(src), "-o", str(tmp_path / "par"), "--jobs", "2")
    seq = run("fix", "--jsonl", "--field", "text", str(src / "sub" / "a.jsonl"), "--jobs", "1")
    assert par.returncode == 0 and seq.returncode == 0, par.stderr + seq.stderr
    assert sorted(p.name for p in (tmp_path / "par").rglob("*") if p.is_file()) == ["a.jsonl"]
    written = (tmp_path / "par" / "sub" / "a.jsonl").read_text(encoding="utf-8")
    assert written == seq.stdout
    assert [r["n"] for r in records(written)] == list(range(len(texts)))
    assert records(written)[1]["text"] == normalize(texts[1]).text
    # written like every other output (io.atomic_output): readable by others, not left at mkstemp's 0600
    assert (tmp_path / "par" / "sub" / "a.jsonl").stat().st_mode & 0o777 == 0o644


def test_blank_lines_and_a_bom_are_tolerated():
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", "--jsonl", "--field", "t", "-"],
        input=b'\xef\xbb\xbf{"t": "the Meeting."}\r\n\n{"t": "ok."}\n',
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == '{"t": "The meeting."}\n{"t": "ok."}\n'


def test_jsonl_usage_errors():
    assert_clean_error(run("fix", "--jsonl", "-", stdin="{}\n"), 2, "--field")
    assert_clean_error(run("fix", "--jsonl", "--field", "t", "-", "--in-place", stdin="{}\n"), 2, "--in-place")
