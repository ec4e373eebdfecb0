"""The fault battery of issue 11: hostile input and faults, tried as a user would.

Prints one row per case: exit code, seconds, whether a Python traceback was
printed, how many temporary or partial files were left, and what was wrong
(empty when the case behaved). Run it on any checkout::

    python3 tools/battery.py                 # this checkout
    python3 tools/battery.py --repo DIR      # another one (e.g. an older commit unpacked with git archive)
    python3 tools/battery.py --only redos    # the cases whose name contains "redos"

Cases that need root (tmpfs for a full disk, another user's file) say
"skipped" when they cannot run. Each case has a time limit (``--limit``,
default 60 s); a case that reaches it is killed with its process group and
shown as ``timeout``. The battery uses only the standard library and psutil.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEMP_MARKS = (".mtnorm-tmp",)


@dataclass
class Row:
    case: str
    code: int | str = ""
    seconds: float = 0.0
    traceback: bool = False
    left: int = 0
    problem: str = ""


@dataclass
class Ctx:
    repo: Path
    work: Path
    limit: float
    rows: list[Row] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(self.repo)
        env.pop("MTNORM_LEXICON_DIR", None)
        return env

    def run(
        self,
        row: Row,
        *args: str,
        stdout: object = subprocess.PIPE,
        stdin: object = subprocess.DEVNULL,
        cwd: Path | None = None,
        user: int | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run mtnorm with ``args``; fills the row's code, seconds and traceback."""
        command = [sys.executable, "-m", "normalizer", *args]
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            stdout=stdout,
            stderr=subprocess.PIPE,
            stdin=stdin,
            cwd=cwd or self.work,
            env=self.env(),
            start_new_session=True,
            user=user,
        )
        try:
            out, err = proc.communicate(timeout=self.limit)
            row.code = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            row.code = "timeout"
            row.problem = f"still running after {self.limit:.0f} s"
        row.seconds += time.perf_counter() - started
        row.traceback = row.traceback or b"Traceback" in (err or b"")
        return subprocess.CompletedProcess(command, proc.returncode, out, err)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if any(p.name.endswith(m) for m in TEMP_MARKS)]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


SAMPLE = "the Meeting between Donald trump and Putin took place in june.\n\nShoigu discussed with Asad questions.\n"


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[bool]:
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def expect(row: Row, ok: bool, problem: str) -> None:
    if not ok and not row.problem:
        row.problem = problem


def _user_lexicon(ctx: Ctx, name: str, body: str) -> Path:
    return write(ctx.work / name, body)


# --- the cases -------------------------------------------------------------------------------------------------------


def case_redos(ctx: Ctx, shape: str, where: str) -> Row:
    row = Row(f"redos {where} {shape}")
    if where == "regex":
        entry = f"  - {{canonical: X, regex: '{shape}'}}\n"
        text = "a" * 40 + "!\n"
    else:
        entry = f"  - {{canonical: Xylo, variants: [xylo], whole_word: false, followed_by: '{shape}'}}\n"
        text = "xylo" + "a" * 40 + "!\n"
    lexicon = _user_lexicon(ctx, "redos.yaml", "entries:\n" + entry)
    source = write(ctx.work / "in.txt", text)
    result = ctx.run(row, "fix", str(source), "--lexicon", str(lexicon))
    expect(row, row.code in (1, 2) and len(result.stderr.strip().splitlines()) == 1, "no one-line refusal or error")
    return row


def case_report_folder(ctx: Ctx) -> Row:
    row = Row("--report is a folder")
    write(ctx.work / "in" / "a.txt", SAMPLE)
    (ctx.work / "report").mkdir()
    ctx.run(row, "fix", "in", "-o", "out", "--report", "report", "--jobs", "1")
    expect(row, row.code == 2 and not row.traceback, "not a one-line usage error")
    return row


def case_full_disk_outputs(ctx: Ctx) -> Row:
    row = Row("full disk: batch outputs")
    for i in range(20):
        write(ctx.work / "in" / f"f{i:02}.txt", distinct_text(i, 60))
    with tmpfs(ctx.work / "out", "96k") as mounted:
        if not mounted:
            row.code, row.problem = "skipped", "cannot mount a tmpfs (not root?)"
            return row
        result = ctx.run(row, "fix", "in", "-o", "out", "--jobs", "1")
        row.left = len(temp_files(ctx.work / "out")) + _partial_outputs(ctx.work / "in", ctx.work / "out")
        summary = [line for line in result.stderr.decode(errors="replace").splitlines() if " files read " in line]
        written = len([p for p in (ctx.work / "out").glob("*.txt")])
        claimed = int(summary[0].split(":")[2].split()[0]) + int(summary[0].split(",")[1].split()[0]) if summary else -1
        expect(row, row.code == 1 and not row.traceback, "not exit 1 with one line per failed file")
        expect(row, claimed in (-1, written), f"summary claims {claimed} written, {written} on disk")
    return row


def distinct_text(seed: int, paragraphs: int) -> str:
    """Paragraphs that differ (repeated ones are removed as boilerplate, which would shrink the outputs)."""
    import random

    rng = random.Random(seed)
    words = "the meeting between officials took place in the city on monday and they discussed trade security".split()
    return "".join(
        "the " + " ".join(rng.choice(words) for _ in range(14)) + f" in june {rng.randint(1, 10**6)}.\n\n"
        for _ in range(paragraphs)
    )


def _partial_outputs(inputs: Path, outputs: Path) -> int:
    """Outputs that are not complete (shorter than a third of their input: these inputs lose little)."""
    count = 0
    for out in outputs.rglob("*.txt"):
        source = inputs / out.relative_to(outputs)
        if source.exists() and out.stat().st_size < source.stat().st_size // 3:
            count += 1
    return count


def case_full_disk_report(ctx: Ctx) -> Row:
    row = Row("full disk: --report")
    for i in range(5):
        write(ctx.work / "in" / f"f{i}.txt", SAMPLE * 100)
    with tmpfs(ctx.work / "rep", "16k") as mounted:
        if not mounted:
            row.code, row.problem = "skipped", "cannot mount a tmpfs (not root?)"
            return row
        ctx.run(row, "fix", "in", "-o", "out", "--report", "rep/report.html", "--jobs", "1")
        row.left = len(temp_files(ctx.work / "rep")) + len(list((ctx.work / "rep").glob("*.html")))
        expect(row, row.code in (1, 2) and not row.traceback, "traceback or wrong exit code")
    return row


def case_full_disk_jsonl(ctx: Ctx) -> Row:
    row = Row("full disk: --jsonl -o OUT")
    lines = "".join(json.dumps({"id": i, "text": SAMPLE * 3}) + "\n" for i in range(400))
    write(ctx.work / "in" / "a.jsonl", lines)
    with tmpfs(ctx.work / "out", "64k") as mounted:
        if not mounted:
            row.code, row.problem = "skipped", "cannot mount a tmpfs (not root?)"
            return row
        result = ctx.run(row, "fix", "--jsonl", "--field", "text", "in", "-o", "out", "--jobs", "1")
        row.left = len(temp_files(ctx.work / "out")) + len(list((ctx.work / "out").rglob("*.jsonl")))
        said = result.stderr.decode(errors="replace")
        expect(row, row.code in (1, 2) and not row.traceback, "traceback or wrong exit code")
        expect(row, "400 records: 400 changed" not in said, "summary counts records that were never written")
    return row


def case_dev_full(ctx: Ctx) -> Row:
    row = Row("stdout is /dev/full")
    source = write(ctx.work / "in.txt", SAMPLE)
    with open("/dev/full", "wb") as full:
        ctx.run(row, "fix", str(source), stdout=full)
    expect(row, row.code == 2 and not row.traceback, "not a one-line error with exit 2")
    return row


def case_dev_full_commands(ctx: Ctx) -> Row:
    row = Row("stdout is /dev/full: diff, explain")
    source = write(ctx.work / "in.txt", SAMPLE)
    codes = []
    for command in ("diff", "explain"):
        with open("/dev/full", "wb") as full:
            ctx.run(row, command, str(source), stdout=full)
        codes.append(row.code)
    row.code = "/".join(map(str, codes))
    expect(row, codes == [2, 2] and not row.traceback, "not a one-line error with exit 2")
    return row


def case_conflict_two_canonicals(ctx: Ctx) -> Row:
    row = Row("conflict: variant → 2 canonicals")
    lexicon = _user_lexicon(
        ctx, "conflict.yaml", "entries:\n  - {canonical: Kyiv, variants: [Kiev]}\n  - {canonical: Kijev, variants: [Kiev]}\n"
    )
    source = write(ctx.work / "in.txt", "in Kiev today\n")
    result = ctx.run(row, "fix", str(source), "--lexicon", str(lexicon))
    expect(row, row.code == 2 and result.stderr.decode().count("conflict.yaml:") >= 2, "not refused (exit 2, both lines)")
    return row


def case_conflict_reverse_bundled(ctx: Ctx) -> Row:
    row = Row("conflict: user reverses bundled")
    lexicon = _user_lexicon(ctx, "reverse.yaml", "entries:\n  - {canonical: Asad, variants: [Assad]}\n")
    source = write(ctx.work / "in.txt", "Shoigu discussed with Asad questions.\n")
    result = ctx.run(row, "fix", str(source), "--lexicon", str(lexicon))
    said = result.stderr.decode()
    expect(row, row.code == 2 and "reverse.yaml:" in said and "entities.yaml:" in said, "not refused (exit 2, both sides)")
    return row


def case_inplace_readonly(ctx: Ctx) -> Row:
    row = Row("--in-place on a read-only file")
    source = write(ctx.work / "ro.txt", SAMPLE)
    source.chmod(0o444)
    ctx.run(row, "fix", str(source), "--in-place")
    expect(row, row.code in (1, 2) and source.read_text() == SAMPLE, "read-only file rewritten")
    return row


def case_inplace_readonly_user(ctx: Ctx) -> Row:
    row = Row("--in-place, other user, read-only")
    if os.geteuid() != 0:
        row.code, row.problem = "skipped", "needs root to run as another user"
        return row
    folder = ctx.work / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    source = write(folder / "ro.txt", SAMPLE)
    source.chmod(0o444)
    if not os.access(sys.executable, os.X_OK, effective_ids=False) or not _runs_as(65534):
        row.code, row.problem = "skipped", f"user 65534 cannot run {sys.executable}"
        return row
    ctx.run(row, "fix", str(source), "--in-place", cwd=folder, user=65534)
    expect(row, row.code in (1, 2) and source.read_text() == SAMPLE, "read-only file rewritten")
    return row


def _runs_as(uid: int) -> bool:
    try:
        return subprocess.run([sys.executable, "-c", "pass"], user=uid, capture_output=True).returncode == 0
    except OSError:
        return False


def case_inplace_mode_owner(ctx: Ctx) -> Row:
    row = Row("--in-place keeps mode and owner")
    source = write(ctx.work / "m.txt", SAMPLE)
    source.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(source, 65534, 65534)
    ctx.run(row, "fix", str(source), "--in-place")
    st = source.stat()
    expect(row, st.st_mode & 0o7777 == 0o640, f"mode is now {st.st_mode & 0o7777:o}")
    expect(row, os.geteuid() != 0 or (st.st_uid, st.st_gid) == (65534, 65534), f"owner is now {st.st_uid}:{st.st_gid}")
    expect(row, source.read_text() != SAMPLE, "file not fixed")
    return row


def case_inplace_symlink(ctx: Ctx) -> Row:
    row = Row("--in-place on a symbolic link")
    target = write(ctx.work / "real" / "t.txt", SAMPLE)
    link = ctx.work / "link.txt"
    link.symlink_to(target)
    ctx.run(row, "fix", str(link), "--in-place")
    expect(row, link.is_symlink(), "link replaced by a regular file")
    expect(row, target.read_text() != SAMPLE, "link target not fixed")
    return row


def case_long_token(ctx: Ctx) -> Row:
    row = Row("1 MB token without spaces")
    source = write(ctx.work / "tok.txt", "ab" * 500_000 + "\n")
    ctx.run(row, "fix", str(source), stdout=subprocess.DEVNULL)
    expect(row, row.code != "timeout" and not row.traceback, "unbounded")
    return row


def case_long_line(ctx: Ctx) -> Row:
    row = Row("400 KB line")
    words = "the Meeting in june with nato, andcalled a $ 2.5 deal . "
    source = write(ctx.work / "line.txt", (words * (400_000 // len(words))) + "\n")
    ctx.run(row, "fix", str(source), stdout=subprocess.DEVNULL)
    expect(row, row.code != "timeout" and not row.traceback, "unbounded")
    return row


def case_crlf_check_after_fix(ctx: Ctx) -> Row:
    row = Row("CRLF: check after fix --in-place")
    source = write(ctx.work / "w.txt", SAMPLE.replace("\n", "\r\n").encode())
    first = Row("")
    ctx.run(first, "fix", str(source), "--in-place")
    result = ctx.run(row, "check", str(source))
    expect(row, row.code == 0, f"check exits {row.code} after fix: {result.stdout.decode().strip()[:60]}")
    return row


def case_check_options(ctx: Ctx) -> Row:
    row = Row("cp1251: check/diff --encoding auto")
    source = write(ctx.work / "c.txt", "Встреча: the Meeting in june.\n".encode("cp1251"))
    codes = []
    for command in ("check", "diff", "explain"):
        ctx.run(row, command, str(source), "--encoding", "auto")
        codes.append(row.code)
    row.code = "/".join(map(str, codes))
    expect(row, codes == [1, 0, 0], "commands lack --encoding")
    return row


def case_sigkill_main(ctx: Ctx) -> Row:
    row = Row("SIGKILL main: workers orphaned")
    import psutil

    for i in range(300):
        write(ctx.work / "in" / f"f{i:03}.txt", SAMPLE * 50)
    command = [sys.executable, "-m", "normalizer", "fix", "in", "-o", "out", "--jobs", "2", "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ctx.work, env=ctx.env(), start_new_session=True, stderr=subprocess.PIPE)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any((ctx.work / "out").rglob("*.txt")):
        time.sleep(0.1)
    with contextlib.suppress(psutil.Error):
        workers = psutil.Process(proc.pid).children(recursive=True)
    proc.kill()
    proc.wait()
    time.sleep(5)
    alive = [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    row.code = f"{len(workers)} workers"
    row.seconds = time.perf_counter() - started
    expect(row, workers and not alive, f"{len(alive)} worker(s) alive 5 s after the main process was killed")
    for w in alive:
        with contextlib.suppress(psutil.Error):
            w.kill()
    os.killpg(proc.pid, signal.SIGKILL) if _group_alive(proc.pid) else None
    return row


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except OSError:
        return False


def case_sigkill_group(ctx: Ctx) -> Row:
    row = Row("SIGKILL group mid-batch, rerun")
    for i in range(200):
        write(ctx.work / "in" / f"f{i:03}.txt", SAMPLE * 100)
    command = [sys.executable, "-m", "normalizer", "fix", "in", "-o", "out", "--jobs", "2", "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ctx.work, env=ctx.env(), start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ((ctx.work / "out").exists() and temp_files(ctx.work / "out")):
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_left = len(temp_files(ctx.work / "out")) if (ctx.work / "out").exists() else 0
    result = ctx.run(row, "fix", "in", "-o", "out", "--jobs", "2")
    row.seconds = time.perf_counter() - started
    row.left = len(temp_files(ctx.work / "out"))
    manifest = json.loads((ctx.work / "out" / ".mtnorm-manifest.json").read_text())["files"]
    outputs = sorted(p.name for p in (ctx.work / "out").glob("*.txt"))
    expect(row, row.code == 0 and row.left == 0, f"{row.left} temp files survive the rerun ({killed_left} after the kill)")
    expect(row, len(outputs) == 200 and set(manifest) == set(outputs), "manifest and outputs disagree")
    del result
    return row


def case_idempotent_runs(ctx: Ctx) -> Row:
    row = Row("fix∘fix: 'in in in in'")
    source = write(ctx.work / "in.txt", "He was in in in in Moscow.\n")
    once = ctx.run(row, "fix", str(source)).stdout
    twice_src = write(ctx.work / "once.txt", once)
    twice = ctx.run(row, "fix", str(twice_src)).stdout
    expect(row, once == twice, f"second pass changes {once.decode().strip()!r} to {twice.decode().strip()!r}")
    return row


def case_edits_field(ctx: Ctx) -> Row:
    row = Row("--edits-field equal to --field")
    write(ctx.work / "a.jsonl", json.dumps({"text": SAMPLE}) + "\n")
    ctx.run(row, "fix", "--jsonl", "--field", "text", "--edits-field", "text", "a.jsonl")
    expect(row, row.code == 2, "not a usage error")
    return row


def case_explain_json_folder(ctx: Ctx) -> Row:
    row = Row("explain --json on a folder")
    write(ctx.work / "in" / "a.txt", SAMPLE)
    write(ctx.work / "in" / "b.txt", SAMPLE)
    result = ctx.run(row, "explain", "in", "--json")
    out = result.stdout.decode()
    try:
        json.loads(out)
        valid = True
    except ValueError:
        valid = all(_json_line(line) for line in out.splitlines() if line.strip())
    expect(row, valid, "output is neither one JSON document nor JSON Lines")
    return row


def _json_line(line: str) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def case_report_up_to_date(ctx: Ctx) -> Row:
    row = Row("--report on an up-to-date tree")
    write(ctx.work / "in" / "a.txt", SAMPLE)
    first = Row("")
    ctx.run(first, "fix", "in", "-o", "out", "--jobs", "1")
    result = ctx.run(row, "fix", "in", "-o", "out", "--report", "r.html", "--jobs", "1")
    page = (ctx.work / "r.html").read_text(errors="replace") if (ctx.work / "r.html").exists() else ""
    said = result.stderr.decode()
    expect(row, "a.txt" in page or "report" in said.lower(), "an empty report without a word")
    return row


CASES: list[tuple[str, Callable[[Ctx], Row]]] = [
    *[(f"redos-regex {s}", lambda c, s=s: case_redos(c, s, "regex")) for s in ("(a|aa)+$", "(a|a?)+$", "(a+)+$")],
    *[(f"redos-context {s}", lambda c, s=s: case_redos(c, s, "followed_by")) for s in ("(a|aa)+$", "(a|a?)+$")],
    ("report-folder", case_report_folder),
    ("full-disk-outputs", case_full_disk_outputs),
    ("full-disk-report", case_full_disk_report),
    ("full-disk-jsonl", case_full_disk_jsonl),
    ("dev-full", case_dev_full),
    ("dev-full-commands", case_dev_full_commands),
    ("conflict-two", case_conflict_two_canonicals),
    ("conflict-reverse", case_conflict_reverse_bundled),
    ("inplace-readonly", case_inplace_readonly),
    ("inplace-readonly-user", case_inplace_readonly_user),
    ("inplace-mode-owner", case_inplace_mode_owner),
    ("inplace-symlink", case_inplace_symlink),
    ("crlf-check", case_crlf_check_after_fix),
    ("encoding-options", case_check_options),
    ("idempotent", case_idempotent_runs),
    ("edits-field", case_edits_field),
    ("explain-json", case_explain_json_folder),
    ("report-up-to-date", case_report_up_to_date),
    ("sigkill-main", case_sigkill_main),
    ("sigkill-group", case_sigkill_group),
    ("long-line", case_long_line),
    ("long-token", case_long_token),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent), help="checkout to test")
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a case counts as hung (60)")
    args = parser.parse_args()
    rows = []
    print("| case | exit | seconds | traceback | files left | problem |\n|---|---|---:|---|---:|---|", flush=True)
    for name, case in CASES:
        if args.only and args.only not in name:
            continue
        work = Path(tempfile.mkdtemp(prefix="mtnorm-battery-"))
        try:
            row = case(Ctx(Path(args.repo), work, args.limit))
        except Exception as exc:  # the battery's own failure on a case is shown, not hidden
            row = Row(name, "battery error", problem=f"{type(exc).__name__}: {exc}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows.append(row)
        tb = "yes" if row.traceback else "no"
        print(f"| {row.case} | {row.code} | {row.seconds:.1f} | {tb} | {row.left} | {row.problem} |", flush=True)
    bad = sum(1 for r in rows if r.problem and r.code != "skipped")
    print(f"\n{len(rows)} cases, {bad} with a problem")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
