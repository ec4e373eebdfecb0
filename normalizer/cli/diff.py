"""``mtnorm diff PATH...``: a unified diff of what would change."""

from __future__ import annotations

import argparse
import sys

from ..reports.listing import unified_diff
from .common import EXIT_OK, add_options, each_result, run_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("diff", help="print a unified diff of what would change")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for source, result in each_result(args.paths, run_options(args)):
        sys.stdout.write(unified_diff(source.path, result.input, result.text))
    return EXIT_OK
