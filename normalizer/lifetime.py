"""Processes that die with mtnorm: pool workers and the LanguageTool server.

If the main process is killed outright (SIGKILL, the OOM killer), nothing in
it runs: its children must notice on their own. On Linux the kernel sends
them a signal when their parent dies (``PR_SET_PDEATHSIG``); a pool worker
turns it into the same unwinding as Ctrl-C (the document in progress is
dropped and its temporary file removed) and then leaves, even if the pool's
loop would have swallowed the interrupt.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 2.0  # time to unwind the document in progress before the worker leaves


def parent_death_signal(signum: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A function that asks the kernel to send ``signum`` to the calling process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, signum)

    return arm


def die_with_parent(parent: int) -> None:
    """In a pool worker: SIGTERM when the main process ``parent`` dies, and leave after unwinding.

    Installs the worker's SIGTERM handler: it raises KeyboardInterrupt (the
    file in progress unwinds as on Ctrl-C); when the parent is gone it also
    ends the process after `GRACE_SECONDS`. A parent that died before this
    ran is caught by comparing ``getppid``.
    """
    arm = parent_death_signal(signal.SIGTERM)
    if arm is not None:
        arm()
    signal.signal(signal.SIGTERM, lambda signum, frame: _terminate(signum, parent))
    if os.getppid() != parent:
        _terminate(signal.SIGTERM, parent)


def _terminate(signum: int, parent: int) -> None:
    if os.getppid() != parent:
        leave = threading.Timer(GRACE_SECONDS, os._exit, (1,))
        leave.daemon = True
        leave.start()
    raise KeyboardInterrupt(f"signal {signum}")
