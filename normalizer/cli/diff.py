"""``mtnorm diff PATH...``: a unified diff of what ``fix`` would write."""

from __future__ import annotations

import argparse

from ..reports.listing import unified_diff
from .common import EXIT_OK, add_options, add_reading, judged, run_options, write_out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH")
    add_reading(parser)
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for one in judged(args, run_options(args)):
        write_out(unified_diff(one.source.path, one.text, one.out))
    return EXIT_OK
