"""``mtnorm fix``: cleaned text to stdout, a tree to ``-o OUT`` or ``--in-place``, or JSON Lines.

This module checks which options go together and turns the arguments into a
request for one of the drivers (`normalizer.batch.tree`, `normalizer.batch.jsonl`)
or normalizes one file to standard output itself.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..batch.worker import get_normalizer
from ..errors import UsageError
from ..options import Options
from ..pipeline import Normalizer
from .common import EXIT_ERROR, EXIT_OF, EXIT_OK, add_options, add_reading, err, judged, run_options, write_out


def register(fix: argparse.ArgumentParser) -> None:
    fix.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (every *.txt below) or - for stdin")
    fix.add_argument("-o", "--output", metavar="OUT", help="write each file to the same relative path under OUT")
    fix.add_argument("--in-place", action="store_true", help="rewrite the files themselves (atomically)")
    batch = fix.add_argument_group("batch conversion")
    batch.add_argument("-j", "--jobs", type=_positive, metavar="N", help="worker processes (default: every core)")
    batch.add_argument("--glob", metavar="PATTERN", help="files to take under each folder (default *.txt; *.jsonl with --jsonl)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary (errors still shown)")
    add_reading(batch)
    batch.add_argument("--force", action="store_true", help="redo every file, even those the manifest says are up to date")
    batch.add_argument("--report", metavar="PATH", help="write an HTML page showing every changed document and its edits")
    batch.add_argument("--engine", choices=("local", "ray"), default="local", help="local processes (default) or Ray tasks")
    batch.add_argument("--address", metavar="HOST:PORT", help="with --engine ray: an existing Ray cluster")
    pipe = fix.add_argument_group("JSON Lines")
    pipe.add_argument("--jsonl", action="store_true", help="input and output are JSON Lines (files or - for stdin)")
    pipe.add_argument("--field", metavar="NAME", help="with --jsonl: the field to normalize")
    pipe.add_argument("--edits-field", metavar="NAME", help="with --jsonl: add the edits under this field")
    pipe.add_argument(
        "--on-error", choices=("skip", "fail"), default="skip", help="with --jsonl: a bad line is skipped (default) or fatal"
    )
    add_options(fix)
    fix.set_defaults(run=run)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def run(args: argparse.Namespace) -> int:
    if args.output and args.in_place:
        raise UsageError("fix: choose either -o/--output or --in-place")
    options = run_options(args)
    _check(options)
    batch_only = [
        o for o, on in (("--report", args.report), ("--engine ray", args.engine == "ray"), ("--force", args.force)) if on
    ]
    if batch_only and (args.jsonl or not (args.output or args.in_place)):
        raise UsageError(f"fix: {batch_only[0]} works on files converted with -o OUT or --in-place (not --jsonl or stdout)")
    paths = tuple(args.paths)
    if args.jsonl:
        return _fix_jsonl(args, paths, options)
    if not (args.output or args.in_place):
        if len(paths) != 1 or Path(paths[0]).is_dir():
            raise UsageError("fix: several files or a folder need -o OUT or --in-place")
        return _fix_to_stdout(args, options)
    if "-" in paths:
        raise UsageError("fix: standard input goes to standard output; drop -o/--in-place")
    return _fix_tree(args, paths, options)


# The batch drivers are imported by the runs that use them: one file to standard output (the most
# common call in a pipeline) then never loads the process pool, the HTML report or the LanguageTool client.


def _fix_tree(args: argparse.Namespace, paths: tuple[str, ...], options: Options) -> int:
    from ..batch.engines import EngineUnavailable
    from ..batch.tree import TreeRequest, run_tree

    request = TreeRequest(
        paths=paths,
        output=args.output,
        in_place=args.in_place,
        glob=args.glob or "*.txt",
        jobs=args.jobs,
        engine=args.engine,
        address=args.address,
        force=args.force,
        report=args.report,
        quiet=args.quiet,
        encoding=args.encoding,
        newline=args.newline,
        time_limit=args.time_limit,
    )
    try:
        return EXIT_OF[run_tree(request, options)]
    except EngineUnavailable:
        err("--engine ray needs Ray: pip install -e '.[ray]'")
        return EXIT_ERROR


def _fix_jsonl(args: argparse.Namespace, paths: tuple[str, ...], options: Options) -> int:
    from ..batch.jsonl import JsonlRequest, run_jsonl

    if args.in_place:
        raise UsageError("fix: --jsonl writes to standard output or -o OUT, not --in-place")
    if not args.field:
        raise UsageError("fix: --jsonl needs --field NAME (the field to normalize)")
    if args.edits_field is not None and args.edits_field == args.field:
        raise UsageError(f"fix: --edits-field {args.edits_field} would replace the cleaned field; choose another name")
    if "-" in paths and args.output:
        raise UsageError("fix: standard input goes to standard output; drop -o")
    if "-" in paths and paths != ("-",):
        raise UsageError("fix: read standard input alone (-), not mixed with files")
    request = JsonlRequest(
        paths=paths,
        field=args.field,
        output=args.output,
        edits_field=args.edits_field,
        glob=args.glob or "*.jsonl",
        jobs=args.jobs,
        on_error=args.on_error,
        quiet=args.quiet,
    )
    return EXIT_OF[run_jsonl(request, options)]


def _check(options: Options) -> None:
    """Bad options or lexicons: one error, before any worker starts.

    The normalizer built for the check is this process's own (the cache of `batch.worker`), which the
    in-process run and standard output then use: the lexicons are read once. With LanguageTool the check
    leaves the grammar out, so no server starts in a process that may hand every document to workers."""
    if options.grammar == "languagetool":
        Normalizer(options.with_values(grammar="off"))
    else:
        get_normalizer(options)


def _fix_to_stdout(args: argparse.Namespace, options: Options) -> int:
    """The LanguageTool server, if any, is stopped by `cli.main` (``stop_all``) however the run ends."""
    for one in judged(args, options, get_normalizer(options)):
        write_out(one.out.encode("utf-8"))
    return EXIT_OK
