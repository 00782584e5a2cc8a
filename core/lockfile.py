"""An exclusive, process-lifetime lock on a file: the OS drops it when the process dies,
so a killed recorder never leaves a stale lock behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from focuscoach.core.files import open_private


class LockFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        fd = open_private(self.path, os.O_RDWR | os.O_CREAT)  # 0600, like every file of ours
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def holder(self) -> int | None:
        """The pid of the process holding the lock, or None when it is free."""
        if self._handle is not None:
            return os.getpid()
        if not self.path.exists():
            return None
        if self.acquire():
            self.release()
            return None
        try:
            return int(self.path.read_text(encoding="utf-8").strip() or 0) or None
        except (OSError, ValueError):
            return None


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# The lock the recorder holds (the app's or `focuscoach record`'s): one recorder per home.
RECORDER_LOCK = "recorder.lock"
