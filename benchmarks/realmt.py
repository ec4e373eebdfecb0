"""mtnorm on real MT output, per rule: edits made, judged correct, judged wrong, debatable, new (unjudged).

Run:  .venv/bin/python benchmarks/realmt.py [DATA_DIR] [--mtnorm CMD] [--out DIR]

DATA_DIR (default ../shared/data/realmt-dev, beside the project; never copied into it) holds
WMT21 ru→en system outputs, the edits a careful reader judged (judged.tsv) and its scorer,
score.py, which this script runs as it is (`score.py CMD --out DIR`) and then reads back: the
scorer's edits.tsv has every edit mtnorm made with its verdict, gone.tsv the judged edits no
longer made. The table counts MT outputs and human references (REF-*) apart: on a reference,
clean text, every edit is suspect. New edits are not judged: read them in DIR/new-edits.tsv.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "realmt-dev"
VERDICTS = ("correct", "wrong", "debatable", "?")


def read_rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"), strict=False)) for line in lines[1:] if line]


def table(edits: list[dict[str, str]], gone: list[dict[str, str]]) -> list[tuple[str, ...]]:
    made: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for e in edits:
        group = "ref" if e["system"].split(".", 1)[-1].startswith("REF-") else "mt"
        made[e["rule"]][group] += 1
        made[e["rule"]][e["verdict"]] += 1
    for g in gone:
        made[g["rule"]]["gone-" + g["verdict"]] += 1
    rows = []
    for rule in sorted(made, key=lambda r: (-sum(made[r][v] for v in VERDICTS), r)):
        c = made[rule]
        judged = c["correct"] + c["wrong"]
        precision = f"{c['correct'] / judged:.0%}" if judged else "-"
        rows.append(
            (rule, str(c["mt"]), str(c["ref"]), str(c["correct"]), str(c["wrong"]), str(c["debatable"]), str(c["?"]),
             precision, str(c["gone-correct"]), str(c["gone-wrong"]), str(c["gone-debatable"]))
        )  # fmt: skip
    return rows


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="the realmt-dev folder (default: %(default)s)")
    ap.add_argument("--mtnorm", default=str(Path(sys.executable).with_name("mtnorm")), help="mtnorm command")
    ap.add_argument("--out", help="folder for the scorer's review files (default: a new temporary folder)")
    a = ap.parse_args(argv)
    scorer = Path(a.data) / "score.py"
    if not scorer.is_file():
        print(f"realmt: no scorer {scorer} (give the realmt-dev folder as the first argument)", file=sys.stderr)
        return 2
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix="realmt-"))
    run = subprocess.run([sys.executable, str(scorer), a.mtnorm, "--out", str(out)], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"realmt: score.py failed: {(run.stderr or run.stdout).strip()[-500:]}", file=sys.stderr)
        return 2
    rows = table(read_rows(out / "edits.tsv"), read_rows(out / "gone.tsv"))
    head = ("rule", "made MT", "made REF", "correct", "wrong", "debatable", "new", "precision")
    head += ("gone correct", "gone wrong", "gone debatable")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    print(run.stdout.strip().splitlines()[-1])
    print(f"review files: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
