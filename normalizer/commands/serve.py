"""``mtnorm serve``: mtnorm over HTTP, with LanguageTool's API for existing clients.

Needs the ``serve`` extra (Starlette and uvicorn). Options are checked and the
lexicons loaded once here, so a mistake is one line and exit 2 before any
worker starts; then uvicorn starts the workers (see `normalizer.serve.run`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..errors import UsageError
from ..serve.settings import DEFAULT_MAX_REQUEST_BYTES, DEFAULT_PORT, DEFAULT_TIMEOUT, ServeSettings

EXIT_ERROR = 2
LOOPBACK = "127.0.0.1"


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        print(f"mtnorm: serve needs {exc.name}: pip install 'mtnorm[serve]' (or -e '.[serve]')", file=sys.stderr)
        return EXIT_ERROR
    from ..cli import normalizer_options
    from ..pipeline import Normalizer
    from ..serve.run import serve

    if args.corpus_casing or args.config_values.get("corpus_casing"):
        raise UsageError("serve: --corpus-casing learns from input files; a server has none")
    if args.workers < 1 or args.max_request_bytes < 1 or not args.timeout > 0:
        raise UsageError("serve: --workers, --max-request-bytes and --timeout must be positive")
    options = {k: v for k, v in normalizer_options(args).items() if k != "corpus_evidence"}
    Normalizer(**{**options, "grammar": "off"})  # type: ignore[arg-type]  # bad options or lexicons: one line, exit 2
    settings = ServeSettings(normalizer=options, max_request_bytes=args.max_request_bytes, timeout=args.timeout)
    serve(settings, host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    return 0


def register(subparsers: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser("serve", help="serve mtnorm over HTTP (also LanguageTool's /v2/check API)")
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
    common(parser)
    parser.set_defaults(func=cmd_serve)
