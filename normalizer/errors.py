"""Errors that reach the user as one line, never as a traceback.

Every error names the thing it is about (a file, a lexicon line, an option),
because mtnorm runs over whole folders and a message without a path is useless
there. The command line catches `MtnormError` and prints `str(error)`.
"""

from __future__ import annotations


class MtnormError(Exception):
    """Base class: an error the user can act on."""


class InputError(MtnormError):
    """A file that cannot be read as text (missing, binary, undecodable, too large)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LexiconError(MtnormError):
    """A lexicon problem, located as ``file:line`` like a compiler error."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class OutputError(MtnormError):
    """Standard output could not be written (a full device)."""


class UsageError(MtnormError):
    """Options that do not fit together or name unknown things."""


class DocumentError(MtnormError):
    """Raised while normalizing one document (not about a file): a batch reports it under the document's path."""


class PatternTimeout(DocumentError):
    """A lexicon pattern that gave up on a text (catastrophic backtracking): that document fails, the run goes on."""

    def __init__(self, where: str, pattern: str, seconds: float, offset: int) -> None:
        super().__init__(
            f"lexicon {where}: pattern {pattern!r} gave up (time limit {seconds:g} s) at character {offset} "
            "(it backtracks catastrophically on this text; fix the pattern)"
        )
        self.where = where
        self.pattern = pattern


class DocumentTimeout(DocumentError):
    """A document that took longer than its time budget (`normalizer.budget`): it fails, nothing is written for it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s (--time-limit); not written")
        self.seconds = seconds
