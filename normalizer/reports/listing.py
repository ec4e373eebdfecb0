"""Showing what changed: unified diffs (difflib), hunk summaries (unidiff), explain listings."""

from __future__ import annotations

import difflib
import json
from bisect import bisect_right
from typing import Any

from unidiff import PatchSet

from ..pipeline import Result


def unified_diff(name: str, before: str, after: str, context: int = 3) -> str:
    """A unified diff of one file, ending with a newline when not empty."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
        n=context,
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def hunk_summary(diff: str) -> str:
    """One line per hunk: where it is and how many lines it adds and removes (parsed by unidiff)."""
    out = []
    for patched in PatchSet(diff):
        for hunk in patched:
            header = f"@@ -{hunk.source_start},{hunk.source_length} +{hunk.target_start},{hunk.target_length} @@"
            out.append(f"{patched.path}: {header} +{hunk.added} -{hunk.removed}")
    return "\n".join(out)


class LineIndex:
    """Offsets to 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def edit_records(result: Result) -> list[dict[str, Any]]:
    index = LineIndex(result.input)
    records = []
    for edit in result.edits:
        line, column = index.locate(edit.start)
        records.append(
            {
                "line": line,
                "column": column,
                "start": edit.start,
                "end": edit.end,
                "class": edit.kind,
                "rule": edit.rule,
                "before": edit.before,
                "after": edit.replacement,
                "message": edit.message,
            }
        )
    return records


def explain_json(result: Result) -> str:
    return json.dumps({"edits": edit_records(result)}, ensure_ascii=False, indent=2) + "\n"


def explain_text(name: str, result: Result) -> str:
    out = []
    for r in edit_records(result):
        out.append(
            f"{name}:{r['line']}:{r['column']}: {r['class']} [{r['rule']}] {r['before']!r} → {r['after']!r}  {r['message']}"
        )
    return "\n".join(out) + ("\n" if out else "")
