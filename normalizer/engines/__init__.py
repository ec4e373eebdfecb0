"""Engines: where the work of a batch run happens.

An engine is any object with ``map(fn, items, *args)`` yielding ``fn(item, *args)``
in input order, and ``close(cancel=False)`` (``cancel``: drop work not yet started).
The batch core hands it a module-level, picklable function
(``normalizer.batch.process_file``) that builds its Normalizer once per
worker process, so an engine only has to move calls and results. Engines with
heavy optional dependencies (Ray) live in their own module and are imported only
when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol


class Engine(Protocol):
    """What the batch core needs from an engine."""

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]: ...

    def close(self, cancel: bool = False) -> None: ...
