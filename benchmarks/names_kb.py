"""What the names knowledge base costs: loading it, and lexicon-stage throughput with it.

Run:  .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/names_kb.py [DATA_DIR]

The text is ~1 MB of news built at run time from DATA_DIR/*.en (default
../shared/data/wmt22-ruen; never committed), as in benchmarks/lexicon_scale.py.
Measured in this one run, so the ratio compares like with like:

* load: reading and indexing ``normalizer/data/names-kb.json`` (best of 5, in ms;
  goal <= 100 ms) and the memory it holds (traced peak while loading, goal <= 60 MB);
* throughput (CPU time, best of 11, the two alternated: a round takes well under a second, and
  a burst of other work in one of them moved the ratio by 0.3 with 5 rounds) of the lexicon
  stages (``Normalizer(only="entity,term-case")``) with the names stage and the whole knowledge
  base / with the seed lexicons only (the names stage taken out); goal >= 0.8.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from pathlib import Path

from lexicon_scale import DATA, best_of, build_text

from normalizer.names_kb import KB_PATH, load_kb
from normalizer.pipeline import Normalizer
from normalizer.stages.names import RULES as NAMES_RULES


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    text = build_text(folder)
    megabytes = len(text.encode("utf-8")) / 1e6

    load_seconds = best_of(5, lambda: load_kb(KB_PATH))
    load_cpu = best_of(5, lambda: load_kb(KB_PATH), time.process_time)
    gc.collect()
    tracemalloc.start()
    kb = load_kb(KB_PATH)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    with_kb = Normalizer(only="entity,term-case")
    seeds_only = Normalizer(only="entity,term-case")
    seeds_only.stages = [s for s in seeds_only.stages if s.name != "names"]
    with_kb.normalize("warm up in Kazani")  # the knowledge base is read on first use; not part of throughput
    edits = len([e for e in with_kb.normalize(text).edits if e.rule in NAMES_RULES])
    seconds_kb = seconds_seed = float("inf")
    for _ in range(11):  # alternated, best of each: a burst of load elsewhere hits both alike
        seconds_kb = min(seconds_kb, best_of(1, lambda: with_kb.normalize(text), time.process_time))
        seconds_seed = min(seconds_seed, best_of(1, lambda: seeds_only.normalize(text), time.process_time))

    print(f"text: {megabytes:.2f} MB from {folder}")
    print(f"knowledge base: {KB_PATH.stat().st_size / 1e6:.2f} MB file, {kb.size:,} forms")
    print(
        f"load: {load_seconds * 1000:.0f} ms wall, {load_cpu * 1000:.0f} ms CPU (goal <= 100 ms); "
        f"traced peak while loading {peak / 1e6:.1f} MB (goal <= 60 MB)"
    )
    print(f"lexicon stages, seed lexicons only: {megabytes / seconds_seed:.2f} MB/CPU-s")
    print(f"lexicon stages + names stage, whole knowledge base: {megabytes / seconds_kb:.2f} MB/CPU-s ({edits} names edits)")
    print(f"ratio with / without the knowledge base: {seconds_seed / seconds_kb:.2f} (goal >= 0.8)")


if __name__ == "__main__":
    main()
