"""``mtnorm explain FILE... [--json]``: every edit with its place, class and rule (as ``fix`` would make them)."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from ..reports.listing import edit_records, explain_json, explain_text
from .common import EXIT_OK, add_options, add_reading, judged, run_options, write_out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE")
    parser.add_argument(
        "--json", action="store_true", help='print {"edits": [...]} as JSON (several files: {"files": [{"path", "edits"}]})'
    )
    add_reading(parser)
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """``--json``: one FILE prints ``{"edits": [...]}``; several, or a folder, one document ``{"files": [{"path", "edits"}]}``."""
    several = len(args.paths) > 1 or any(os.path.isdir(p) for p in args.paths)
    files: list[dict[str, Any]] = []
    for one in judged(args, run_options(args)):
        if not args.json:
            write_out(explain_text(one.source.path, one.result))
        elif several:
            files.append({"path": one.source.path, "edits": edit_records(one.result)})
        else:
            write_out(explain_json(one.result))
    if args.json and several:
        write_out(json.dumps({"files": files}, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
