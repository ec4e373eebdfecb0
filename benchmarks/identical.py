"""Before/after check for speed work: the same outputs and the same edits, document by document.

    .venv/bin/python benchmarks/identical.py record /tmp/before.json.gz   # on the commit you start from
    .venv/bin/python benchmarks/identical.py compare /tmp/before.json.gz  # after each rewrite

The documents (`corpus.check_corpus`): the seeds, the golden references, the
casing cases, every stage's examples, seeds x1/x50/x51, an odd-characters
document, and the shared WMT files whole, in 5 KB chunks, with injected casing
artifacts, as CRLF, as one line and as one token (read from ``--data``, never
copied). For each: the output text and every edit (start, end, replacement,
class, rule, message, before). Also the corpus casing evidence of the chunks
(``--corpus-casing``). A snapshot lives outside the repository; a rewrite is
exact when ``compare`` prints no difference. Documents named ``bug: ...`` are
reported apart: the issue changes their output on purpose.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA, check_corpus  # noqa: E402


def outputs(data: Path, quick: bool = False) -> dict[str, object]:
    from normalizer import Normalizer
    from normalizer.casing import collect_evidence

    normalizers = {"": Normalizer(), "casing": Normalizer(only="sentence-case,term-case")}
    out: dict[str, object] = {}
    texts = []
    for name, options, text in check_corpus(data, quick):
        result = normalizers[options].normalize(text)
        edits = [[e.start, e.end, e.replacement, e.kind, e.rule, e.message, e.before] for e in result.edits]
        out[f"{options}|{name}"] = {"text": result.text, "edits": edits}
        if "#" in name and "/" not in name and not options:
            texts.append(text)
    if quick:
        return out
    evidence = collect_evidence(texts)
    out["|corpus evidence"] = {"title": dict(sorted(evidence.title.items())), "lower": dict(sorted(evidence.lower.items()))}
    with_corpus = Normalizer(corpus_evidence=evidence)
    for i, text in enumerate(texts[::25]):
        result = with_corpus.normalize(text)
        out[f"corpus|{i}"] = {
            "text": result.text,
            "edits": [[e.start, e.end, e.replacement, e.kind, e.rule, e.message, e.before] for e in result.edits],
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--quick", action="store_true", help="compare: the WMT22 files only, no corpus evidence")
    args = parser.parse_args()
    started = time.process_time()
    if args.quick and args.mode == "record":
        parser.error("record the whole corpus (compare can then be --quick)")
    now = outputs(args.data, args.quick)
    seconds = time.process_time() - started
    edits = sum(len(v["edits"]) for v in now.values() if "edits" in v)  # type: ignore[operator]
    if args.mode == "record":
        with gzip.open(args.snapshot, "wt", encoding="utf-8") as handle:
            json.dump(now, handle)
        print(f"recorded {len(now)} documents, {edits} edits ({seconds:.1f} s CPU) -> {args.snapshot}")
        return 0
    with gzip.open(args.snapshot, "rt", encoding="utf-8") as handle:
        before = json.load(handle)
    differ, bugs = [], []
    for name in sorted(set(now) if args.quick else set(before) | set(now)):
        if before.get(name) != now.get(name):
            (bugs if name.split("|", 1)[1].startswith("bug:") else differ).append(name)
    print(f"{len(now)} documents, {edits} edits ({seconds:.1f} s CPU)")
    for name in bugs:
        print(f"changed on purpose: {name}")
    for name in differ[:30]:
        b, n = before.get(name) or {}, now.get(name) or {}
        print(f"DIFFERENT: {name}")
        if "edits" in b and "edits" in n:
            for e in b["edits"]:
                if e not in n["edits"]:
                    print(f"   - {e}")
            for e in n["edits"]:
                if e not in b["edits"]:
                    print(f"   + {e}")
        else:
            for key in sorted(set(b) | set(n)):
                if b.get(key) != n.get(key):
                    print(f"   {key}: differs")
    print("identical" if not differ else f"{len(differ)} documents differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
