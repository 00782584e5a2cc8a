"""What the end-to-end recording tests (X11 and Wayland) share: start `focuscoach record` on a
test display, stop it, and check the window spans it wrote against the switches made."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.conftest import db_rows


def start_recorder(
    home: Path, env: Mapping[str, str], *, timeout: float = 30.0, afk_timeout: int | None = None
) -> subprocess.Popen[str]:
    """`focuscoach record` with this environment, once it has written a window span (with
    `afk_timeout`, `home` is made with a config.toml setting it)."""
    if afk_timeout is not None:
        home.mkdir()
        (home / "config.toml").write_text(
            f"schema_version = 1\n\n[recording]\nafk_timeout = {afk_timeout}\n", encoding="utf-8"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), "record"],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    db = home / "focuscoach.db"
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        # Short waits, so a recorder that died is seen; a database without its schema yet
        # ("no such table") is not an error here, only "not yet".
        with contextlib.suppress(sqlite3.OperationalError):
            if db_rows(db, "SELECT count(*) FROM window_spans", timeout=1)[0][0] > 0:
                return proc
        time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"the recorder wrote nothing: {proc.communicate()}")


def stop_recorder(recorder: subprocess.Popen[str], timeout: float) -> None:
    """SIGTERM, and the recorder exits cleanly."""
    recorder.send_signal(signal.SIGTERM)
    _out, err = recorder.communicate(timeout=timeout)
    assert recorder.returncode == 0, err


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def assert_switch_timing(
    spans: Sequence[Sequence[Any]], switched: Sequence[tuple[str, float]], label: str
) -> None:
    """Spans (start, stop, ...) after the first each start within 1.5 s of their switch
    (one switch per span), and each span ends where the next starts: no gaps."""
    errors = [float(span[0]) - at for (_key, at), span in zip(switched, spans[1:], strict=True)]
    print(f"{label} timing errors (s):", ", ".join(f"{e:+.2f}" for e in errors))
    assert all(abs(e) <= 1.5 for e in errors), errors
    for before, after in itertools.pairwise(spans):
        assert before[1] == after[0]  # focus moved straight on: no gaps
