"""Reading input files safely and writing outputs atomically.

A batch run must never lose text: inputs are checked before anything is
written, and outputs go to a temporary file in the target folder that is
renamed over the destination only when complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
ENCODINGS = ("utf-8", "auto")  # --encoding: UTF-8 (BOM allowed), or detect (charset-normalizer)
NEWLINES = ("keep", "lf", "crlf")  # --newline: line breaks of the output
_BINARY_SAMPLE = 8192
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
TEMP_SUFFIX = ".mtnorm-tmp"  # temporary outputs: ".NAME.XXXX.mtnorm-tmp" beside NAME (batch runs sweep them)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) text, or an `InputError` that says where it broke."""
    if b"\x00" in data[:_BINARY_SAMPLE] or b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            name, f"not UTF-8: undecodable byte 0x{data[exc.start]:02x} at line {line} (byte offset {exc.start})"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def decode_input(data: bytes, name: str, encoding: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding used; `InputError` when it is not text."""
    try:
        return decode(data, name), "utf-8"
    except InputError:
        if encoding == "utf-8":
            raise
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    # single-byte code pages often tie on Latin text; for English, Windows-1252 is the likely one
    for match in matches:
        if best is not None and match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            best = match
    if best is None:
        raise InputError(name, "binary or unknown encoding (charset-normalizer found no match)")
    text = str(best)
    if "\x00" in text:
        raise InputError(name, f"binary file (NUL characters after decoding as {best.encoding})")
    return (text[1:] if text.startswith("\ufeff") else text), best.encoding


def newline_of(text: str) -> str:
    """The line break most lines of ``text`` end with: CRLF or LF."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def read_input_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input file, size checked on the open file (it cannot grow between check and read)."""
    try:
        if os.path.isdir(path):
            raise InputError(path, "is a directory")
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(path, f"file is {size} bytes, over the limit of {max_bytes} (see --max-bytes)")
            return handle.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def read_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read one input file, or ``-`` for standard input."""
    name = str(path)
    if name == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    data = read_input_bytes(name, max_bytes)
    return decode(data, name)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], *, follow_link: bool = False) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content replaces ``path`` only when the block ends without error.

    The temporary file sits beside the target (same file system, so the rename
    is atomic) and is removed on any error or interrupt: a reader sees the old
    file or the complete new one, never half of it. It is locked (``flock``)
    while it is written, so `sweep_temp_files` can tell a file a killed run
    left behind from one a running process is still writing. A file that is
    replaced keeps its mode and, where the process may keep it, its owner and
    group. ``follow_link``: rewrite the file a symbolic link points to and
    keep the link (``--in-place``); otherwise a link at ``path`` is replaced.
    """
    temp = _TempFile(path, follow_link)
    try:
        yield temp.handle
    except BaseException:
        temp.discard()
        raise
    temp.commit()


def write_then_commit(path: str | os.PathLike[str], text: str, committer: Executor, *, follow_link: bool = False) -> Future[None]:
    """`atomic_write`, its last step (fsync, then the rename) run by ``committer``: a batch of files goes
    on with the next file while the disk takes the last one (a wait for the disk per file took a third
    of a 5 KB file's time and kept two workers from running at twice the speed of one). The file is in
    place, complete, once the future is done; on an error it is not, and its temporary file is gone."""
    temp = _TempFile(path, follow_link)
    try:
        _write_in_pieces(temp.handle, text)
        temp.handle.flush()
        return committer.submit(temp.commit)
    except BaseException:
        temp.discard()
        raise


class _TempFile:
    """The locked temporary file of `atomic_output`, open for writing, until `commit` or `discard`."""

    def __init__(self, path: str | os.PathLike[str], follow_link: bool) -> None:
        target = Path(os.path.realpath(path)) if follow_link else Path(path)
        try:
            existing: os.stat_result | None = os.stat(target, follow_symlinks=False)
        except FileNotFoundError:
            existing = None
        target.parent.mkdir(parents=True, exist_ok=True)
        # The temporary file's name is drawn before the file is made, so an interrupt (Ctrl-C, or SIGTERM when
        # a worker's parent dies) that lands after the file exists but before ``fd`` holds it still knows what
        # to remove: with tempfile.mkstemp that window left the file behind.
        while True:
            tmp = str(target.parent / f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
            try:
                fd = os.open(tmp, _CREATE, 0o600)
                break
            except FileExistsError:
                continue  # another file has this random name: draw again (that file is not ours to remove)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
        self.target, self.tmp, self.lock = target, tmp, -1
        try:
            self.lock = os.dup(fd)  # the lock lives on this descriptor until the rename is done
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _keep_owner_and_mode(fd, existing)
            self.handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(fd)
            self._remove()
            raise

    def commit(self) -> None:
        """The content made durable (fsync), then put in place (rename); on any error the file is removed."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.target)
        except BaseException:
            self.discard()
            raise
        self._unlock()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        self._remove()

    def _remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)
        self._unlock()

    def _unlock(self) -> None:
        if self.lock >= 0:
            os.close(self.lock)
            self.lock = -1


def _keep_owner_and_mode(fd: int, existing: os.stat_result | None) -> None:
    if existing is None or stat.S_ISLNK(existing.st_mode):
        os.fchmod(fd, 0o644)
        return
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except PermissionError:  # not root: the owner is ours (rewrite_problem refused other owners); keep the group if we may
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


def rewrite_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``--in-place`` must not rewrite ``path``, or None: the user could not write it, or a rewrite would change its owner.

    Formatters users know refuse such files with a message (black does); a
    rename over a read-only file would succeed in a writable folder, so it is
    checked here, on the file a symbolic link points to.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if not os.access(path, os.W_OK) or not info.st_mode & 0o222:
        return f"read-only file (mode {stat.S_IMODE(info.st_mode):04o}): not rewritten; make it writable to fix it in place"
    if os.geteuid() != 0 and info.st_uid != os.geteuid():
        return f"owned by user {info.st_uid}: rewriting it would make it yours; not rewritten"
    return None


def sweep_temp_files(folder: str | os.PathLike[str], names: set[str] | None = None) -> int:
    """Remove temporary files a killed run left under ``folder`` (ours only: ``.NAME.XXXX.mtnorm-tmp``).

    A temporary file still locked belongs to a live writer and stays.
    ``names``: only those of these output names (a file given by name is
    swept next to itself, not in its whole folder). Returns how many went.
    """
    removed = 0
    for here, _dirs, files in os.walk(folder):
        for name in files:
            if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
                continue
            if names is not None and not any(name.startswith(f".{n}.") for n in names):
                continue
            path = os.path.join(here, name)
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live process is writing it
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    removed += 1
            finally:
                os.close(fd)
    return removed


WRITE_CHARS = 1 << 20  # characters encoded and written at a time: a large text is not encoded whole beside itself


def atomic_write(path: str | os.PathLike[str], text: str, *, follow_link: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    with atomic_output(path, follow_link=follow_link) as handle:
        _write_in_pieces(handle, text)


def _write_in_pieces(handle: IO[str], text: str) -> None:
    for start in range(0, len(text), WRITE_CHARS):
        handle.write(text[start : start + WRITE_CHARS])
