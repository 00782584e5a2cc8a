"""Work done by a forked child while this process does its own (a report's two halves of a
second: counting the week beside matplotlib's import, the page's two columns of charts).

Only where forking is safe: no other thread, which a fork would copy mid-work. The child
sends bytes back through a pipe and leaves without running any cleanup; any failure of the
child reads as None, and the caller does the work itself, as it would without a child.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from types import TracebackType


def can_fork() -> bool:
    """Whether this process may fork safely: it can, and runs one thread only, counting the
    threads Python did not start (numpy's OpenBLAS workers), as Python 3.12's check does."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: Python's own count is all there is
        return True


class Forked:
    """`with Forked(work) as child: ...; data = child.result()`: `work` runs in a child from
    the moment the block starts; leaving the block (also by an exception) closes the pipe,
    which ends a child still writing, and reaps it. Check `can_fork()` first."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        self._work = work
        self._pid = 0
        self._read: io.BufferedReader | None = None

    def __enter__(self) -> Forked:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without running any cleanup
            status = 1
            try:
                os.close(read_end)
                data = self._work()
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._read = pid, os.fdopen(read_end, "rb")
        return self

    def result(self) -> bytes | None:
        """What the child sent; None when it failed or sent nothing."""
        assert self._read is not None, "result() inside the with block"
        data = self._read.read()
        self._read.close()
        return data if self._reap() == 0 and data else None

    def _reap(self) -> int:
        if not self._pid:
            return 0
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        return status

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._read is not None:
            self._read.close()
        self._reap()
