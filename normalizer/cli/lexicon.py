"""``mtnorm lexicon check`` and ``mtnorm lexicon suggest``: lexicons as maintained data.

``check`` is what a lexicon maintainer (and CI) runs after an edit: every
problem as ``file:line: message``, exit 2 when there is any. ``suggest``
mines a corpus for candidate entries that a person reviews before adding.
"""

from __future__ import annotations

import argparse
import sys

from ..curation.check import check_lexicons, expand_paths
from ..curation.suggest import render_yaml, suggest_from_paths
from ..errors import UsageError
from ..io import atomic_write
from ..knowledge.lexicon import load_lexicons
from ..options import Options
from .common import EXIT_ERROR, EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths) if args.paths else None
    report = check_lexicons(paths, with_defaults=not args.no_default_lexicons)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    status = f"{report.files} files, {report.entries} entries, {report.specs} specs"
    if report.problems:
        print(f"mtnorm: lexicon check: {len(report.problems)} problems ({status})", file=sys.stderr)
        return EXIT_ERROR
    print(f"ok: {status}")
    return EXIT_OK


def run_suggest(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("lexicon suggest: --limit must be at least 1")
    known = load_lexicons(Options(lexicons=args.lexicon or (), default_lexicons=not args.no_default_lexicons).lexicon_paths)
    candidates = suggest_from_paths(args.paths, limit=args.limit, max_bytes=args.max_bytes, lexicon=known)
    text = render_yaml(candidates)
    if args.output:
        atomic_write(args.output, text)
        print(f"{len(candidates)} candidates written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def register(lexicon: argparse.ArgumentParser) -> None:
    sub = lexicon.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)

    check = sub.add_parser("check", help="validate lexicon files and run their specs (exit 2 on any problem)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="lexicon files or folders (default: the bundled ones)")
    check.add_argument("--no-default-lexicons", action="store_true", help="run the specs without the bundled lexicons loaded")
    check.set_defaults(run=run_check)

    suggest = sub.add_parser("suggest", help="mine candidate entries from a corpus, as YAML stubs to review")
    suggest.add_argument("paths", nargs="+", metavar="PATH", help="text files or folders (every *.txt below)")
    suggest.add_argument("-o", "--output", metavar="FILE", help="write the YAML here instead of stdout")
    suggest.add_argument("--limit", type=int, default=15, metavar="N", help="at most N candidates (default 15)")
    suggest.add_argument("--lexicon", metavar="PATH", action="append", help="also compare with this lexicon file (repeatable)")
    suggest.add_argument("--no-default-lexicons", action="store_true", help="do not compare with the bundled lexicons")
    suggest.add_argument("--max-bytes", type=int, default=64 * 1024 * 1024, metavar="N", help="refuse larger files")
    suggest.set_defaults(run=run_suggest)
