"""The ``mtnorm`` command line: fix, check, diff, explain.

Exit codes a CI can rely on: 0 done (nothing to change, for check), 1 changes
found (check) or some files failed (batch fix), 2 usage or input error.
Errors are one line naming the path, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from . import __version__
from .batch_run import scan_inputs
from .casing import CaseEvidence, collect_evidence
from .config import load_config
from .edits import ARTIFACT_CLASSES
from .errors import InputError, MtnormError, UsageError
from .grammar import GRAMMAR_MODES
from .io import DEFAULT_MAX_BYTES, read_text
from .pipeline import Normalizer
from .report import explain_json, explain_text, unified_diff

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class Source:
    """One input file and the path it keeps under an output folder."""

    path: str
    relative: str


def iter_sources(paths: Sequence[str], pattern: str = "*.txt") -> Iterator[Source]:
    """Files as given, and every file matching ``pattern`` under each folder (sorted).

    Folders are walked as ``fix`` walks them (`batch_run.scan_inputs`): no
    linked folder is entered and no linked file outside its tree is read, so
    ``check``, ``diff``, ``explain`` and ``--corpus-casing`` see the same files.
    """
    for raw in paths:
        if raw == "-":
            yield Source("-", "<stdin>")
            continue
        for task in scan_inputs([raw], pattern, None).tasks:
            yield Source(task.source, task.relative)


def normalizer_options(args: argparse.Namespace) -> dict[str, object]:
    """Normalizer options: the configuration file's, overridden by the command line's."""
    config = args.config_values
    return {
        "only": args.only if args.only is not None else config.get("only"),
        "skip": args.skip if args.skip is not None else config.get("skip"),
        "disable": _joined_list(config.get("disable"), args.disable),
        "enable": _joined_list(config.get("enable"), args.enable),
        "lexicons": [*config.get("lexicons", []), *(args.lexicon or [])],
        "default_lexicons": False if args.no_default_lexicons else config.get("default_lexicons", True),
        "grammar": args.grammar or config.get("grammar", "builtin"),
        "languagetool_url": args.languagetool_url or config.get("languagetool_url"),
        "languagetool_download": args.languagetool_download,
        "languagetool_concurrency": args.languagetool_concurrency or config.get("languagetool_concurrency", 2),
        "corpus_evidence": _corpus_evidence(args),
    }


def _joined_list(configured: object, given: str | None) -> list[str] | None:
    """A configuration file's list of rule selectors, then the command line's: both apply."""
    if isinstance(configured, str):
        out = configured.split(",")
    elif isinstance(configured, list | tuple):
        out = [str(c) for c in configured]
    else:
        out = []
    out += given.split(",") if given else []
    return [s.strip() for s in out if s.strip()] or None


def _corpus_evidence(args: argparse.Namespace) -> CaseEvidence | None:
    """``--corpus-casing``: case evidence from every input file, read once before any is normalized."""
    if not (getattr(args, "corpus_casing", False) or args.config_values.get("corpus_casing", False)):
        return None
    sources = iter_sources(getattr(args, "paths", []), getattr(args, "glob", None) or "*.txt")
    return collect_evidence(_readable_texts(sources, args))


def _readable_texts(sources: Iterable[Source], args: argparse.Namespace) -> Iterator[str]:
    """One text at a time (a corpus need not fit in memory); unreadable files are reported when processed."""
    for source in sources:
        if source.path == "-" or getattr(args, "jsonl", False):
            continue  # standard input is read once, by the run itself; JSON Lines are not plain text
        try:
            yield read_text(source.path, args.max_bytes)
        except InputError:
            continue


def build_normalizer(args: argparse.Namespace) -> Normalizer:
    return Normalizer(**normalizer_options(args))  # type: ignore[arg-type]


def _err(message: str) -> None:
    print(f"mtnorm: {message}", file=sys.stderr)


def cmd_fix(args: argparse.Namespace) -> int:
    if args.output and args.in_place:
        raise UsageError("fix: choose either -o/--output or --in-place")
    options = normalizer_options(args)
    Normalizer(**{**options, "grammar": "off"})  # type: ignore[arg-type]  # bad options/lexicons: one error, before any worker starts
    batch_only = [
        o for o, on in (("--report", args.report), ("--engine ray", args.engine == "ray"), ("--force", args.force)) if on
    ]
    if batch_only and (args.jsonl or not (args.output or args.in_place)):
        raise UsageError(f"fix: {batch_only[0]} works on files converted with -o OUT or --in-place (not --jsonl or stdout)")
    if args.jsonl:
        from .jsonl import run_jsonl

        return run_jsonl(args, options)
    if not (args.output or args.in_place):
        if len(args.paths) != 1 or Path(args.paths[0]).is_dir():
            raise UsageError("fix: several files or a folder need -o OUT or --in-place")
        return _fix_to_stdout(args, options)
    if "-" in args.paths:
        raise UsageError("fix: standard input goes to standard output; drop -o/--in-place")
    from .batch_run import EngineUnavailable, run_tree

    try:
        return run_tree(args, options)
    except EngineUnavailable:
        _err("--engine ray needs Ray: pip install -e '.[ray]'")
        return EXIT_ERROR


def _fix_to_stdout(args: argparse.Namespace, options: dict[str, object]) -> int:
    from .batch import decode_input, normalize_text
    from .io import read_input_bytes

    source = args.paths[0]
    if source == "-":
        text, _ = decode_input(sys.stdin.buffer.read(), "<stdin>", args.encoding)
    else:
        text, _ = decode_input(read_input_bytes(source, args.max_bytes), source, args.encoding)
    with Normalizer(**options) as normalizer:  # type: ignore[arg-type]
        sys.stdout.buffer.write(normalize_text(normalizer, text, args.newline)[1].encode("utf-8"))
    return EXIT_OK


def _each_result(args: argparse.Namespace):
    normalizer = build_normalizer(args)
    for source in iter_sources(args.paths):
        text = read_text(source.path, args.max_bytes)
        yield source, normalizer.normalize(text)


def cmd_check(args: argparse.Namespace) -> int:
    changed = 0
    for source, result in _each_result(args):
        if result.changed:
            changed += 1
            if not args.quiet:
                print(f"would change {source.path} ({len(result.edits)} edits)")
    return EXIT_CHANGES if changed else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    for source, result in _each_result(args):
        sys.stdout.write(unified_diff(source.path, result.input, result.text))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    for source, result in _each_result(args):
        sys.stdout.write(explain_json(result) if args.json else explain_text(source.path, result))
    return EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    classes = ", ".join(ARTIFACT_CLASSES)
    parser.add_argument("--only", metavar="CLASS,...", help=f"repair only these artifact classes ({classes})")
    parser.add_argument("--skip", metavar="CLASS,...", help="leave these artifact classes alone")
    parser.add_argument(
        "--disable", metavar="RULE,...", help="leave out these rules (ids from `mtnorm rules`; a prefix selects all below)"
    )
    parser.add_argument("--enable", metavar="RULE,...", help="apply these rules even if the configuration disables them")
    parser.add_argument(
        "--lexicon", metavar="PATH", action="append", help="add a lexicon file (repeatable; later files override)"
    )
    parser.add_argument("--no-default-lexicons", action="store_true", help="leave out the bundled lexicons")
    parser.add_argument("--corpus-casing", action="store_true", help="learn word case from all input files first (batch runs)")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N", help="refuse input files larger than N bytes")
    parser.add_argument("--config", metavar="FILE", help="options from FILE (else mtnorm.toml, pyproject.toml or setup.cfg here)")
    lt = parser.add_argument_group("grammar pass")
    lt.add_argument(
        "--grammar", choices=GRAMMAR_MODES, help="builtin (default), languagetool (built-in rules, then LanguageTool) or off"
    )
    lt.add_argument(
        "--languagetool-url", metavar="URL", help="a running LanguageTool server (else $MTNORM_LANGUAGETOOL_URL, else local)"
    )
    lt.add_argument(
        "--languagetool-download", action="store_true", help="let language-tool-python download LanguageTool if missing"
    )
    lt.add_argument("--languagetool-concurrency", type=int, metavar="N", help="at most N requests to LanguageTool at a time (2)")


def _batch_options(fix: argparse.ArgumentParser) -> None:
    """Options of ``fix`` for trees and pipelines (see README, "Batch conversion")."""
    from .batch import ENCODINGS, NEWLINES

    batch = fix.add_argument_group("batch conversion")
    batch.add_argument("-j", "--jobs", type=_positive, metavar="N", help="worker processes (default: every core)")
    batch.add_argument("--glob", metavar="PATTERN", help="files to take under each folder (default *.txt; *.jsonl with --jsonl)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary (errors still shown)")
    batch.add_argument("--encoding", choices=ENCODINGS, default="utf-8", help="input encoding: utf-8 (default) or auto (detect)")
    batch.add_argument("--newline", choices=NEWLINES, default="keep", help="line breaks of the output: keep (default), lf, crlf")
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


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtnorm",
        description="Clean up English text produced by machine translation and web scraping.",
    )
    parser.add_argument("--version", action="version", version=f"mtnorm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    fix = sub.add_parser("fix", help="write cleaned text (stdout, -o OUT, or --in-place)")
    fix.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (every *.txt below) or - for stdin")
    fix.add_argument("-o", "--output", metavar="OUT", help="write each file to the same relative path under OUT")
    fix.add_argument("--in-place", action="store_true", help="rewrite the files themselves (atomically)")
    _batch_options(fix)
    _common(fix)
    fix.set_defaults(func=cmd_fix)

    check = sub.add_parser("check", help="exit 1 when any file would change")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("-q", "--quiet", action="store_true", help="print nothing, only set the exit code")
    _common(check)
    check.set_defaults(func=cmd_check)

    diff = sub.add_parser("diff", help="print a unified diff of what would change")
    diff.add_argument("paths", nargs="+", metavar="PATH")
    _common(diff)
    diff.set_defaults(func=cmd_diff)

    explain = sub.add_parser("explain", help="list every edit with its place, class and rule")
    explain.add_argument("paths", nargs="+", metavar="FILE")
    explain.add_argument("--json", action="store_true", help='print {"edits": [...]} as JSON')
    _common(explain)
    explain.set_defaults(func=cmd_explain)

    for module in _command_modules():
        module.register(sub, _common)
    return parser


def _command_modules() -> list[ModuleType]:
    """Modules of `normalizer.commands` that add sub-commands (see that package)."""
    from . import commands

    found = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "register"):
            found.append(module)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 2 for usage errors, 0 for --help
        return int(exc.code or 0)
    try:
        args.config_values = load_config(getattr(args, "config", None))
        if hasattr(args, "glob"):
            args.glob_given = args.glob is not None
            args.glob = args.glob or "*.txt"
        if getattr(args, "max_bytes", 0) is None:
            args.max_bytes = args.config_values.get("max_bytes", DEFAULT_MAX_BYTES)
        return args.func(args)
    except MtnormError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    finally:
        stop_servers()


def stop_servers() -> None:
    """No LanguageTool server outlives the command, however it ended."""
    if "normalizer.grammar.server" in sys.modules:
        sys.modules["normalizer.grammar.server"].stop_all()


if __name__ == "__main__":
    sys.exit(main())
