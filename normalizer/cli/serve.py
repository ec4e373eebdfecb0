"""``mtnorm serve``: mtnorm over HTTP, with LanguageTool's API for existing clients.

Needs the ``serve`` extra (Starlette and uvicorn). Options are checked and the
lexicons loaded once here, so a mistake is one line and exit 2 before any
worker starts; then uvicorn starts the workers (`normalizer.serve.run`).
"""

from __future__ import annotations

import argparse
import importlib.util

from ..errors import UsageError
from ..pipeline import Normalizer
from ..serve.run import serve
from ..serve.settings import DEFAULT_MAX_REQUEST_BYTES, DEFAULT_PORT, DEFAULT_TIMEOUT, ServeSettings
from .common import EXIT_ERROR, EXIT_OK, add_options, err, run_options

LOOPBACK = "127.0.0.1"
EXTRA = ("starlette", "uvicorn")


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=LOOPBACK, help=f"address to listen on (default {LOOPBACK}: this machine only)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}, LanguageTool's; 0: any free)"
    )
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument(
        "--max-request-bytes",
        type=int,
        default=DEFAULT_MAX_REQUEST_BYTES,
        metavar="N",
        help=f"larger request bodies get 413 (default {DEFAULT_MAX_REQUEST_BYTES})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"per-request time limit (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"), help="log level (info)")
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        err(f"serve needs {', '.join(missing)}: pip install 'mtnorm[serve]' (or -e '.[serve]')")
        return EXIT_ERROR
    if args.workers < 1 or args.max_request_bytes < 1 or not args.timeout > 0:
        raise UsageError("serve: --workers, --max-request-bytes and --timeout must be positive")
    options = run_options(args)
    if options.corpus_casing:
        raise UsageError("serve: --corpus-casing learns from input files; a server has none")
    Normalizer(options, grammar="off")  # bad options or lexicons: one line, exit 2, before any worker starts
    settings = ServeSettings.of(options, max_request_bytes=args.max_request_bytes, timeout=args.timeout)
    serve(settings, host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    return EXIT_OK
