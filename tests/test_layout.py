"""The layout holds: imports run downward only, and the stage registry is the one list the docs follow.

`LAYERS` is the architecture of docs/design.md as data: a module may import
modules of a lower layer, or of its own package. Imports inside functions
hide the true dependencies, so only the few that defer a heavy optional
dependency are allowed (`DEFERRED`), and each says so in a comment.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from normalizer.stages import STAGES

from .conftest import ROOT

PACKAGE = ROOT / "normalizer"

#: Lowest first. A module's layer is that of its longest listed prefix.
LAYERS: list[set[str]] = [
    {"normalizer.errors", "normalizer.version", "normalizer.vendor", "normalizer.lifetime", "normalizer.datacache"},
    {"normalizer.budget"},  # the per-document time budget (raises errors.DocumentTimeout)
    {"normalizer.automaton"},  # many literal keys in one pass (ahocorasick-rs)
    {"normalizer.edits", "normalizer.text", "normalizer.io", "normalizer.wordtables", "normalizer.quotes", "normalizer.sounds"},
    {"normalizer.knowledge"},
    {"normalizer.casing"},
    {"normalizer.names_kb"},  # the names knowledge base (normalizer/data/names-kb.json)
    {"normalizer.options"},
    {"normalizer.languagetool"},
    {"normalizer.stages"},
    {"normalizer.rules"},  # the rule catalogue: ids and examples of the stages' rules
    {"normalizer.pipeline"},
    {"normalizer.reports", "normalizer.evaluation"},
    {"normalizer.batch"},
    {"normalizer.curation"},
    {"normalizer.serve"},  # mtnorm serve's application, below the command that starts it
    {"normalizer.cli"},
    {"normalizer.integrations"},  # steps for other frameworks, configured like the command line (cli.config)
    {"normalizer", "normalizer.__main__"},  # the facade and ``python -m normalizer``
]

#: (importing module, imported module) pairs that may stay inside a function.
DEFERRED = {
    ("normalizer.pipeline", "normalizer.languagetool.backend"),  # Java server, urllib/ssl: only with --grammar languagetool
    ("normalizer.batch.engines", "normalizer.batch.engines.ray_engine"),  # Ray: an optional extra
    # start-up: PyYAML only for a lexicon file not taken from the per-user cache (normalizer.datacache)
    ("normalizer.knowledge.lexicon", "normalizer.knowledge.lexicon_yaml"),
    # start-up: ``fix FILE`` to standard output never runs a batch (process pool, HTML report, LanguageTool client)
    ("normalizer.cli.fix", "normalizer.batch.engines"),
    ("normalizer.cli.fix", "normalizer.batch.tree"),
    ("normalizer.cli.fix", "normalizer.batch.jsonl"),
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    best = max(
        ((len(name), i) for i, names in enumerate(LAYERS) for name in names if module == name or module.startswith(name + ".")),
        default=None,
    )
    assert best is not None, f"{module} has no layer in LAYERS"
    return best[1]


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """``(imported module, line, inside a function)`` for each project import outside ``if TYPE_CHECKING``."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.level:
                base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                target = ".".join(base + ([child.module] if child.module else []))
                for alias in child.names if not child.module else [None]:
                    name = f"{target}.{alias.name}" if alias is not None else target
                    found.append((name if (ROOT / Path(*name.split("."))).exists() else target, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom) and (child.module or "").startswith("normalizer"):
                found.append((child.module or "", child.lineno, in_function))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(tree, False)
    return found


def _graph() -> dict[str, list[tuple[str, int, bool]]]:
    return {_module(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_import_runs_upward():
    upward = []
    for module, imports in _graph().items():
        for target, line, _ in imports:
            same_package = module.rpartition(".")[0] == target.rpartition(".")[0] or target.startswith(module + ".")
            if _layer(target) > _layer(module) and not same_package:
                upward.append(f"{module}:{line} imports {target}")
    assert upward == []


def test_no_import_cycle():
    graph = {m: {t for t, _, _ in imports if t != m} for m, imports in _graph().items()}
    cycles = []
    state: dict[str, int] = {}

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                walk(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    assert cycles == []


def test_imports_inside_functions_only_defer_heavy_optional_parts():
    hidden = [
        f"{module}:{line} imports {target}"
        for module, imports in _graph().items()
        for target, line, in_function in imports
        if in_function and (module, target) not in DEFERRED
    ]
    assert hidden == []


def test_only_the_cli_knows_argparse():
    users = [
        _module(p)
        for p in PACKAGE.rglob("*.py")
        if re.search(r"^\s*(import argparse|from argparse )", p.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert users and all(u.startswith("normalizer.cli") for u in users), users


def test_design_doc_lists_the_stages_in_registry_order():
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| \d+ \| `(\w+)` \(stages/(\w+)\.py\)", design, flags=re.MULTILINE)
    assert table == [(stage.__name__, stage.__module__.rsplit(".", 1)[1]) for stage in STAGES]
