"""The Ray engine against a real Ray head started on loopback by the test.

One head (``ray start --head --block`` on 127.0.0.1, 2 CPUs, no dashboard) serves
the whole module. It runs in its own process group with its own temporary
folder; teardown ends that group and then any process still naming the folder,
by pid, so no Ray process is left and no other Ray on the machine is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
import ray

from normalizer import Normalizer, UsageError
from normalizer.batch.engines.ray_engine import RayEngine, normalize_column

from .conftest import seed_paths
from .ray_work import fail_on, normalize_counted, slow_write

RAY = str(Path(sys.executable).with_name("ray"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                left.add(pid)
        except psutil.NoSuchProcess:
            pass
    return left


def _stop(head: subprocess.Popen) -> set[int]:
    """Stop the head (its own shutdown), then, by pid, any of its process tree still running; returns survivors."""
    try:
        tree = {p.pid for p in psutil.Process(head.pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        tree = set()
    head.terminate()  # `ray start --block` stops the processes it started
    try:
        head.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(head.pid, signal.SIGKILL)
        head.wait()
    deadline = time.monotonic() + 20
    while (left := _alive(tree)) and time.monotonic() < deadline:
        time.sleep(0.3)
    for pid in left:  # workers live in sessions of their own: end the stragglers one by one
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.5)
    return _alive(tree)


@pytest.fixture(scope="module")
def ray_env():
    """Ray's state for this module in a temporary folder; token authentication explicitly off.

    Ray 2.5x+ turns token authentication on for a new local instance and writes
    ``~/.ray/auth_token``, which then changes how a later ``ray start`` behaves;
    an explicit mode keeps the test from touching the home folder or depending on it.
    """
    folder = tempfile.mkdtemp(prefix="mtnorm-ray-", dir="/tmp")  # short: Ray puts sockets in it
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAY_AUTH_MODE", "disabled")
        patch.setenv("RAY_USAGE_STATS_ENABLED", "0")
        patch.setenv("RAY_TMPDIR", folder)
        # at teardown no work is left: skip the up-to-30-s drain (Ray Data's detached actors hold it open)
        patch.setenv("RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S", "0")
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def ray_head(ray_env: str):
    """The address of a Ray head on 127.0.0.1 that this module started and will stop."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    head = subprocess.Popen(
        [
            RAY,
            "start",
            "--head",
            "--block",
            "--node-ip-address=127.0.0.1",
            f"--port={port}",
            "--num-cpus=2",
            "--disable-usage-stats",
            "--include-dashboard=false",
            f"--temp-dir={ray_env}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            probe = subprocess.run([RAY, "status", f"--address={address}"], capture_output=True, text=True, env=env, check=False)
            if probe.returncode == 0 and "CPU" in probe.stdout:
                break
            if head.poll() is not None:
                raise RuntimeError(f"ray start failed: {head.stderr.read().decode(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Ray head on {address} not up after 90 s: {probe.stderr[-2000:]}")
            time.sleep(0.5)
        yield address
    finally:
        if ray.is_initialized():
            ray.shutdown()
        left = _stop(head)
        assert not left, f"Ray processes left after teardown: {left}"


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in seed_paths()]
    assert texts
    return texts


def _edits(result) -> list[tuple]:
    return [(e.start, e.end, e.replacement, e.kind, e.rule, e.message, e.before) for e in result.edits]


def test_map_on_the_cluster_matches_local_normalization_in_order(ray_head: str, seeds: list[str]) -> None:
    items = seeds * 6  # more items than workers: workers must be reused
    local = Normalizer()
    with RayEngine(address=ray_head, num_cpus=2, chunksize=2) as engine:
        assert ray.is_initialized() and engine.owns_ray
        assert ray.cluster_resources()["CPU"] == 2  # the test's head, not a new local instance
        outcomes = list(engine.map(normalize_counted, items, {}))
    assert not ray.is_initialized()
    assert len(outcomes) == len(items)
    for text, (_pid, _built, result) in zip(items, outcomes, strict=True):
        expected = local.normalize(text)
        assert result.input == text  # input order kept
        assert result.text == expected.text
        assert _edits(result) == _edits(expected)
    pids = Counter(pid for pid, _, _ in outcomes)
    assert os.getpid() not in pids  # the work ran in Ray workers
    # once per worker: every worker process built exactly one Normalizer, however many items it did
    assert {built for _, built, _ in outcomes} == {1}
    assert len(pids) < len(items)
    assert max(pids.values()) > 1


def test_map_with_options_and_many_small_items(ray_head: str) -> None:
    lines = [f"the  meeting number {n} ended." for n in range(50)]
    options = {"only": ["spacing"]}
    with RayEngine(address=ray_head) as engine:
        results = [r for _, _, r in engine.map(normalize_counted, lines, options)]
    assert [r.text for r in results] == [f"the meeting number {n} ended." for n in range(50)]
    assert {e.kind for r in results for e in r.edits} == {"spacing"}


def test_a_failing_call_raises_its_own_error(ray_head: str) -> None:
    with RayEngine(address=ray_head, chunksize=1) as engine:
        out = engine.map(fail_on, ["a", "b", "c", "d"], "c")
        assert next(out) == "A" and next(out) == "B"
        with pytest.raises(ValueError, match="refusing 'c'"):
            next(out)


def test_leaving_map_early_cancels_running_tasks_and_lets_them_clean_up(ray_head: str, tmp_path: Path) -> None:
    """The running tasks get Ray's KeyboardInterrupt (not a kill), so their temporary files go."""
    with RayEngine(address=ray_head, chunksize=1) as engine:
        out = engine.map(slow_write, range(6), str(tmp_path))
        assert next(out) == 0
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # both workers are inside slow_write, each holding a temporary file
        assert len(list(tmp_path.iterdir())) == 2
        out.close()  # as when the batch core stops on Ctrl-C
        assert list(tmp_path.iterdir()) == []
        assert list(engine.map(fail_on, ["x", "y"], "z")) == ["X", "Y"]  # the engine is still usable


def test_an_address_where_no_ray_listens_fails_fast_with_one_line(ray_env: str) -> None:
    port = _free_port()  # nothing listens there
    with pytest.raises(UsageError, match=rf"^--address 127\.0\.0\.1:{port}: no Ray cluster answers there \(.+\)$"):
        RayEngine(address=f"127.0.0.1:{port}")
    with pytest.raises(UsageError, match="expected HOST:PORT"):
        RayEngine(address="no-port-here")
    assert not ray.is_initialized()


def test_normalize_column_on_a_dataset(ray_head: str, seeds: list[str]) -> None:
    local = Normalizer()
    rows = [{"id": n, "body": text, "lang": "en"} for n, text in enumerate(seeds * 3)]
    rows.append({"id": len(rows), "body": None, "lang": "en"})
    ray.init(address=ray_head, logging_level="warning", log_to_driver=False)
    try:
        dataset = ray.data.from_items(rows, override_num_blocks=4)
        cleaned = normalize_column(dataset, "body", output_column="clean", edits_column="edits", concurrency=2)
        out = sorted(cleaned.take_all(), key=lambda r: r["id"])
        in_place = sorted(normalize_column(dataset, "body").take_all(), key=lambda r: r["id"])
        with pytest.raises(KeyError, match="no column 'text'"):
            normalize_column(dataset, "text")
    finally:
        ray.shutdown()
    assert [r["id"] for r in out] == list(range(len(rows)))
    for row, source in zip(out, rows, strict=True):
        assert row["body"] == source["body"] and row["lang"] == "en"
        if source["body"] is None:
            assert row["clean"] is None and row["edits"] is None
            continue
        expected = local.normalize(source["body"])
        assert row["clean"] == expected.text
        assert [(e["start"], e["end"], e["class"], e["rule"], e["after"]) for e in json.loads(row["edits"])] == [
            (e.start, e.end, e.kind, e.rule, e.replacement) for e in expected.edits
        ]
    assert [r["body"] for r in in_place[:-1]] == [local.normalize(s["body"]).text for s in rows[:-1]]
    assert in_place[-1]["body"] is None


def test_a_local_instance_is_started_and_stopped(ray_env: str, seeds: list[str]) -> None:
    """address=None: the engine starts its own Ray (1 CPU here) and leaves no process behind."""
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with RayEngine(num_cpus=1) as engine:
        assert engine.owns_ray and ray.cluster_resources()["CPU"] == 1
        results = [r for _, _, r in engine.map(normalize_counted, seeds[:2], {})]
    assert [r.text for r in results] == [Normalizer().normalize(s).text for s in seeds[:2]]
    assert not ray.is_initialized()
    deadline = time.monotonic() + 20
    while (left := {p.pid for p in psutil.Process().children(recursive=True)} - before) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"processes left by the local Ray instance: {left}"


def test_without_ray_the_import_error_says_how_to_install_it() -> None:
    """A fresh interpreter where ``import ray`` fails (``sys.modules['ray'] = None`` makes it raise)."""
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "try:\n"
        "    import normalizer.batch.engines.ray_engine\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc.name, exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ImportError ray mtnorm's Ray engine needs Ray: pip install -e '.[ray]'"
