"""The ``mtnorm`` command line — the only part of mtnorm that knows argparse.

One module per command; each has ``register(commands)``, which adds its
sub-parser and sets ``run`` (``args -> exit code``). `COMMANDS` lists them in
the order ``mtnorm --help`` shows. Adding a command: a module here and one
entry in `COMMANDS`. The options every normalizing command shares come from
`normalizer.options.Options` through `common.add_options`; exit codes live in
`common`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import MtnormError
from ..languagetool.server import stop_all
from ..version import __version__
from . import check, diff, explain, fix, lexicon, rules, serve
from . import eval as eval_command
from .common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, err, silence_stdout

COMMANDS = (fix, check, diff, explain, lexicon, rules, eval_command, serve)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtnorm",
        description="Clean up English text produced by machine translation and web scraping.",
    )
    parser.add_argument("--version", action="version", version=f"mtnorm {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 2 for usage errors, 0 for --help
        return int(exc.code or 0)
    try:
        code: int = args.run(args)
        return code
    except MtnormError as exc:
        err(f"error: {exc}")
        return EXIT_ERROR
    except OSError as exc:  # a write the command did not expect to fail (a full disk): one line, never a traceback
        err(f"error: {str(exc.filename) + ': ' if exc.filename else ''}{exc.strerror or exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return EXIT_OK
    finally:
        stop_all()  # no LanguageTool server outlives the command, however it ended


if __name__ == "__main__":
    sys.exit(main())
