"""``mtnorm check PATH...``: exit 1 when any file would change."""

from __future__ import annotations

import argparse

from .common import EXIT_FOUND, EXIT_OK, add_options, each_result, run_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("check", help="exit 1 when any file would change")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing, only set the exit code")
    add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    changed = 0
    for source, result in each_result(args.paths, run_options(args)):
        if result.changed:
            changed += 1
            if not args.quiet:
                print(f"would change {source.path} ({len(result.edits)} edits)")
    return EXIT_FOUND if changed else EXIT_OK
