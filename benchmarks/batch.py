"""Batch throughput, the cost of the pipeline against ftfy alone, and peak memory on a large tree.

One run prints three figures, each against a baseline measured in the same run:

1. ``mtnorm fix TREE -o OUT`` (a real process) with ``--jobs 1``, ``2`` and all
   cores: files/s and MB/s, and the speed-up over one job;
2. in one process, the full pipeline (built-in grammar) against
   ``ftfy.fix_text`` alone on the same documents: the ratio of their speeds
   (1.0 = the whole clean-up costs as much as the encoding fix);
3. ``mtnorm fix`` on a tree of ``--size`` bytes: the peak memory of the whole
   process tree (main process and workers), sampled every 0.1 s with psutil —
   the sum of RSS (counts pages shared by forked workers once per process) and
   the sum of PSS (shared pages split between the processes sharing them).

The trees are generated from the bundled seeds and, when present, WMT text
(``--wmt FILE``, repeatable; default: the shared WMT22 ru-en references and
system outputs if the folder exists). Nothing is downloaded.

    .venv/bin/python benchmarks/batch.py                  # default: 1 GB memory tree
    .venv/bin/python benchmarks/batch.py --size 100MB     # quicker
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ftfy
import psutil

ROOT = Path(__file__).resolve().parent.parent
WMT = Path("/work/shared/data/wmt22-ruen")
DEFAULT_WMT = [WMT / "ref.A.en", WMT / "hyp.Online-B.en", WMT / "hyp.Online-Y.en"]


def parse_size(value: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", value.strip(), re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {value} (e.g. 500MB, 1GB)")
    return int(float(match.group(1)) * {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}[match.group(2).upper()])


def paragraphs(wmt: list[Path]) -> list[str]:
    """Paragraphs to build documents from: the seeds' and WMT sentences in groups of 3 to 6."""
    out = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        out += [p for p in seed.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    rng = random.Random(7)
    for path in wmt:
        if not path.is_file():
            continue
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        i = 0
        while i < len(lines):
            n = rng.randint(3, 6)
            out.append(" ".join(lines[i : i + n]))
            i += n
    return out


def make_tree(root: Path, size: int, parts: list[str], seed: int = 1) -> tuple[int, int]:
    """Files of 2–40 KB in 100-file folders until ``size`` bytes; returns (files, bytes)."""
    rng = random.Random(seed)
    files = written = 0
    while written < size:
        target = rng.randint(2_000, 40_000)
        chunks, length = [], 0
        while length < target:
            chunk = rng.choice(parts)
            chunks.append(chunk)
            length += len(chunk.encode()) + 2
        data = ("\n\n".join(chunks) + "\n").encode()
        path = root / f"d{files // 100:05d}" / f"doc{files:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files += 1
        written += len(data)
    return files, written


def run_fix(tree: Path, out: Path, jobs: int, sample: bool = False) -> dict[str, float]:
    """One ``mtnorm fix`` process: wall time, and with ``sample`` the peak RSS/PSS of its process tree."""
    command = [sys.executable, "-m", "normalizer", "fix", str(tree), "-o", str(out), "--jobs", str(jobs), "--quiet", "--force"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak_rss = peak_pss = 0
    if sample:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            rss = pss = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        info = p.memory_full_info()
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        continue
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
            except psutil.NoSuchProcess:
                break
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.1)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"mtnorm fix failed ({proc.returncode}): {err.decode()[-500:]}")
    return {"seconds": seconds, "peak_rss": peak_rss, "peak_pss": peak_pss}


def throughput(tree: Path, files: int, size: int, jobs_list: list[int]) -> None:
    print(f"\n1. mtnorm fix on {files} files, {size / 1e6:.1f} MB (wall time of the process, start-up included)")
    base = None
    for jobs in jobs_list:
        with tempfile.TemporaryDirectory(prefix="mtnorm-bench-out-") as out:
            seconds = run_fix(tree, Path(out), jobs)["seconds"]
        base = base or seconds
        print(
            f"   --jobs {jobs}: {seconds:6.2f} s  {files / seconds:7.1f} files/s  {size / 1e6 / seconds:6.2f} MB/s"
            f"  speed-up {base / seconds:4.2f}x"
        )


def ratio_to_ftfy(parts: list[str], wmt: list[Path]) -> None:
    from normalizer import Normalizer

    normalizer = Normalizer()  # built-in grammar, every class
    sets = {"seeds": [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]}
    for path in wmt:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            sets[path.name] = [text[i : i + 5000] for i in range(0, len(text), 5000)]
    print("\n2. full pipeline (built-in grammar) against ftfy.fix_text alone, same documents, best of 3")
    for name, docs in sets.items():
        for doc in docs[:3]:
            normalizer.normalize(doc)  # lazy loads (wordfreq, punkt) are not the steady state
            ftfy.fix_text(doc)
        size = sum(len(d.encode()) for d in docs)
        t_ftfy = min(_time(lambda docs=docs: [ftfy.fix_text(d) for d in docs]) for _ in range(3))
        t_pipe = min(_time(lambda docs=docs: [normalizer.normalize(d) for d in docs]) for _ in range(3))
        print(
            f"   {name:18s} {size / 1e6:5.2f} MB  ftfy {size / 1e6 / t_ftfy:6.2f} MB/s  pipeline {size / 1e6 / t_pipe:6.2f} MB/s"
            f"  ratio {t_ftfy / t_pipe:.3f} (goal >= 1.0)"
        )


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("1GB"), help="memory tree size (default 1GB)")
    parser.add_argument("--throughput-size", type=parse_size, default=parse_size("4MB"), help="throughput tree (4MB)")
    parser.add_argument("--wmt", type=Path, action="append", help="a WMT text file to draw paragraphs from (repeatable)")
    parser.add_argument("--keep", type=Path, help="generate the trees here and keep them (default: a temporary folder)")
    parser.add_argument("--skip-memory", action="store_true", help="only figures 1 and 2")
    args = parser.parse_args()
    wmt = args.wmt or [p for p in DEFAULT_WMT if p.is_file()]
    parts = paragraphs(wmt)
    cores = len(os.sched_getaffinity(0))
    python = sys.version.split()[0]
    print(f"mtnorm batch benchmark: {cores} cores, Python {python}, {len(parts)} paragraphs from seeds + {len(wmt)} WMT files")
    work = args.keep or Path(tempfile.mkdtemp(prefix="mtnorm-bench-"))
    try:
        small = work / "throughput"
        if small.exists():
            shutil.rmtree(small)
        files, size = make_tree(small, args.throughput_size, parts)
        throughput(small, files, size, sorted({1, 2, cores}))
        ratio_to_ftfy(parts, wmt)
        if not args.skip_memory:
            big = work / "memory"
            if big.exists():
                shutil.rmtree(big)
            files, size = make_tree(big, args.size, parts, seed=2)
            with tempfile.TemporaryDirectory(prefix="mtnorm-bench-out-", dir=work) as out:
                got = run_fix(big, Path(out), cores, sample=True)
            print(f"\n3. peak memory, mtnorm fix --jobs {cores} on {files} files, {size / 1e6:.0f} MB ({got['seconds']:.0f} s)")
            rss, pss = got["peak_rss"] / 1e6, got["peak_pss"] / 1e6
            print(f"   whole process tree: RSS sum {rss:.0f} MB, PSS sum {pss:.0f} MB (goal < 300 MB)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
