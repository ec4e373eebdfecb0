"""A real ``mtnorm fix`` interrupted by a real signal half-way through a real tree.

Whatever the signal and the number of processes: exit 130, no temporary file
left in OUT, every output present is complete (equal to what a full run
writes), the manifest is valid and lists only finished files, and a re-run
resumes: it skips exactly what the manifest lists and finishes the rest.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from normalizer import Normalizer
from normalizer.io import TEMP_SUFFIX

from .conftest import seed_paths

FILES = 200


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """200 files of ~10 KB (seeds glued together in different orders): several seconds of work."""
    root = tmp_path_factory.mktemp("signal") / "in"
    seeds = [p.read_text(encoding="utf-8") for p in seed_paths()]
    normalizer = Normalizer()
    expected = {}
    for i in range(FILES):
        relative = f"batch{i % 7}/doc{i:04d}.txt"
        text = "\n".join(seeds[(i + k) % len(seeds)] for k in range(1 + i % 3)) * 2
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
        expected[relative] = text
    cache: dict[str, str] = {}
    for relative, text in expected.items():
        if text not in cache:
            cache[text] = normalizer.normalize(text).text
        expected[relative] = cache[text]
    return root, expected


def _written(out: Path) -> list[Path]:
    """Finished outputs: not the manifest, and not a temporary file still being written (swept on interrupt)."""
    return [p for p in out.rglob("*") if p.is_file() and p.name != ".mtnorm-manifest.json" and not p.name.endswith(TEMP_SUFFIX)]


CASES = [  # (jobs, signal, to the whole process group?, then resume?)
    ("2", signal.SIGINT, True, True),  # Ctrl-C in a terminal: every process of the job gets SIGINT
    ("2", signal.SIGINT, False, False),
    ("2", signal.SIGTERM, False, False),  # kill PID
    ("2", signal.SIGTERM, True, False),  # kill -TERM -PGID: the workers are signalled too
    ("1", signal.SIGINT, True, False),  # no pool: the main process is the worker
    ("1", signal.SIGTERM, False, True),
]


@pytest.mark.parametrize(
    ("jobs", "sig", "group", "resume"),
    CASES,
    ids=["jobs2-ctrl-c-group", "jobs2-sigint", "jobs2-sigterm", "jobs2-sigterm-group", "jobs1-ctrl-c-group", "jobs1-sigterm"],
)
def test_interrupted_run_leaves_only_complete_outputs(tmp_path, tree, jobs, sig, group, resume):
    src, expected = tree
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "normalizer", "fix", str(src), "-o", str(out), "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a shell job: "to group" is what Ctrl-C does
    )
    try:
        deadline = time.monotonic() + 120
        while (len(_written(out)) if out.exists() else 0) < 5:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        if group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert [p for p in out.rglob("*") if "tmp" in p.name] == []
    done = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in _written(out)}
    assert 5 <= len(done) < FILES  # it was stopped mid-run
    for relative, text in done.items():
        assert text == expected[relative], relative  # complete, not a prefix
    manifest = json.loads((out / ".mtnorm-manifest.json").read_text(encoding="utf-8"))["files"]
    assert set(manifest) <= set(done)
    assert len(manifest) >= 1
    if not resume:
        return
    resumed = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", str(src), "-o", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    skipped = int(re.search(r"(\d+) skipped", resumed.stderr).group(1))
    assert skipped == len(manifest)
    final = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in _written(out)}
    assert final == expected
