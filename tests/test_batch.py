"""The batch core as a library: process_file, the per-process normalizer, LocalEngine, normalize_many(jobs)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from normalizer.batch import BatchSettings, FileTask, LocalEngine, get_normalizer, normalize_many, process_file
from normalizer.batch.manifest import Manifest, config_hash
from normalizer.errors import InputError
from normalizer.io import decode_input, newline_of
from normalizer.options import Options

from .conftest import GOLDEN, seed_paths

OPTIONS = Options()


def _slow_identity(item: int) -> tuple[int, int]:
    """Early items sleep longest, so a pool finishes them last: order must still be kept."""
    time.sleep(0.002 * (20 - item % 20))
    return item, os.getpid()


def _normalizer_identity(item: int, options: Options) -> tuple[int, int]:
    time.sleep(0.05)  # long enough that both workers get items, even on a loaded machine
    return os.getpid(), id(get_normalizer(options))


def test_local_engine_yields_in_input_order_from_several_processes():
    with LocalEngine(2, window=6) as engine:
        out = list(engine.map(_slow_identity, range(60)))
    assert [item for item, _ in out] == list(range(60))
    pids = {pid for _, pid in out}
    assert len(pids) == 2 and os.getpid() not in pids


def test_local_engine_with_one_job_runs_in_this_process():
    with LocalEngine(1) as engine:
        out = list(engine.map(_slow_identity, range(5)))
    assert {pid for _, pid in out} == {os.getpid()}


def test_normalizer_is_built_once_per_worker_not_per_file():
    with LocalEngine(2, OPTIONS) as engine:
        seen = list(engine.map(_normalizer_identity, range(30), OPTIONS))
    by_pid: dict[int, set[int]] = {}
    for pid, ident in seen:
        by_pid.setdefault(pid, set()).add(ident)
    assert len(by_pid) == 2
    assert all(len(idents) == 1 for idents in by_pid.values())


def test_normalize_many_with_jobs_equals_sequential_and_keeps_order():
    texts = [p.read_text(encoding="utf-8") for p in seed_paths()] * 8 + ["the Meeting with Asad.", "", "clean text.\n"]
    sequential = list(normalize_many(texts))
    parallel = list(normalize_many(iter(texts), jobs=2))  # a generator works too
    assert [r.text for r in parallel] == [r.text for r in sequential]
    assert [r.edits for r in parallel] == [r.edits for r in sequential]
    assert parallel[0].text == (GOLDEN / seed_paths()[0].name).read_text(encoding="utf-8")
    assert parallel[-3].text == "The meeting with Assad."


def test_normalize_many_in_workers_uses_the_given_options(tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("class: entity\nentries:\n  - canonical: Zelensky\n    variants: [Zelenskiy]\n", encoding="utf-8")
    options = Options(only="entity", lexicons=(str(lexicon),))
    out = list(normalize_many(["Zelenskiy met the Meeting."] * 40, options, jobs=2))
    assert {r.text for r in out} == {"Zelensky met the Meeting."}  # entity only: the case is left alone


def test_process_file_writes_atomically_and_reports_counts(tmp_path):
    seed = seed_paths()[0]
    target = tmp_path / "out" / "deep" / "a.txt"
    outcome = process_file(FileTask(str(seed), "a.txt", str(target)), OPTIONS, BatchSettings(keep_result=True, keep_text=True))
    assert outcome.status == "changed" and outcome.error is None
    assert target.read_text(encoding="utf-8") == (GOLDEN / seed.name).read_text(encoding="utf-8")
    assert outcome.result is not None and outcome.result.input == outcome.text == seed.read_text(encoding="utf-8")
    assert outcome.counts == outcome.result.counts() and sum(outcome.counts.values()) == len(outcome.result.edits) > 0
    assert outcome.bytes_read == seed.stat().st_size and len(outcome.input_hash or "") == 64
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"ab\x00cd", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"x" * 200, "over the limit of 100"),
    ],
)
def test_process_file_returns_a_failure_instead_of_raising(tmp_path, content, reason):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    target = tmp_path / "out.txt"
    outcome = process_file(FileTask(str(source), "bad.txt", str(target)), OPTIONS, BatchSettings(max_bytes=100))
    assert outcome.status == "failed" and str(source) in outcome.error and reason in outcome.error
    assert not target.exists()


def test_process_file_missing_input_and_unwritable_output(tmp_path):
    missing = process_file(FileTask(str(tmp_path / "nope.txt"), "nope.txt", None), OPTIONS, BatchSettings())
    assert missing.status == "failed" and "no such file" in missing.error
    source = tmp_path / "a.txt"
    source.write_text("the Meeting.\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    stuck = process_file(FileTask(str(source), "a.txt", str(blocker / "a.txt")), OPTIONS, BatchSettings())
    assert stuck.status == "failed" and "cannot write" in stuck.error and str(source) in stuck.error


@pytest.mark.parametrize(
    ("newline", "content", "expected"),
    [
        ("keep", "the Meeting.\r\nSecond line.\r\n", "The meeting.\r\nSecond line.\r\n"),
        ("keep", "the Meeting.\nSecond line.\n", "The meeting.\nSecond line.\n"),
        ("lf", "the Meeting.\r\nSecond line.\r\n", "The meeting.\nSecond line.\n"),
        ("crlf", "the Meeting.\nSecond line.\n", "The meeting.\r\nSecond line.\r\n"),
    ],
)
def test_line_endings_kept_or_set(tmp_path, newline, content, expected):
    source = tmp_path / "in.txt"
    source.write_bytes(content.encode())
    target = tmp_path / "out.txt"
    outcome = process_file(FileTask(str(source), "in.txt", str(target)), OPTIONS, BatchSettings(newline=newline))
    assert target.read_bytes() == expected.encode()
    assert outcome.counts.get("encoding", 0) == 0  # CRLF is not counted as a repair


def test_a_clean_crlf_file_is_unchanged_and_not_rewritten_in_place(tmp_path):
    source = tmp_path / "win.txt"
    source.write_bytes(b"A clean line.\r\nAnother one.\r\n")
    before = source.stat().st_mtime_ns
    outcome = process_file(FileTask(str(source), "win.txt", str(source)), OPTIONS, BatchSettings(write_unchanged=False))
    assert outcome.status == "unchanged" and outcome.counts == {}
    assert source.stat().st_mtime_ns == before


def test_newline_of_takes_the_majority():
    assert newline_of("a\r\nb\r\nc\n") == "\r\n"
    assert newline_of("a\nb\nc\r\n") == "\n"
    assert newline_of("no break") == "\n"


def test_encoding_auto_detects_a_legacy_single_byte_file():
    text = (
        "The café on the Rue de l’Église serves crème brûlée — and the naïve “prix fixe” menu costs 25 €. "
        "Señor Muñoz said the façade was rebuilt in the 1920s; the œuvre of the architect is admired. "
    ) * 4
    data = text.encode("cp1252")
    with pytest.raises(InputError, match="not UTF-8"):
        decode_input(data, "legacy.txt", "utf-8")
    decoded, guess = decode_input(data, "legacy.txt", "auto")
    assert decoded == text
    assert guess in ("cp1252", "windows-1252")
    assert decode_input("plain ✓".encode(), "u.txt", "auto") == ("plain ✓", "utf-8")


def test_encoding_auto_still_refuses_binary():
    with pytest.raises(InputError, match="bin.dat"):
        decode_input(bytes(range(256)) * 20, "bin.dat", "auto")


def test_config_hash_follows_lexicon_contents_not_just_paths(tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("class: entity\nentries:\n  - canonical: Kyiv\n    variants: [Kiev]\n", encoding="utf-8")
    settings = {"encoding": "utf-8", "newline": "keep"}

    def key(**values: object) -> str:  # a run's options are built once, as at the start of each run
        return config_hash(OPTIONS.with_values(lexicons=[str(lexicon)], **values), settings)

    first = key()
    assert key() == first
    lexicon.write_text("class: entity\nentries:\n  - canonical: Kyiv\n    variants: [Kiev, Kieff]\n", encoding="utf-8")
    second = key()
    assert second != first
    assert key(skip="grammar") != second
    assert config_hash(OPTIONS.with_values(lexicons=[str(lexicon)]), {**settings, "newline": "lf"}) != second
    assert key(languagetool_concurrency=9) == second


def test_manifest_round_trip_and_staleness(tmp_path):
    source, target = tmp_path / "in.txt", tmp_path / "out" / "in.txt"
    source.write_text("text\n", encoding="utf-8")
    target.parent.mkdir()
    target.write_text("text\n", encoding="utf-8")
    manifest = Manifest.load(target.parent, "cfg")
    assert not manifest.is_current("in.txt", str(source), target)
    from normalizer.batch.manifest import file_hash

    manifest.record("in.txt", file_hash(source), "utf-8")
    manifest.save()
    again = Manifest.load(target.parent, "cfg")
    assert again.is_current("in.txt", str(source), target)
    assert not Manifest.load(target.parent, "other-config").is_current("in.txt", str(source), target)
    source.write_text("text, edited\n", encoding="utf-8")
    assert not again.is_current("in.txt", str(source), target)
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".mtnorm-tmp")] == []


def test_a_broken_manifest_is_a_clear_error(tmp_path):
    (tmp_path / ".mtnorm-manifest.json").write_text("{not json", encoding="utf-8")
    from normalizer.errors import UsageError

    with pytest.raises(UsageError, match=r"\.mtnorm-manifest\.json.*--force"):
        Manifest.load(tmp_path, "cfg")


def test_golden_seeds_through_the_pool_equal_golden(tmp_path):
    tasks = [FileTask(str(p), p.name, str(tmp_path / p.name)) for p in seed_paths()]
    with LocalEngine(2, OPTIONS) as engine:
        outcomes = list(engine.map(process_file, tasks, OPTIONS, BatchSettings()))
    assert [o.task for o in outcomes] == tasks
    for path in seed_paths():
        assert (tmp_path / path.name).read_text(encoding="utf-8") == (GOLDEN / path.name).read_text(encoding="utf-8")
    assert Path(tmp_path).joinpath(".mtnorm-manifest.json").exists() is False  # the engine alone writes no manifest


def test_an_internal_error_on_one_file_is_a_failure_not_a_crash(tmp_path):
    """Options no parser lets through make the Normalizer raise TypeError (a bug, not bad input): the file fails, named."""
    source = tmp_path / "a.txt"
    source.write_text("text\n", encoding="utf-8")
    broken = Options()
    object.__setattr__(broken, "skip", 42)
    outcome = process_file(FileTask(str(source), "a.txt", str(tmp_path / "out.txt")), broken, BatchSettings())
    assert outcome.status == "failed"
    assert outcome.error.startswith(f"{source}: internal error (TypeError: ") and "int" in outcome.error
    assert not (tmp_path / "out.txt").exists()


def test_batches_keep_order_and_bound_files_and_bytes(tmp_path):
    """Small files travel to a worker several at a time; a file of BATCH_BYTES or more goes alone."""
    from normalizer.batch.tree import BATCH_BYTES, batches

    sizes = [100] * 7 + [BATCH_BYTES] + [100] * 3 + [BATCH_BYTES // 2, BATCH_BYTES // 2, 100]
    tasks = []
    for i, size in enumerate(sizes):
        (tmp_path / f"{i:02d}.txt").write_bytes(b"x" * size)
        tasks.append(FileTask(str(tmp_path / f"{i:02d}.txt"), f"{i:02d}.txt", None))
    tasks.append(FileTask(str(tmp_path / "missing.txt"), "missing.txt", None))  # counted as empty: the worker reports it
    got = list(batches(iter(tasks), most=4))
    assert [t for batch in got for t in batch] == tasks
    assert [[sizes[int(t.relative[:2])] if t.relative[0].isdigit() else 0 for t in b] for b in got] == [
        [100] * 4,
        [100] * 3 + [BATCH_BYTES],
        [100] * 3 + [BATCH_BYTES // 2],
        [BATCH_BYTES // 2, 100, 0],
    ]
    assert list(batches(iter(tasks), most=1)) == [[t] for t in tasks]


def test_process_files_is_process_file_on_each(tmp_path):
    from normalizer.batch.tasks import process_files

    (tmp_path / "bad.txt").write_bytes(b"ab\x00cd")
    tasks = [FileTask(str(seed), seed.name, str(tmp_path / "out" / seed.name)) for seed in seed_paths()[:3]]
    tasks.insert(1, FileTask(str(tmp_path / "bad.txt"), "bad.txt", str(tmp_path / "out" / "bad.txt")))
    outcomes = process_files(tasks, OPTIONS, BatchSettings())
    assert [o.task for o in outcomes] == tasks
    assert [o.status for o in outcomes] == ["changed", "failed", "changed", "changed"]
    for seed in seed_paths()[:3]:
        assert (tmp_path / "out" / seed.name).read_text(encoding="utf-8") == (GOLDEN / seed.name).read_text(encoding="utf-8")


def _sleepy(item: int) -> int:
    time.sleep(0.3)
    return item


def test_local_engine_keeps_what_workers_finished_after_a_cancelling_close():
    """An interrupted run records the files finished meanwhile: `leftovers` are the results of the items
    that were running when `close(cancel=True)` came, in input order; queued items never ran."""
    engine = LocalEngine(2)
    results = engine.map(_sleepy, range(20))
    assert next(results) == 0
    engine.close(cancel=True)
    left = engine.leftovers()
    assert 1 <= len(left) <= 8 and left == list(range(1, 1 + len(left)))


def test_process_files_interrupted_part_way_carries_the_finished_outcomes(tmp_path, monkeypatch):
    from normalizer.batch import tasks as tasks_module

    def stop_at_third(task: FileTask, options: Options, settings: BatchSettings, committer=None):
        if task.relative == "c.txt":
            raise KeyboardInterrupt("signal 15")
        return tasks_module.FileOutcome(task, "unchanged")

    monkeypatch.setattr(tasks_module, "process_file", stop_at_third)
    batch = [FileTask(str(tmp_path / name), name, None) for name in ("a.txt", "b.txt", "c.txt", "d.txt")]
    with pytest.raises(KeyboardInterrupt) as caught:  # still an interrupt to anything that catches one
        tasks_module.process_files(batch, OPTIONS, BatchSettings())
    assert isinstance(caught.value, tasks_module.BatchInterrupted)
    assert [o.task.relative for o in caught.value.outcomes] == ["a.txt", "b.txt"]
    import pickle  # it travels back from a worker process

    assert [o.task for o in pickle.loads(pickle.dumps(caught.value)).outcomes] == batch[:2]


def test_process_files_fails_a_file_whose_rename_fails_as_process_file_does(tmp_path):
    """The last step of each file of a batch (fsync, rename) runs beside the next file's work: a failure
    there fails that file with the message a failed write gives, leaves no temporary file, and the other
    files are written."""
    from normalizer.batch.tasks import process_file, process_files

    source = tmp_path / "in"
    source.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (source / name).write_text("the Meeting ended in june.\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "b.txt").mkdir(parents=True)  # a folder in the way: the rename onto it fails
    (out / "b.txt" / "keep").write_text("x", encoding="utf-8")
    batch = [FileTask(str(source / n), n, str(out / n)) for n in ("a.txt", "b.txt", "c.txt")]
    outcomes = process_files(batch, OPTIONS, BatchSettings())
    assert [o.status for o in outcomes] == ["changed", "failed", "changed"]
    assert "cannot write" in outcomes[1].error and str(out / "b.txt") in outcomes[1].error
    assert outcomes[1].error == process_file(batch[1], OPTIONS, BatchSettings()).error
    assert (out / "a.txt").read_text(encoding="utf-8") == "The meeting ended in June.\n"
    assert (out / "c.txt").read_text(encoding="utf-8") == "The meeting ended in June.\n"
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "c.txt"]  # no temporary file left
    assert all(o.committed is None for o in outcomes)  # nothing unpicklable goes back to the main process
