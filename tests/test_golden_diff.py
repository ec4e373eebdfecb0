"""The golden comparison itself: a mismatch must show a diff and a per-hunk summary."""

from __future__ import annotations

from .golden_diff import compare_golden


def test_mismatch_reports_unified_diff_and_hunks(tmp_path):
    golden = tmp_path / "doc.txt"
    golden.write_text("one\ntwo\nthree\n", encoding="utf-8")
    message = compare_golden(golden, "one\n2\nthree\nfour\n", update=False)
    assert message is not None
    assert "--- a/doc.txt" in message and "-two" in message and "+2" in message
    assert "doc.txt: @@ -1,3 +1,4 @@ +2 -1" in message


def test_match_and_update(tmp_path):
    golden = tmp_path / "doc.txt"
    assert "does not exist" in compare_golden(golden, "x\n", update=False)
    assert compare_golden(golden, "x\n", update=True) is None
    assert golden.read_text(encoding="utf-8") == "x\n"
    assert compare_golden(golden, "x\n", update=False) is None
