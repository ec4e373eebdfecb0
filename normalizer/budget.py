"""A time budget per document: no input can keep a run busy without end.

The stages are meant to be linear, but a guard must not depend on that: a
document that takes longer than its budget stops with `DocumentTimeout`,
which a batch reports as an error for that file (the others go on) and the
single-file commands as a one-line error. The budget is measured in wall
time with ``setitimer`` and raised from the ``SIGALRM`` handler, so it
applies where signals can be handled: the main thread of a process (every
batch worker, and the command itself). Elsewhere (a thread of a server) it is
not armed, and lexicon patterns keep their own per-call limit
(`normalizer.regex_safety`).

Default: 60 s plus 60 s per MB of the document (`default_seconds`), far
above what any input needs on a loaded two-core machine (about 2 s per MB),
so it only stops the pathological; ``--time-limit SECONDS`` sets it, 0 turns
it off.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from .errors import DocumentTimeout

BASE_SECONDS = 60.0
SECONDS_PER_MB = 60.0


def default_seconds(size: int) -> float:
    """The budget of a document of ``size`` characters (or bytes) when none is given."""
    return BASE_SECONDS + SECONDS_PER_MB * size / 1e6


def seconds_for(limit: float | None, size: int) -> float:
    """``--time-limit``: None → the default for this size, 0 → no limit, else the number given."""
    return default_seconds(size) if limit is None else limit


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in the block after ``seconds`` (0 or less: no limit; not armed outside the main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
