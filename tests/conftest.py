"""Shared fixtures and the ``--update-golden`` option.

``pytest --update-golden`` rewrites golden files instead of comparing them.
A golden update is a reviewed commit of its own: read the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def normalizer():
    from normalizer import Normalizer

    return Normalizer()


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
