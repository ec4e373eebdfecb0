"""`mtnorm fix --jobs 2` against `--jobs 1` on 2,000 small files, and the cost of starting workers.

    .venv/bin/python benchmarks/jobs.py [--files 2000] [--rounds 3]

The files are 5 KB documents (the seeds and chunks of the shared WMT22 files,
read where they lie), repeated to ``--files``. Each round runs, alternately:
a control (one pure-Python CPU burner, then two at once: how much parallelism
the machine offers right now), `--jobs 1`, and `--jobs 2`. For every process,
wall time and CPU time (user + system, workers included: `os.wait4`).
Printed: the best wall time of each, the speed-up, the CPU overhead of two
jobs, and the speed-up the control allowed in the same round (on a machine
shared with other work a speed-up can only be judged against that). Worker
start: `--jobs 2` minus `--jobs 1` on two one-line files (a single named file
never starts a pool: at most one worker per file).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA, five_kb_documents  # noqa: E402

BURN = "import time\nt=time.process_time()\nwhile time.process_time()-t<2.0: pass"


def run(argv: list[str]) -> tuple[float, float]:
    """(wall s, CPU s of the process and the children it waited for)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()[-500:] if proc.stderr else status}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def control() -> float:
    """Speed-up two CPU burners get over one, right now (2.0 = two free cores)."""
    one = run([sys.executable, "-c", BURN])[0]
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(2)]
    for p in procs:
        p.wait()
    return 2 * one / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    docs = [text for _, text in five_kb_documents(args.data)]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "in"
        size = 0
        for i in range(args.files):
            path = tree / f"d{i // 100:03d}" / f"doc{i:05d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(docs[i % len(docs)], encoding="utf-8")
            size += path.stat().st_size
        tiny = [Path(tmp) / "one.txt", Path(tmp) / "two.txt"]
        for path in tiny:
            path.write_text("the Meeting ended in june.\n", encoding="utf-8")

        def fix(jobs: int, *sources: Path) -> tuple[float, float]:
            out = Path(tmp) / f"out{jobs}"
            command = ["fix", *map(str, sources), "-o", str(out), "--jobs", str(jobs), "--quiet", "--force"]
            return run([sys.executable, "-m", "normalizer", *command])

        rows = []
        for _ in range(args.rounds):
            rows.append((control(), fix(1, tree), fix(2, tree)))
        start1 = min(fix(1, *tiny)[1] for _ in range(3))
        start2 = min(fix(2, *tiny)[1] for _ in range(3))
    print(f"mtnorm fix on {args.files} files, {size / 1e6:.1f} MB; {args.rounds} rounds, alternating")
    for i, (available, (w1, c1), (w2, c2)) in enumerate(rows, 1):
        print(
            f"  round {i}: control {available:.2f}x available | --jobs 1 {w1:6.2f} s (CPU {c1:6.2f})"
            f" | --jobs 2 {w2:6.2f} s (CPU {c2:6.2f}) | speed-up {w1 / w2:.2f}x"
        )
    best1 = min(r[1][0] for r in rows)
    best2 = min(r[2][0] for r in rows)
    cpu1 = min(r[1][1] for r in rows)
    cpu2 = min(r[2][1] for r in rows)
    print(
        f"  best: --jobs 1 {best1:.2f} s ({args.files / best1:.0f} files/s),"
        f" --jobs 2 {best2:.2f} s ({args.files / best2:.0f} files/s)"
    )
    print(
        f"  speed-up (best wall) {best1 / best2:.2f}x (goal >= 1.8x with two free cores);"
        f" best control in these rounds {max(r[0] for r in rows):.2f}x"
    )
    print(f"  CPU of --jobs 2 / --jobs 1: {cpu2 / cpu1:.2f}; with two free cores that allows about {2 * cpu1 / cpu2:.2f}x")
    print(f"  worker start: --jobs 2 on two tiny files costs {start2 - start1:+.3f} s CPU more than --jobs 1 ({start1:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
