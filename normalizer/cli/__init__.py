"""The ``mtnorm`` command line — the only part of mtnorm that knows argparse.

One module per command; each has ``register(parser)``, which adds its
arguments to the sub-parser made for it and sets ``run`` (``args -> exit
code``). `COMMANDS` lists them, with their one-line help, in the order
``mtnorm --help`` shows. Adding a command: a module here and one entry in
`COMMANDS`. The options every normalizing command shares come from
`normalizer.options.Options` through `common.add_options`; exit codes live in
`common`.

Only the module of the command being run is imported (``mtnorm fix`` never
loads the evaluation, the server or ftfy's evaluation uses): start-up is most
of the cost of a run on one small file. The others get a bare sub-parser, so
``mtnorm --help`` still lists every command.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import MtnormError
from ..version import __version__
from .common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, err, silence_stdout

#: (command, its one-line help); the command's module is ``normalizer.cli.<command>``
COMMANDS = (
    ("fix", "write cleaned text (stdout, -o OUT, or --in-place)"),
    ("check", "exit 1 when any file would change"),
    ("diff", "print a unified diff of what would change"),
    ("explain", "list every edit with its place, class and rule"),
    ("lexicon", "check lexicon files or suggest entries from a corpus"),
    ("rules", "list the rules (ids for --disable/--enable), or explain some"),
    ("eval", "precision/recall/F0.5 of edits against a reference, per class"),
    ("serve", "serve mtnorm over HTTP (also LanguageTool's /v2/check API)"),
)


def make_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: the command named there gets its full sub-parser (its module is imported
    now); every other command only its name and help. Without ``argv``, every command in full."""
    parser = argparse.ArgumentParser(
        prog="mtnorm",
        description="Clean up English text produced by machine translation and web scraping.",
    )
    parser.add_argument("--version", action="version", version=f"mtnorm {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = argv[0] if argv else None
    for name, help_text in COMMANDS:
        sub = commands.add_parser(name, help=help_text)
        if argv is None or name == chosen:
            importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser(argv)
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
        server = sys.modules.get("normalizer.languagetool.server")  # never imported: no server was started
        if server is not None:
            server.stop_all()  # no LanguageTool server outlives the command, however it ended


if __name__ == "__main__":
    sys.exit(main())
