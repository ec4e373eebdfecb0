"""Edits, the one place they are applied, and the map back to the input.

Stages never rewrite strings themselves: they *propose* edits, and this module
applies them. That keeps provenance (every change has a rule id and an artifact
class), lets protected spans veto later stages, and gives downstream tools an
offset map from the cleaned text back to the original.

Overlap rule (the only one): within one stage's proposals, edits are taken in
order of start offset; on equal starts the longer span wins, then the one
proposed first. An edit that overlaps one already taken is dropped. Across
stages no overlap can arise, because each stage sees the text the previous one
produced. Edits that would touch a protected span are dropped before this.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

#: The artifact classes of ARTIFACTS.md, in pipeline order.
ARTIFACT_CLASSES: tuple[str, ...] = (
    "encoding",
    "boilerplate",
    "entity",
    "term-case",
    "sentence-case",
    "spacing",
    "grammar",
)


@dataclass(frozen=True)
class Edit:
    """One change: ``text[start:end]`` becomes ``replacement``.

    Offsets are in the text the proposing stage saw until the pipeline maps
    them; edits in a `Result` have offsets in the *input* text. ``kind`` is one
    of `ARTIFACT_CLASSES`; ``before`` is the text the stage replaced.
    """

    start: int
    end: int
    replacement: str
    kind: str
    rule: str
    message: str = ""
    before: str = ""

    def overlaps(self, start: int, end: int) -> bool:
        """True when this edit touches ``[start, end)``; pure insertions at a border do not."""
        if self.start == self.end:
            return start < self.start < end
        return self.start < end and start < self.end


def make_edit(text: str, start: int, end: int, replacement: str, kind: str, rule: str, message: str = "") -> Edit:
    """Build an edit and record what it replaces (so explain can show before → after)."""
    return Edit(start, end, replacement, kind, rule, message, text[start:end])


def select(edits: Iterable[Edit], protected: Protected | None = None) -> list[Edit]:
    """Drop no-ops, edits on protected spans, and overlaps (see the module's rule)."""
    ordered = sorted(
        enumerate(e for e in edits if e.replacement != e.before),
        key=lambda pair: (pair[1].start, -(pair[1].end - pair[1].start), pair[0]),
    )
    taken: list[Edit] = []
    last_end = -1
    for _, edit in ordered:
        if protected is not None and protected.touches(edit):
            continue
        if taken and (edit.start < last_end or edit.start == edit.end == taken[-1].start == taken[-1].end):
            continue
        taken.append(edit)
        last_end = max(last_end, edit.end)
    return taken


class Protected:
    """Spans no stage may change: lexicon results, URLs, e-mail addresses, numbers."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if self.spans and start <= self.spans[-1][1]:
                self.spans[-1] = (self.spans[-1][0], max(end, self.spans[-1][1]))
            else:
                self.spans.append((start, end))
        self._starts = [s for s, _ in self.spans]

    def touches(self, edit: Edit) -> bool:
        i = bisect_right(self._starts, edit.end)
        return any(edit.overlaps(s, e) for s, e in self.spans[max(0, i - 2) : i])

    def add(self, spans: Iterable[tuple[int, int]]) -> Protected:
        return Protected([*self.spans, *spans])

    def shifted(self, stage_map: StageMap) -> Protected:
        """The same spans in the text after a stage (no applied edit touched them)."""
        return Protected((stage_map.forward(s), stage_map.forward(e)) for s, e in self.spans if e > s)


@dataclass
class StageMap:
    """Maps offsets of the text after one stage back to the text before it."""

    edits: list[Edit]
    out_starts: list[int] = field(init=False)
    in_starts: list[int] = field(init=False)
    deltas: list[int] = field(init=False)

    def __post_init__(self) -> None:
        delta = 0
        self.out_starts, self.in_starts, self.deltas = [], [], []
        for e in self.edits:
            self.out_starts.append(e.start + delta)
            self.in_starts.append(e.start)
            delta += len(e.replacement) - (e.end - e.start)
            self.deltas.append(delta)

    def char(self, pos: int) -> int:
        """The input index of the character at output index ``pos``."""
        k = bisect_right(self.out_starts, pos) - 1
        if k < 0:
            return pos
        e = self.edits[k]
        out_start = self.out_starts[k]
        out_end = out_start + len(e.replacement)
        if pos >= out_end:
            return e.end + (pos - out_end)
        return min(e.start + (pos - out_start), max(e.end - 1, e.start))

    def forward(self, pos: int) -> int:
        """The output offset of input offset ``pos`` (for spans no edit touched)."""
        k = bisect_left(self.in_starts, pos)
        return pos + (self.deltas[k - 1] if k else 0)


def apply(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits sorted by start (as `select` returns them)."""
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


class OffsetMap:
    """The composition of every stage's map: output offsets back to input offsets."""

    def __init__(self) -> None:
        self.stages: list[StageMap] = []

    def push(self, stage_map: StageMap) -> None:
        self.stages.append(stage_map)

    def char(self, pos: int) -> int:
        for stage in reversed(self.stages):
            pos = stage.char(pos)
        return pos

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the input (an insertion stays empty)."""
        if end > start:
            return self.char(start), self.char(end - 1) + 1
        mapped = self.char(start)
        return mapped, mapped

    def to_input(self, edit: Edit) -> Edit:
        start, end = self.span(edit.start, edit.end)
        return replace(edit, start=start, end=end)
