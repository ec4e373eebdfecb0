"""Documents/s of the datatrove step against ``mtnorm fix --jsonl`` on the same input.

Builds one JSON Lines input split over ``--files`` files (the seeds and, when
the shared WMT22 folder exists, paragraph groups of its English text, read at
run time), then times, each as a fresh process so both pay the same start-up:

* ``mtnorm fix --jsonl --field text -j J FILES -o OUT`` (the baseline), and
* datatrove's ``LocalPipelineExecutor`` with ``tasks=workers=J``:
  ``JsonlReader → MtnormFormatter → JsonlWriter``,

for each J in ``--jobs``, checks that both wrote the same texts, and prints
documents/s and the ratio datatrove / mtnorm fix.

    .venv/bin/pip install -e '.[datatrove]'
    .venv/bin/python benchmarks/datatrove_speed.py                 # 2,000 documents, J = 1 and 2
    .venv/bin/python benchmarks/datatrove_speed.py --docs 500 --jobs 1
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMT = Path("/work/shared/data/wmt22-ruen")

PIPELINE = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from normalizer.integrations.datatrove import MtnormFormatter

source, target, logs, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
LocalPipelineExecutor(
    [JsonlReader(source), MtnormFormatter(), JsonlWriter(target, compression=None)],
    tasks=jobs, workers=jobs, logging_dir=logs,
).run()
"""


def documents(count: int) -> list[str]:
    pool = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted(WMT.glob("*.en")):
        lines = path.read_text(encoding="utf-8").splitlines()
        pool += ["\n\n".join(lines[i : i + 12]) for i in range(0, len(lines), 12)]
    return [pool[i % len(pool)] for i in range(count)]


def write_input(folder: Path, docs: list[str], files: int) -> None:
    folder.mkdir()
    for n in range(files):
        with open(folder / f"part-{n}.jsonl", "w", encoding="utf-8") as handle:
            for i in range(n, len(docs), files):
                handle.write(json.dumps({"id": str(i), "text": docs[i]}, ensure_ascii=False) + "\n")


def texts(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                out[record["id"]] = record["text"]
    return out


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the processes it waited for).

    The CPU figure is printed for one job only: datatrove's worker pool is started by a forkserver
    process, whose children are not counted here."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    docs = documents(args.docs)
    megabytes = sum(len(d.encode()) for d in docs) / 1e6
    with tempfile.TemporaryDirectory(prefix="mtnorm-datatrove-") as tmp:
        work = Path(tmp)
        write_input(work / "in", docs, args.files)
        inputs = [str(p) for p in sorted((work / "in").glob("*.jsonl"))]
        print(f"input: {len(docs)} documents, {megabytes:.2f} MB in {args.files} JSON Lines files")
        for jobs in args.jobs:
            fix_out, dt_out = work / f"fix-{jobs}", work / f"dt-{jobs}"
            fix = [sys.executable, "-m", "normalizer", "fix", "--jsonl", "--field", "text", "-q", "-j", str(jobs)]
            fix_seconds, fix_cpu = timed([*fix, *inputs, "-o", str(fix_out)])
            dt_seconds, dt_cpu = timed(
                [sys.executable, "-c", PIPELINE, str(work / "in"), str(dt_out), str(work / f"logs-{jobs}"), str(jobs)]
            )
            same = texts(fix_out) == texts(dt_out)
            fix_rate, dt_rate = len(docs) / fix_seconds, len(docs) / dt_seconds
            print(
                f"J={jobs}: mtnorm fix --jsonl {fix_seconds:.1f} s ({fix_rate:.1f} docs/s); "
                f"datatrove {dt_seconds:.1f} s ({dt_rate:.1f} docs/s); ratio datatrove/fix {dt_rate / fix_rate:.2f}; "
                + (
                    f"CPU s: fix {fix_cpu:.1f}, datatrove {dt_cpu:.1f} (ratio fix/datatrove {fix_cpu / dt_cpu:.2f}); "
                    if jobs == 1
                    else ""
                )
                + f"same texts: {same}"
            )
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
