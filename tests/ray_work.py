"""Functions the Ray tests send to Ray workers (importable by module name on every worker).

`normalize_counted` follows the batch core's pattern: a per-process cache of
Normalizers keyed by the options. It returns the worker's pid and how many
Normalizers that process has built so far, so a test can show the Normalizer
is built once per worker process, not once per item.
"""

from __future__ import annotations

import json
import os
from typing import Any

from normalizer import Normalizer, Result

_NORMALIZERS: dict[str, Normalizer] = {}
_BUILT = 0


def normalize_counted(text: str, options: dict[str, Any]) -> tuple[int, int, Result]:
    global _BUILT
    key = json.dumps(options, sort_keys=True)
    normalizer = _NORMALIZERS.get(key)
    if normalizer is None:
        _BUILT += 1
        normalizer = _NORMALIZERS[key] = Normalizer(**options)
    return os.getpid(), _BUILT, normalizer.normalize(text)


def fail_on(item: str, bad: str) -> str:
    if item == bad:
        raise ValueError(f"refusing {item!r}")
    return item.upper()


def slow_write(item: int, folder: str) -> int:
    """Item 0 returns at once; the others sit on a temporary file until cancelled (then remove it)."""
    import time
    from pathlib import Path

    if item == 0:
        return 0
    tmp = Path(folder) / f".out-{item}.mtnorm-tmp"
    tmp.write_text("partial", encoding="utf-8")
    try:
        # short sleeps: Ray delivers a cancellation as an exception between bytecodes,
        # as it would land in the normalizer's Python code, not inside one long C call
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        tmp.unlink()
    return item
