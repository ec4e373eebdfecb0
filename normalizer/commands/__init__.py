"""Sub-commands beyond fix/check/diff/explain, one module each.

Every module here that defines ``register(subparsers, common)`` is loaded by
`normalizer.cli.make_parser`: ``subparsers`` is argparse's sub-parser action,
``common(parser)`` adds the options every command shares (--only, --skip,
--lexicon, --no-default-lexicons, --max-bytes). The handler a module sets with
``set_defaults(func=...)`` receives the parsed arguments and returns the exit code.
"""
