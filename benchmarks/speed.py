"""The whole pipeline against ``ftfy.fix_text`` alone: the speed ratio the issue asks to reach 1.0.

    .venv/bin/python benchmarks/speed.py             # ref.A.en as one document, and 5 KB documents
    .venv/bin/python benchmarks/speed.py --stages    # and CPU time per stage (in rounds of their own)

One process, the two alternating, CPU time of the process (`time.process_time`:
steadier than wall time on a shared machine), best of ``--rounds``. The ratio is
ftfy's time over the pipeline's (the speed of the pipeline in units of ftfy's
speed; 1.0 = the whole clean-up costs what the encoding fix alone costs). The
lazily loaded tables (word frequencies, the truecase table, the dictionary,
Punkt) are loaded before timing: they are a start-up cost (see startup.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA, five_kb_documents  # noqa: E402


def workloads(data: Path) -> list[tuple[str, list[str]]]:
    out = []
    ref = data / "wmt22-ruen" / "ref.A.en"
    if ref.is_file():
        out.append(("ref.A.en, one document", [ref.read_text(encoding="utf-8")]))
    docs = [text for _, text in five_kb_documents(data)]
    out.append((f"{len(docs)} documents of about 5 KB (seeds + WMT22 chunks)", docs))
    return out


class StageClock:
    """Wraps each stage's ``propose`` to add up its CPU time (the pipeline itself is unchanged)."""

    def __init__(self, normalizer: object) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._stages = list(normalizer.stages)  # type: ignore[attr-defined]
        for stage in self._stages:
            stage.propose = self._timed(stage.name, stage.propose)

    def remove(self) -> None:
        """The stages as they were (the clock's own calls are not in the timed pipeline)."""
        for stage in self._stages:
            del stage.propose

    def _timed(self, name, propose):
        def timed(doc):
            started = time.process_time()
            try:
                return propose(doc)
            finally:
                self.spent[name] += time.process_time() - started

        return timed


def best_of(rounds: int, runs: dict[str, object]) -> dict[str, float]:
    """Each callable in ``runs`` timed ``rounds`` times, alternating; the best CPU time of each."""
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.process_time()
            run()  # type: ignore[operator]
            best[name] = min(best[name], time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--stages", action="store_true", help="also print CPU time per stage")
    args = parser.parse_args()
    from normalizer import Normalizer

    normalizer = Normalizer()
    normalizer.normalize("the Nato Meeting in june andcalled defense Minister Sergei Shoigu.")  # load lazy tables
    rows = []
    print(f"mtnorm pipeline vs ftfy.fix_text: CPU time, alternating, best of {args.rounds}")
    for label, docs in workloads(args.data):
        size = sum(len(d.encode()) for d in docs) / 1e6
        best = best_of(
            args.rounds,
            {
                "ftfy": lambda docs=docs: [ftfy.fix_text(d) for d in docs],
                "pipeline": lambda docs=docs: [normalizer.normalize(d) for d in docs],
            },
        )
        ratio = best["ftfy"] / best["pipeline"]
        rows.append((label, ratio))
        print(
            f"  {label}: {size:.2f} MB  ftfy {best['ftfy'] * 1e3:7.1f} ms ({size / best['ftfy']:5.2f} MB/s)"
            f"  pipeline {best['pipeline'] * 1e3:7.1f} ms ({size / best['pipeline']:5.2f} MB/s)"
            f"  ratio {ratio:.2f} (goal >= 1.0)"
        )
        if args.stages:  # more rounds with each stage timed, apart from the ratio's rounds
            clock = StageClock(normalizer)
            for _ in range(args.rounds):
                for d in docs:
                    normalizer.normalize(d)
            clock.remove()
            for name, spent in clock.spent.items():
                print(f"      {name:14} {spent / args.rounds * 1e3:7.1f} ms per round")
    return 0


if __name__ == "__main__":
    sys.exit(main())
