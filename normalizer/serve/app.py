"""The ASGI application of ``mtnorm serve`` (Starlette).

Routes: ``POST /v1/normalize``, ``GET /v1/rules``, ``GET /healthz`` and
LanguageTool's ``POST|GET /v2/check`` and ``GET /v2/languages``.

Every answer, errors included, is JSON. Bodies are read up to the size limit
(413 beyond it), each request runs under the time limit (503 beyond it), and a
client's mistake is a 400 with a message. Logs carry the method, path, status,
sizes and time of each request, never the text, the query string or an
exception's message (which might quote the text).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..edits import ARTIFACT_CLASSES
from ..errors import MtnormError
from ..version import __version__
from . import languagetool_api as lt
from .engine import Normalizers
from .requests import BadRequest, RequestOptions, form_names, parse_normalize
from .rules import rule_catalogue
from .settings import ServeSettings

log = logging.getLogger("mtnorm.serve")


class TooLarge(Exception):
    pass


class JSON(JSONResponse):
    """UTF-8 JSON; a lone surrogate (valid in JSON input, not in UTF-8) is written escaped."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(content, separators=(",", ":")).encode("ascii")


def error(status: int, message: str) -> JSON:
    return JSON({"error": message, "status": status}, status_code=status)


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


Handler = Callable[[Request], Awaitable[Response]]


def guarded(handler: Handler) -> Handler:
    """Limits and errors the same way for every route."""

    async def wrapped(request: Request) -> Response:
        settings: ServeSettings = request.state.settings
        try:
            with anyio.fail_after(settings.timeout):
                return await handler(request)
        except BadRequest as exc:
            return error(400, str(exc))
        except TooLarge:
            return error(413, f"request body larger than the limit of {settings.max_request_bytes} bytes")
        except TimeoutError:
            return error(503, f"request took longer than the limit of {settings.timeout:g} s")
        except Exception as exc:  # noqa: BLE001 - logged without its message (it may quote the text)
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
            log.error("%s %s failed: %s at %s", request.method, request.url.path, type(exc).__name__, where)
            return error(500, f"internal error ({type(exc).__name__}); the server log says where")

    return wrapped


async def normalize_texts(request: Request, options: RequestOptions, texts: list[str]) -> list[Any]:
    """Run on a worker thread; a request that times out stops its thread before the next text."""
    normalizers: Normalizers = request.state.normalizers
    cancelled = threading.Event()

    def work() -> list[Any]:
        return normalizers.run(normalizers.get(options), texts, cancelled)

    try:
        return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except BaseException:
        cancelled.set()
        raise


@guarded
async def v1_normalize(request: Request) -> Response:
    body = await read_body(request, request.state.settings.max_request_bytes)
    try:
        parsed = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise BadRequest(f"the body is not JSON{where}") from None
    req = parse_normalize(parsed)
    results = await normalize_texts(request, req.options, req.texts)
    items = [_v1_result(r, req.with_edits) for r in results]
    return JSON({"results": items} if req.batch else items[0])


def _v1_result(result: Any, with_edits: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"text": result.text, "changed": result.changed}
    if with_edits:
        out["edits"] = [
            {
                "start": e.start,
                "end": e.end,
                "class": e.kind,
                "rule": e.rule,
                "before": e.before,
                "after": e.replacement,
                "message": e.message,
            }
            for e in result.edits
        ]
    return out


@guarded
async def v1_rules(request: Request) -> Response:
    return JSON(rule_catalogue(request.state.normalizers.default))


@guarded
async def healthz(request: Request) -> Response:
    normalizer = request.state.normalizers.default
    return JSON(
        {
            "status": "ok",
            "version": __version__,
            "pid": os.getpid(),
            "classes": [c for c in ARTIFACT_CLASSES if c in normalizer.classes],
            "lexicon_entries": len(normalizer.lexicon.entries),
        }
    )


@guarded
async def v2_languages(request: Request) -> Response:
    return JSON(lt.LANGUAGES)


@guarded
async def v2_check(request: Request) -> Response:
    params = await _lt_params(request)
    lang = lt.language(_last(params, "language"))
    text, data = _last(params, "text"), _last(params, "data")
    if (text is None) == (data is None):
        raise BadRequest("give exactly one of 'text' or 'data' (annotated text)")
    sent_text, segments = None, None
    if data is not None:
        sent_text, text, segments = lt.parse_annotation(data)
    assert text is not None
    only = form_names(params.get("enabledCategories", [])) if _last(params, "enabledOnly") == "true" else None
    options = RequestOptions.build(
        only=only or None,
        skip=form_names(params.get("disabledCategories", [])) or None,
        disable=form_names(params.get("disabledRules", [])) or None,
    )
    (result,) = await normalize_texts(request, options, [text])
    return JSON(lt.check_response(result, lang, sent_text=sent_text, segments=segments))


async def _lt_params(request: Request) -> dict[str, list[str]]:
    """Query and form parameters, as LanguageTool accepts both (form wins)."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request, request.state.settings.max_request_bytes)
        if body and kind not in ("application/x-www-form-urlencoded", ""):
            raise BadRequest(f"send the parameters as application/x-www-form-urlencoded, not {kind}")
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise BadRequest("the form is not UTF-8") from None
        for key, value in pairs:
            params.setdefault(key, []).append(value)
    return params


def _last(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[-1] if values else None


class AccessLog:
    """One line per request: method, path (no query: it may hold text), status, bytes, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen = {"status": 0, "in": 0, "out": 0}
        log.debug("%s %s started", scope["method"], scope["path"])

        async def counting_receive() -> Message:
            message = await receive()
            seen["in"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            log.info(
                "%s %s %d %d B in %d B out %.1f ms",
                scope["method"],
                scope["path"],
                seen["status"],
                seen["in"],
                seen["out"],
                (time.perf_counter() - started) * 1000,
            )


async def not_found(request: Request, exc: Exception) -> Response:
    return error(404, f"no such endpoint: {request.method} {request.url.path}")


async def not_allowed(request: Request, exc: Exception) -> Response:
    return error(405, f"method {request.method} not allowed on {request.url.path}")


def create_app(settings: ServeSettings | None = None) -> Starlette:
    """The application; the normalizer is built once, when the worker process starts."""
    settings = settings or ServeSettings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        try:
            normalizers = Normalizers(settings.options())
        except MtnormError as exc:
            log.error("cannot start: %s", exc)
            raise
        log.info(
            "worker ready: %d lexicon entries, classes %s",
            len(normalizers.default.lexicon.entries),
            ",".join(c for c in ARTIFACT_CLASSES if c in normalizers.default.classes),
        )
        try:
            yield {"normalizers": normalizers, "settings": settings}
        finally:
            normalizers.close()

    app = Starlette(
        routes=[
            Route("/v1/normalize", v1_normalize, methods=["POST"]),
            Route("/v1/rules", v1_rules, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/v2/check", v2_check, methods=["GET", "POST"]),
            Route("/v2/languages", v2_languages, methods=["GET"]),
        ],
        exception_handlers={404: not_found, 405: not_allowed},
        lifespan=lifespan,
    )
    app.add_middleware(AccessLog)
    return app


def app_from_environment() -> ASGIApp:
    """uvicorn's factory in each worker process: settings from `settings.ENV`."""
    return create_app(ServeSettings.from_env())
