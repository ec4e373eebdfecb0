"""``mtnorm fix DIR... -o OUT``: a whole tree, in parallel, resumable, safe to interrupt.

The main process walks the inputs, skips what the manifest says is up to
date, hands the rest to an engine (`LocalEngine` or Ray), and consumes the
outcomes in input order: progress bar, error lines, manifest, summary. Workers
do the reading and writing, so the main process never holds more than a
window of small outcomes (and, with ``--report``, the changed documents).

Interrupts (Ctrl-C, SIGTERM) stop handing out work, let each worker finish the
file it is on (its output is complete, or its temporary file removed), save
the manifest of what is done, sweep any temporary file left in the folders
that were being written, and end "interrupted" (exit 130).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ..errors import UsageError
from ..io import TEMP_SUFFIX, sweep_temp_files
from ..languagetool.backend import share_server
from ..options import Options
from ..pipeline import Result
from ..reports.html import ReportDocument, write_report
from .engines import Engine, make_engine
from .engines.local import LocalEngine, default_jobs
from .files import FileTask, check_no_overlap, scan_inputs
from .manifest import Manifest, config_hash
from .progress import Progress, Stats
from .tasks import BatchInterrupted, BatchSettings, Ending, FileOutcome, process_file, process_files
from .worker import raise_interrupt


@dataclass(frozen=True)
class TreeRequest:
    """What ``mtnorm fix PATH... -o OUT`` / ``--in-place`` asks of the tree driver."""

    paths: tuple[str, ...]
    output: str | None = None  # the output folder; None with in_place
    in_place: bool = False
    glob: str = "*.txt"
    jobs: int | None = None  # None: every core
    engine: str = "local"  # or "ray"
    address: str | None = None  # an existing Ray cluster
    force: bool = False  # redo files the manifest says are up to date
    report: str | None = None  # write an HTML report here
    quiet: bool = False
    encoding: str = "utf-8"
    newline: str = "keep"
    time_limit: float | None = None  # seconds per document (None: budget.default_seconds, 0: none)


def run_tree(request: TreeRequest, options: Options) -> Ending:
    """The batch ``fix``: "done", "failures" (some files failed, the others are written) or "interrupted"."""
    if request.output:
        check_no_overlap(request.paths, request.output)
    if request.report and os.path.isdir(request.report):
        raise UsageError(f"fix: --report {request.report} is a folder; give a file name ({request.report}/report.html)")
    jobs = request.jobs or default_jobs()
    if all(os.path.isfile(path) for path in request.paths):
        # files named one by one: never more workers than files (one file runs in this process, with no
        # pool to start and no tables to warm up for workers: start-up is then most of the run)
        jobs = min(jobs, len(request.paths))
    hashed = config_hash(options, {"encoding": request.encoding, "newline": request.newline})
    options = share_server(options)  # after the manifest's hash: the server's port is not configuration
    engine = make_engine(request.engine, jobs, options, request.address)  # workers start small: before the scan
    if isinstance(engine, LocalEngine):
        options = options.light()  # the workers hold the heavy parts already; tasks carry a digest
    try:
        return _run(request, options, engine, jobs, hashed)
    except BaseException:
        try:  # an error before the run (a bad manifest, a missing input): the workers go too
            engine.close(cancel=True)
        except Exception:
            pass
        raise


def _run(request: TreeRequest, options: Options, engine: Engine, jobs: int, hashed: str) -> Ending:
    output = request.output
    scan = scan_inputs(request.paths, request.glob, output)
    quiet = request.quiet
    settings = BatchSettings(
        max_bytes=options.max_bytes,
        encoding=request.encoding,
        newline=request.newline,
        keep_result=bool(request.report),
        write_unchanged=not request.in_place,
        in_place=request.in_place,
        time_limit=request.time_limit,
    )
    _sweep_stale(request.paths if request.in_place else [], output if not request.in_place else None)
    manifest = None
    if output and not request.in_place:
        try:
            manifest = Manifest.load(output, hashed)
        except UsageError:
            if not request.force:
                raise
            manifest = Manifest(output, hashed)  # --force: an unreadable manifest is replaced
    progress = Progress(len(scan.tasks), sys.stderr.isatty() and not quiet)
    stats = Stats()
    documents: list[tuple[str, Result]] = []
    in_flight: set[str] = set()
    for link in scan.links_not_followed:
        progress.write(f"mtnorm: {link}: symbolic link not followed (points out of the input tree or to a folder)")

    def todo() -> Iterator[FileTask]:
        for task in scan.tasks:
            if (
                manifest is not None
                and task.target is not None
                and not request.force
                and manifest.is_current(task.relative, task.source, task.target)
            ):
                outcome = FileOutcome(task, "skipped")
                stats.add(outcome)
                progress.update(outcome)
                continue
            if task.target:
                in_flight.add(task.target)
            yield task

    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    interrupted = False
    unsaved = ""
    last_save, save_every = time.monotonic(), 5.0
    if isinstance(engine, LocalEngine) and engine.jobs > 1:
        most = max(1, min(BATCH_FILES, len(scan.tasks) // (engine.jobs * 4)))  # enough batches to share out
        outcomes: Iterator[FileOutcome] = (
            outcome for done in engine.map(process_files, batches(todo(), most), options, settings) for outcome in done
        )
    else:
        outcomes = engine.map(process_file, todo(), options, settings)
    try:
        for outcome in outcomes:
            in_flight.discard(outcome.task.target or "")
            stats.add(outcome)
            progress.update(outcome)
            if outcome.status == "failed":
                progress.write(f"mtnorm: {outcome.error}")
                if manifest is not None:
                    manifest.forget([outcome.task.relative])
            elif manifest is not None and outcome.input_hash:
                manifest.record(outcome.task.relative, outcome.input_hash, outcome.encoding)
            if outcome.encoding not in (None, "utf-8") and not quiet:
                progress.write(f"mtnorm: {outcome.task.source}: decoded as {outcome.encoding} (--encoding auto)")
            if request.report and outcome.status == "changed" and outcome.result is not None:
                documents.append((outcome.task.relative, outcome.result))
            if manifest is not None and time.monotonic() - last_save > save_every:
                began = time.monotonic()
                with contextlib.suppress(OSError):  # a full disk: tried again at the end, where it is reported
                    manifest.save()
                last_save = time.monotonic()
                save_every = max(5.0, 20 * (last_save - began))  # a huge manifest is not rewritten all the time
    except KeyboardInterrupt:
        interrupted = True
    except BrokenProcessPool:  # a worker was killed (SIGTERM to the process group, the OOM killer)
        interrupted = True
        progress.write("mtnorm: a worker process was stopped")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            engine.close(cancel=interrupted)
            for outcome in _finished_meanwhile(engine):
                if manifest is not None and outcome.status != "failed" and outcome.input_hash:
                    manifest.record(outcome.task.relative, outcome.input_hash, outcome.encoding)
            _sweep_temp_files(in_flight)
            if manifest is not None:
                try:
                    manifest.save()
                except OSError as exc:
                    unsaved = f"mtnorm: error: cannot save {manifest.path}: {exc.strerror or exc} (a re-run redoes every file)"
            progress.close()
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, previous)
    if unsaved:
        print(unsaved, file=sys.stderr)
    if interrupted:
        print("mtnorm: interrupted; finished outputs are kept (re-run to resume)", file=sys.stderr)
        return "interrupted"
    failed = bool(stats.files["failed"] or unsaved)
    if request.report:
        if stats.files["skipped"]:
            note = f"{stats.files['skipped']} files were up to date and are not in the report (--force redoes them)"
            print(f"mtnorm: --report: {note}", file=sys.stderr)
        try:
            write_report(request.report, [ReportDocument(name=n, result=r) for n, r in documents])
        except OSError as exc:
            print(f"mtnorm: error: cannot write the report {request.report}: {exc.strerror or exc}", file=sys.stderr)
            failed = True
    if not quiet:
        for line in stats.summary(jobs, request.engine):
            print(f"mtnorm: {line}", file=sys.stderr)
    return "failures" if failed else "done"


BATCH_BYTES = 64 * 1024  # a batch of small files: about 0.1 s of work, still a short wait for Ctrl-C
BATCH_FILES = 32


def batches(tasks: Iterable[FileTask], most: int = BATCH_FILES) -> Iterator[list[FileTask]]:
    """Consecutive tasks, up to ``most`` files and about `BATCH_BYTES` of input per batch (a larger file
    goes alone): one trip to a worker each (`tasks.process_files`)."""
    batch: list[FileTask] = []
    size = 0
    for task in tasks:
        batch.append(task)
        try:
            size += os.stat(task.source).st_size
        except OSError:
            pass  # the worker reports it
        if len(batch) >= most or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _finished_meanwhile(engine: Engine) -> Iterator[FileOutcome]:
    """Files the workers finished that the loop never took: after an interrupt, each worker completes the
    batch it is on (Ctrl-C) or stops part-way (SIGTERM to it, `BatchInterrupted`); their outputs are
    complete, so the manifest lists them and a re-run does not redo them."""
    if isinstance(engine, LocalEngine):
        for late in engine.leftovers():
            if isinstance(late, BatchInterrupted):
                yield from late.outcomes
            elif isinstance(late, list):
                yield from late


def _sweep_stale(inputs: Sequence[str], output: str | None) -> None:
    """Temporary files an earlier, killed run left where this one writes (ours only, and only unlocked ones)."""
    if output is not None and os.path.isdir(output):
        sweep_temp_files(output)
    for raw in inputs:
        if os.path.isdir(raw):
            sweep_temp_files(raw)
        elif os.path.isfile(raw):
            real = os.path.realpath(raw)
            sweep_temp_files(os.path.dirname(real) or ".", {os.path.basename(real)})


def _sweep_temp_files(targets: set[str]) -> None:
    """Remove temporary files a killed worker may have left next to the outputs it was writing."""
    for target in targets:
        folder, name = os.path.split(target)
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.startswith(f".{name}.") and entry.endswith(TEMP_SUFFIX):
                try:
                    os.unlink(os.path.join(folder, entry))
                except OSError:
                    pass
