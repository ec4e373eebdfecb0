"""``mtnorm serve`` as a process: workers, SIGTERM with a request in flight, time limit, start-up errors."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("starlette", reason="the serve extra: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="the serve extra: pip install -e '.[serve]'")

import httpx  # noqa: E402
import psutil  # noqa: E402

from normalizer import Normalizer  # noqa: E402

from .conftest import seed_paths  # noqa: E402
from .serve_process import ServerProcess  # noqa: E402

POLL = 0.1
POLLS = 600  # at most a minute of polling for any one thing


def big_text(size: int = 1_500_000) -> str:
    """Paragraphs of the seeds' words in a random order (a fixed seed), ``size`` characters: a request that
    takes seconds to normalize (about 3 s here). No two paragraphs are alike: repeated seeds were removed
    as copies and took 0.12 s once the pipeline got faster, and the request could end before the signal."""
    words = " ".join(p.read_text(encoding="utf-8") for p in seed_paths()).split()
    rng = random.Random(1)
    paragraphs, length = [], 0
    while length < size:
        paragraphs.append(" ".join(rng.choice(words) for _ in range(60)) + ".")
        length += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)[:size]


def wait_for(condition, what: str) -> None:
    for _ in range(POLLS):
        if condition():
            return
        time.sleep(POLL)
    raise AssertionError(f"gave up waiting for {what}")


def test_sigterm_lets_the_request_in_flight_finish() -> None:
    text = big_text()
    server = ServerProcess("--log-level", "debug")
    answers: list[httpx.Response] = []
    sender = threading.Thread(
        target=lambda: answers.append(httpx.post(server.url + "/v1/normalize", json={"text": text}, timeout=120))
    )
    try:
        sender.start()
        wait_for(lambda: "POST /v1/normalize started" in server.log(), "the request to start")
        server.terminate()
        wait_for(lambda: "Shutting down" in server.log(), "the server to begin shutting down")
        with pytest.raises(httpx.TransportError):  # no new connections once shutting down
            httpx.get(server.url + "/healthz", timeout=5)
        sender.join(120)
        server.process.wait(120)
    finally:
        code = server.stop()
    log = server.log()
    server.log_path.unlink()
    (answer,) = answers
    assert answer.status_code == 200
    assert answer.json()["text"] == Normalizer().normalize(text).text
    assert code == 0
    assert log.index("Shutting down") < log.index("POST /v1/normalize 200")  # finished after the signal


def test_two_workers_each_build_their_normalizer_and_all_stop_on_sigterm() -> None:
    with ServerProcess(workers=2) as server:
        assert server.url.startswith("http://127.0.0.1:")  # loopback unless --host says otherwise
        ready = [line for line in server.log().splitlines() if "worker ready" in line]
        assert len(ready) == 2 and len({line.split("[")[1].split("]")[0] for line in ready}) == 2
        processes = [psutil.Process(pid) for pid in server.pids()]
        workers = [p for p in processes if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2  # besides the supervisor (and multiprocessing's resource tracker)
        texts = [p.read_text(encoding="utf-8") for p in seed_paths()]
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for text in texts:
                assert client.post("/v1/normalize", json={"text": text}).json()["text"] == Normalizer().normalize(text).text
        assert server.log().count("worker ready") == 2  # built once per worker, not per request
        assert server.stop() == 0
        gone, alive = psutil.wait_procs(processes, timeout=30)
        assert not alive


def test_a_request_over_the_time_limit_gets_503_and_the_server_recovers() -> None:
    with ServerProcess("--timeout", "0.05") as server, httpx.Client(base_url=server.url, timeout=120) as client:
        slow = client.post("/v1/normalize", json={"text": big_text()})
        assert slow.status_code == 503
        assert slow.json() == {"error": "request took longer than the limit of 0.05 s", "status": 503}

        def small_ok() -> bool:
            return client.post("/v1/normalize", json={"text": "Donald trump"}).status_code == 200

        wait_for(small_ok, "the worker to finish the abandoned text")  # one text is not interrupted


def test_a_bad_lexicon_stops_serve_before_any_worker_with_one_line(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("class: entity\nentries:\n  - canonical: Idlib\n    variants: [Idlib]\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "normalizer", "serve", "--port", "0", "--lexicon", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and str(bad) in done.stderr and "Traceback" not in done.stderr
    assert "Uvicorn running" not in done.stderr


def test_without_the_serve_extra_the_message_says_how_to_get_it() -> None:
    code = "import sys; sys.modules['uvicorn'] = None; from normalizer.cli import main; sys.exit(main(['serve']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "mtnorm: serve needs uvicorn: pip install 'mtnorm[serve]' (or -e '.[serve]')\n"


def test_sigint_stops_the_server_too() -> None:
    server = ServerProcess()
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(60) == 0
    server.stop()
    assert "Finished server process" in server.log()
    server.log_path.unlink()
