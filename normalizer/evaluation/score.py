"""Judging edits (true positive, false positive, miss) and the figures from them.

Precision = tp / (tp + fp), recall = tp / (tp + fn), both 1.0 when their
denominator is 0 (nothing proposed / nothing to find), and F0.5 weighs
precision twice as much as recall, as grammatical-error-correction work does:
a cleaner that breaks good text is worse than one that misses a repair.
These conventions are ``score.py``'s, so the figures agree with it.

A true positive is counted in the reference's class (the reference is the
truth about what the edit is); a false positive in the system's class; a miss
in the reference's class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..edits import ARTIFACT_CLASSES, Edit
from .align import SHAPES, TokenEdit, shape, token_edits
from .classify import EditIndex, TableRow, by_rules, char_span, from_result, from_table
from .tokens import NEWLINE, Token, line_spans, tokenize, words

VERDICTS = ("tp", "fp", "fn")


@dataclass(frozen=True)
class Judged:
    """One token edit with its verdict, classes and place."""

    file: str
    line: int
    verdict: str
    kind: str
    shape: str
    before: str
    after: str
    context: str
    token_start: int
    token_end: int
    system_kind: str | None = None
    reference_kind: str | None = None

    @property
    def identity(self) -> tuple[str, int, int, str]:
        """The same edit in two runs over the same RAW has the same identity."""
        return (self.file, self.token_start, self.token_end, self.after)

    def as_dict(self) -> dict[str, Any]:
        """JSON keys as ``mtnorm explain --json`` names them: ``class``, not ``kind``."""
        names = {"kind": "class", "system_kind": "system_class", "reference_kind": "reference_class"}
        return {names.get(k, k): v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Row:
    """Counts and figures of one class (or of all)."""

    name: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f05(self) -> float:
        return f_beta(self.precision, self.recall)

    def as_dict(self) -> dict[str, Any]:
        return {
            "class": self.name,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f0.5": round(self.f05, 6),
        }


def f_beta(precision: float, recall: float, beta: float = 0.5) -> float:
    if precision + recall == 0:
        return 0.0
    return (1 + beta * beta) * precision * recall / (beta * beta * precision + recall)


def rows(judged: Iterable[Judged], by: str = "kind") -> list[Row]:
    """One row per class (artifact classes for ``by="kind"``, the scorer's shapes for ``by="shape"``), then ALL."""
    names = ARTIFACT_CLASSES if by == "kind" else SHAPES
    counts = {name: dict.fromkeys(VERDICTS, 0) for name in (*names, "ALL")}
    for j in judged:
        group = getattr(j, by)
        counts.setdefault(group, dict.fromkeys(VERDICTS, 0))[j.verdict] += 1
        counts["ALL"][j.verdict] += 1
    ordered = [*names, *sorted(set(counts) - {*names, "ALL"}), "ALL"]
    return [Row(name, counts[name]["tp"], counts[name]["fp"], counts[name]["fn"]) for name in ordered]


class Labeller:
    """Gives token edits of one file their artifact class, from the best source there is."""

    def __init__(
        self,
        raw: Sequence[Token],
        lexicon_classes: dict[str, str],
        system_edits: Sequence[Edit] | None = None,
        table: Sequence[TableRow] | None = None,
        text: str = "",
    ) -> None:
        self.raw = raw
        self.text = text
        self.lexicon_classes = lexicon_classes
        self.system_edits = EditIndex(system_edits) if system_edits else None
        self.table = table

    def system(self, edit: TokenEdit) -> str:
        """The class mtnorm gave the characters of this edit; by the rules for a ``--hyp`` output."""
        found = from_result(self.raw, edit, self.system_edits) if self.system_edits else None
        return found or by_rules(self.raw, edit, self.lexicon_classes)

    def reference(self, edit: TokenEdit) -> str:
        """The class the reference's ``.edits.tsv`` gives this edit; by the rules without a table."""
        found = from_table(self.raw, edit, self.table, self.text) if self.table else None
        return found or by_rules(self.raw, edit, self.lexicon_classes)


def judge_file(
    name: str,
    raw_text: str,
    ref_text: str | None,
    hyp_text: str,
    *,
    lexicon_classes: dict[str, str],
    system_edits: Sequence[Edit] | None = None,
    table: Sequence[TableRow] | None = None,
) -> tuple[list[Judged], int]:
    """Every edit of one file judged against the reference (None: clean text, every edit is harm); and its word count."""
    raw = tokenize(raw_text)
    labeller = Labeller(raw, lexicon_classes, system_edits, table, raw_text)
    hyp_edits = {e.key: e for e in token_edits(raw, tokenize(hyp_text))}
    ref_edits = {e.key: e for e in token_edits(raw, tokenize(ref_text))} if ref_text is not None else {}
    lines = line_spans(raw_text)
    out: list[Judged] = []
    for key in sorted(hyp_edits.keys() | ref_edits.keys(), key=lambda k: (k[0], k[1], k[2])):
        edit = hyp_edits.get(key) or ref_edits[key]
        system_kind = labeller.system(edit) if key in hyp_edits else None
        reference_kind = labeller.reference(edit) if key in ref_edits else None
        verdict = "tp" if system_kind and reference_kind else "fp" if system_kind else "fn"
        kind = reference_kind or system_kind or "grammar"  # never the fallback: the key came from one side
        start, end = char_span(raw, edit)
        anchor = next((raw[i] for i in range(edit.i1, edit.i2) if raw[i].text != NEWLINE), None)
        if anchor is not None:  # a deleted line is reported where its words are, not at the break before it
            start = anchor.start
        line = anchor.line if anchor else raw[min(edit.i1, len(raw) - 1)].line
        out.append(
            Judged(
                file=name,
                line=line,
                verdict=verdict,
                kind=kind,
                shape=shape(edit),
                before=" ".join(edit.old),
                after=" ".join(edit.new),
                token_start=edit.i1,
                token_end=edit.i2,
                context=context(raw_text, lines[line - 1], start, end),
                system_kind=system_kind,
                reference_kind=reference_kind,
            )
        )
    return out, words(raw)


def context(text: str, line: tuple[int, int, int], start: int, end: int, width: int = 40) -> str:
    """The RAW line around an edit, the edited stretch between ``⟦ ⟧``."""
    line_start, line_end, _ = line
    a = max(line_start, min(start, line_end))
    b = max(a, min(end, line_end))
    left = text[max(line_start, a - width) : a]
    right = text[b : min(line_end, b + width)]
    return f"{'…' if a - width > line_start else ''}{left}⟦{text[a:b]}⟧{right}{'…' if b + width < line_end else ''}"
