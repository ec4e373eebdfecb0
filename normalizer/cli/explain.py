"""``mtnorm explain FILE... [--json]``: every edit with its place, class and rule."""

from __future__ import annotations

import argparse
import sys

from ..reports.listing import explain_json, explain_text
from .common import EXIT_OK, add_options, each_result, run_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("explain", help="list every edit with its place, class and rule")
    parser.add_argument("paths", nargs="+", metavar="FILE")
    parser.add_argument("--json", action="store_true", help='print {"edits": [...]} as JSON')
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for source, result in each_result(args.paths, run_options(args)):
        sys.stdout.write(explain_json(result) if args.json else explain_text(source.path, result))
    return EXIT_OK
