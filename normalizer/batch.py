"""One file through the pipeline, and an engine that runs many files in parallel.

The unit of work is `process_file`: read one input (size, NUL and encoding
checks), normalize it, write the output atomically, and describe what happened
in a `FileOutcome` — it never raises for bad input, so one broken file cannot
stop a batch. It is a module-level function of picklable arguments, so any
engine can ship it to another process or machine (`LocalEngine` here; Ray in
`normalizer.engines`). Each worker builds its `Normalizer` once, through
`get_normalizer`, because compiling the lexicons costs far more than one file.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .errors import InputError, MtnormError
from .io import DEFAULT_MAX_BYTES, atomic_write, decode, read_input_bytes
from .options import Options
from .pipeline import Normalizer, Result

T = TypeVar("T")
Status = Literal["changed", "unchanged", "failed", "skipped"]
ENCODINGS = ("utf-8", "auto")
NEWLINES = ("keep", "lf", "crlf")


@dataclass(frozen=True, slots=True)
class FileTask:
    """One input file, its path relative to its input root, and where the output goes (None: nowhere)."""

    source: str
    relative: str
    target: str | None


@dataclass(frozen=True)
class BatchSettings:
    """How files are read and written; the same for every file of a run (picklable)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str = "utf-8"  # "utf-8" (BOM allowed) or "auto" (charset-normalizer)
    newline: str = "keep"  # "keep" the input's line breaks, or write "lf" / "crlf"
    keep_text: bool = False  # return the original text in the outcome
    keep_result: bool = False  # return the full Result (edits, offsets) in the outcome
    write_unchanged: bool = True  # False for --in-place: an unchanged file is not rewritten


@dataclass
class FileOutcome:
    """What happened to one file; small unless ``keep_text``/``keep_result`` asked for more."""

    task: FileTask
    status: Status
    error: str | None = None
    text: str | None = None
    result: Result | None = None
    bytes_read: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    input_hash: str | None = None  # sha256 of the bytes read, for the resume manifest
    encoding: str | None = None  # the encoding the input was decoded as (a guess with --encoding auto)


_NORMALIZERS: dict[str, Normalizer] = {}


def get_normalizer(options: Options) -> Normalizer:
    """This process's Normalizer for ``options``, built on first use and then reused (keyed by `Options.cache_key`)."""
    key = options.cache_key()
    normalizer = _NORMALIZERS.get(key)
    if normalizer is None:
        if options.corpus_evidence is None and options.corpus_evidence_sha256 is not None:
            # light options (`Options.light`) only find a Normalizer the engine built from the full ones
            raise RuntimeError("internal error: a task's options carry corpus evidence this worker was never given")
        normalizer = Normalizer(options)
        _NORMALIZERS[key] = normalizer
        # a pool worker leaves through os._exit: atexit would not run, multiprocessing finalizers do
        multiprocessing.util.Finalize(normalizer, normalizer.close, exitpriority=10)
    return normalizer


def decode_input(data: bytes, name: str, encoding: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding used; `InputError` when it is not text."""
    try:
        return decode(data, name), "utf-8"
    except InputError:
        if encoding == "utf-8":
            raise
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    # single-byte code pages often tie on Latin text; for English, Windows-1252 is the likely one
    for match in matches:
        if best is not None and match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            best = match
    if best is None:
        raise InputError(name, "binary or unknown encoding (charset-normalizer found no match)")
    text = str(best)
    if "\x00" in text:
        raise InputError(name, f"binary file (NUL characters after decoding as {best.encoding})")
    return (text[1:] if text.startswith("\ufeff") else text), best.encoding


def newline_of(text: str) -> str:
    """The line break most lines of ``text`` end with: CRLF or LF."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def normalize_text(normalizer: Normalizer, text: str, newline: str = "keep") -> tuple[Result, str]:
    """Normalize ``text`` keeping (or setting) its line breaks; the Result and the text to write.

    CRLF pairs become LF before the pipeline (so a Windows file is not counted
    as changed on every line) and are put back afterwards; the Result's input
    is then the LF form of the text.
    """
    style = {"lf": "\n", "crlf": "\r\n"}.get(newline) or newline_of(text)
    plain = text.replace("\r\n", "\n") if "\r\n" in text else text
    result = normalizer.normalize(plain)
    out = result.text.replace("\n", "\r\n") if style == "\r\n" else result.text
    return result, out


def process_file(task: FileTask, options: Options, settings: BatchSettings) -> FileOutcome:
    """Read, normalize and (if ``task.target``) write one file; failures come back as an outcome."""
    outcome = FileOutcome(task, "failed")
    try:
        data = read_input_bytes(task.source, settings.max_bytes)
        outcome.bytes_read = len(data)
        outcome.input_hash = hashlib.sha256(data).hexdigest()
        text, outcome.encoding = decode_input(data, task.source, settings.encoding)
        result, out = normalize_text(get_normalizer(options), text, settings.newline)
        changed = out != text
        outcome.status = "changed" if changed else "unchanged"
        outcome.counts = result.counts()
        if settings.keep_text:
            outcome.text = text
        if settings.keep_result:
            outcome.result = result
        if task.target is not None and (changed or settings.write_unchanged):
            try:
                atomic_write(task.target, out)
            except OSError as exc:
                raise InputError(task.source, f"cannot write {task.target}: {exc.strerror or exc}") from None
    except MtnormError as exc:
        outcome.status, outcome.error = "failed", str(exc)
        outcome.counts, outcome.result, outcome.text = {}, None, None
    except Exception as exc:  # a bug on one file must not end a run over ten thousand: report it, go on
        outcome.status, outcome.error = "failed", f"{task.source}: internal error ({type(exc).__name__}: {exc}); please report"
        outcome.counts, outcome.result, outcome.text = {}, None, None
    return outcome


def _worker_init(options: Options | None) -> None:
    """Pool worker start: Ctrl-C is the main process's to handle; SIGTERM unwinds (temp files removed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, raise_interrupt)
    if options is not None:
        get_normalizer(options)


def raise_interrupt(signum: int, frame: object) -> None:
    """SIGTERM handled as Ctrl-C is: the same unwinding (temporary files removed, manifest saved)."""
    raise KeyboardInterrupt(f"signal {signum}")


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LocalEngine:
    """Runs ``fn(item, *args)`` over items on ``jobs`` local processes, yielding results in input order.

    ``jobs=1`` runs in this process (no pool, nothing to pickle). Work is
    submitted a window ahead of what has been consumed, so memory stays bounded
    on endless inputs (a JSON Lines stream) and on trees of any size.
    ``options``, when given, builds the Normalizer in each worker as it starts
    (from the full options: tasks may then carry `Options.light` ones).
    """

    def __init__(self, jobs: int | None = None, options: Options | None = None, window: int | None = None) -> None:
        self.jobs = max(1, jobs or default_jobs())
        self.window = window or self.jobs * 4
        self._pool: ProcessPoolExecutor | None = None
        if options is not None:
            options.cache_key()  # computed once here; the key travels with the options to every worker
        if self.jobs == 1:
            if options is not None:
                get_normalizer(options)
        else:
            if options is not None and options.grammar != "languagetool":
                # Load the lazy tables (word frequencies, dictionaries, sentence splitter) here, once: the
                # forked workers share those pages instead of each holding a copy (PSS 270 -> 200 MB on
                # 2 workers); gc.freeze keeps the collector from touching, and so copying, them.
                get_normalizer(options).normalize("warm up: the Meeting with nato in june, andcalled.")
                gc.freeze()
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_init,
                initargs=(options,),
            )
            # start the workers now: forked before the caller builds its file lists, they do not carry copies of them
            self._pool.submit(int).result()
        self._pending: deque[Future[Any]] = deque()

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]:
        if self._pool is None:
            for item in items:
                yield fn(item, *args)
            return
        pending = self._pending
        for item in items:
            pending.append(self._pool.submit(fn, item, *args))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self, cancel: bool = False) -> None:
        """Stop the workers. ``cancel``: drop queued work, let each worker finish the file it is on."""
        if self._pool is not None:
            if cancel:
                for future in self._pending:
                    future.cancel()
            self._pending.clear()
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(cancel=kind is not None)


def _normalize_chunk(texts: list[str], options: Options) -> list[Result]:
    normalizer = get_normalizer(options)
    return [normalizer.normalize(t) for t in texts]


def normalize_many(
    texts: Iterable[str], options: Options | None = None, jobs: int | None = 1, chunk: int = 32
) -> Iterator[Result]:
    """Results for ``texts`` in order (any iterable, also an endless one).

    ``jobs=1`` runs in this process; more use that many worker processes
    (``None``: every core), each building its Normalizer from ``options`` once.
    """
    options = options or Options()
    if jobs == 1:
        with Normalizer(options) as normalizer:
            for text in texts:
                yield normalizer.normalize(text)
        return
    with LocalEngine(jobs, options) as engine:
        for results in engine.map(_normalize_chunk, chunked(texts, chunk), options.light()):
            yield from results


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter): one task's worth, to amortize the trip to a worker."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
