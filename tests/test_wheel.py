"""A built wheel is a working mtnorm: it carries every lexicon and data file.

The wheel is built from a copy of the checkout (no stale ``build/`` can leak
in), installed into a fresh virtual environment outside the checkout, and run
from a folder that is not the checkout: the seeds must come out exactly as the
golden files, and the pinned ``explain --json`` listing must match. Offline and
quick: no build isolation (setuptools and wheel of this environment) and
``--no-deps`` (the dependencies are this environment's, made visible to the new
one through a ``.pth`` file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import GOLDEN, ROOT, seed_paths

LEXICON_FILES = sorted(p.relative_to(ROOT / "lexicons").as_posix() for p in (ROOT / "lexicons").rglob("*.yaml"))
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "out", "tests", "golden", "seeds", "benchmarks"
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv where only the built wheel provides mtnorm."""
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv = base / "source", base / "dist", base / "venv"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)], check=True)
    (wheel,) = dist.glob("mtnorm-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # the dependencies installed here (a path line in a .pth adds the folder; it runs no .pth found there)
    (site / "mtnorm_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index", str(wheel)], check=True)
    return venv / "bin"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MTNORM_LEXICON_DIR", "VIRTUAL_ENV")}


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed / "mtnorm"), *args], cwd=cwd, env=_env(), capture_output=True, text=True, encoding="utf-8", check=False
    )


def _data_files(package: Path) -> list[str]:
    """Every file of the package that is not Python source: what a wheel must carry besides the code."""
    return sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
        if not p.relative_to(package).as_posix().startswith("lexicons/")  # checked above, from lexicons/
    )


def test_installed_package_carries_every_lexicon_and_data_file(installed, tmp_path):
    script = (
        "import normalizer, pathlib; from normalizer.knowledge.lexicon import default_lexicon_dir;"
        "folder = default_lexicon_dir(); print(normalizer.__file__);"
        "print('\\n'.join(sorted(p.relative_to(folder).as_posix() for p in folder.rglob('*.yaml'))))"
    )
    proc = subprocess.run(
        [str(installed / "python"), "-c", script], cwd=tmp_path, env=_env(), capture_output=True, text=True, check=True
    )
    where, *files = proc.stdout.splitlines()
    package = Path(where).parent
    assert package.is_relative_to(installed.parent), where  # the wheel's copy, not the checkout
    assert files == LEXICON_FILES
    assert _data_files(package) == _data_files(ROOT / "normalizer")


def test_installed_wheel_matches_golden_outputs(installed, tmp_path):
    out = tmp_path / "out"
    proc = _run(installed, tmp_path, "fix", str(ROOT / "seeds"), "-o", str(out), "-j", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    for seed in seed_paths():
        assert (out / seed.name).read_text(encoding="utf-8") == (GOLDEN / seed.name).read_text(encoding="utf-8"), seed.name
    seed = next(p for p in seed_paths() if p.name.startswith("003_"))
    proc = _run(installed, tmp_path, "explain", "--json", str(seed))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (GOLDEN / "explain" / f"{seed.stem}.json").read_text(encoding="utf-8")


def test_missing_bundled_lexicons_are_an_error_not_a_silent_no_op(installed, tmp_path):
    env = {**_env(), "MTNORM_LEXICON_DIR": str(tmp_path / "nowhere")}
    proc = subprocess.run(
        [str(installed / "mtnorm"), "fix", "-"], input="in Iglinsky area\n", cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "bundled lexicons are missing" in proc.stderr and "Traceback" not in proc.stderr
