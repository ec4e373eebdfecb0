"""A quality gate: F0.5 floors and a harm ceiling recorded in a TOML file.

The file (``golden/quality.toml`` in this repository) holds ``[seeds.f05]``
with a floor per artifact class and ``ALL``, and ``[harm]`` with
``max_edits_per_1k_words``. `problems` says, one line each, which figure
broke its bound, so a test (or a CI job) can fail with a message that names
the class and the numbers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..edits import ARTIFACT_CLASSES
from ..errors import UsageError
from .render import per_1k
from .run import Evaluation
from .score import rows


@dataclass(frozen=True)
class Gate:
    floors: dict[str, float]
    max_harm: float


def load_gate(path: str | Path) -> Gate:
    """The floors and the ceiling; unknown classes or values outside [0, 1] are an error naming the file."""
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{name}: cannot read quality gate: {exc}") from None
    floors = data.get("seeds", {}).get("f05", {})
    unknown = sorted(set(floors) - {*ARTIFACT_CLASSES, "ALL"})
    if unknown:
        raise UsageError(f"{name}: unknown class {', '.join(unknown)} in [seeds.f05]")
    if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in floors.values()):
        raise UsageError(f"{name}: every floor in [seeds.f05] must be a number from 0 to 1")
    harm = data.get("harm", {}).get("max_edits_per_1k_words")
    if not isinstance(harm, int | float) or harm < 0:
        raise UsageError(f"{name}: [harm] max_edits_per_1k_words must be a number of at least 0")
    return Gate({k: float(v) for k, v in floors.items()}, float(harm))


def problems(gate: Gate, seeds: Evaluation, clean: Evaluation) -> list[str]:
    """Every floor the seeds fell below and the ceiling harm rose above, one line each."""
    out = []
    for row in rows(seeds.judged, "kind"):
        floor = gate.floors.get(row.name)
        if floor is not None and row.f05 < floor - 1e-9:
            out.append(
                f"seeds F0.5 {row.name}: {row.f05:.3f} is below the floor {floor:.3f} (tp {row.tp}, fp {row.fp}, fn {row.fn})"
            )
    harm = per_1k(clean)
    if harm > gate.max_harm + 1e-9:
        out.append(
            f"harm on clean text: {harm:.3f} edits per 1k words is above the ceiling {gate.max_harm:.3f} "
            f"({len(clean.judged)} edits in {clean.words} words)"
        )
    return out
