"""A real ``mtnorm serve`` process on loopback for the tests and the load benchmark.

Started with ``--port 0``: uvicorn binds a free port and logs it, so parallel
runs never collide. Ready means every worker has logged that its application
started (each built its normalizer).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

RUNNING = re.compile(r"Uvicorn running on (http://[0-9.]+:\d+)")
STARTUP_WAIT = 120.0  # seconds: lexicons and tables load in every worker, on a shared 2-core machine


class ServerProcess:
    def __init__(self, *args: str, workers: int = 1, env: dict[str, str] | None = None) -> None:
        self.workers = workers
        self.log_file = tempfile.NamedTemporaryFile(prefix="mtnorm-serve-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(self.log_file.name)
        command = [sys.executable, "-m", "normalizer", "serve", "--port", "0", "--workers", str(workers), *args]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        self.url = self._wait_ready()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _wait_ready(self) -> str:
        deadline = time.monotonic() + STARTUP_WAIT
        while time.monotonic() < deadline:
            text = self.log()
            found = RUNNING.search(text)
            if found and text.count("Application startup complete") >= self.workers:
                url = found.group(1)
                if httpx.get(url + "/healthz", timeout=10).status_code == 200:
                    return url
            if self.process.poll() is not None:
                raise RuntimeError(f"mtnorm serve exited with {self.process.returncode}:\n{text}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"mtnorm serve not ready after {STARTUP_WAIT:.0f} s:\n{self.log()}")

    def pids(self) -> list[int]:
        import psutil

        parent = psutil.Process(self.process.pid)
        return [parent.pid, *(child.pid for child in parent.children(recursive=True))]

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 60.0) -> int:
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        return self.process.returncode

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
        self.log_path.unlink(missing_ok=True)
