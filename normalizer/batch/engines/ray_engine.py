"""Running mtnorm on Ray: a local instance or an existing cluster.

Why plain Ray tasks (not Ray Data, not actors) for ``mtnorm fix --engine ray``:

* The unit of work is a file with a side effect (an atomic write into OUT) and an
  outcome the driver needs back *in order* for the manifest, the progress bar and
  the summary. Plain tasks give exactly that: one call of ``process_file`` per
  file (or per small chunk of files), results fetched in submission order.
  Ray Data would turn file outcomes into Arrow blocks, add a streaming executor
  between us and the results and reorder unless told not to — machinery for
  tabular data we do not have on that path.
* Tasks are scheduled wherever a CPU is free, across every node, and are retried
  when a worker or node dies (``max_retries``); an actor pool has a fixed size,
  pins work to the actors' nodes and needs its own restart policy.
* "The Normalizer is built once per worker, not per file" still holds: Ray reuses
  worker processes for the tasks of a job, and the batch core's ``process_file``
  keeps a per-process cache of Normalizers keyed by the options, so each worker
  process builds it on its first file and reuses it afterwards (the tests count
  constructions per worker pid against a real Ray head).

For data that is *already* a ``ray.data.Dataset`` the natural tool is Ray Data:
`normalize_column` uses ``map_batches`` with a callable class, whose constructor
(run once per pooled actor) builds the Normalizer.

Every node of an existing cluster needs the same mtnorm (and lexicons) installed
as the driver: functions travel by reference, not by value.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

try:
    import ray
except ImportError as exc:  # the optional extra is not installed
    raise ImportError("mtnorm's Ray engine needs Ray: pip install -e '.[ray]'", name="ray") from exc

from ...errors import UsageError
from ...options import Options
from ...pipeline import Normalizer
from ...reports.listing import edit_records

#: How long to wait for a cluster's head to accept a connection before giving up.
CONNECT_TIMEOUT_S = 5.0
#: How long leaving a `RayEngine.map` early waits for cancelled tasks to clean up.
CANCEL_GRACE_S = 30.0


def check_address(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Fail fast, with a clear message, when nothing listens at ``HOST:PORT``.

    ``ray.init`` retries an unreachable address for minutes; a batch run with a
    mistyped ``--address`` should say so at once. ``auto`` and ``ray://`` URLs
    are left to Ray.
    """
    if address == "auto" or "://" in address:
        return
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise UsageError(f"--address {address}: expected HOST:PORT of a Ray head (or auto)")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"--address {address}: no Ray cluster answers there ({reason})") from None


def _run_chunk(fn: Callable[..., Any], chunk: list[Any], *args: Any) -> list[Any]:
    """The remote body: one worker process runs ``fn`` over a few items."""
    return [fn(item, *args) for item in chunk]


class RayEngine:
    """Ordered ``map`` over Ray tasks; owns (and stops) the Ray instance it started.

    ``address=None`` starts a local instance (``num_cpus`` of this machine's CPUs,
    no dashboard, no usage statistics); otherwise it connects to the cluster at
    ``HOST:PORT`` (or ``"auto"``), where ``num_cpus`` caps the tasks in flight.
    ``chunksize`` items go into one task to keep Ray's per-task cost (about a
    millisecond) small next to the work on small files.
    """

    def __init__(
        self,
        address: str | None = None,
        num_cpus: int | None = None,
        *,
        chunksize: int = 4,
        max_retries: int = 3,
    ) -> None:
        if num_cpus is not None and num_cpus < 1:
            raise ValueError(f"num_cpus must be at least 1, not {num_cpus}")
        if chunksize < 1:
            raise ValueError(f"chunksize must be at least 1, not {chunksize}")
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline at run time: no usage report
        self.owns_ray = not ray.is_initialized()
        if self.owns_ray:
            quiet: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
            if address is None:
                ray.init(num_cpus=num_cpus, include_dashboard=False, **quiet)
            else:
                check_address(address)
                try:
                    ray.init(address=address, **quiet)
                except ConnectionError as exc:
                    raise UsageError(f"--address {address}: cannot join the Ray cluster: {exc}") from None
        cluster_cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.parallelism = min(num_cpus, cluster_cpus) if num_cpus else cluster_cpus
        self.chunksize = chunksize
        self._remote = ray.remote(num_cpus=1, max_retries=max_retries)(_run_chunk)

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]:
        """Yield ``fn(item, *args)`` for every item, in input order, computed on Ray workers.

        At most twice the parallelism of chunks are in flight, so a huge input
        is not submitted (and its results held) all at once; leaving the loop
        early cancels what is still pending.
        """
        shared = [ray.put(a) for a in args]  # sent once, not with every task
        window = 2 * self.parallelism
        pending: deque[Any] = deque()
        try:
            chunk: list[Any] = []
            for item in items:
                chunk.append(item)
                if len(chunk) == self.chunksize:
                    pending.append(self._remote.remote(fn, chunk, *shared))
                    chunk = []
                    if len(pending) >= window:
                        yield from ray.get(pending.popleft())
            if chunk:
                pending.append(self._remote.remote(fn, chunk, *shared))
            while pending:
                yield from ray.get(pending.popleft())
        finally:
            if pending:
                # Not force: a running task gets a KeyboardInterrupt, so an atomic write in
                # progress removes its temporary file; wait (briefly) until they have.
                for ref in pending:
                    ray.cancel(ref, force=False)
                ray.wait(list(pending), num_returns=len(pending), timeout=CANCEL_GRACE_S)

    def close(self, cancel: bool = False) -> None:
        """Stop the local Ray instance (or disconnect from the cluster) if this engine started it.

        ``cancel`` has nothing left to do here: leaving `map` early already cancelled its tasks.
        """
        if self.owns_ray and ray.is_initialized():
            ray.shutdown()
        self.owns_ray = False

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _NormalizeBatch:
    """Ray Data callable class: the constructor runs once per pooled actor and builds the Normalizer."""

    def __init__(self, column: str, output_column: str, edits_column: str | None, options: Options) -> None:
        self.column = column
        self.output_column = output_column
        self.edits_column = edits_column
        self.normalizer = Normalizer(options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        texts: list[str | None] = []
        edits: list[str | None] = []
        for value in batch[self.column]:
            if value is None:
                texts.append(None)
                edits.append(None)
                continue
            if not isinstance(value, str):
                raise TypeError(f"column {self.column!r}: expected text, found {type(value).__name__} {value!r:.60}")
            result = self.normalizer.normalize(value)
            texts.append(result.text)
            edits.append(json.dumps(edit_records(result), ensure_ascii=False))
        batch[self.output_column] = np.array(texts, dtype=object)
        if self.edits_column is not None:
            batch[self.edits_column] = np.array(edits, dtype=object)
        return batch


def normalize_column(
    dataset: ray.data.Dataset,
    column: str,
    *,
    output_column: str | None = None,
    edits_column: str | None = None,
    concurrency: int | None = None,
    batch_size: int = 64,
    options: Options | None = None,
    **normalizer_options: Any,
) -> ray.data.Dataset:
    """Normalize one text column of a Ray dataset (lazily, like every Ray Data transform).

    The cleaned text replaces ``column`` or goes to ``output_column``; with
    ``edits_column`` each row also gets its edits as a JSON list (the records of
    ``mtnorm explain --json``). Other columns pass through unchanged; ``None``
    stays ``None``. ``options`` (or, over them, ``normalizer_options``: `Options` fields) as for `Normalizer`.
    At most ``concurrency`` actors (default: the cluster's CPUs) each build one
    Normalizer.
    """
    if column not in dataset.schema().names:
        raise KeyError(f"no column {column!r} in the dataset (columns: {', '.join(dataset.schema().names)})")
    options = (options or Options()).with_values(**normalizer_options)  # bad options fail here, not in every actor
    Normalizer(options).close()  # bad lexicons too
    max_actors = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
    return dataset.map_batches(
        _NormalizeBatch,
        fn_constructor_args=(column, output_column or column, edits_column, options),
        batch_format="numpy",
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=max_actors),
        num_cpus=1,
    )
