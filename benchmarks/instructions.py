"""The pipeline against ``ftfy.fix_text`` alone in executed instructions: a steady figure where CPU time is not.

    .venv/bin/python benchmarks/instructions.py            # about 4 minutes; needs valgrind (Debian: valgrind)

`benchmarks/speed.py` times the two alternately in one process, and on a shared
machine its best-of ratio still moved from 0.69 to 1.02 between runs of the same
code. Instructions counted by valgrind (cachegrind, no cache simulation) are the
same from run to run: each workload is run in a child process twice, once
loading everything and warming up only, once with one more pass over the
documents; the difference is that pass. The ratio is ftfy's count over the
pipeline's (1.0 = the whole clean-up executes as many instructions as ftfy's
encoding fix alone). Instructions are not time: the pipeline's are more often
dictionary and set look-ups, which miss the cache more than ftfy's regex loops,
so its time ratio is lower than this one; the figure is for comparing versions.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
from corpus import five_kb_documents
data = Path({data!r})
if {workload!r} == "small":
    docs = [text for _, text in five_kb_documents(data)]
else:
    docs = [(data / "wmt22-ruen" / "ref.A.en").read_text(encoding="utf-8")]
if {tool!r} == "ftfy":
    import ftfy
    run = ftfy.fix_text
else:
    from normalizer import Normalizer
    normalizer = Normalizer()
    run = normalizer.normalize
for _ in range(2):  # warm: lazy tables, caches, the remembered word splits
    for d in docs:
        run(d)
for _ in range({passes}):
    for d in docs:
        run(d)
"""


def instructions(tool: str, workload: str, passes: int, data: Path) -> int:
    code = CHILD.format(benchmarks=str(ROOT / "benchmarks"), data=str(data), workload=workload, tool=tool, passes=passes)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{run.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind); nothing measured", file=sys.stderr)
        return 1
    print("mtnorm pipeline vs ftfy.fix_text: instructions of one pass (valgrind cachegrind)")
    jobs = [(tool, workload, passes) for workload in ("ref", "small") for tool in ("ftfy", "mtnorm") for passes in (0, 1)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # each count is the same run alone or not
        counts = dict(zip(jobs, pool.map(lambda job: instructions(*job, args.data), jobs), strict=True))
    for workload, label in (("ref", "ref.A.en, one document"), ("small", "documents of about 5 KB (seeds + WMT22 chunks)")):
        ftfy, mtnorm = ((counts[tool, workload, 1] - counts[tool, workload, 0]) / 1e6 for tool in ("ftfy", "mtnorm"))
        print(f"  {label}: ftfy {ftfy:,.0f} M  pipeline {mtnorm:,.0f} M  ratio {ftfy / mtnorm:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
