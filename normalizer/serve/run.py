"""Start uvicorn with the settings every worker process reads (``mtnorm serve``).

uvicorn owns the process model: with ``workers > 1`` a supervisor binds the
socket and starts that many worker processes, each importing
`app.app_from_environment` and building its normalizer once; SIGTERM or Ctrl-C
stops accepting connections and lets requests in flight finish (at most the
request time limit plus a second) before the processes exit.
"""

from __future__ import annotations

import copy
import math
import os
import signal
from typing import Any

from .settings import ENV, ServeSettings

HEALTHCHECK_GRACE = 60  # seconds beyond the request time limit


def logging_config(level: str) -> dict[str, Any]:
    """uvicorn's own configuration plus mtnorm's request log (uvicorn's access log is off: it prints the query)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["mtnorm"] = {"format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"}
    config["handlers"]["mtnorm"] = {"formatter": "mtnorm", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    config["loggers"]["mtnorm.serve"] = {"handlers": ["mtnorm"], "level": level.upper(), "propagate": False}
    return config


def serve(settings: ServeSettings, *, host: str, port: int, workers: int, log_level: str = "info") -> None:
    import uvicorn

    os.environ[ENV] = settings.to_env()
    # uvicorn re-raises SIGTERM once it has shut down gracefully; with the default handler that would kill
    # this process (status -15) in the one-process mode while the multi-worker supervisor exits 0
    previous = signal.signal(signal.SIGTERM, _after_shutdown)
    try:
        _run(uvicorn, settings, host, port, workers, log_level)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _after_shutdown(signum: int, frame: object) -> None:
    """The re-raised SIGTERM: the server has already stopped; exit normally."""


def _run(uvicorn: Any, settings: ServeSettings, host: str, port: int, workers: int, log_level: str) -> None:
    uvicorn.run(
        "normalizer.serve.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=logging_config(log_level),
        log_level=log_level,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=math.ceil(settings.timeout) + 1,
        # the supervisor kills a worker that misses a ping for this long; loading the lexicons and tables,
        # or one long text, can hold the GIL for seconds on a busy machine (uvicorn's default is 5 s)
        timeout_worker_healthcheck=math.ceil(settings.timeout) + HEALTHCHECK_GRACE,
        lifespan="on",
    )
