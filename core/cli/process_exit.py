"""Ending a command's process without Python's teardown, where the command asks for it.

When a process ends, Python first takes apart every module and object it made. After a
drawn report that is matplotlib's and numpy's: about 110 ms here, a tenth of the report's
whole process, spent on memory the system takes back anyway, plus 40 ms more if the cyclic
collector, paused while drawing (cli/report.py), is turned back on first. A command whose
work is all on disk and in its output when it returns asks for `quick_exit()`; the entry point
then ends the process as soon as the command returns, after the exit handlers (logging's
flush and close among them) and flushing stdout and stderr.

Only the entry points run a command as the whole process (`run_whole`); a caller in the same
process (a test, the desktop) never has its process ended, and `quick_exit()` says False there.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Callable

_whole_process = False
_requested = False


def run_whole(command: Callable[[], int]) -> int:
    """Run `command` as the process's whole work: if it asked for `quick_exit()`, the
    process ends here with its status; otherwise the status is returned to the caller."""
    global _whole_process, _requested
    _whole_process, _requested = True, False
    try:
        status = command()
    finally:
        _whole_process = False
    if _requested:
        end_now(status)
    return status


def quick_exit() -> bool:
    """Asked by a command that leaves nothing to clean up: True where the process will end as
    soon as the command returns, so the command may skip its own cleanup too."""
    global _requested
    _requested = _whole_process
    return _requested


def end_now(status: int) -> None:
    """The exit handlers, the standard streams flushed, and the process ended at once."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: the status still counts
            stream.flush()
    os._exit(status)
