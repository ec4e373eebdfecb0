"""``mtnorm fix DIR... -o OUT``: a whole tree, in parallel, resumable, safe to interrupt.

The main process walks the inputs, skips what the manifest says is up to
date, hands the rest to an engine (`LocalEngine` or Ray), and consumes the
outcomes in input order: progress bar, error lines, manifest, summary. Workers
do the reading and writing, so the main process never holds more than a
window of small outcomes (and, with ``--report``, the changed documents).

Interrupts (Ctrl-C, SIGTERM) stop handing out work, let each worker finish the
file it is on (its output is complete, or its temporary file removed), save
the manifest of what is done, sweep any temporary file left in the folders
that were being written, and exit 130.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .batch import BatchSettings, FileOutcome, FileTask, LocalEngine, default_jobs, light_options, process_file, raise_interrupt
from .edits import ARTIFACT_CLASSES
from .errors import InputError, MtnormError, UsageError
from .io import TEMP_SUFFIX
from .manifest import Manifest, config_hash


@dataclass
class Scan:
    """The files a run will look at, and the symbolic links it refused to follow."""

    tasks: list[FileTask] = field(default_factory=list)
    links_not_followed: list[str] = field(default_factory=list)


def scan_inputs(paths: Sequence[str], pattern: str, output: str | None) -> Scan:
    """Files given by name, and every file under each folder whose path matches ``pattern``.

    Folders are walked in sorted order without following symbolic links to
    folders; a linked file is taken only if it points inside the same input
    tree (a link out of the tree could expose or overwrite anything).
    """
    scan = Scan()
    seen: dict[str, str] = {}
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            found = _walk(root, pattern, scan)
        elif root.exists() or root.is_symlink():
            found = iter([(raw, root.name)])
        else:
            raise InputError(raw, "no such file or directory")
        for source, relative in found:
            if output is not None and len(paths) > 1:  # one root cannot collide with itself
                if relative in seen:
                    raise UsageError(f"fix: {seen[relative]} and {source} would both be written to {relative} under {output}")
                seen[relative] = source
            target = str(Path(output) / relative) if output is not None else source
            scan.tasks.append(FileTask(source, relative, target))
    return scan


def _walk(root: Path, pattern: str, scan: Scan) -> Iterator[tuple[str, str]]:
    real_root = root.resolve()
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                scan.links_not_followed.append(str(here / name))
        dirnames[:] = sorted(d for d in dirnames if not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if not PurePosixPath(relative).match(pattern) or name.endswith(TEMP_SUFFIX):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_file() or not target.is_relative_to(real_root):
                    scan.links_not_followed.append(str(path))
                    continue
            elif not path.is_file():
                continue
            yield str(path), relative


def check_no_overlap(inputs: Sequence[str], output: str) -> None:
    """OUT inside an input folder (or the reverse) would read its own output, or overwrite its input."""
    out = Path(output).resolve()
    for raw in inputs:
        path = Path(raw).resolve()
        if path.is_dir() and (out == path or path in out.parents or out in path.parents):
            raise UsageError(f"fix: output folder {output} overlaps input folder {raw}")
        if path.is_file() and out in path.parents:
            raise UsageError(f"fix: input file {raw} is inside the output folder {output}")


@dataclass
class Stats:
    files: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    encodings: Counter[str] = field(default_factory=Counter)
    bytes_read: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, outcome: FileOutcome) -> None:
        self.files[outcome.status] += 1
        self.bytes_read += outcome.bytes_read
        self.edits.update(outcome.counts)
        if outcome.encoding:
            self.encodings[outcome.encoding] += 1

    def summary(self, jobs: int, engine: str) -> list[str]:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        read = self.files["changed"] + self.files["unchanged"] + self.files["failed"]
        mb = self.bytes_read / 1e6
        lines = [
            f"{read} files read ({mb:.1f} MB): {self.files['changed']} changed, {self.files['unchanged']} unchanged, "
            f"{self.files['failed']} failed; {self.files['skipped']} skipped (up to date)",
            "edits: " + (", ".join(f"{k} {self.edits[k]}" for k in ARTIFACT_CLASSES if self.edits[k]) or "none"),
            f"{seconds:.2f} s, {mb / seconds:.2f} MB/s, {read / seconds:.1f} files/s, {jobs} jobs ({engine})",
        ]
        if set(self.encodings) - {"utf-8"}:
            lines.append("encodings: " + ", ".join(f"{k} {n}" for k, n in self.encodings.most_common()))
        return lines


class _Progress:
    """A tqdm bar on a terminal; nothing otherwise. Messages go above the bar."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        if enabled:
            import tqdm

            tqdm.tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            self.bar = tqdm.tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, leave=True)

    def update(self, outcome: FileOutcome) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if outcome.bytes_read:
                self.bar.set_postfix_str(f"{outcome.task.relative[-40:]}", refresh=False)

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


_SHARED_SERVERS: list[Any] = []


def share_languagetool(options: dict[str, Any]) -> dict[str, Any]:
    """With ``--grammar languagetool`` and no server given, start one here for every worker to share.

    Otherwise each worker process would start its own Java server. The server
    is stopped when the command ends (`normalizer.cli.stop_servers`).
    """
    if options.get("grammar") != "languagetool":
        return options
    from .grammar import resolve_url

    if resolve_url(options.get("languagetool_url")) is not None:
        return options
    from .grammar.server import LocalServer, local_command

    server = LocalServer(local_command(bool(options.get("languagetool_download")))).start()
    _SHARED_SERVERS.append(server)  # kept until stop_servers: a server nothing refers to is stopped when collected
    return {**options, "languagetool_url": server.url}


def make_engine(engine: str, jobs: int, options: dict[str, Any], address: str | None) -> Any:
    """The local process pool, or Ray (an optional extra, imported only when asked for)."""
    if engine == "ray":
        try:
            from .engines.ray_engine import RayEngine
        except ImportError:
            raise EngineUnavailable() from None
        try:
            return RayEngine(address=address, num_cpus=jobs)
        except MtnormError:
            raise
        except Exception as exc:  # no cluster at that address, a version mismatch: one line, not a traceback
            where = f" at {address}" if address else ""
            raise UsageError(f"--engine ray: cannot start or reach Ray{where}: {exc}") from None
    if address:
        raise UsageError("fix: --address needs --engine ray")
    return LocalEngine(jobs, options, alias=light_options(options))


class EngineUnavailable(Exception):
    """--engine ray without Ray installed (the CLI prints how to install it)."""


def run_tree(args: Any, options: dict[str, Any]) -> int:
    """The batch ``fix``: returns the exit code (0 done, 1 some files failed, 130 interrupted)."""
    output: str | None = args.output
    if output:
        check_no_overlap(args.paths, output)
    report = None
    if args.report:
        from . import html_report as report  # before the work: a missing module fails fast
    jobs = args.jobs or default_jobs()
    hashed = config_hash(options, {"encoding": args.encoding, "newline": args.newline})
    options = share_languagetool(options)  # after the manifest's hash: the server's port is not configuration
    engine = make_engine(args.engine, jobs, options, args.address)  # workers start small: before the scan
    if isinstance(engine, LocalEngine):
        options = light_options(options)  # the workers hold the heavy parts already; tasks carry a digest
    try:
        return _run(args, options, engine, jobs, hashed, report)
    except BaseException:
        try:  # an error before the run (a bad manifest, a missing input): the workers go too
            engine.close(cancel=True)
        except Exception:
            pass
        raise


def _run(args: Any, options: dict[str, Any], engine: Any, jobs: int, hashed: str, report: Any) -> int:
    output: str | None = args.output
    scan = scan_inputs(args.paths, args.glob, output)
    quiet = args.quiet
    settings = BatchSettings(
        max_bytes=args.max_bytes,
        encoding=args.encoding,
        newline=args.newline,
        keep_result=bool(args.report),
        write_unchanged=not args.in_place,
    )
    manifest = None
    if output and not args.in_place:
        try:
            manifest = Manifest.load(output, hashed)
        except UsageError:
            if not args.force:
                raise
            manifest = Manifest(output, hashed)  # --force: an unreadable manifest is replaced
    progress = _Progress(len(scan.tasks), sys.stderr.isatty() and not quiet)
    stats = Stats()
    documents: list[Any] = []
    in_flight: set[str] = set()
    for link in scan.links_not_followed:
        progress.write(f"mtnorm: {link}: symbolic link not followed (points out of the input tree or to a folder)")

    def todo() -> Iterator[FileTask]:
        for task in scan.tasks:
            if manifest is not None and not args.force and manifest.is_current(task.relative, task.source, task.target):
                outcome = FileOutcome(task, "skipped")
                stats.add(outcome)
                progress.update(outcome)
                continue
            if task.target:
                in_flight.add(task.target)
            yield task

    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    interrupted = False
    last_save, save_every = time.monotonic(), 5.0
    try:
        for outcome in engine.map(process_file, todo(), options, settings):
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
            if args.report and outcome.status == "changed" and outcome.result is not None:
                documents.append((outcome.task.relative, outcome.result))
            if manifest is not None and time.monotonic() - last_save > save_every:
                began = time.monotonic()
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
            _sweep_temp_files(in_flight)
            if manifest is not None:
                manifest.save()
            progress.close()
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, previous)
    if interrupted:
        print("mtnorm: interrupted; finished outputs are kept (re-run to resume)", file=sys.stderr)
        return 130
    if report is not None:
        report.write_report(args.report, [report.ReportDocument(name=name, result=result) for name, result in documents])
    if not quiet:
        for line in stats.summary(jobs, args.engine):
            print(f"mtnorm: {line}", file=sys.stderr)
    return 1 if stats.files["failed"] else 0


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
