"""``mtnorm check PATH...``: exit 1 when any file would change (judged as ``fix`` would write it)."""

from __future__ import annotations

import argparse

from .common import EXIT_FOUND, EXIT_OK, add_options, add_reading, judged, run_options, write_out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing, only set the exit code")
    add_reading(parser)
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    changed = 0
    for one in judged(args, run_options(args)):
        if one.changed:
            changed += 1
            if not args.quiet:
                write_out(f"would change {one.source.path} ({len(one.result.edits)} edits)\n")
    return EXIT_FOUND if changed else EXIT_OK
