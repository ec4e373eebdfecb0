"""Regenerate the README's performance section from the speed benchmarks.

    .venv/bin/python benchmarks/readme_table.py            # runs them all (long: scaling to 10 MB, 100 MB memory)
    .venv/bin/python benchmarks/readme_table.py --quick    # smaller sizes

Each benchmark runs as its own process; its command and output go verbatim
into README.md between the ``performance:begin`` and ``performance:end``
markers, under a table of the headline figures, with the date, the machine's
cores and its load average (every figure is a ratio or a CPU time measured
against a baseline in the same run, because the machine may be shared).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN, END = "<!-- performance:begin -->", "<!-- performance:end -->"


def benchmarks(quick: bool) -> list[list[str]]:
    return [
        ["benchmarks/speed.py", "--stages", "--rounds", "11"],
        ["benchmarks/instructions.py"],
        ["benchmarks/scaling.py", *(["--max", "1MB"] if quick else [])],
        ["benchmarks/startup.py"],
        ["benchmarks/memory.py", "--size", "20MB" if quick else "100MB"],
        ["benchmarks/jobs.py", *(["--files", "400", "--rounds", "1"] if quick else [])],
    ]


def headline(outputs: dict[str, str]) -> list[str]:
    """The goal figures, picked from the outputs (a missing figure prints as "-")."""

    def find(name: str, pattern: str) -> str:
        m = re.search(pattern, outputs.get(name, ""))
        return m.group(1) if m else "-"

    rows = [
        ("speed vs `ftfy.fix_text`, ref.A.en as one document", "speed.py", r"ref.A.en.*ratio ([0-9.]+)", "×", "≥ 1.0×"),
        ("speed vs `ftfy.fix_text`, 5 KB documents", "speed.py", r"5 KB.*ratio ([0-9.]+)", "×", "≥ 1.0×"),
        ("the same in instructions (valgrind), ref.A.en", "instructions.py", r"ref.A.en.*ratio ([0-9.]+)", "×", "–"),
        ("the same in instructions (valgrind), 5 KB documents", "instructions.py", r"5 KB.*ratio ([0-9.]+)", "×", "–"),
        ("largest exponent of time against size", "scaling.py", r"largest exponent ([0-9.]+)", "", "≤ 1.05"),
        ("copies kept of a paragraph repeated 1,000 times", "scaling.py", r"paragraph: (\d+) kept", "", "1"),
        ("`mtnorm fix` one-line file, CPU", "startup.py", r"one-line.txt .*CPU ([0-9.]+) s", " s", "≤ 0.25 s"),
        ("first run, empty cache, peak RSS", "startup.py", r"first run.*peak RSS (\d+) MB", " MB", "< 150 MB"),
        ("peak RSS per input byte, one large file", "memory.py", r"= ([0-9.]+) bytes per input byte", "", "≤ 8"),
        ("`--jobs 2` / `--jobs 1`, best wall time", "jobs.py", r"speed-up \(best wall\) ([0-9.]+)x", "×", "≥ 1.8×"),
        ("machine parallelism meanwhile", "jobs.py", r"best control in these rounds ([0-9.]+)x", "×", "2.0× = 2 free cores"),
    ]
    table = ["| figure | measured | goal |", "|---|---:|---:|"]
    for label, name, pattern, unit, goal in rows:
        value = find(name, pattern)
        table.append(f"| {label} | {value}{unit if value != '-' else ''} | {goal} |")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    outputs: dict[str, str] = {}
    blocks = []
    for argv in benchmarks(args.quick):
        print(f"running {' '.join(argv)}", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True)
        text = done.stdout.strip() if done.returncode == 0 else f"failed ({done.returncode}): {done.stderr.strip()[-400:]}"
        outputs[Path(argv[0]).name] = text
        blocks += [f"`.venv/bin/python {' '.join(argv)}`", "", "```", text, "```", ""]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join(
        [
            BEGIN,
            f"Measured {when} on {os.cpu_count()} cores, load average {load} (other work running: every figure is",
            "CPU time or a ratio against a baseline measured in the same run). Regenerate with",
            "`.venv/bin/python benchmarks/readme_table.py`.",
            "",
            *headline(outputs),
            "",
            *blocks,
            END,
        ]
    )
    readme = README.read_text(encoding="utf-8")
    if BEGIN in readme and END in readme:
        readme = readme[: readme.index(BEGIN)] + section + readme[readme.index(END) + len(END) :]
    else:
        readme = readme.rstrip("\n") + "\n\n## Performance\n\n" + section + "\n"
    README.write_text(readme, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
