"""A STAND-IN for LanguageTool's HTTP server (LanguageTool itself cannot be installed on these machines).

It speaks the part of LanguageTool's API that mtnorm uses — ``GET /v2/languages``
and ``POST /v2/check`` with form fields — and answers with the matches in
tests/data/languagetool_matches.json, found in the posted text by regular
expression. Offsets and lengths are counted in UTF-16 code units, as the real
(Java) server counts them, computed here independently of mtnorm's own code
(by encoding to UTF-16). Every request is recorded so tests can check batching
and concurrency.

Run in a thread (`StandIn`) or as a process: ``python lt_standin.py --port N``
(this is what the fake ``java`` of the process tests runs).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = json.loads((Path(__file__).parent / "data" / "languagetool_matches.json").read_text(encoding="utf-8"))
LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def answer(text: str, enabled: set[str] | None = None) -> dict:
    """What LanguageTool would answer for ``text``: the recorded matches found in it."""
    matches = []
    for entry in RECORDED["matches"]:
        template = entry["match"]
        if enabled is not None and template["rule"]["id"] not in enabled:
            continue
        for m in re.finditer(entry["find"], text):
            start, end = m.span(1)
            offset, length = utf16_len(text[:start]), utf16_len(text[start:end])
            ctx_start = max(0, start - 40)
            context = text[ctx_start : end + 40].replace("\n", " ")
            matches.append(
                {
                    **json.loads(json.dumps(template)),
                    "offset": offset,
                    "length": length,
                    "context": {"text": context, "offset": utf16_len(text[ctx_start:start]), "length": length},
                    "sentence": text[max(0, start - 20) : end + 20],
                }
            )
    matches.sort(key=lambda x: x["offset"])
    return {
        "software": RECORDED["software"],
        "warnings": {"incompleteResults": False},
        "language": {
            "name": "English (US)",
            "code": "en-US",
            "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99},
        },
        "matches": matches,
    }


class StandIn:
    """The stand-in server on 127.0.0.1 and a random port, in a thread of the test process."""

    def __init__(self, *, barrier: threading.Barrier | None = None, hang_marker: Path | None = None, fail: bool = False):
        self.requests: list[dict[str, str]] = []
        self.gets: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.barrier = barrier
        self.hang_marker = hang_marker
        self.fail = fail
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(state: StandIn):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def _send(self, code: int, body: object) -> None:
            data = json.dumps(body).encode("utf-8") if not isinstance(body, bytes) else body
            self.send_response(code)
            self.send_header("Content-Type", "application/json" if code == 200 else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            with state.lock:
                state.gets.append(self.path)
            if self.path.rstrip("/") == "/v2/languages":
                self._send(200, LANGUAGES)
            else:
                self._send(404, b"not found")

        def do_POST(self) -> None:  # noqa: N802
            if self.path.rstrip("/") != "/v2/check":
                self._send(404, b"not found")
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8")).items()}
            with state.lock:
                state.requests.append(form)
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            try:
                if state.hang_marker is not None:
                    state.hang_marker.write_text("waiting", encoding="utf-8")
                    time.sleep(3600)
                if state.barrier is not None:
                    state.barrier.wait()  # only passes when enough requests are in flight together
                if state.fail:
                    status, body = 500, b"Error: internal error in the stand-in"
                else:
                    enabled = set(form["enabledRules"].split(",")) if form.get("enabledOnly") == "true" else None
                    status, body = 200, answer(form["text"], enabled)
            except threading.BrokenBarrierError:
                status, body = 500, b"Error: requests were not concurrent"
            finally:
                # before the answer goes out: once the client has it, its next request may arrive at once
                # (counting after sending made a serial client look concurrent on a loaded machine)
                with state.lock:
                    state.in_flight -= 1
            self._send(status, body)

    return Handler


def main() -> None:
    """As a process (the fake ``java``): ``... --port N``; appends its pid to $STANDIN_PIDFILE."""
    port = int(sys.argv[sys.argv.index("--port") + 1])
    pidfile = os.environ.get("STANDIN_PIDFILE")
    if pidfile:  # one line per server started: tests count them
        with open(pidfile, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
    if os.environ.get("STANDIN_CRASH"):  # like a JVM that cannot load the server class
        print("Error: Could not find or load main class org.languagetool.server.HTTPServer", file=sys.stderr)
        sys.exit(1)
    hang = os.environ.get("STANDIN_HANG_MARKER")
    state = StandIn(hang_marker=Path(hang) if hang else None, fail=bool(os.environ.get("STANDIN_FAIL")))
    state.server.server_close()
    state.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    state.server.daemon_threads = True
    state.server.serve_forever()


if __name__ == "__main__":
    main()
