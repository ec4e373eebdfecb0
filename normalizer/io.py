"""Reading input files safely and writing outputs atomically.

A batch run must never lose text: inputs are checked before anything is
written, and outputs go to a temporary file in the target folder that is
renamed over the destination only when complete.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
ENCODINGS = ("utf-8", "auto")  # --encoding: UTF-8 (BOM allowed), or detect (charset-normalizer)
NEWLINES = ("keep", "lf", "crlf")  # --newline: line breaks of the output
_BINARY_SAMPLE = 8192
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
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content replaces ``path`` only when the block ends without error.

    The temporary file sits beside the target (same file system, so the rename
    is atomic) and is removed on any error or interrupt: a reader sees the old
    file or the complete new one, never half of it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    with atomic_output(path) as handle:
        handle.write(text)
