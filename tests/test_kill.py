"""SIGKILL, not only Ctrl-C: workers die with the main process, and a rerun finishes the job cleanly.

A wait below is a bound on liveness (without the fix the workers live for
ever), not a speed claim: it is generous and only fails if they never go.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

SAMPLE = "the Meeting between Donald trump and Putin took place in june.\n\nShoigu discussed with Asad questions.\n"
LIVENESS = 60.0


def _tree(root: Path, files: int, copies: int) -> None:
    root.mkdir()
    for i in range(files):
        (root / f"f{i:03}.txt").write_text(SAMPLE * copies, encoding="utf-8")


def _start(tmp_path: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "normalizer", "fix", "in", "-o", "out", "--jobs", "2", "--quiet"]
    return subprocess.Popen(command, cwd=tmp_path, start_new_session=True, stderr=subprocess.DEVNULL)


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], cwd=cwd, capture_output=True, text=True)


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + LIVENESS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {LIVENESS:.0f} s")
        time.sleep(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    _tree(tmp_path / "in", 300, 40)
    proc = _start(tmp_path)
    main = psutil.Process(proc.pid)
    _wait_for(lambda: len(main.children()) >= 2 and any((tmp_path / "out").glob("*.txt")), "the workers' first outputs")
    workers = main.children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    def gone() -> bool:
        return all(not w.is_running() or w.status() == psutil.STATUS_ZOMBIE for w in workers)

    try:
        _wait_for(gone, "the workers' exit")
    finally:
        for worker in workers:
            if worker.is_running():
                worker.kill()
    assert [p for p in (tmp_path / "out").rglob("*.mtnorm-tmp")] == []  # each unwound the file it was on


def test_sigkill_of_the_whole_group_then_a_rerun_finishes_the_job(tmp_path):
    _tree(tmp_path / "in", 120, 60)
    out = tmp_path / "out"
    proc = _start(tmp_path)
    _wait_for(lambda: len(list(out.glob("*.txt"))) >= 10, "ten outputs")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # a temporary file a killed writer left behind, as a SIGKILL between write and rename leaves it
    (out / ".f119.txt.k1ll3d.mtnorm-tmp").write_text("half", encoding="utf-8")
    rerun = _run(tmp_path, "fix", "in", "-o", "out", "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert list(out.rglob("*.mtnorm-tmp")) == []
    outputs = sorted(p.name for p in out.glob("*.txt"))
    assert len(outputs) == 120
    manifest = json.loads((out / ".mtnorm-manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(manifest) == outputs
    expected = _run(tmp_path, "fix", "in/f000.txt").stdout
    assert all((out / name).read_text(encoding="utf-8") == expected for name in outputs)
    again = _run(tmp_path, "fix", "in", "-o", "out", "--jobs", "2")
    assert "0 files read" in again.stderr and "120 skipped" in again.stderr


def test_an_interrupt_right_after_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """A real SIGINT the moment the temporary file exists, before its descriptor is returned (the window
    the worker test above once hit under load): the file is removed all the same."""
    import normalizer.io as io

    real_open = os.open

    def open_then_interrupt(path, flags, *args):  # type: ignore[no-untyped-def]
        fd = real_open(path, flags, *args)
        if str(path).endswith(io.TEMP_SUFFIX):
            signal.raise_signal(signal.SIGINT)  # to this thread: handled before the call returns
        return fd

    monkeypatch.setattr(io.os, "open", open_then_interrupt)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a command, whatever ran before
    try:
        with pytest.raises(KeyboardInterrupt):
            io.atomic_write(tmp_path / "out.txt", "text")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert list(tmp_path.iterdir()) == []
