"""The displaced capital put into clean text, and how much of it the casing model takes back.

Run:  .venv/bin/python benchmarks/casing_synthetic.py [REF_FILE] [--corpus-casing]

REF_FILE (default ../shared/data/wmt22-ruen/ref.A.en; never committed) is clean,
human-translated English, one sentence per line. In every 10th line that starts
with a capitalized word English writes mostly in lower case, the artifact is
made the way machine translation makes it: the first word loses its capital
and (two times in three) the second word takes it (``The meeting`` →
``the Meeting``), otherwise only the first word loses it (``As a result`` →
``as a result``). The text is then normalized with only the sentence-case class,
in two layouts measured in this one run:

* one sentence per line, as the WMT files are (every line a paragraph);
* paragraphs of five sentences, each artifact then mid-paragraph except in
  the first sentence.

For each layout: the artifacts restored exactly (recall), sentences changed
wrongly (an edit where no artifact was put, or a wrong repair), and precision.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from normalizer import Normalizer
from normalizer.casing import COMMON_SHARE, collect_evidence, english_lower_share

EVERY = 10
PARAGRAPH = 5


def inject(lines: list[str], rng: random.Random) -> tuple[list[str], dict[int, str]]:
    """The broken lines and, for each changed line, its artifact: ``displaced`` or ``bare``."""
    out, hit = list(lines), {}
    eligible = 0
    for i, line in enumerate(lines):
        parts = line.split(" ", 2)
        if len(parts) < 3 or not parts[0].isalpha() or not parts[0][0].isupper() or not parts[0][1:].islower():
            continue
        share = english_lower_share(parts[0].lower())
        if share is None or share < COMMON_SHARE or not parts[1].isalpha() or not parts[1].islower():
            continue
        eligible += 1
        if eligible % EVERY:
            continue
        displaced = rng.random() < 2 / 3
        second = parts[1][0].upper() + parts[1][1:] if displaced else parts[1]
        out[i] = f"{parts[0].lower()} {second} {parts[2]}"
        hit[i] = "displaced" if displaced else "bare"
    return out, hit


def measure(name: str, clean: list[str], broken: list[str], hit: dict[int, str], normalizer: Normalizer, group: int) -> None:
    if group == 1:
        fixed = normalizer.normalize("\n".join(broken) + "\n").text.split("\n")[:-1]
    else:
        paragraphs = [broken[i : i + group] for i in range(0, len(broken), group)]
        out = normalizer.normalize("\n\n".join(" ".join(p) for p in paragraphs) + "\n").text
        # only case changes, so the sentences split back at the same places
        flat, fixed, offset = out.replace("\n\n", " ").rstrip("\n"), [], 0
        for line in broken:
            fixed.append(flat[offset : offset + len(line)])
            offset += len(line) + 1
    print(f"{name}:")
    for kind in ("displaced", "bare"):
        lines = [i for i, k in hit.items() if k == kind]
        restored = sum(1 for i in lines if fixed[i] == clean[i])
        partial = sum(1 for i in lines if fixed[i] not in (clean[i], broken[i]))
        print(
            f"  {kind:<10} artifacts {len(lines):4d}  restored {restored:4d} ({restored / len(lines):.3f})  partly {partial:3d}"
        )
    wrong = sum(1 for i, (f, c) in enumerate(zip(fixed, clean, strict=True)) if i not in hit and f != c)
    changed = sum(1 for i, (f, b) in enumerate(zip(fixed, broken, strict=True)) if f != b)
    print(f"  lines changed {changed}, of them with no artifact put in {wrong}  precision {1 - wrong / max(changed, 1):.3f}")


_MONTH = re.compile(
    r"\b(?:in|on|since|until|by|from|of|during|early|late|mid) "
    r"(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_TITLE = re.compile(
    r"\b(Defense|Foreign|Deputy|Health|Finance|Interior|Vice|Press|Energy|Economy|Home)"
    r"(?= (?:Prime )?(?:Minister|Secretary|President)(?: of [A-Z][a-z]+)? [A-Z][a-z]+)"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def inject_terms(lines: list[str]) -> tuple[list[str], dict[int, set[str]]]:
    """Term case lost: months after a preposition, title modifiers before a name, every 10th acronym."""
    out, hit = [], {}
    seen = 0
    for i, line in enumerate(lines):
        kinds: set[str] = set()

        def lower(m: re.Match[str], kind: str, group: int = 0, kinds: set[str] = kinds) -> str:
            kinds.add(kind)
            whole = m.group()
            a, b = m.start(group) - m.start(), m.end(group) - m.start()
            return whole[:a] + whole[a:b].lower() + whole[b:]

        def acronym(m: re.Match[str]) -> str:
            nonlocal seen
            seen += 1
            return lower(m, "acronym") if seen % EVERY == 0 else m.group()

        new = _MONTH.sub(lambda m: lower(m, "month", 1), line)
        new = _TITLE.sub(lambda m: lower(m, "title"), new)
        if sum(1 for w in new.split() if w.isupper()) * 2 < len(new.split()):
            new = _ACRONYM.sub(acronym, new)
        out.append(new)
        if kinds:
            hit[i] = kinds
    return out, hit


def measure_terms(clean: list[str], normalizer: Normalizer) -> None:
    broken, hit = inject_terms(clean)
    fixed = normalizer.normalize("\n".join(broken) + "\n").text.split("\n")[:-1]
    print("term case, one sentence per line (lines with one kind of artifact):")
    for kind in ("month", "title", "acronym"):
        lines = [i for i, k in hit.items() if k == {kind}]
        restored = sum(1 for i in lines if fixed[i] == clean[i])
        print(f"  {kind:<10} lines {len(lines):4d}  restored {restored:4d} ({restored / max(len(lines), 1):.3f})")
    wrong = sum(1 for i, (f, c) in enumerate(zip(fixed, clean, strict=True)) if i not in hit and f != c)
    changed = sum(1 for i, (f, b) in enumerate(zip(fixed, broken, strict=True)) if f != b)
    print(f"  lines changed {changed}, of them with no artifact put in {wrong}  precision {1 - wrong / max(changed, 1):.3f}")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt22-ruen" / "ref.A.en"
    if not path.is_file():
        print(f"casing_synthetic: no file {path}", file=sys.stderr)
        return 2
    clean = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    broken, hit = inject(clean, random.Random(4))
    evidence = collect_evidence(["\n".join(broken)]) if "--corpus-casing" in argv else None
    normalizer = Normalizer(only="sentence-case", corpus_evidence=evidence)
    measure("one sentence per line", clean, broken, hit, normalizer, 1)
    measure(f"paragraphs of {PARAGRAPH} sentences", clean, broken, hit, normalizer, PARAGRAPH)
    measure_terms(clean, Normalizer(only="term-case"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
