"""fix∘fix = fix on real files: normalize each file, normalize the output again, report what the second pass changes.

    python3 tools/idempotence.py                  # every text file of ../shared/data (beside the repo or its folder)
    python3 tools/idempotence.py FILE_OR_DIR... [--show N]

A file that changes on the second pass means some rule's output is input to
another rule (or to itself): a user running mtnorm twice, or over a tree
where some files were already fixed, would see edits that never end. For
each such file it prints the number of lines that change again and up to
``--show`` of them (the pair of lines, to read by eye; nothing is stored).
Exit 1 when any file is not stable.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalizer.batch.tasks import normalize_text  # noqa: E402
from normalizer.pipeline import Normalizer  # noqa: E402

TEXT_SUFFIXES = {".txt", ".en"}


def files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
        else:
            out.append(path)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
    parser.add_argument("paths", nargs="*", default=[str(shared / "data")])
    parser.add_argument("--show", type=int, default=3, help="lines to print per unstable file (3)")
    args = parser.parse_args()
    normalizer = Normalizer()
    unstable = 0
    checked = 0
    for path in files(args.paths):
        text = path.read_text(encoding="utf-8")
        _, once = normalize_text(normalizer, text)
        second, twice = normalize_text(normalizer, once)
        checked += 1
        if once == twice:
            continue
        unstable += 1
        pairs = [(a, b) for a, b in zip(once.splitlines(), twice.splitlines(), strict=False) if a != b]
        rules = sorted({e.rule for e in second.edits})
        print(f"{path}: {len(pairs)} lines change on the second pass; rules: {', '.join(rules)}")
        for a, b in pairs[: args.show]:
            diff = [d for d in difflib.ndiff([a], [b]) if d[0] in "?"]
            print(f"  - {a[:160]}\n  + {b[:160]}" + ("".join(f"\n    {d.rstrip()}" for d in diff)[:400] if diff else ""))
    print(f"{checked} files, {unstable} change on a second pass")
    return 1 if unstable else 0


if __name__ == "__main__":
    sys.exit(main())
