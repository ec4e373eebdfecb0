"""Golden comparison: on mismatch, a unified diff and a per-hunk summary (unidiff)."""

from __future__ import annotations

from pathlib import Path

from normalizer.io import atomic_write
from normalizer.reports.listing import hunk_summary, unified_diff


def compare_golden(golden: Path, actual: str, update: bool) -> str | None:
    """None when ``actual`` matches the golden file; otherwise the failure message."""
    if update:
        atomic_write(golden, actual)
        return None
    if not golden.exists():
        return f"{golden} does not exist; run pytest --update-golden and review the new file"
    expected = golden.read_text(encoding="utf-8")
    if expected == actual:
        return None
    diff = unified_diff(golden.name, expected, actual)
    return f"output differs from {golden}\n\nhunks:\n{hunk_summary(diff)}\n\n{diff}"
