"""The datatrove step, run by datatrove's real `LocalPipelineExecutor`: JSON Lines in, JSON Lines and Parquet out.

The output texts must be exactly those of ``mtnorm fix --jsonl --field text``
on the same input, and each document's metadata must carry its edit counts
per class.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra: pip install -e '.[datatrove]'")
pq = pytest.importorskip("pyarrow.parquet", reason="the datatrove extra: pip install -e '.[datatrove]'")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter  # noqa: E402

from normalizer import ARTIFACT_CLASSES, Normalizer, UsageError  # noqa: E402
from normalizer.integrations.datatrove import MtnormFormatter  # noqa: E402

from .conftest import seed_paths  # noqa: E402

EXTRA = [
    "the Meeting between Donald trump and Putin 😀 in Iglinsky area of de-escalation .",
    "Nothing to change here.",
    "Line one\r\nline two with  two spaces\r\n",
    "",
]


def write_input(folder: Path, files: int = 1) -> list[dict[str, str]]:
    folder.mkdir()
    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "lang": "en"} for p in seed_paths()]
    records += [{"id": f"extra-{i}", "text": text, "lang": "en"} for i, text in enumerate(EXTRA)]
    for n in range(files):
        with open(folder / f"part-{n}.jsonl", "w", encoding="utf-8") as handle:
            for record in records[n::files]:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def mtnorm_fix_jsonl(folder: Path, *options: str) -> dict[str, str]:
    paths = [str(p) for p in sorted(folder.glob("*.jsonl"))]
    command = [sys.executable, "-m", "normalizer", "fix", "--jsonl", "--field", "text", "-q", "-j", "1", *options, *paths]
    done = subprocess.run(command, capture_output=True, check=True)
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    return {r["id"]: r["text"] for r in records}


def run_pipeline(tmp: Path, step: MtnormFormatter, tasks: int = 1) -> None:
    LocalPipelineExecutor(
        [
            JsonlReader(str(tmp / "in")),
            step,
            JsonlWriter(str(tmp / "out-jsonl"), compression=None),
            ParquetWriter(str(tmp / "out-parquet")),
        ],
        tasks=tasks,
        workers=tasks,
        logging_dir=str(tmp / "logs"),
    ).run()


def read_jsonl(folder: Path) -> dict[str, dict]:
    records = [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.read_text("utf-8").splitlines()]
    return {r["id"]: r for r in records}


def read_parquet(folder: Path) -> dict[str, dict]:
    rows = [row for path in sorted(folder.glob("*.parquet")) for row in pq.read_table(path).to_pylist()]
    return {r["id"]: r for r in rows}


def test_jsonl_and_parquet_outputs_equal_mtnorm_fix_jsonl(tmp_path: Path) -> None:
    records = write_input(tmp_path / "in")
    run_pipeline(tmp_path, MtnormFormatter())
    expected = mtnorm_fix_jsonl(tmp_path / "in")
    jsonl, parquet = read_jsonl(tmp_path / "out-jsonl"), read_parquet(tmp_path / "out-parquet")
    ids = [r["id"] for r in records if r["text"]]  # datatrove's reader drops documents with empty text
    assert sorted(jsonl) == sorted(parquet) == sorted(ids)
    assert {i: jsonl[i]["text"] for i in ids} == {i: expected[i] for i in ids}
    assert {i: parquet[i]["text"] for i in ids} == {i: expected[i] for i in ids}
    normalizer = Normalizer()
    for record in records:
        if not record["text"]:
            continue
        counts = normalizer.normalize(record["text"]).counts()
        want = {kind: counts.get(kind, 0) for kind in ARTIFACT_CLASSES}
        assert jsonl[record["id"]]["metadata"]["mtnorm_edits"] == want
        assert parquet[record["id"]]["metadata"]["mtnorm_edits"] == want
        assert jsonl[record["id"]]["metadata"]["lang"] == "en"  # the reader's other fields are kept
    assert sum(jsonl[i]["metadata"]["mtnorm_edits"]["entity"] for i in ids) > 0


def test_configured_like_the_command_line_in_two_worker_processes(tmp_path: Path) -> None:
    write_input(tmp_path / "in", files=2)
    config = tmp_path / "mtnorm.toml"
    config.write_text('skip = "sentence-case"\n', encoding="utf-8")
    run_pipeline(tmp_path, MtnormFormatter(config=config, only="entity,sentence-case,spacing"), tasks=2)
    expected = mtnorm_fix_jsonl(tmp_path / "in", "--config", str(config), "--only", "entity,sentence-case,spacing")
    got = read_jsonl(tmp_path / "out-jsonl")
    assert {i: r["text"] for i, r in got.items()} == {i: expected[i] for i in got}
    edits = [r["metadata"]["mtnorm_edits"] for r in got.values()]
    assert sum(e["sentence-case"] + e["term-case"] + e["encoding"] for e in edits) == 0
    assert sum(e["entity"] for e in edits) > 0 and sum(e["spacing"] for e in edits) > 0


def test_format_alone_and_a_misspelt_class() -> None:
    assert MtnormFormatter(only="entity").format("Donald trump said") == "Donald Trump said"
    with pytest.raises(UsageError, match="unknown class entities"):
        MtnormFormatter(skip="entities")
