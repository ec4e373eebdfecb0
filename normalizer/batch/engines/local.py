"""The local engine: a pool of forked worker processes on this machine."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ...lifetime import die_with_parent
from ...options import Options
from ..worker import get_normalizer, raise_interrupt


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _worker_init(options: Options | None) -> None:
    """Pool worker start: Ctrl-C is the main process's; SIGTERM unwinds (temp files removed), also when the main process dies.

    Here, not in `batch.worker`, so that ``fix FILE`` (no pool) never imports multiprocessing and ctypes,
    and a pool's main process imports them once, before the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid is not None:
        die_with_parent(parent.pid)  # SIGKILL of the main process: the worker unwinds and leaves (lifetime.py)
    else:
        signal.signal(signal.SIGTERM, raise_interrupt)
    if options is not None:
        get_normalizer(options)


class LocalEngine:
    """Runs ``fn(item, *args)`` over items on ``jobs`` local processes, yielding results in input order.

    ``jobs=1`` runs in this process (no pool, nothing to pickle). Work is
    submitted a window ahead of what has been consumed, so memory stays bounded
    on endless inputs (a JSON Lines stream) and on trees of any size.
    ``options``, when given, builds the Normalizer in each worker as it starts
    (from the full options: tasks may then carry `Options.light` ones).
    """

    def __init__(self, jobs: int | None = None, options: Options | None = None, window: int | None = None) -> None:
        self.jobs = max(1, jobs or default_jobs())
        self.window = window or self.jobs * 4
        self._pool: ProcessPoolExecutor | None = None
        if options is not None:
            options.cache_key()  # computed once here; the key travels with the options to every worker
        if self.jobs == 1:
            if options is not None:
                get_normalizer(options)
        else:
            if options is not None and options.grammar != "languagetool":
                # Load the lazy tables (word frequencies, dictionaries, sentence splitter) here, once: the
                # forked workers share those pages instead of each holding a copy (PSS 270 -> 200 MB on
                # 2 workers); gc.freeze keeps the collector from touching, and so copying, them.
                get_normalizer(options).normalize("warm up: the Meeting with nato in june, andcalled.")
                gc.freeze()
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_init,
                initargs=(options,),
            )
            # start the workers now: forked before the caller builds its file lists, they do not carry copies of them
            self._pool.submit(int).result()
        self._pending: deque[Future[Any]] = deque()
        self._left: list[Future[Any]] = []

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]:
        if self._pool is None:
            for item in items:
                yield fn(item, *args)
            return
        pending = self._pending
        for item in items:
            pending.append(self._pool.submit(fn, item, *args))
            if len(pending) >= self.window:
                result = pending[0].result()  # taken off only once consumed: see `leftovers`
                pending.popleft()
                yield result
        while pending:
            result = pending[0].result()
            pending.popleft()
            yield result

    def close(self, cancel: bool = False) -> None:
        """Stop the workers. ``cancel``: drop queued work, let each worker finish the item it is on."""
        if self._pool is not None:
            if cancel:
                for future in self._pending:
                    future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None
            self._left = [f for f in self._pending if f.done() and not f.cancelled()]
            self._pending.clear()

    def leftovers(self) -> list[Any]:
        """After ``close``: what the work begun but never yielded by `map` came to (a result, or the exception
        it raised), in input order. An interrupted run records the files its workers finished meanwhile."""
        return [f.exception() or f.result() for f in self._left]

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(cancel=kind is not None)
