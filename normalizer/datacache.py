"""A per-user cache of tables derived from the package's data files, so a new process loads them fast.

Reading ``names-kb.json`` (1.2 MB, some 130,000 strings) and building its sets costs about 90 ms, a
third of a one-line run's start-up; the same tables as a few long strings, split in C, load in about
a third of that, and the shipped lexicons without PyYAML. The data file stays the reviewed source:
the cache is derived from it on the
first run and keyed by a hash of the file's bytes, the cache format, mtnorm's version and the
Python version (marshal's format is Python's own), so a changed file, another release or another
Python builds a new entry.

Where: ``$MTNORM_CACHE_DIR``, else ``$XDG_CACHE_HOME/mtnorm``, else ``~/.cache/mtnorm``;
``MTNORM_CACHE_DIR=off`` turns the cache off. A cache that cannot be read (missing, damaged,
written by another version) is rebuilt; one that cannot be written (a read-only home) is skipped:
the cache only ever saves time, never changes a result. Entries are written to a temporary file
and renamed into place, so parallel workers never read a half-written one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .version import __version__

FORMAT = 3  # bump when what a builder stores changes (a release changes the key by its version)


def cache_dir() -> Path | None:
    """The folder of the cache, or None when it is turned off."""
    chosen = os.environ.get("MTNORM_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtnorm"


def derived(name: str, source: bytes, build: Callable[[], Any]) -> Any:
    """``build()`` (plain data marshal can store), read from the cache when an entry for these ``source``
    bytes exists, else built and stored. ``name`` names the entry's files (older ones are removed)."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.blake2b(f"{FORMAT} {__version__} {sys.version_info[:2]}\0".encode(), digest_size=12)
    key.update(source)
    path = folder / f"{name}-{key.hexdigest()}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no entry yet, or a damaged one: build it
    value = build()
    _store(folder, name, path, value)
    return value


def _store(folder: Path, name: str, path: Path, value: Any) -> None:
    import tempfile  # only on a first run (it imports shutil and random: 5 ms of every start-up)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(value))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        for old in folder.glob(f"{name}-{'?' * len(path.stem.rpartition('-')[2])}.marshal"):  # not another name's
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass  # a read-only or full disk, or a value marshal cannot store: only the time is lost
