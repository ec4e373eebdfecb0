"""One file through the pipeline: the unit of work of a batch run.

`process_file` reads one input (size, NUL and encoding checks), normalizes it,
writes the output atomically, and describes what happened in a `FileOutcome`
— it never raises for bad input, so one broken file cannot stop a batch. It is
a module-level function of picklable arguments, so any engine
(`normalizer.batch.engines`) can ship it to another process or machine; the
Normalizer comes from this process's cache (`normalizer.batch.worker`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar

from ..budget import seconds_for, time_budget
from ..errors import DocumentError, InputError, MtnormError
from ..io import DEFAULT_MAX_BYTES, atomic_write, decode_input, newline_of, read_input_bytes, rewrite_problem, write_then_commit
from ..options import Options
from ..pipeline import Normalizer, Result
from .files import FileTask
from .worker import get_normalizer

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future, ThreadPoolExecutor

T = TypeVar("T")
Status = Literal["changed", "unchanged", "failed", "skipped"]
#: How a driver's run ended (the CLI turns it into an exit code): "failures" means some files or
#: lines failed and the rest was written; "stopped": a bad line with --on-error fail.
Ending = Literal["done", "failures", "stopped", "interrupted"]


@dataclass(frozen=True)
class BatchSettings:
    """How files are read and written; the same for every file of a run (picklable)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str = "utf-8"  # "utf-8" (BOM allowed) or "auto" (charset-normalizer)
    newline: str = "keep"  # "keep" the input's line breaks, or write "lf" / "crlf"
    keep_text: bool = False  # return the original text in the outcome
    keep_result: bool = False  # return the full Result (edits, offsets) in the outcome
    write_unchanged: bool = True  # False for --in-place: an unchanged file is not rewritten
    in_place: bool = False  # rewrite the file a link points to, refuse read-only files and other owners' (io.rewrite_problem)
    time_limit: float | None = None  # seconds per document; None: budget.default_seconds, 0: none (--time-limit)


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
    committed: Future[None] | None = field(default=None, repr=False, compare=False)  # see process_file


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


def fix_document(normalizer: Normalizer, text: str, name: str, settings: BatchSettings) -> tuple[Result, str]:
    """The Result and the text ``fix`` writes for one document, within its time budget.

    The one place every command judges a document (fix, check, diff, explain):
    same line breaks, same budget. A document that fails (time budget, a lexicon
    pattern that gives up) raises `InputError` naming it.
    """
    try:
        with time_budget(seconds_for(settings.time_limit, len(text))):
            return normalize_text(normalizer, text, settings.newline)
    except DocumentError as exc:
        raise InputError(name, str(exc)) from None


def process_file(task: FileTask, options: Options, settings: BatchSettings, committer: Executor | None = None) -> FileOutcome:
    """Read, normalize and (if ``task.target``) write one file; failures come back as an outcome.
    ``committer``: the file's last step (fsync and rename) is left to it, and ``outcome.committed``
    holds that step until `_committed` settles it (`process_files`)."""
    outcome = FileOutcome(task, "failed")
    try:
        data = read_input_bytes(task.source, settings.max_bytes)
        outcome.bytes_read = len(data)
        outcome.input_hash = hashlib.sha256(data).hexdigest()
        text, outcome.encoding = decode_input(data, task.source, settings.encoding)
        del data  # the text is all that is needed now: the bytes are not kept through the pipeline
        result, out = fix_document(get_normalizer(options), text, task.source, settings)
        changed = out != text
        outcome.status = "changed" if changed else "unchanged"
        outcome.counts = result.counts()
        if settings.keep_text:
            outcome.text = text
        if settings.keep_result:
            outcome.result = result
        if task.target is not None and (changed or settings.write_unchanged):
            problem = rewrite_problem(task.target) if settings.in_place else None
            if problem:
                raise InputError(task.source, problem)
            try:
                if committer is None:
                    atomic_write(task.target, out, follow_link=settings.in_place)
                else:
                    outcome.committed = write_then_commit(task.target, out, committer, follow_link=settings.in_place)
            except OSError as exc:
                raise _write_error(task, exc) from None
    except Exception as exc:
        _failed(outcome, exc)
    return outcome


def _write_error(task: FileTask, exc: OSError) -> InputError:
    return InputError(task.source, f"cannot write {task.target}: {exc.strerror or exc}")


def _failed(outcome: FileOutcome, exc: Exception) -> None:
    if isinstance(exc, MtnormError):
        outcome.error = str(exc)
    else:  # a bug on one file must not end a run over ten thousand: report it, go on
        outcome.error = f"{outcome.task.source}: internal error ({type(exc).__name__}: {exc}); please report"
    outcome.status, outcome.counts, outcome.result, outcome.text = "failed", {}, None, None


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM in a worker part-way through a batch, carrying the outcomes of the files it finished
    (written completely), so the main process can still record them in the manifest."""

    def __init__(self, outcomes: list[FileOutcome]) -> None:
        super().__init__(outcomes)
        self.outcomes = outcomes


def process_files(tasks: list[FileTask], options: Options, settings: BatchSettings) -> list[FileOutcome]:
    """`process_file` on several files in one trip to a worker process.

    A trip costs the main process about 0.5 ms of CPU (a future, two pickles, thread wake-ups on both
    sides): for 5 KB files that was a tenth of what normalizing them costs, and it is taken from the
    cores the workers run on. The tree driver groups small files (`tree.batches`)."""
    from concurrent.futures import ThreadPoolExecutor  # here: a run over one file never starts a thread

    done: list[FileOutcome] = []
    committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtnorm-commit")
    try:
        for task in tasks:
            done.append(process_file(task, options, settings, committer))
    except KeyboardInterrupt:
        raise BatchInterrupted(_committed(done, committer)) from None
    return _committed(done, committer)


def _committed(done: list[FileOutcome], committer: ThreadPoolExecutor) -> list[FileOutcome]:
    """The outcomes once each file left to ``committer`` is in place or has failed (a failure to make it
    durable or to rename it fails the file, as a failure to write it does)."""
    committer.shutdown(wait=True)
    for outcome in done:
        if outcome.committed is not None:
            error = outcome.committed.exception()
            outcome.committed = None  # a future does not travel back to the main process
            if isinstance(error, OSError):
                _failed(outcome, _write_error(outcome.task, error))
            elif isinstance(error, Exception):
                _failed(outcome, error)
            elif error is not None:
                raise error
    return done


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
