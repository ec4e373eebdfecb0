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
