"""What a batch run shows while it works: a progress bar on a terminal, and the closing summary."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from ..edits import ARTIFACT_CLASSES
from .tasks import FileOutcome


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


class Progress:
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
