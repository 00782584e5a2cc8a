"""A Python script in a fresh process with Qt offscreen: for what only a process's start shows
(the collector's freeze count, a signal before the event loop runs)."""

from __future__ import annotations

import os
import subprocess
import sys


def run_offscreen(script: str, timeout: float) -> list[str]:
    """The words the script printed; fails the test if it did not exit 0."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()
