"""``mtnorm rules [SELECTOR...]``: the rule catalogue, like ``ruff rule``.

Without a selector: one line per built-in rule (id, class, summary). With one: each rule it
selects in full, with its measured precision and examples. ``--lexicons`` adds one rule per
lexicon entry (``lexicon:FILE.ID``); ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from ..errors import UsageError
from ..rules import Rule, builtin_rules, lexicon_rules, matches

EXIT_OK = 0


def _selected(args: argparse.Namespace) -> list[Rule]:
    rules = list(builtin_rules())
    if args.lexicons or any(s.startswith("lexicon:") for s in args.selectors):
        from ..lexicon import default_lexicon_paths, load_lexicons

        paths = [*(default_lexicon_paths() if not args.no_default_lexicons else []), *(args.lexicon or [])]
        rules += lexicon_rules(load_lexicons(paths))
    if not args.selectors:
        return rules
    chosen = [r for r in rules if any(matches(s, r.id) for s in args.selectors)]
    if not chosen:
        raise UsageError(f"rules: no rule {', '.join(args.selectors)} (`mtnorm rules` lists them)")
    return chosen


def cmd_rules(args: argparse.Namespace) -> int:
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


def register(subparsers: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    rules = subparsers.add_parser("rules", help="list the rules (ids for --disable/--enable), or explain some")
    rules.add_argument("selectors", nargs="*", metavar="RULE", help="rule ids or prefixes (spacing, lexicon:terms)")
    rules.add_argument("--lexicons", action="store_true", help="list every lexicon entry too (lexicon:FILE.ID)")
    rules.add_argument("--lexicon", metavar="PATH", action="append", help="also a user lexicon file (repeatable)")
    rules.add_argument("--no-default-lexicons", action="store_true", help="leave out the bundled lexicons")
    rules.add_argument("--json", action="store_true", help='print {"rules": [...]} as JSON')
    rules.set_defaults(func=cmd_rules)
