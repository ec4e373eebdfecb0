"""Time against document size, 10 KB to 10 MB, for four shapes of input: is the pipeline linear?

    .venv/bin/python benchmarks/scaling.py               # 10 KB, 100 KB, 1 MB, 10 MB
    .venv/bin/python benchmarks/scaling.py --max 1MB     # quicker

Shapes, each built from the shared WMT sentences (read, never copied):
* distinct  — paragraphs of 3–6 sentences, no two alike (sentences recur in new combinations);
* duplicated — every paragraph twice, the copy at a random place (half the text is removed);
* one line  — the distinct paragraphs joined by spaces: no line break at all;
* one token — the distinct text with every space and line break removed.

For each: CPU time of one `Normalizer.normalize` per size (best of ``--repeat``, the
same at every size: a minimum of several runs against one run at the largest size
would bias the fit upward on a machine whose runs vary), MB/s, and the exponent of a log-log fit of time against size
(1.0 = linear; the issue's goal is <= 1.05). Also checked: a document of 1,000
copies of one paragraph keeps exactly one.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA, wmt_files  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)


def parse_size(value: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", value.strip(), re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {value}")
    return int(float(match.group(1)) * {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}[match.group(2).upper()])


def distinct_paragraphs(data: Path, size: int, rng: random.Random) -> list[str]:
    sentences = []
    for path in wmt_files(data):
        sentences += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = list(dict.fromkeys(sentences))
    out, seen, length = [], set(), 0
    while length < size:
        rng.shuffle(sentences)
        i = 0
        while i < len(sentences) and length < size:
            n = rng.randint(3, 6)
            para = " ".join(sentences[i : i + n])
            i += n
            if para not in seen:
                seen.add(para)
                out.append(para)
                length += len(para) + 2
    return out


def shapes(data: Path, size: int) -> dict[str, str]:
    rng = random.Random(size)
    paras = distinct_paragraphs(data, size, rng)
    distinct = "\n\n".join(paras) + "\n"
    half = distinct_paragraphs(data, size // 2, random.Random(size + 1))
    doubled = half + half
    rng.shuffle(doubled)
    return {
        "distinct": distinct,
        "duplicated": "\n\n".join(doubled) + "\n",
        "one line": " ".join(paras) + "\n",
        "one token": "".join(distinct.split()) + "\n",
    }


def cpu(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def exponent(points: list[tuple[int, float]]) -> float:
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--max", type=parse_size, default=SIZES[-1], help="largest size (default 10MB)")
    parser.add_argument("--shape", action="append", help="only this shape (repeatable)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per size, the best taken (default 2)")
    args = parser.parse_args()
    from normalizer import Normalizer

    normalizer = Normalizer()
    normalizer.normalize("the Nato Meeting in june andcalled defense Minister Sergei Shoigu.")  # load lazy tables
    sizes = [s for s in SIZES if s <= args.max]
    docs = {size: shapes(args.data, size) for size in sizes}
    print(f"time against size (CPU s, best of {args.repeat}); sizes {', '.join(f'{s / 1e6:g} MB' for s in sizes)}")
    worst = 0.0
    for shape in args.shape or ("distinct", "duplicated", "one line", "one token"):
        points = []
        cells = []
        for size in sizes:
            text = docs[size][shape][:size]
            seconds = cpu(lambda text=text: normalizer.normalize(text), args.repeat)
            points.append((len(text.encode()), seconds))
            cells.append(f"{seconds:8.3f} s ({len(text.encode()) / 1e6 / seconds:5.2f} MB/s)")
        slope = exponent(points) if len(points) > 1 else float("nan")
        worst = max(worst, slope)
        print(f"  {shape:10}  " + "  ".join(cells) + f"  exponent {slope:.2f}")
    print(f"largest exponent {worst:.2f} (goal <= 1.05)")
    para = "The talks in Moscow between the two presidents lasted for about three hours on Thursday, officials said."
    kept = normalizer.normalize("\n\n".join([para] * 1000) + "\n").text.count(para)
    print(f"1,000 copies of a paragraph: {kept} kept (goal 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
