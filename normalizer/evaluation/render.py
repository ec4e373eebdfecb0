"""Evaluation results as text for people and as JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .run import Evaluation
from .score import Judged, Row, rows

HEADER = f"{'class':14} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F0.5':>6}"


def table(rows_: Sequence[Row]) -> str:
    lines = [HEADER]
    for r in rows_:
        lines.append(f"{r.name:14} {r.tp:5d} {r.fp:5d} {r.fn:5d} {r.precision:6.3f} {r.recall:6.3f} {r.f05:6.3f}")
    return "\n".join(lines)


def edit_line(j: Judged, mark: str = "") -> str:
    """``file:line: class  before → after    context``."""
    before, after = j.before or "∅", j.after or "∅"
    return f"{mark}{j.file}:{j.line}: {j.kind:13} {before} → {after}    {j.context}"


def disagreements(evaluation: Evaluation) -> list[Judged]:
    """True positives the system put in another class than the reference."""
    return [j for j in evaluation.of("tp") if j.system_kind != j.reference_kind]


def eval_text(evaluation: Evaluation, by: str, source: str, verbose: bool = False) -> str:
    out = [table(rows(evaluation.judged, by)), ""]
    out.append(f"{len(evaluation.files)} files, {evaluation.words} words; system edits from {source}")
    other = disagreements(evaluation)
    if other:
        out.append(
            f"{len(other)} true positives classed differently by system and reference, counted in the reference's class"
            + (":" if verbose else " (-v lists them)")
        )
        if verbose:
            out.extend(f"  {edit_line(j)}  [system: {j.system_kind}]" for j in other)
    for verdict, title in (
        ("fp", "false positives (the system made, the reference did not)"),
        ("fn", "misses (the reference made, the system did not)"),
    ):
        found = evaluation.of(verdict)
        out.append(f"\n{title}: {len(found)}")
        out.extend(f"  {edit_line(j)}" for j in found)
    return "\n".join(out) + "\n"


def eval_dict(evaluation: Evaluation, source: str) -> dict[str, Any]:
    return {
        "source": source,
        "files": evaluation.files,
        "words": evaluation.words,
        "by_class": [r.as_dict() for r in rows(evaluation.judged, "kind")],
        "by_shape": [r.as_dict() for r in rows(evaluation.judged, "shape")],
        "false_positives": [j.as_dict() for j in evaluation.of("fp")],
        "misses": [j.as_dict() for j in evaluation.of("fn")],
        "true_positives": [j.as_dict() for j in evaluation.of("tp")],
    }


def per_1k(evaluation: Evaluation) -> float:
    return 1000 * len(evaluation.judged) / max(evaluation.words, 1)


def harm_text(evaluation: Evaluation, source: str) -> str:
    out = [
        f"words {evaluation.words}  edits {len(evaluation.judged)}  edits_per_1k_words {per_1k(evaluation):.3f}",
        f"{len(evaluation.files)} files; system edits from {source}",
    ]
    counts: dict[str, int] = {}
    for j in evaluation.judged:
        counts[j.kind] = counts.get(j.kind, 0) + 1
    if counts:
        out.append("by class: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        out.append("\nedits on clean text:")
        out.extend(f"  {edit_line(j)}" for j in evaluation.judged)
    return "\n".join(out) + "\n"


def harm_dict(evaluation: Evaluation, source: str) -> dict[str, Any]:
    return {
        "source": source,
        "files": evaluation.files,
        "words": evaluation.words,
        "edits_count": len(evaluation.judged),
        "edits_per_1k_words": round(per_1k(evaluation), 6),
        "edits": [j.as_dict() for j in evaluation.judged],
    }


def changes(a: Evaluation, b: Evaluation) -> tuple[list[Judged], list[Judged]]:
    """System edits B makes that A does not (appear), and those A makes that B does not (disappear)."""
    made_a = {j.identity: j for j in a.judged if j.system_kind}
    made_b = {j.identity: j for j in b.judged if j.system_kind}
    return [j for k, j in made_b.items() if k not in made_a], [j for k, j in made_a.items() if k not in made_b]


def compare_text(a: Evaluation, b: Evaluation, names: tuple[str, str], by: str, harm: bool) -> str:
    out = [f"A = {names[0]}", f"B = {names[1]}", ""]
    if harm:
        out.append(f"edits per 1k words on clean text: A {per_1k(a):.3f}  B {per_1k(b):.3f}  change {per_1k(b) - per_1k(a):+.3f}")
    else:
        out.append(f"{'class':14} {'A tp/fp/fn':>13} {'A F0.5':>7} {'B tp/fp/fn':>13} {'B F0.5':>7} {'change':>7}")
        for ra, rb in zip(rows(a.judged, by), rows(b.judged, by), strict=True):
            counts_a, counts_b = f"{ra.tp}/{ra.fp}/{ra.fn}", f"{rb.tp}/{rb.fp}/{rb.fn}"
            out.append(f"{ra.name:14} {counts_a:>13} {ra.f05:7.3f} {counts_b:>13} {rb.f05:7.3f} {rb.f05 - ra.f05:+7.3f}")
    appear, disappear = changes(a, b)
    for title, found, mark in (("edits that appear with B", appear, "+"), ("edits that disappear with B", disappear, "-")):
        out.append(f"\n{title}: {len(found)}")
        out.extend(f"  {edit_line(j, mark + j.verdict.upper() + ' ')}" for j in found)
    return "\n".join(out) + "\n"


def compare_dict(a: Evaluation, b: Evaluation, names: tuple[str, str], harm: bool) -> dict[str, Any]:
    appear, disappear = changes(a, b)
    make = harm_dict if harm else eval_dict
    out: dict[str, Any] = {"a": {"name": names[0], **make(a, names[0])}, "b": {"name": names[1], **make(b, names[1])}}
    if harm:
        out["change_edits_per_1k_words"] = round(per_1k(b) - per_1k(a), 6)
    else:
        out["change_f0.5"] = {
            ra.name: round(rb.f05 - ra.f05, 6) for ra, rb in zip(rows(a.judged, "kind"), rows(b.judged, "kind"), strict=True)
        }
    out["appeared"] = [j.as_dict() for j in appear]
    out["disappeared"] = [j.as_dict() for j in disappear]
    return out


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
