"""Recorder CPU budget (issue 2): at most 1 % of one core while recording at 1 Hz."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.xsession import XSession

pytestmark = [pytest.mark.bench, pytest.mark.x11]

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def test_recorder_cpu_while_recording(tmp_path: Path) -> None:
    with XSession() as x:
        windows = [x.spawn_xterm(f"window {i}") for i in range(3)]
        x.activate(windows[0])
        proc = subprocess.Popen(
            [sys.executable, "-m", "focuscoach.core.cli", "--home", str(tmp_path), "record"],
            env={**os.environ, **x.env, "DISPLAY": x.display_name},
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            time.sleep(5)  # start-up (imports, schema) is not the steady state
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            measure = 30.0
            cpu0, wall0 = _cpu_seconds(proc.pid), time.monotonic()
            for i in range(6):  # a few switches and some typing, as in real use
                x.activate(windows[i % 3])
                x.type_text("abc")
                time.sleep(measure / 6)
            cpu1, wall1 = _cpu_seconds(proc.pid), time.monotonic()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
    # The detector ran inside the recorder (every 30 s) and kept its call.
    conn = sqlite3.connect(tmp_path / "focuscoach.db")
    predictions = conn.execute("SELECT count(*) FROM predictions").fetchone()[0]
    conn.close()
    assert predictions >= 1
    share = (cpu1 - cpu0) / (wall1 - wall0)
    print(
        f"\nrecorder CPU: {share * 100:.2f} % of one core over {wall1 - wall0:.0f} s, detector "
        f"included ({predictions} predictions; budget 1 %)"
    )
    assert share <= 0.01
