"""A result's edits as independent replacements of the input (what a LanguageTool match is).

A `Result`'s edits are in input offsets, but each stage saw the previous
stage's output: when two stages touched the same place (a word replaced, then
re-cased), the edits overlap in the input and neither ``replacement`` alone is
right there. A LanguageTool client applies every match to the text it sent, so
it needs *hunks*: non-overlapping input spans, each with the output text that
replaces it. Edits whose input spans overlap or meet at an insertion are merged
into one hunk; the output text of each hunk is found by following the hunk's
start through every stage's offset map. The hunks are checked against the
result (applied to the input they must give the output text) and, should they
ever disagree, one hunk spanning the whole changed region is returned instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..edits import Edit, OffsetMap
from ..pipeline import Result


@dataclass(frozen=True)
class Hunk:
    """``input[start:end]`` becomes ``replacement``; ``edits`` are the edits that made it."""

    start: int
    end: int
    replacement: str
    edits: tuple[Edit, ...]


def hunks(result: Result) -> list[Hunk]:
    """Non-overlapping replacements, sorted, that turn ``result.input`` into ``result.text``."""
    if not result.edits or not result.changed:
        return []
    groups = _group(sorted(result.edits, key=lambda e: (e.start, e.end)))
    starts = [_forward(result.offsets, group[0].start) for group in groups]
    found: list[Hunk] = []
    for k, group in enumerate(groups):
        start, end = group[0].start, max(e.end for e in group)
        if k + 1 < len(groups):
            out_end = starts[k + 1] - (groups[k + 1][0].start - end)
        else:
            out_end = len(result.text) - (len(result.input) - end)
        found.append(Hunk(start, end, result.text[starts[k] : out_end], tuple(group)))
    found = [h for h in found if h.replacement != result.input[h.start : h.end]]
    if apply_hunks(result.input, found) != result.text:  # never seen; a safe answer all the same
        return [_whole(result)]
    return found


def apply_hunks(text: str, found: list[Hunk]) -> str:
    parts: list[str] = []
    pos = 0
    for hunk in found:
        parts += [text[pos : hunk.start], hunk.replacement]
        pos = hunk.end
    return "".join([*parts, text[pos:]])


def _group(edits: list[Edit]) -> list[list[Edit]]:
    """Edits whose spans overlap, or meet where one of them is an insertion, go together."""
    groups: list[list[Edit]] = []
    end = -1
    for edit in edits:
        if groups and (edit.start < end or (edit.start == end and (edit.start == edit.end or _inserts_at(groups[-1], end)))):
            groups[-1].append(edit)
            end = max(end, edit.end)
        else:
            groups.append([edit])
            end = edit.end
    return groups


def _inserts_at(group: list[Edit], pos: int) -> bool:
    return any(e.start == e.end == pos for e in group)


def _forward(offsets: OffsetMap, pos: int) -> int:
    """Where input offset ``pos`` lands in the output (before anything inserted there)."""
    for stage in offsets.stages:
        pos = stage.forward(pos)
    return pos


def _whole(result: Result) -> Hunk:
    a, b = result.input, result.text
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return Hunk(head, len(a) - tail, b[head : len(b) - tail], tuple(result.edits))
