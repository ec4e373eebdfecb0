"""The worker side of a batch run: each process builds its Normalizer once and keeps it.

Compiling the lexicons costs far more than normalizing one file, so a worker
process (a pool worker, a Ray worker, or this process) keeps its Normalizers
keyed by `Options.cache_key`; tasks carry light options (`Options.light`) with
the same key and find the Normalizer built from the full ones.
"""

from __future__ import annotations

from ..options import Options
from ..pipeline import Normalizer

_NORMALIZERS: dict[str, Normalizer] = {}


def get_normalizer(options: Options) -> Normalizer:
    """This process's Normalizer for ``options``, built on first use and then reused (keyed by `Options.cache_key`)."""
    key = options.cache_key()
    normalizer = _NORMALIZERS.get(key)
    if normalizer is None:
        if options.corpus_evidence is None and options.corpus_evidence_sha256 is not None:
            # light options (`Options.light`) only find a Normalizer the engine built from the full ones
            raise RuntimeError("internal error: a task's options carry corpus evidence this worker was never given")
        normalizer = Normalizer(options)
        _NORMALIZERS[key] = normalizer
        if normalizer.languagetool is not None:  # the only thing `Normalizer.close` stops
            # a pool worker leaves through os._exit: atexit would not run, multiprocessing finalizers do
            # (imported here: a run in one process, ``fix FILE``, never loads multiprocessing, ~10 ms)
            import multiprocessing.util

            multiprocessing.util.Finalize(normalizer, normalizer.close, exitpriority=10)
    return normalizer


def raise_interrupt(signum: int, frame: object) -> None:
    """SIGTERM handled as Ctrl-C is: the same unwinding (temporary files removed, manifest saved)."""
    raise KeyboardInterrupt(f"signal {signum}")
