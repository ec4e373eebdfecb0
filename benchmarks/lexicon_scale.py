"""Lexicon-stage throughput as the lexicon grows: 100, 10,000 and 100,000 entries.

Run:  .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/lexicon_scale.py [DATA_DIR]

The text is ~1 MB of news built at run time from DATA_DIR/*.en (default
../shared/data/wmt22-ruen; never committed). Lexicons are generated: the same
50 entries that hit real words of the text, then synthetic transliterated
names (one in ten case-insensitive, one in five multi-word) up to the size.
Everything is measured in this one run, so the ratios compare like with like:

* stage throughput with 100,000 entries / with 100 (goal >= 0.8);
* the stage / FlashText ``replace_keywords`` with the same 10,000 keywords (goal >= 1.0);
* pyahocorasick with the word-boundary filter in Python, for reference (if installed);
* the foundation's alternation regex, for reference (100 and 10,000 only:
  at 100,000 entries its compile alone takes minutes);
* load (YAML) and compile time, and peak traced memory, for 100,000 entries (goals < 2 s, < 200 MB).
"""

from __future__ import annotations

import gc
import random
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from normalizer.knowledge.lexicon import load_lexicons
from normalizer.knowledge.matching import EntryMatcher
from normalizer.pipeline import Normalizer

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt22-ruen"
TARGET_BYTES = 1_000_000
SIZES = (100, 10_000, 100_000)
SYLLABLES = "ka ko ri va len mir sha zho tov vich sky nov gor bek ush dar im ya zin lo pe tu".split()


def build_text(folder: Path) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.en"))]
    if not parts:
        sys.exit(f"no *.en files in {folder}")
    text = ""
    while len(text.encode("utf-8")) < TARGET_BYTES:
        text += "\n".join(parts) + "\n"
    return text.encode("utf-8")[:TARGET_BYTES].decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"


def generate(n: int, text: str, seed: int = 7) -> list[tuple[str, str, bool]]:
    """(variant, canonical, case_sensitive): 50 real hits, the rest synthetic names."""
    rng = random.Random(seed)
    words = sorted({w for w in re.findall(r"\b[A-Z][a-z]{5,}\b", text)})
    hits = [(w, w.upper(), True) for w in random.Random(1).sample(words, 50)]
    out, seen = hits[: min(50, n)], {w for hit in hits for w in hit[:2]}
    while len(out) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if rng.random() < 0.2:
            name += " " + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        variant = name.replace("ko", "ka", 1) if "ko" in name else name + "y"
        if variant in seen or name in seen or variant == name:
            continue  # every spelling is used once: no conflicts, no chains (`mtnorm lexicon check` passes)
        seen.update((variant, name))
        out.append((variant, name, rng.random() >= 0.1))
    return out


def write_yaml(entries: list[tuple[str, str, bool]], path: Path) -> None:
    lines = ["class: entity", "entries:"]
    for i, (variant, canonical, sensitive) in enumerate(entries):
        flag = "" if sensitive else ", case_sensitive: false"
        lines.append(f'  - {{id: e{i}, canonical: "{canonical}", variants: ["{variant}"]{flag}}}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def best_of(runs: int, func, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    """The best of ``runs`` timings of ``func`` by ``clock`` (wall time by default)."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = clock()
        func()
        times.append(clock() - start)
    return min(times)


def alternation(entries: list[tuple[str, str, bool]]) -> re.Pattern[str]:
    """The foundation's matcher: one alternation of every variant, longest first."""
    body = "|".join(re.escape(v) for v, _, _ in sorted(entries, key=lambda e: (-len(e[0]), e[0])))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def aho_corasick_scan(entries: list[tuple[str, str, bool]], text: str) -> int | None:
    """pyahocorasick with the word-boundary filter and leftmost-longest choice done in Python.

    It reports every occurrence, including the many inside longer words, so
    the Python-side filtering grows with the hits of short variants.
    """
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for variant, canonical, _ in entries:
        automaton.add_word(variant, (len(variant), canonical))
    automaton.make_automaton()
    best: dict[int, int] = {}
    size = len(text)
    for end_index, (length, _) in automaton.iter(text):
        start, end = end_index - length + 1, end_index + 1
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end < size and (text[end].isalnum() or text[end] == "_")
        ):
            continue
        if best.get(start, 0) < length:
            best[start] = length
    taken, resume = 0, 0
    for start in sorted(best):
        if start >= resume:
            taken += 1
            resume = start + best[start]
    return taken


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    text = build_text(folder)
    mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {mb:.2f} MB, {len(text.split())} words from {folder}")
    rows, results, flashtext_keywords = [], {}, None
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            entries = generate(n, text)
            path = Path(tmp) / f"gen{n}.yaml"
            write_yaml(entries, path)
            start = time.perf_counter()
            lexicon = load_lexicons([path])
            load_s = time.perf_counter() - start
            start = time.perf_counter()
            normalizer = Normalizer(only="entity,term-case", lexicon=lexicon)
            compile_s = time.perf_counter() - start
            stage_s = best_of(3, lambda normalizer=normalizer: normalizer.normalize(text))
            results[n] = normalizer.normalize(text)
            aho = "-"
            if aho_corasick_scan(entries[:10], "warm up") is not None:
                aho = f"{mb / best_of(2, lambda entries=entries: aho_corasick_scan(entries, text)):.2f}"
            alt = "-"
            if n <= 10_000:
                pattern = alternation(entries)
                alt = f"{mb / best_of(2, lambda pattern=pattern: list(pattern.finditer(text))):.2f}"
            rows.append((n, load_s, compile_s, mb / stage_s, alt, aho, len(results[n].edits)))
            if n == 10_000:
                flashtext_keywords = entries
                stage_10k = stage_s
    print()
    print(
        "| entries | load YAML (s) | compile (s) | lexicon stage (MB/s) | alternation regex, scan (MB/s) "
        "| pyahocorasick + boundary filter, scan (MB/s) | edits |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, load_s, compile_s, speed, alt, aho, edits in rows:
        print(f"| {n:,} | {load_s:.2f} | {compile_s:.3f} | {speed:.2f} | {alt} | {aho} | {edits} |")
    ratio_scale = rows[2][3] / rows[0][3]
    print(f"\nthroughput 100,000 / 100 entries: {ratio_scale:.2f} (goal >= 0.8)")

    try:
        from flashtext import KeywordProcessor
    except ImportError:
        print("flashtext not installed (pip install -e '.[bench]'): comparison skipped")
    else:
        processor = KeywordProcessor(case_sensitive=True)
        for variant, canonical, _ in flashtext_keywords:
            processor.add_keyword(variant, canonical)
        flash_s = best_of(2, lambda: processor.replace_keywords(text))
        print(
            f"FlashText replace_keywords, same 10,000 keywords: {mb / flash_s:.2f} MB/s; "
            f"stage / FlashText: {flash_s / stage_10k:.2f} (goal >= 1.0)"
        )

    entries = generate(100_000, text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen.yaml"
        write_yaml(entries, path)
        gc.collect()
        tracemalloc.start()
        lexicon = load_lexicons([path])
        load_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        matcher = EntryMatcher(lexicon.entries)
        compile_traced_s = time.perf_counter() - start
        matcher_kept, matcher_peak = (m - before for m in tracemalloc.get_traced_memory())
        tracemalloc.stop()
        del matcher
    print(
        f"100,000 entries: peak traced memory loading {load_peak / 1e6:.0f} MB (lexicon objects + YAML nodes), "
        f"compiling the matcher {matcher_peak / 1e6:.0f} MB more at peak, {matcher_kept / 1e6:.0f} MB kept "
        f"({compile_traced_s:.2f} s under tracemalloc); "
        f"goal < 200 MB"
    )


if __name__ == "__main__":
    main()
