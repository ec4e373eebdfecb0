"""Which files a run reads: the one walk every command uses.

Files given by name are taken as they are; folders are walked in sorted order
without following symbolic links to folders, and a linked file is taken only
if it points inside the same input tree (a link out of the tree could expose or
overwrite anything). ``fix`` turns each file into a `FileTask`; ``check``,
``diff``, ``explain``, ``--corpus-casing`` and ``lexicon suggest`` see the same
files through `iter_sources`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import InputError, UsageError
from ..io import TEMP_SUFFIX


@dataclass(frozen=True, slots=True)
class FileTask:
    """One input file, its path relative to its input root, and where the output goes (None: nowhere)."""

    source: str
    relative: str
    target: str | None


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


@dataclass(frozen=True)
class Source:
    """One input file and the path it keeps under an output folder."""

    path: str
    relative: str


def iter_sources(paths: Sequence[str], pattern: str = "*.txt") -> Iterator[Source]:
    """Files as given, and every file matching ``pattern`` under each folder (sorted).

    Folders are walked as ``fix`` walks them (`scan_inputs`).
    """
    for raw in paths:
        if raw == "-":
            yield Source("-", "<stdin>")
            continue
        for task in scan_inputs([raw], pattern, None).tasks:
            yield Source(task.source, task.relative)
