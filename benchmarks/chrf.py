"""chrF of machine translations against a reference, before and after normalization.

Run:  .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/chrf.py [DATA_DIR] [--corpus-casing]

DATA_DIR (default ../shared/data/wmt22-ruen; never committed) holds ref.A.en and
hyp.*.en, one segment per line. Each hypothesis file is normalized as one
document (every line a paragraph, as ``mtnorm fix`` would), and chrF (sacrebleu)
against ref.A.en is printed for the raw and the normalized text, with the number
of edits per class. Normalization must not lower chrF: a drop means the
normalizer changed characters a human translator wrote differently.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sacrebleu.metrics import CHRF

from normalizer import Normalizer
from normalizer.casing import collect_evidence


def main(argv: list[str]) -> int:
    corpus_casing = "--corpus-casing" in argv
    args = [a for a in argv if not a.startswith("--")]
    data = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt22-ruen"
    ref_path = data / "ref.A.en"
    if not ref_path.is_file():
        print(f"chrf: no reference {ref_path}", file=sys.stderr)
        return 2
    refs = ref_path.read_text(encoding="utf-8").splitlines()
    hyps = sorted(data.glob("hyp.*.en"))
    texts = {p: p.read_text(encoding="utf-8") for p in hyps}
    evidence = collect_evidence(texts.values()) if corpus_casing else None
    chrf = CHRF()
    print(f"{'system':<14} {'chrF raw':>9} {'chrF norm':>9} {'delta':>7}  edits")
    worst = 0.0
    with Normalizer(corpus_evidence=evidence) as normalizer:
        for path in hyps:
            raw = texts[path]
            result = normalizer.normalize(raw)
            before = chrf.corpus_score(raw.splitlines(), [refs]).score
            after = chrf.corpus_score(result.text.splitlines(), [refs]).score
            worst = min(worst, after - before)
            counts = ", ".join(f"{k} {v}" for k, v in sorted(result.counts().items())) or "none"
            name = path.name.removeprefix("hyp.").removesuffix(".en")
            print(f"{name:<14} {before:9.3f} {after:9.3f} {after - before:+7.3f}  {counts}")
    print("chrF never decreased" if worst >= 0 else f"chrF DECREASED by up to {-worst:.3f}")
    return 0 if worst >= 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
