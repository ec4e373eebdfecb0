"""The server's settings, handed from ``mtnorm serve`` to every worker process.

uvicorn starts each worker as a fresh process that imports the application by
name, so the settings travel in one environment variable as JSON: the
`Options` (every option field, as plain values; `Options.layered` parses them
back) and the limits.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from ..options import Options, option_specs

ENV = "MTNORM_SERVE_SETTINGS"
DEFAULT_PORT = 8081  # LanguageTool's own default: a local client finds mtnorm where it looks for LanguageTool
DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class ServeSettings:
    normalizer: dict[str, Any] = field(default_factory=dict)  # Options fields as JSON values
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def of(cls, options: Options, *, max_request_bytes: int, timeout: float) -> ServeSettings:
        values = {name: _plain(getattr(options, name)) for name, _, _ in option_specs()}
        return cls(values, max_request_bytes, timeout)

    def options(self) -> Options:
        return Options.layered(self.normalizer)

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeSettings:
        raw = os.environ.get(ENV)
        return cls(**json.loads(raw)) if raw else cls()


def _plain(value: object) -> object:
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value
