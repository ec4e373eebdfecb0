"""Shared fixtures and the ``--update-golden`` option.

``pytest --update-golden`` rewrites golden files instead of comparing them.
A golden update is a reviewed commit of its own: read the diff before committing.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

# A suite started as a background job (`cmd &` in a script, nohup) inherits SIGINT ignored, and every
# process it starts would inherit that too: the Ctrl-C tests would then test nothing but a hang. With a
# handler installed here, each program the tests exec starts with SIGINT at its default, as from a terminal.
signal.signal(signal.SIGINT, signal.default_int_handler)

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
