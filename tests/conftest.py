"""Shared fixtures and the ``--update-golden`` option.

``pytest --update-golden`` rewrites golden files instead of comparing them.
A golden update is a reviewed commit of its own: read the diff before committing.
"""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_run(tmp_path_factory: pytest.TempPathFactory):
    """The per-user cache of derived tables (`normalizer.datacache`) in a folder of this run, not ~/.cache:
    the suite starts cold and leaves nothing behind (the processes it starts inherit the setting)."""
    before = os.environ.get("MTNORM_CACHE_DIR")
    os.environ["MTNORM_CACHE_DIR"] = str(tmp_path_factory.mktemp("mtnorm-cache"))
    yield
    if before is None:
        del os.environ["MTNORM_CACHE_DIR"]
    else:
        os.environ["MTNORM_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def normalizer():
    from normalizer import Normalizer

    return Normalizer()


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


# Hypothesis (tests/test_properties.py): bounded and reproducible in CI; `--hypothesis-profile=long` for a deeper run.
# No deadline and no too-slow health check: those are wall-clock limits, and this machine is shared.
from hypothesis import HealthCheck, settings  # noqa: E402

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, suppress_health_check=_SLOW, database=None)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_SLOW)
settings.load_profile("ci")
