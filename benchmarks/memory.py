"""Peak memory of `mtnorm fix` on one large file, per input byte.

    .venv/bin/python benchmarks/memory.py --size 100MB     # the issue's case (several minutes)
    .venv/bin/python benchmarks/memory.py                  # 20 MB, quicker

The file is news paragraphs built from the shared WMT sentences (read, never
copied), every tenth paragraph repeated somewhere else, as scraped pages are.
It is cleaned by a real `python -m normalizer fix FILE` process writing to a
file; `os.wait4` gives the process's peak RSS. Beside it, a bare
`python -c pass` for the interpreter's own share, and the same command on a
1 MB file of the same kind: the difference between the two runs over the
difference in size is what each further input byte costs (the knowledge
loaded once — lexicons, the names knowledge base, word frequencies — is in
both). Goal (issue 15): at most 8 bytes of RSS per input byte (a 100 MB file
under 800 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA  # noqa: E402
from scaling import distinct_paragraphs, parse_size  # noqa: E402

SMALL = 1_000_000  # bytes of the second, small file


def build(path: Path, size: int, data: Path) -> int:
    rng = random.Random(size)
    paras = distinct_paragraphs(data, int(size * 0.91), rng)
    paras += rng.sample(paras, len(paras) // 10)
    rng.shuffle(paras)
    text = "\n\n".join(paras) + "\n"
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def peak(argv: list[str], stdout: Path | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS bytes) of one process."""
    started = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode() if proc.stderr else status}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=parse_size, default=parse_size("20MB"))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # internal: write the file of --size here, then exit
    args = parser.parse_args()
    if args.build:
        build(args.build, args.size, args.data)
        return 0
    _, _, floor = peak([sys.executable, "-c", "pass"])
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.txt", Path(tmp) / "small.txt"
        # the files are built by a child process: a process started from this one could otherwise
        # report this one's memory (the text built) as its own peak
        for path, wanted in ((big, args.size), (small, SMALL)):
            argv = [sys.executable, __file__, "--size", str(wanted), "--data", str(args.data), "--build", str(path)]
            subprocess.run(argv, check=True)
        size, small_size = big.stat().st_size, small.stat().st_size
        _, _, small_rss = fix(small, small_size, Path(tmp) / "small-out.txt")
        wall, cpu, rss = fix(big, size, Path(tmp) / "out.txt")
        out_size = (Path(tmp) / "out.txt").stat().st_size
    print(f"mtnorm fix on one file of {size / 1e6:.1f} MB (output {out_size / 1e6:.1f} MB): wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(
        f"  peak RSS {rss / 1e6:.0f} MB = {rss / size:.1f} bytes per input byte (goal <= 8); python -c pass: {floor / 1e6:.0f} MB"
    )
    if size > small_size:
        print(
            f"  on {small_size / 1e6:.1f} MB: {small_rss / 1e6:.0f} MB; each further input byte:"
            f" {(rss - small_rss) / (size - small_size):.1f} bytes"
        )
    return 0


def fix(path: Path, size: int, out: Path) -> tuple[float, float, float]:
    return peak([sys.executable, "-m", "normalizer", "fix", str(path), "--max-bytes", str(size + 1)], out)


if __name__ == "__main__":
    sys.exit(main())
