"""What every command shares: exit codes, the one-line error, and the run's `Options`.

Exit codes a CI can rely on, the only place they are written: 0 done (nothing
to change, for check), 1 changes found (check) or some inputs failed (a batch
fix, lines skipped in JSON Lines), 2 usage or input error (or a bad line with
``--on-error fail``, or lexicon problems), 130 interrupted. Errors are one line
naming the path, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..batch.files import Source, iter_sources
from ..batch.tasks import Ending
from ..casing import collect_evidence
from ..errors import InputError
from ..io import read_text
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


def each_result(paths: Iterable[str], options: Options) -> Iterator[tuple[Source, Result]]:
    """Every input file (``-``: standard input) and its Result, one at a time (check, diff, explain)."""
    normalizer = Normalizer(options)
    for source in iter_sources(list(paths)):
        yield source, normalizer.normalize(read_text(source.path, options.max_bytes))
