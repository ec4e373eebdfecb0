"""Batch runs: many files or records through the pipeline, in parallel, resumable.

The driver side walks the inputs and consumes outcomes in order; the worker side
normalizes one unit of work with a Normalizer built once per process. Nothing
here reads command-line arguments: the CLI hands each driver a small request
dataclass and the run's `Options`, and turns the `Ending` into an exit code.

* `files` — which files a run reads (the one walk every command uses), `FileTask`
* `tasks` — one file through the pipeline (`process_file`), `BatchSettings`, `FileOutcome`
* `worker` — this process's Normalizer per `Options.cache_key` (`get_normalizer`)
* `engines` — where tasks run: `engines.local.LocalEngine` (processes) or `engines.ray_engine` (Ray)
* `tree` — ``fix PATH... -o OUT / --in-place``: the tree driver (`run_tree`)
* `jsonl` — ``fix --jsonl``: the JSON Lines driver (`run_jsonl`)
* `manifest` — what is up to date under OUT, for resuming
* `progress` — progress bar and summary
* `many` — `normalize_many`, the library's parallel entry
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engines.local import LocalEngine
    from .files import FileTask
    from .many import normalize_many
    from .tasks import BatchSettings, FileOutcome, process_file
    from .worker import get_normalizer

#: what ``from normalizer.batch import NAME`` gives, and the module it lives in
_EXPORTS = {
    "BatchSettings": "tasks",
    "FileOutcome": "tasks",
    "FileTask": "files",
    "LocalEngine": "engines.local",
    "get_normalizer": "worker",
    "normalize_many": "many",
    "process_file": "tasks",
}
__all__ = ["BatchSettings", "FileOutcome", "FileTask", "LocalEngine", "get_normalizer", "normalize_many", "process_file"]


def __getattr__(name: str) -> Any:
    """The names above, each module imported when first asked for (PEP 562): a command that reads one
    file (``mtnorm fix FILE``) imports ``batch.files`` without the process-pool engine behind it."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
