"""``mtnorm fix --jsonl --field text``: normalize one field of every JSON Lines record.

For data pipelines: records stream through (stdin to stdout, or files), every
other field and the order of keys stay as they were, and ``--edits-field``
adds the edits as ``[{start, end, replacement, kind, rule}]`` with offsets in
characters of the original field value. Lines are parsed and normalized on the
worker processes in chunks, results come back in input order. A bad line
(not JSON, not an object, field missing or not a string) is reported as
``FILE:LINE: reason`` and skipped, or stops the run with ``--on-error fail``.
With ``-o OUT`` each output file is written to a temporary file and renamed
only when complete, so a failed or interrupted run leaves no partial file.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..io import atomic_output
from ..languagetool.backend import share_server
from ..options import Options
from .engines.local import LocalEngine, default_jobs
from .files import check_no_overlap, scan_inputs
from .tasks import Ending, chunked
from .worker import get_normalizer

CHUNK = 64  # lines per task: enough to amortize the trip to a worker


@dataclass(frozen=True)
class JsonlRequest:
    """What ``mtnorm fix --jsonl`` asks: the inputs (``("-",)`` for stdin), where the output goes, and how."""

    paths: tuple[str, ...]
    field: str
    output: str | None = None  # None: standard output
    edits_field: str | None = None
    glob: str = "*.jsonl"
    jobs: int | None = None  # None: every core
    on_error: str = "skip"  # or "fail"
    quiet: bool = False


@dataclass(frozen=True)
class JsonlSettings:
    field: str
    edits_field: str | None


class BadLine(Exception):
    """A line that is not a JSON object with a string in the field (reported as FILE:LINE)."""


LineOutcome = tuple[int, str | None, str | None, bool]


def process_lines(chunk: list[tuple[int, bytes]], options: Options, settings: JsonlSettings) -> list[LineOutcome]:
    """``(line number, output line or None, error or None, changed)`` for each input line."""
    normalizer = get_normalizer(options)
    out: list[LineOutcome] = []
    for number, raw in chunk:
        try:
            record = _parse(raw, settings.field)
        except BadLine as exc:
            out.append((number, None, str(exc), False))
            continue
        result = normalizer.normalize(record[settings.field])
        record[settings.field] = result.text
        if settings.edits_field:
            record[settings.edits_field] = [
                {"start": e.start, "end": e.end, "replacement": e.replacement, "kind": e.kind, "rule": e.rule}
                for e in result.edits
            ]
        out.append((number, json.dumps(record, ensure_ascii=False), None, result.changed))
    return out


def _parse(raw: bytes, field: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise BadLine(f"not a JSON object but {type(record).__name__}")
    if field not in record:
        raise BadLine(f'no field "{field}"')
    if not isinstance(record[field], str):
        raise BadLine(f'field "{field}" is {type(record[field]).__name__}, not a string')
    return record


def _numbered_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(handle, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.rstrip(b"\r\n")
        if raw.strip():  # blank lines carry no record
            yield number, raw


class _Fatal(Exception):
    pass


def run_jsonl(request: JsonlRequest, options: Options) -> Ending:
    """Ends "done"; "failures" when lines were skipped or files unreadable; "stopped" on a bad line with
    ``on_error="fail"``; "interrupted"."""
    settings = JsonlSettings(request.field, request.edits_field)
    if request.output:
        check_no_overlap(request.paths, request.output)
    if request.paths == ("-",):
        tasks: list[tuple[str, str | None]] = [("-", None)]
    else:
        found = scan_inputs(request.paths, request.glob, request.output).tasks
        tasks = [(t.source, t.target if request.output else None) for t in found]
    counts = {"lines": 0, "changed": 0, "bad": 0, "files_failed": 0}
    options = share_server(options)
    engine = LocalEngine(request.jobs or default_jobs(), options)
    options = options.light()
    try:
        for source, target in tasks:
            try:
                _convert(source, target, engine, options, settings, request.on_error, counts)
            except OSError as exc:
                counts["files_failed"] += 1
                print(f"mtnorm: {source}: {exc.strerror or exc}", file=sys.stderr)
            except _Fatal as exc:
                print(f"mtnorm: error: {exc} (--on-error fail)", file=sys.stderr)
                engine.close(cancel=True)
                return "stopped"
    except KeyboardInterrupt:
        engine.close(cancel=True)
        print("mtnorm: interrupted", file=sys.stderr)
        return "interrupted"
    engine.close()
    if not request.quiet:
        print(
            f"mtnorm: {counts['lines']} records: {counts['changed']} changed, {counts['bad']} bad lines skipped",
            file=sys.stderr,
        )
    return "failures" if counts["bad"] or counts["files_failed"] else "done"


def _convert(
    source: str,
    target: str | None,
    engine: LocalEngine,
    options: Options,
    settings: JsonlSettings,
    on_error: str,
    counts: dict[str, int],
) -> None:
    name = "<stdin>" if source == "-" else source
    done = {"lines": 0, "changed": 0}  # counted into the summary only once written (a file under OUT: once renamed)
    renamed = False
    try:
        _stream(source, name, target, engine, options, settings, on_error, counts, done)
        renamed = True
    except OSError as exc:
        if target is not None and exc.filename is None:  # the output, not the input, failed
            raise OSError(exc.errno, f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    finally:
        if target is None or renamed:  # to standard output what was written is written, even on an error
            counts["lines"] += done["lines"]
            counts["changed"] += done["changed"]


def _stream(
    source: str,
    name: str,
    target: str | None,
    engine: LocalEngine,
    options: Options,
    settings: JsonlSettings,
    on_error: str,
    counts: dict[str, int],
    done: dict[str, int],
) -> None:
    with contextlib.ExitStack() as stack:
        handle = sys.stdin.buffer if source == "-" else stack.enter_context(open(source, "rb"))
        # a file under OUT appears only when complete (a bad line with --on-error fail leaves none)
        sink = sys.stdout if target is None else stack.enter_context(atomic_output(target))
        for results in engine.map(process_lines, chunked(_numbered_lines(handle), CHUNK), options, settings):
            for number, line, error, changed in results:
                if error is not None:
                    if on_error == "fail":
                        raise _Fatal(f"{name}:{number}: {error}")
                    counts["bad"] += 1
                    print(f"mtnorm: {name}:{number}: {error}; line skipped", file=sys.stderr)
                    continue
                sink.write(line + "\n")
                done["lines"] += 1
                done["changed"] += changed
        sink.flush()
