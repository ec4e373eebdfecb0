"""Token edits between RAW and another version of the same text.

The alignment is difflib's `SequenceMatcher` without its junk heuristic, the
same as the project's scorer, so figures agree with ``score.py``. A replacement
of n tokens by n tokens is split into n one-token edits (unchanged pairs
dropped), so that how a diff happens to group a change cannot matter; any other
difference is one edit. An edit is identified by ``(i1, i2, new tokens)`` in
RAW token positions: two versions make the same edit exactly when the keys
are equal.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from .tokens import NEWLINE, Token

EditKey = tuple[int, int, tuple[str, ...]]


@dataclass(frozen=True)
class TokenEdit:
    """RAW tokens ``[i1, i2)`` become ``new``; ``old`` is what they were."""

    i1: int
    i2: int
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def key(self) -> EditKey:
        return (self.i1, self.i2, self.new)

    def describe(self) -> str:
        """``old → new`` with line breaks shown as ``¶`` and nothing as ``∅``."""
        return f"{' '.join(self.old) or '∅'} → {' '.join(self.new) or '∅'}"


def token_edits(raw: Sequence[Token], other: Sequence[Token]) -> list[TokenEdit]:
    """Every edit that turns ``raw`` into ``other``, in RAW order."""
    a = [t.text for t in raw]
    b = [t.text for t in other]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    found: list[TokenEdit] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            found.extend(
                TokenEdit(i1 + k, i1 + k + 1, (a[i1 + k],), (b[j1 + k],)) for k in range(i2 - i1) if a[i1 + k] != b[j1 + k]
            )
        else:
            found.append(TokenEdit(i1, i2, tuple(a[i1:i2]), tuple(b[j1:j2])))
    return found


def shape(edit: TokenEdit) -> str:
    """The scorer's coarse kind of an edit: ``delete``, ``case``, ``spacing`` or ``other``.

    Kept identical to ``score.py``'s ``kind`` (including its operator
    precedence) so that ``--by shape`` reproduces the scorer's rows.
    """
    old, new = edit.old, edit.new
    if not new or (all(t == NEWLINE for t in new) and old):
        return "delete"
    if "".join(old).lower() == "".join(new).lower() and len(old) == len(new):
        return "case"
    if "".join(old) == "".join(new):
        return "spacing"
    return "other"


SHAPES: tuple[str, ...] = ("case", "spacing", "delete", "other")
