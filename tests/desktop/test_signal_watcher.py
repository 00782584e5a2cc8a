"""SIGTERM ends the app even when it comes before Qt's event loop runs (the tray icon can
dock, and a session manager stop the app, while it is still starting)."""

from __future__ import annotations

from tests.support.fresh_process import run_offscreen

SCRIPT = """
import os, signal, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from focuscoach.desktop.app import SignalWatcher

app = QApplication(sys.argv)
watcher = SignalWatcher(app)
os.kill(os.getpid(), signal.SIGTERM)  # before the loop: the handler runs now
time.sleep(0.05)
QTimer.singleShot(5000, lambda: app.exit(3))  # not quit by the signal: status 3 after 5 s
started = time.monotonic()
status = app.exec()
watcher.close()
print(status, watcher.received == [signal.SIGTERM], time.monotonic() - started < 2.0)
"""


def test_a_signal_before_the_loop_runs_still_quits() -> None:
    assert run_offscreen(SCRIPT, timeout=60) == ["0", "True", "True"]
