"""``mtnorm eval``: what the normalizer (or a change to it) fixes and breaks, edit by edit.

    mtnorm eval RAW REF [--hyp HYP]            precision / recall / F0.5 per class
    mtnorm eval RAW REF --compare A B          two configurations side by side
    mtnorm eval --harm CLEAN [--hyp HYP]       edits per 1,000 words on clean text

RAW, REF and HYP are files or folders paired by relative path. Without HYP the
normalizer runs on RAW with the current options (command line over
configuration file). A and B are configuration files (``mtnorm.toml`` format),
lexicon files/folders added to the current options, or ``-`` for the current
options themselves.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..evaluation import render
from ..evaluation.classify import lexicon_word_classes
from ..evaluation.run import Evaluation, evaluate, pair_files
from ..pipeline import Normalizer
from .common import EXIT_OK, add_options, command_options
from .config import load_config

LEXICON_SUFFIXES = (".yaml", ".yml")


def _side(args: argparse.Namespace, config: Mapping[str, Any], spec: str) -> Mapping[str, Any]:
    """The configuration one side of ``--compare`` runs with: ``-`` is the current options."""
    if spec == "-":
        return config
    path = Path(spec)
    if path.suffix in LEXICON_SUFFIXES or path.is_dir():
        if not path.exists():
            raise UsageError(f"eval --compare: {spec}: no such lexicon file or folder")
        found = sorted(p for p in path.rglob("*") if p.suffix in LEXICON_SUFFIXES) if path.is_dir() else [path]
        return {**config, "lexicons": [*config.get("lexicons", []), *map(str, found)]}
    return load_config(spec)


def _run(args: argparse.Namespace, config: Mapping[str, Any]) -> Evaluation:
    pairs = pair_files(args.raw, None if args.harm else args.ref, args.hyp)
    options = command_options(args, config)
    with Normalizer(options) as normalizer:
        classes = lexicon_word_classes(normalizer.lexicon.entries)
        return evaluate(pairs, None if args.hyp else normalizer, classes, options.max_bytes)


def _by(args: argparse.Namespace) -> str:
    return "kind" if args.by == "class" else "shape"


def run(args: argparse.Namespace) -> int:
    if args.harm and args.ref is not None:
        raise UsageError("eval --harm: give only the clean text (CLEAN), no reference")
    if not args.harm and args.ref is None:
        raise UsageError("eval: give RAW and REF (or --harm CLEAN)")
    if args.compare and args.hyp:
        raise UsageError("eval: --compare runs the normalizer twice; drop --hyp")
    if args.compare:
        specs = (args.compare[0], args.compare[1])
        names = ("current options" if specs[0] == "-" else specs[0], "current options" if specs[1] == "-" else specs[1])
        config = load_config(args.config)
        a, b = (_run(args, _side(args, config, spec)) for spec in specs)
        if args.json:
            sys.stdout.write(render.dumps(render.compare_dict(a, b, names, args.harm)))
        else:
            sys.stdout.write(render.compare_text(a, b, names, _by(args), args.harm))
        return EXIT_OK
    evaluation = _run(args, load_config(args.config))
    source = f"HYP {args.hyp}" if args.hyp else "mtnorm (current options)"
    if args.harm:
        out = render.dumps(render.harm_dict(evaluation, source)) if args.json else render.harm_text(evaluation, source)
    else:
        out = (
            render.dumps(render.eval_dict(evaluation, source))
            if args.json
            else render.eval_text(evaluation, _by(args), source, args.verbose)
        )
    sys.stdout.write(out)
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "What the normalizer (or a change to it) fixes and breaks, edit by edit: "
        "precision, recall and F0.5 per artifact class against reference cleanups."
    )
    parser.add_argument("raw", metavar="RAW", help="raw file or folder (every *.txt below); with --harm: the clean text")
    parser.add_argument("ref", metavar="REF", nargs="?", help="reference file or folder (NAME.edits.tsv beside it gives classes)")
    parser.add_argument("--hyp", metavar="HYP", help="judge these outputs instead of running the normalizer")
    parser.add_argument("--harm", action="store_true", help="RAW is clean text: count edits per 1,000 words")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="two runs side by side; each a configuration file, a lexicon file/folder (added to the current options) or -",
    )
    parser.add_argument(
        "--by", choices=("class", "shape"), default="class", help="rows per artifact class, or per score.py's coarse shape"
    )
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list true positives that system and reference class differently"
    )
    add_options(parser)
    parser.set_defaults(run=run)
