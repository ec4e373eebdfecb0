"""The local LanguageTool server's life: started once, stopped after a run, an error, an interrupt.

A STAND-IN for Java runs here: LanguageTool cannot be installed on these
machines, so a fake ``java`` (a Python script placed first on PATH) starts
tests/lt_standin.py, which speaks LanguageTool's HTTP API, exactly where mtnorm
would start ``java -cp languagetool-server.jar org.languagetool.server.HTTPServer``.
mtnorm runs as a real process; the process table is checked afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def wait_for(predicate, what: str, limit: float = 60.0) -> None:
    """Poll until ``predicate()``; the limit only keeps a broken run from hanging the suite."""
    end = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def fake_java(tmp_path):
    """PATH with a stand-in ``java`` first, LTP_JAR_DIR_PATH with an (empty) languagetool-server.jar."""
    bin_dir, jar_dir = tmp_path / "bin", tmp_path / "LanguageTool-6.4"
    bin_dir.mkdir()
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"")
    java = bin_dir / "java"
    java.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "assert sys.argv[1:4] == ['-cp', sys.argv[2], 'org.languagetool.server.HTTPServer'], sys.argv\n"
        "from tests.lt_standin import main\n"
        "main()\n",
        encoding="utf-8",
    )
    java.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("MTNORM_LANGUAGETOOL_URL", "LTP_PATH")}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        LTP_JAR_DIR_PATH=str(jar_dir),
        STANDIN_PIDFILE=str(tmp_path / "server.pid"),
    )
    return env, tmp_path


def mtnorm(*args: str, env: dict[str, str], **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "normalizer", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def server_pid(tmp_path: Path) -> int:
    pidfile = tmp_path / "server.pid"
    # The file appears before its content: wait for the whole line, not just the name.
    written = lambda: pidfile.exists() and pidfile.read_text(encoding="utf-8").endswith("\n")  # noqa: E731
    wait_for(written, "the stand-in server to write its pid")
    return int(pidfile.read_text(encoding="utf-8").split()[0])


def test_standin_java_one_server_for_many_files_and_none_left_after_the_run(fake_java):
    env, tmp = fake_java
    src = tmp / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"File {i} had one one error.\n", encoding="utf-8")
    proc = mtnorm("fix", str(src), "-o", str(tmp / "out"), "--grammar", "languagetool", env=env)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert [(tmp / "out" / f"{i}.txt").read_text(encoding="utf-8") for i in range(3)] == [
        f"File {i} had one error.\n" for i in range(3)
    ]
    pids = (tmp / "server.pid").read_text(encoding="utf-8").split()
    assert len(pids) == 1  # one server for the three files
    assert gone(int(pids[0]))


def test_standin_java_is_stopped_after_a_server_error(fake_java):
    env, tmp = fake_java
    env["STANDIN_FAIL"] = "1"
    proc = mtnorm("fix", "-", "--grammar", "languagetool", env=env, stdin=subprocess.PIPE)
    _, err = proc.communicate("one one\n", timeout=300)
    assert proc.returncode == 2 and "HTTP 500" in err and "Traceback" not in err
    assert gone(server_pid(tmp))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_standin_java_is_stopped_when_mtnorm_is_interrupted(fake_java, sig):
    """mtnorm waits on a request the stand-in never answers; the signal must not leave the server behind."""
    env, tmp = fake_java
    marker = tmp / "request-arrived"
    env["STANDIN_HANG_MARKER"] = str(marker)
    (tmp / "doc.txt").write_text("one one\n", encoding="utf-8")
    proc = mtnorm("fix", str(tmp / "doc.txt"), "--grammar", "languagetool", env=env)
    pid = server_pid(tmp)
    wait_for(marker.exists, "mtnorm's first request")
    assert not gone(pid)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0 and "Traceback" not in err
    wait_for(lambda: gone(pid), "the server to be stopped")  # SIGKILL: the kernel's parent-death signal does it


def test_missing_java_exits_2_naming_java(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MTNORM_LANGUAGETOOL_URL", "LTP_JAR_DIR_PATH")}
    env["PATH"] = str(tmp_path)  # no java here
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", "-", "--grammar", "languagetool"],
        input="a text\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2 and "Java not found" in proc.stderr and "--languagetool-url" in proc.stderr
    assert proc.stdout == ""


def test_missing_languagetool_exits_2_and_downloads_nothing(tmp_path):
    cache = tmp_path / "ltp"
    cache.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MTNORM_LANGUAGETOOL_URL", "LTP_JAR_DIR_PATH")}
    env["LTP_PATH"] = str(cache)
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "check", "-", "--grammar", "languagetool"],
        input="a text\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "LanguageTool not found" in proc.stderr and "LTP_JAR_DIR_PATH" in proc.stderr
    assert "--languagetool-download" in proc.stderr and "Traceback" not in proc.stderr
    assert list(cache.iterdir()) == []


def test_unreachable_server_url_from_the_environment_exits_2(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, MTNORM_LANGUAGETOOL_URL=f"http://127.0.0.1:{port}")
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", "-", "--grammar", "languagetool"],
        input="a text\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2 and f"127.0.0.1:{port} is not reachable" in proc.stderr


def test_standin_java_that_cannot_start_is_reported_with_its_own_words(fake_java):
    """The stand-in java exits at once, as a JVM does with a broken jar: exit 2 and the server's last line."""
    env, tmp = fake_java
    env["STANDIN_CRASH"] = "1"
    proc = mtnorm("fix", "-", "--grammar", "languagetool", env=env, stdin=subprocess.PIPE)
    _, err = proc.communicate("one one\n", timeout=120)
    assert proc.returncode == 2 and "Traceback" not in err
    assert "exited with code 1 while starting" in err and "Could not find or load main class" in err
    assert gone(server_pid(tmp))
