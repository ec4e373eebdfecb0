"""A client for LanguageTool's HTTP API (``POST /v2/check``), batched and bounded.

Why not ``language_tool_python.LanguageTool.check``: its `Match` converts
offsets through class attributes shared by every instance (not safe with
concurrent requests), and converts the offset but not the length from UTF-16
units. This client keeps the same request shape (form fields ``text``,
``language``, ``enabledRules``, ``enabledOnly``) and does the conversion for
both ends of a match. Text goes in batches of whole lines, at most
``concurrency`` requests at a time, through one thread pool per run.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import MtnormError
from ..options import DEFAULT_LANGUAGETOOL_CONCURRENCY

BATCH_CHARS = 8000  # LanguageTool's default server limit is far higher; small batches spread over workers
PROBE_TIMEOUT = 3.0  # seconds: an unreachable server must be reported quickly
CHECK_TIMEOUT = 120.0


class LanguageToolError(MtnormError):
    """LanguageTool was asked for and cannot be used (missing, unreachable, or answering nonsense)."""


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, with ``start``/``end`` as Python string indices."""

    start: int
    end: int
    replacements: tuple[str, ...]
    rule_id: str
    category: str
    message: str


def base_url(url: str) -> str:
    """``http://host:8081``, ``…/v2`` and ``…/v2/`` all name the same server."""
    url = url.strip().rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise LanguageToolError(f"--languagetool-url: {url!r} is not an http(s) URL of a LanguageTool server")
    return url


class Utf16Index:
    """Maps LanguageTool offsets (UTF-16 code units, as Java counts) to Python indices.

    Characters outside the Basic Multilingual Plane (emoji, some CJK) are two
    UTF-16 units but one Python character; without this map every edit after
    an emoji lands one character too far.
    """

    def __init__(self, text: str) -> None:
        self.identity = all(ord(c) <= 0xFFFF for c in text) if not text.isascii() else True
        self.units: list[int] = []
        if not self.identity:
            pos = 0
            for ch in text:
                self.units.append(pos)
                pos += 2 if ord(ch) > 0xFFFF else 1
            self.units.append(pos)

    def index(self, unit: int) -> int | None:
        """The Python index at UTF-16 offset ``unit``; None inside a surrogate pair or out of range."""
        if self.identity:
            return unit
        i = bisect_left(self.units, unit)
        return i if i < len(self.units) and self.units[i] == unit else None


def batches(text: str, limit: int = BATCH_CHARS) -> list[tuple[int, int]]:
    """Spans of whole lines, each at most ``limit`` characters unless one line is longer."""
    spans: list[tuple[int, int]] = []
    start = pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl + 1
        if line_end - start > limit and pos > start:
            spans.append((start, pos))
            start = pos
        pos = line_end
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def parse_matches(text: str, payload: object, where: str) -> list[LTMatch]:
    """The ``matches`` of a /v2/check answer, offsets converted; malformed answers are an error."""
    if not isinstance(payload, dict) or not isinstance(payload.get("matches"), list):
        raise LanguageToolError(f"{where}: the answer is not LanguageTool's /v2/check JSON (no 'matches' list)")
    index = Utf16Index(text)
    found = []
    for m in payload["matches"]:
        try:
            offset, length = int(m["offset"]), int(m["length"])
            rule = m["rule"]
            rule_id, category = str(rule["id"]), str(rule.get("category", {}).get("id", ""))
            replacements = tuple(str(r["value"]) for r in m.get("replacements", []))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise LanguageToolError(f"{where}: a match in the answer lacks offset/length/rule") from None
        start, end = index.index(offset), index.index(offset + length)
        if start is None or end is None or end > len(text) or start > end:
            continue
        found.append(LTMatch(start, end, replacements, rule_id, category, str(m.get("message", ""))))
    return found


class LanguageToolClient:
    """Talks to one LanguageTool server for a whole run."""

    def __init__(
        self,
        url: str,
        *,
        concurrency: int = DEFAULT_LANGUAGETOOL_CONCURRENCY,
        language: str = "en-US",
        enabled_rules: Iterable[str] = (),
        enabled_categories: Iterable[str] = (),
        batch_chars: int = BATCH_CHARS,
    ) -> None:
        if concurrency < 1:
            raise LanguageToolError(f"--languagetool-concurrency must be at least 1 (got {concurrency})")
        self.url = base_url(url)
        self.language = language
        self.enabled_rules = sorted(enabled_rules)
        self.enabled_categories = sorted(enabled_categories)
        self.batch_chars = batch_chars
        self.concurrency = concurrency
        import urllib.request  # 0.05 s to import: only when LanguageTool is used, not at every start

        host = urllib.parse.urlparse(self.url).hostname or ""
        # a server on this machine is never reached through an http_proxy from the environment
        loopback = host in ("localhost", "::1") or host.startswith("127.")
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({})) if loopback else urllib.request.build_opener()

    def probe(self, timeout: float = PROBE_TIMEOUT) -> None:
        """Fail fast, naming the server, when nothing answers like LanguageTool at the URL."""
        endpoint = f"{self.url}/v2/languages"
        try:
            with self._opener.open(endpoint, timeout=timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise LanguageToolError(
                f"{endpoint}: answered HTTP {exc.code} {exc.reason}; is {self.url} a LanguageTool server?"
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LanguageToolError(
                f"LanguageTool server at {self.url} is not reachable ({reason}). Start one "
                "(docker run -p 8081:8010 erikvl87/languagetool, or from a release: java -cp languagetool-server.jar "
                "org.languagetool.server.HTTPServer --port 8081) and pass its URL with --languagetool-url or "
                "MTNORM_LANGUAGETOOL_URL; or use --grammar builtin"
            ) from None
        if not isinstance(data, list) or not any(isinstance(x, dict) and "longCode" in x for x in data):
            raise LanguageToolError(f"{endpoint}: does not answer like a LanguageTool server (no language list)")

    def _post(self, text: str) -> list[LTMatch]:
        fields = {"text": text, "language": self.language}
        if self.enabled_rules or self.enabled_categories:
            fields["enabledOnly"] = "true"
            if self.enabled_rules:
                fields["enabledRules"] = ",".join(self.enabled_rules)
            if self.enabled_categories:
                fields["enabledCategories"] = ",".join(self.enabled_categories)
        body = urllib.parse.urlencode(fields).encode("utf-8")
        endpoint = f"{self.url}/v2/check"
        request = urllib.request.Request(endpoint, data=body, headers={"Accept": "application/json"})
        try:
            with self._opener.open(request, timeout=CHECK_TIMEOUT) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read(200).decode("utf-8", "replace").strip()
            raise LanguageToolError(f"{endpoint}: HTTP {exc.code} {detail}".rstrip()) from None
        except (urllib.error.URLError, OSError) as exc:
            raise LanguageToolError(f"{endpoint}: {getattr(exc, 'reason', exc)}") from None
        except ValueError:
            raise LanguageToolError(f"{endpoint}: the answer is not JSON") from None
        return parse_matches(text, payload, endpoint)

    def check(self, text: str) -> list[LTMatch]:
        """Every match in ``text`` (Python offsets), checking batches of lines concurrently."""
        spans = batches(text, self.batch_chars)
        results = self._map([text[s:e] for s, e in spans])
        out = []
        for (start, _), matches in zip(spans, results, strict=True):
            out += [LTMatch(m.start + start, m.end + start, m.replacements, m.rule_id, m.category, m.message) for m in matches]
        return out

    def _map(self, texts: list[str]) -> list[list[LTMatch]]:
        """`_post` over ``texts`` with at most ``concurrency`` requests in flight.

        Daemon threads rather than a ThreadPoolExecutor: the executor's workers
        are joined at interpreter exit, so Ctrl-C during a request to a server
        that does not answer would hang until the request's timeout.
        """
        if len(texts) <= 1 or self.concurrency == 1:
            return [self._post(t) for t in texts]
        results: list[list[LTMatch] | None] = [None] * len(texts)
        errors: list[BaseException] = []
        slots = threading.BoundedSemaphore(self.concurrency)

        def work(i: int) -> None:
            try:
                results[i] = self._post(texts[i])
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                errors.append(exc)
            finally:
                slots.release()

        threads = []
        for i in range(len(texts)):
            slots.acquire()
            if errors:
                slots.release()
                break
            thread = threading.Thread(target=work, args=(i,), name="mtnorm-lt", daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return [r if r is not None else [] for r in results]

    def close(self) -> None:
        """Nothing to release: threads live only as long as one `check`."""
