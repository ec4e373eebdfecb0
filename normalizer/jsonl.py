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

from .batch import LocalEngine, chunked, default_jobs, get_normalizer
from .batch_run import check_no_overlap, scan_inputs, share_languagetool
from .errors import UsageError
from .io import atomic_output
from .options import Options

CHUNK = 64  # lines per task: enough to amortize the trip to a worker


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


def run_jsonl(args: Any, options: Options) -> int:
    """Exit code: 0 done, 1 some lines skipped or files unreadable, 2 stopped on a bad line (--on-error fail)."""
    if args.in_place:
        raise UsageError("fix: --jsonl writes to standard output or -o OUT, not --in-place")
    if not args.field:
        raise UsageError("fix: --jsonl needs --field NAME (the field to normalize)")
    settings = JsonlSettings(args.field, args.edits_field)
    pattern = args.glob if args.glob_given else "*.jsonl"
    if args.output:
        if "-" in args.paths:
            raise UsageError("fix: standard input goes to standard output; drop -o")
        check_no_overlap(args.paths, args.output)
    tasks = [("-", "<stdin>", None)] if args.paths == ["-"] else None
    if tasks is None:
        if "-" in args.paths:
            raise UsageError("fix: read standard input alone (-), not mixed with files")
        tasks = [
            (t.source, t.relative, t.target if args.output else None) for t in scan_inputs(args.paths, pattern, args.output).tasks
        ]
    counts = {"lines": 0, "changed": 0, "bad": 0, "files_failed": 0}
    options = share_languagetool(options)
    engine = LocalEngine(args.jobs or default_jobs(), options)
    options = options.light()
    try:
        for source, _relative, target in tasks:
            try:
                _convert(source, target, engine, options, settings, args.on_error, counts)
            except OSError as exc:
                counts["files_failed"] += 1
                print(f"mtnorm: {source}: {exc.strerror or exc}", file=sys.stderr)
            except _Fatal as exc:
                print(f"mtnorm: error: {exc} (--on-error fail)", file=sys.stderr)
                engine.close(cancel=True)
                return 2
    except KeyboardInterrupt:
        engine.close(cancel=True)
        print("mtnorm: interrupted", file=sys.stderr)
        return 130
    engine.close()
    if not args.quiet:
        print(
            f"mtnorm: {counts['lines']} records: {counts['changed']} changed, {counts['bad']} bad lines skipped",
            file=sys.stderr,
        )
    return 1 if counts["bad"] or counts["files_failed"] else 0


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
                counts["lines"] += 1
                counts["changed"] += changed
                sink.write(line + "\n")
        sink.flush()
