"""What every command shares: exit codes, the one-line error, and the run's `Options`.

Exit codes a CI can rely on, the only place they are written: 0 done (nothing
to change, for check), 1 changes found (check) or some inputs failed (a batch
fix, lines skipped in JSON Lines), 2 usage or input error (or a bad line with
``--on-error fail``, or lexicon problems), 130 interrupted. Errors are one line
naming the path, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..batch.files import Source, iter_sources
from ..batch.tasks import BatchSettings, Ending, fix_document
from ..casing import collect_evidence
from ..errors import InputError, OutputError
from ..io import ENCODINGS, NEWLINES, decode_input, read_input_bytes, read_text
from ..options import Options, option_specs
from ..pipeline import Normalizer, Result
from .config import load_config

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_OF: dict[Ending, int] = {"done": EXIT_OK, "failures": EXIT_FOUND, "stopped": EXIT_ERROR, "interrupted": EXIT_INTERRUPTED}


def err(message: str) -> None:
    print(f"mtnorm: {message}", file=sys.stderr)


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options of every normalizing command: one argument per `Options` field, and --config."""
    groups: dict[str, Any] = {}
    for name, default, flag in option_specs():
        target: Any = parser
        if flag.group is not None:
            target = groups.get(flag.group) or groups.setdefault(flag.group, parser.add_argument_group(flag.group))
        how: dict[str, Any] = {"dest": name, "help": flag.help, "default": argparse.SUPPRESS, "action": flag.action}
        if flag.action in ("store", "append"):
            how["metavar"] = flag.metavar
            if flag.choices:
                how["choices"] = flag.choices
            elif isinstance(default, int) and not isinstance(default, bool):
                how["type"] = int
        target.add_argument(*flag.flags, **how)
    parser.add_argument("--config", metavar="FILE", help="options from FILE (else mtnorm.toml, pyproject.toml or setup.cfg here)")


def add_reading(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """How inputs are read, line breaks written and documents timed: check, diff and explain judge a file as fix writes it.

    Settings of a run, not of the pipeline, so they are not `Options` fields
    (no configuration key; the manifest hashes encoding and newline itself).
    """
    parser.add_argument("--encoding", choices=ENCODINGS, default="utf-8", help="input encoding: utf-8 (default) or auto (detect)")
    parser.add_argument("--newline", choices=NEWLINES, default="keep", help="line breaks fix writes: keep (default), lf, crlf")
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        metavar="SECONDS",
        help="give up on a document after SECONDS (default 60 + 60 per MB; 0: no limit); it fails, the others go on",
    )


def _seconds(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return number


def run_options(args: argparse.Namespace) -> Options:
    """This command's `Options`: defaults ← configuration file (--config, or found here) ← command line."""
    return command_options(args, load_config(args.config))


def command_options(args: argparse.Namespace, config: Mapping[str, object]) -> Options:
    """The `Options` of ``config`` under this command line (``eval --compare`` builds two)."""
    given = {name: vars(args)[name] for name, _, _ in option_specs() if name in vars(args)}
    options = Options.layered(config, given)
    if options.corpus_casing:  # case evidence from every input file, read once before any is normalized
        sources = iter_sources(getattr(args, "paths", []), getattr(args, "glob", None) or "*.txt")
        options = options.with_values(corpus_evidence=collect_evidence(_readable_texts(sources, args, options.max_bytes)))
    return options


def _readable_texts(sources: Iterable[Source], args: argparse.Namespace, max_bytes: int) -> Iterator[str]:
    """One text at a time (a corpus need not fit in memory); unreadable files are reported when processed."""
    for source in sources:
        if source.path == "-" or getattr(args, "jsonl", False):
            continue  # standard input is read once, by the run itself; JSON Lines are not plain text
        try:
            yield read_text(source.path, max_bytes)
        except InputError:
            continue


@dataclass(frozen=True)
class Judged:
    """One input as ``fix`` would write it: the text read, the Result, the text written."""

    source: Source
    text: str
    result: Result
    out: str

    @property
    def changed(self) -> bool:
        return self.out != self.text


def judged(args: argparse.Namespace, options: Options, normalizer: Normalizer | None = None) -> Iterator[Judged]:
    """Every input (``-``: standard input) judged exactly as ``fix`` judges it (`batch.tasks.fix_document`):
    same decoding, line breaks, options and time budget."""
    normalizer = normalizer or Normalizer(options)
    settings = BatchSettings(
        max_bytes=options.max_bytes, encoding=args.encoding, newline=args.newline, time_limit=args.time_limit
    )
    for source in iter_sources(list(args.paths)):
        if source.path == "-":
            text, _ = decode_input(sys.stdin.buffer.read(), "<stdin>", args.encoding)
        else:
            text, _ = decode_input(read_input_bytes(source.path, options.max_bytes), source.path, args.encoding)
        result, out = fix_document(normalizer, text, "<stdin>" if source.path == "-" else source.path, settings)
        yield Judged(source, text, result, out)


def write_out(data: str | bytes) -> None:
    """Standard output, flushed: a full device or a closed pipe is one error line, not a traceback at exit."""
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        silence_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def silence_stdout() -> None:
    """Nothing more goes to a standard output that failed (the flush at exit would print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
