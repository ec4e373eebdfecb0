"""How fast `--grammar languagetool` gives up when LanguageTool is not there (the issue asks: exit 2 within 5 s).

    .venv/bin/python benchmarks/languagetool_unavailable.py

Runs mtnorm as a real process for each missing piece (Java, LanguageTool, the
server) and prints the exit code and the wall time, next to `--grammar builtin`
on the same input as the baseline measured in the same run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time


def run(env: dict[str, str], *extra: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", "-", *extra],
        input="it was a error\n",
        capture_output=True,
        text=True,
        env=env,
    )
    return proc.returncode, time.perf_counter() - start, proc.stderr.strip()[:90]


def main() -> None:
    base = {k: v for k, v in os.environ.items() if k not in ("MTNORM_LANGUAGETOOL_URL", "LTP_JAR_DIR_PATH", "LTP_PATH")}
    with tempfile.TemporaryDirectory() as empty, socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
        cases = {
            "baseline --grammar builtin": (base, ("--grammar", "builtin")),
            "no Java on PATH": ({**base, "PATH": empty}, ("--grammar", "languagetool")),
            "no LanguageTool (empty LTP_PATH)": ({**base, "LTP_PATH": empty}, ("--grammar", "languagetool")),
            "server URL refuses connections": (base, ("--grammar", "languagetool", "--languagetool-url", closed)),
            "server URL unroutable (10.255.255.1)": (
                base,
                ("--grammar", "languagetool", "--languagetool-url", "http://10.255.255.1:8081"),
            ),
        }
        for name, (env, extra) in cases.items():
            code, seconds, err = run(env, *extra)
            print(f"{name:40s} exit {code}  {seconds:5.2f} s  {err}")


if __name__ == "__main__":
    main()
