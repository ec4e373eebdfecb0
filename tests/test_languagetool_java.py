"""A real Java process where LanguageTool would run: a STAND-IN server class, compiled here.

LanguageTool cannot be installed on these machines, but Java can run: the test
compiles tests/data/java_standin (a tiny ``org.languagetool.server.HTTPServer``
speaking LanguageTool's /v2/check JSON, offsets from Java's own String.indexOf,
i.e. UTF-16 units) into ``languagetool-server.jar`` and points LTP_JAR_DIR_PATH
at it. mtnorm then starts ``java -cp … HTTPServer --port N`` exactly as for the
real LanguageTool; the process table is checked afterwards.
Skipped where no JDK (javac, jar) is installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .test_languagetool_process import gone, server_pid, wait_for

SOURCE = Path(__file__).parent / "data" / "java_standin"

pytestmark = pytest.mark.skipif(
    not (shutil.which("java") and shutil.which("javac") and shutil.which("jar")),
    reason="needs a JDK (java, javac, jar) to build the Java stand-in for LanguageTool",
)


@pytest.fixture(scope="module")
def jar_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("LanguageTool-standin")
    classes = out / "classes"
    java_file = SOURCE / "org" / "languagetool" / "server" / "HTTPServer.java"
    subprocess.run(["javac", "-d", str(classes), str(java_file)], check=True, capture_output=True, timeout=300)
    subprocess.run(["jar", "cf", str(out / "languagetool-server.jar"), "-C", str(classes), "."], check=True, timeout=300)
    return out


@pytest.fixture
def env(jar_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MTNORM_LANGUAGETOOL_URL", "LTP_PATH")}
    env.update(LTP_JAR_DIR_PATH=str(jar_dir), STANDIN_PIDFILE=str(tmp_path / "server.pid"))
    return env


def test_java_standin_edits_land_right_after_emoji_and_no_java_is_left(env, tmp_path):
    text = "😀🇷🇺 𝒶 the plan had one one flaw 👍🏽 and one one more.\n"
    proc = subprocess.run(
        [sys.executable, "-m", "normalizer", "fix", "-", "--grammar", "languagetool", "--only", "grammar"],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "😀🇷🇺 𝒶 the plan had one flaw 👍🏽 and one more.\n"
    pids = (tmp_path / "server.pid").read_text(encoding="utf-8").split()
    assert len(pids) == 1 and gone(int(pids[0]))


def test_java_standin_is_stopped_on_ctrl_c(env, tmp_path):
    marker = tmp_path / "arrived"
    env["STANDIN_HANG_MARKER"] = str(marker)
    proc = subprocess.Popen(
        [sys.executable, "-m", "normalizer", "fix", "-", "--grammar", "languagetool"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    proc.stdin.write("one one\n")
    proc.stdin.close()
    pid = server_pid(tmp_path)
    wait_for(marker.exists, "the request to reach the Java stand-in", limit=120)
    assert not gone(pid)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    assert proc.returncode == 130
    wait_for(lambda: gone(pid), "the Java process to be gone")
