"""A local LanguageTool server: found the way language-tool-python finds it, started once, always stopped.

Discovery follows language-tool-python's conventions: ``LTP_JAR_DIR_PATH`` names
a folder holding ``languagetool-server.jar``; otherwise the newest
``LanguageTool-*`` folder under ``LTP_PATH`` (default
``~/.cache/language_tool_python``). Nothing is downloaded unless asked for; then
language-tool-python's own downloader does it.

We start the server ourselves rather than through
``language_tool_python.LanguageTool()``, because that call downloads
LanguageTool when it is missing, and we need the process under our control:
it runs in its own session, is killed by the kernel if mtnorm dies
(``PR_SET_PDEATHSIG`` on Linux), is stopped by `stop_all` at the end of every
command, by a finalizer at interpreter exit, and on SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

from ..lifetime import parent_death_signal
from .client import LanguageToolClient, LanguageToolError

SERVER_CLASS = "org.languagetool.server.HTTPServer"
JAR_NAMES = ("languagetool-server.jar", "languagetool.jar")
STARTUP_TIMEOUT = 120.0  # seconds; a JVM loading LanguageTool's English data can take a while on 2 cores
_RUNNING: weakref.WeakSet[LocalServer] = weakref.WeakSet()

_HOW = (
    "Provide LanguageTool in one of these ways: set LTP_JAR_DIR_PATH to an unpacked LanguageTool release "
    "(the folder with languagetool-server.jar); unpack it as LanguageTool-<version> under LTP_PATH "
    "(default ~/.cache/language_tool_python); pass --languagetool-url URL (or MTNORM_LANGUAGETOOL_URL) of a "
    "running server, e.g. docker run -p 8081:8010 erikvl87/languagetool; or pass --languagetool-download to let "
    "language-tool-python download it. --grammar builtin needs none of this."
)


def download_dir() -> Path:
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def find_jar() -> Path:
    """The LanguageTool server jar, or an error that says where we looked and how to provide it."""
    jar_dir = os.environ.get("LTP_JAR_DIR_PATH")
    if jar_dir:
        for name in JAR_NAMES:
            if (Path(jar_dir) / name).is_file():
                return Path(jar_dir) / name
        raise LanguageToolError(f"LanguageTool not found: LTP_JAR_DIR_PATH={jar_dir} holds no {' or '.join(JAR_NAMES)}. {_HOW}")
    folder = download_dir()
    candidates = sorted(folder.glob("LanguageTool-*"), key=_version_key) if folder.is_dir() else []
    for path in reversed(candidates):
        for name in JAR_NAMES:
            if (path / name).is_file():
                return path / name
    raise LanguageToolError(
        f"LanguageTool not found: LTP_JAR_DIR_PATH is not set and {folder} has no LanguageTool-*/ folder. {_HOW}"
    )


def _version_key(path: Path) -> tuple[int, ...]:
    digits = path.name.removeprefix("LanguageTool-").split("-")[0].split(".")
    return tuple(int(d) for d in digits if d.isdigit())


def find_java() -> str:
    java = shutil.which("java")
    if not java:
        raise LanguageToolError(f"Java not found on PATH: a local LanguageTool needs Java 17 or newer. {_HOW}")
    return java


def download_languagetool() -> None:
    """Only with --languagetool-download: language-tool-python fetches its default release into LTP_PATH."""
    from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool

    try:
        LocalLanguageTool.from_version_name(LTP_DOWNLOAD_VERSION).download()
    except Exception as exc:  # noqa: BLE001 - any failure of the downloader is one line for the user
        raise LanguageToolError(f"downloading LanguageTool {LTP_DOWNLOAD_VERSION} failed: {exc}") from None


def local_command(download: bool = False) -> list[str]:
    """``java -cp <jar> org.languagetool.server.HTTPServer`` for the LanguageTool found here."""
    java = find_java()
    try:
        jar = find_jar()
    except LanguageToolError:
        if not download:
            raise
        download_languagetool()
        jar = find_jar()
    return [java, "-cp", str(jar), SERVER_CLASS]


def _pdeathsig():
    """A pre-exec hook that makes the kernel send SIGTERM to the server when mtnorm dies (Linux)."""
    return parent_death_signal(signal.SIGTERM)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """One LanguageTool server process on a free loopback port, for the whole run."""

    def __init__(self, command: Sequence[str], *, startup_timeout: float = STARTUP_TIMEOUT) -> None:
        self.command = list(command)
        self.startup_timeout = startup_timeout
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self._finalizer: weakref.finalize | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> LocalServer:
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                [*self.command, "--port", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_pdeathsig(),  # noqa: PLW1509 - needed for PR_SET_PDEATHSIG
            )
        except OSError as exc:
            raise LanguageToolError(f"cannot start LanguageTool ({self.command[0]}): {exc.strerror or exc}") from None
        self._finalizer = weakref.finalize(self, _terminate, self.process)
        _RUNNING.add(self)
        _install_sigterm_handler()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        client = LanguageToolClient(self.url)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            assert self.process is not None
            code = self.process.poll()
            if code is not None:
                tail = self._tail()
                self.stop()
                raise LanguageToolError(f"LanguageTool server exited with code {code} while starting: {tail}")
            try:
                client.probe(timeout=1.0)
                return
            except LanguageToolError:
                if time.monotonic() > deadline:
                    tail = self._tail()
                    self.stop()
                    raise LanguageToolError(
                        f"LanguageTool server did not answer on {self.url} within {self.startup_timeout:.0f} s: {tail}"
                    ) from None
                time.sleep(0.2)

    def _tail(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "(no output)"

    def stop(self) -> None:
        """Terminate the server (its whole process group), then kill it if it lingers; idempotent."""
        if self._finalizer is not None:
            self._finalizer()
        _RUNNING.discard(self)
        with contextlib.suppress(OSError):
            self._log.close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def stop_all() -> None:
    """Stop every server this process started (the CLI calls this when a command ends, however it ends)."""
    for server in list(_RUNNING):
        server.stop()


def _install_sigterm_handler() -> None:
    """SIGTERM ends mtnorm like Ctrl-C does, so the server is stopped on the way out."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum: int, _frame: object) -> None:
    stop_all()
    raise SystemExit(128 + signum)
