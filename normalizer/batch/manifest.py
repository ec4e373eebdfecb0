"""The resume manifest: which outputs under OUT are up to date, and why we believe it.

A batch over tens of thousands of files gets interrupted; the re-run must not
redo the finished part, and must redo everything the moment anything that
shapes the output changed. So per output file it records the sha256 of the
input bytes, the mtnorm version and one hash of the configuration *and the
contents* of every lexicon file (editing a lexicon in place changes outputs
without changing any option). The file is JSON, written atomically, so an
interrupted run leaves either the old manifest or the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..io import atomic_output
from ..options import Options
from ..version import __version__

MANIFEST_NAME = ".mtnorm-manifest.json"
FORMAT = 1
_FIELDS = ("input_sha256", "mtnorm_version", "config_sha256", "encoding")


def config_hash(options: Options, settings: dict[str, Any]) -> str:
    """One hash of everything besides the input that decides an output's bytes: the options'
    `cache_key` (lexicon contents included) and how files are decoded and written."""
    return hashlib.sha256(json.dumps([options.cache_key(), settings], sort_keys=True).encode()).hexdigest()


def file_hash(path: str | os.PathLike[str]) -> str | None:
    """sha256 of a file's bytes, None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


class Manifest:
    """``relative path → {input_sha256, mtnorm_version, config_sha256, encoding}`` for one output folder."""

    def __init__(self, folder: str | os.PathLike[str], config: str) -> None:
        self.path = Path(folder) / MANIFEST_NAME
        self.config = config
        # tuples in memory (a tree of 100,000 files), objects with names in the file
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.dirty = False

    @classmethod
    def load(cls, folder: str | os.PathLike[str], config: str) -> Manifest:
        manifest = cls(folder, config)
        try:
            raw = manifest.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return manifest
        except OSError as exc:
            raise UsageError(f"{manifest.path}: cannot read the manifest: {exc.strerror or exc}") from None
        try:
            data = json.loads(raw)
            files = data["files"] if data.get("format") == FORMAT else {}
            if not isinstance(files, dict):
                raise ValueError("files is not an object")
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            raise UsageError(f"{manifest.path}: not an mtnorm manifest ({exc}); delete it or use --force") from None
        for relative, entry in files.items():
            if isinstance(entry, dict):
                manifest.entries[relative] = tuple(entry.get(k) for k in _FIELDS)
        return manifest

    def is_current(self, relative: str, source: str, target: str | os.PathLike[str]) -> bool:
        """True when ``target`` was made from exactly this input, version and configuration."""
        entry = self.entries.get(relative)
        if entry is None or entry[1] != __version__ or entry[2] != self.config:
            return False
        if not os.path.isfile(target):
            return False
        return entry[0] == file_hash(source)

    def record(self, relative: str, input_hash: str, encoding: str | None) -> None:
        self.entries[relative] = (input_hash, __version__, self.config, encoding)
        self.dirty = True

    def forget(self, relatives: Iterable[str]) -> None:
        for relative in relatives:
            if self.entries.pop(relative, None) is not None:
                self.dirty = True

    def save(self) -> None:
        """Write atomically (temporary file + rename) if anything changed since the last save.

        Streamed entry by entry: a manifest of 100,000 files is never held as one string.
        """
        if not self.dirty:
            return
        with atomic_output(self.path) as handle:
            handle.write(f'{{"format": {FORMAT}, "files": {{')
            for i, (relative, entry) in enumerate(sorted(self.entries.items())):
                fields = json.dumps(dict(zip(_FIELDS, entry, strict=True)), ensure_ascii=False)
                handle.write(f"{',' if i else ''}\n {json.dumps(relative, ensure_ascii=False)}: {fields}")
            handle.write("\n}}\n")
        self.dirty = False
