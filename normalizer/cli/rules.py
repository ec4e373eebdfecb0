"""``mtnorm rules [SELECTOR...]``: the rule catalogue, like ``ruff rule``.

Without a selector: one line per built-in rule (id, class, summary). With one: each rule it
selects in full, with its measured precision and examples. ``--lexicons`` adds one rule per
lexicon entry (``lexicon:FILE.ID``); ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import UsageError
from ..knowledge.lexicon import load_lexicons
from ..options import Options
from ..rules import Rule, builtin_rules, lexicon_rules, matches
from .common import EXIT_OK


def _selected(args: argparse.Namespace) -> list[Rule]:
    rules = list(builtin_rules())
    if args.lexicons or any(s.startswith("lexicon:") for s in args.selectors):
        chosen_lexicons = Options(lexicons=args.lexicon or (), default_lexicons=not args.no_default_lexicons)
        rules += lexicon_rules(load_lexicons(chosen_lexicons.lexicon_paths))
    if not args.selectors:
        return rules
    chosen = [r for r in rules if any(matches(s, r.id) for s in args.selectors)]
    if not chosen:
        raise UsageError(f"rules: no rule {', '.join(args.selectors)} (`mtnorm rules` lists them)")
    return chosen


def run(args: argparse.Namespace) -> int:
    rules = _selected(args)
    if args.json:
        data = [
            {"id": r.id, "class": r.kind, "summary": r.summary, "precision": r.precision,
             "examples": [{"before": b, "after": a} for b, a in r.examples]}
            for r in rules
        ]  # fmt: skip
        json.dump({"rules": data}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    if not args.selectors:
        width = max(len(r.id) for r in rules)
        for r in rules:
            print(f"{r.id:<{width}}  {r.kind:<13}  {r.summary}")
        return EXIT_OK
    for r in rules:
        print(f"{r.id} ({r.kind})\n  {r.summary}")
        if r.precision:
            print(f"  precision: {r.precision}")
        for before, after in r.examples:
            print(f"  example: {before!r} → {after!r}" if before != after else f"  keeps:   {before!r}")
        print()
    return EXIT_OK


def register(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("selectors", nargs="*", metavar="RULE", help="rule ids or prefixes (spacing, lexicon:terms)")
    rules.add_argument("--lexicons", action="store_true", help="list every lexicon entry too (lexicon:FILE.ID)")
    rules.add_argument("--lexicon", metavar="PATH", action="append", help="also a user lexicon file (repeatable)")
    rules.add_argument("--no-default-lexicons", action="store_true", help="leave out the bundled lexicons")
    rules.add_argument("--json", action="store_true", help='print {"rules": [...]} as JSON')
    rules.set_defaults(run=run)
