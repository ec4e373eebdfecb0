"""Edits, the one place they are applied, and the map back to the input.

Stages never rewrite strings themselves: they *propose* edits, and this module
applies them. That keeps provenance (every change has a rule id and an artifact
class), lets protected spans veto later stages, and gives downstream tools an
offset map from the cleaned text back to the original.

Overlap rule (the only one): within one stage's proposals, edits are taken in
order of start offset; on equal starts the longer span wins, then the one
proposed first. An edit that overlaps one already taken is dropped. Edits
that would touch a protected span are dropped before this.

Across stages, a later stage may rewrite what an earlier one wrote (two odd
spaces become two spaces, then one). In input offsets those two edits would
overlap, and a list of edits that overlap cannot be applied to the input by
anyone downstream; `EditLog` reports them as one edit from the input span to
the final text, under the later rule (its message names the earlier ones).
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
    return "".join(pieces(text, edits))


def pieces(text: str, edits: Sequence[Edit]) -> list[str]:
    """The pieces whose concatenation is `apply`'s result: the pipeline joins them after letting go of ``text``."""
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return parts


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


@dataclass
class _Logged:
    edit: Edit  # in input offsets
    start: int  # where its replacement is in the current text
    end: int


class EditLog:
    """A run's edits in input offsets, none overlapping (see the module docstring).

    Besides each edit it keeps where its text is in the current text, so an
    edit of a later stage that touches that text is merged with it.
    """

    def __init__(self, text: str) -> None:
        self.input = text
        self.items: list[_Logged] = []

    def record(self, chosen: Sequence[Edit], mapped: Sequence[Edit], stage_map: StageMap, after: str) -> None:
        """One stage's ``chosen`` edits (offsets before it; ``mapped``: the same in input offsets), ``after`` its output."""
        items, kept = self.items, []
        i = k = 0
        while k < len(chosen):
            while i < len(items) and items[i].end <= chosen[k].start and not chosen[k].overlaps(items[i].start, items[i].end):
                kept.append(self._moved(items[i], stage_map))
                i += 1
            group, members, end = [k], [], chosen[k].end
            while True:  # the earlier edits this one rewrites, and the next edits of this stage that touch those
                while i < len(items) and chosen[group[-1]].overlaps(items[i].start, items[i].end):
                    members.append(items[i])
                    end = max(end, items[i].end)
                    i += 1
                nxt = group[-1] + 1
                if members and nxt < len(chosen) and chosen[nxt].overlaps(members[-1].start, members[-1].end):
                    group.append(nxt)
                    end = max(end, chosen[nxt].end)
                    continue
                break
            k = group[-1] + 1
            first, last = chosen[group[0]], chosen[group[-1]]
            out_first = stage_map.out_starts[group[0]]
            if not members:
                kept.append(_Logged(mapped[group[0]], out_first, out_first + len(first.replacement)))
                continue
            start = min(first.start, members[0].start)
            out_start = out_first if start == first.start else stage_map.forward(start)
            out_end = stage_map.out_starts[group[-1]] + len(last.replacement) if end == last.end else stage_map.forward(end)
            in_start = min(mapped[group[0]].start, members[0].edit.start)
            in_end = max(mapped[group[-1]].end, members[-1].edit.end)
            earlier = ", ".join(dict.fromkeys(m.edit.rule for m in members))
            message = f"{first.message} (after {earlier})" if first.message else f"after {earlier}"
            merged = Edit(
                in_start, in_end, after[out_start:out_end], first.kind, first.rule, message, self.input[in_start:in_end]
            )
            kept.append(_Logged(merged, out_start, out_end))
        kept += [self._moved(item, stage_map) for item in items[i:]]
        self.items = kept

    @staticmethod
    def _moved(item: _Logged, stage_map: StageMap) -> _Logged:
        """An earlier edit no edit of this stage touched: its text moves with the edits before it."""
        return _Logged(item.edit, stage_map.forward(item.start), stage_map.forward(item.end))

    def edits(self) -> list[Edit]:
        return sorted((item.edit for item in self.items), key=lambda e: (e.start, e.end))
