"""Engines: where the work of a batch run happens (`local` processes, or `ray_engine`).

An engine is any object with ``map(fn, items, *args)`` yielding ``fn(item, *args)``
in input order, and ``close(cancel=False)`` (``cancel``: drop work not yet started).
The drivers hand it a module-level, picklable function
(`normalizer.batch.tasks.process_file`) that finds its Normalizer in the worker's
cache, so an engine only has to move calls and results. Engines with heavy
optional dependencies (Ray) live in their own module and are imported only when
asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from ...errors import MtnormError, UsageError
from ...options import Options
from .local import LocalEngine


class Engine(Protocol):
    """What the batch core needs from an engine."""

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]: ...

    def close(self, cancel: bool = False) -> None: ...


class EngineUnavailable(Exception):
    """--engine ray without Ray installed (the CLI prints how to install it)."""


def make_engine(engine: str, jobs: int, options: Options, address: str | None) -> Engine:
    """The local process pool, or Ray (an optional extra, imported only when asked for)."""
    if engine == "ray":
        try:
            from .ray_engine import RayEngine  # deferred: Ray is an optional extra, heavy to import
        except ImportError:
            raise EngineUnavailable() from None
        try:
            return RayEngine(address=address, num_cpus=jobs)
        except MtnormError:
            raise
        except Exception as exc:  # no cluster at that address, a version mismatch: one line, not a traceback
            where = f" at {address}" if address else ""
            raise UsageError(f"--engine ray: cannot start or reach Ray{where}: {exc}") from None
    if address:
        raise UsageError("fix: --address needs --engine ray")
    return LocalEngine(jobs, options)
