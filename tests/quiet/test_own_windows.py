"""Focus Coach's own windows are a pause of the current window: never recorded, never a
switch, never reported to the coach. Unit-tested with a scripted backend, then with a real
Qt window of "Focus Coach" taking focus on a real X server during `focuscoach record`."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import RecordingSettings
from focuscoach.core.recording.recorder import is_own_window
from focuscoach.core.runtime.recording import WindowTap
from tests.conftest import db_rows
from tests.recording.test_recorder import make, run_for
from tests.recording.test_x11_recording import start_recorder
from tests.xsession import XSession

MOOD = WindowInfo("Focus Coach", "How are you doing? — Focus Coach")


def test_own_windows_by_class_app_id_and_executable() -> None:
    assert is_own_window(MOOD)
    assert is_own_window(WindowInfo("io.github.focuscoach.FocusCoach", "Break"))
    assert is_own_window(WindowInfo("focuscoach", "Break — Focus Coach"))
    assert not is_own_window(WindowInfo("firefox", "Focus Coach — a review"))


def test_time_in_an_own_window_pauses_the_current_window(tmp_path: Path) -> None:
    db, writer, clock, backend, _, recorder = make(tmp_path)
    t0 = clock.now
    backend.current = WindowInfo("XTerm", "editor")
    run_for(recorder, clock, 10)
    backend.current = MOOD
    run_for(recorder, clock, 30)
    backend.current = WindowInfo("XTerm", "editor")
    run_for(recorder, clock, 5)
    backend.current = MOOD
    run_for(recorder, clock, 1)  # a glance shorter than the pulse time: no gap at all
    backend.current = WindowInfo("firefox", "news")
    run_for(recorder, clock, 5)
    recorder.finish()
    writer.stop()
    spans = db_rows(
        db, f"SELECT start - {t0}, stop - {t0}, app, title FROM window_spans ORDER BY start"
    )
    assert spans == [
        (0.0, 9.0, "XTerm", "editor"),
        (40.0, 46.0, "XTerm", "editor"),
        (46.0, 51.0, "firefox", "news"),
    ]


def test_the_coach_is_not_told_about_own_windows() -> None:
    seen: list[WindowInfo | None] = []

    class Backend:
        current: WindowInfo | None = WindowInfo("XTerm", "editor")

        def active_window(self) -> WindowInfo | None:
            return self.current

        def close(self) -> None:
            pass

    backend = Backend()
    tap = WindowTap(backend, RecordingSettings(), seen.append)
    tap.active_window()
    backend.current = MOOD
    tap.active_window()
    backend.current = WindowInfo("XTerm", "editor")
    tap.active_window()
    assert seen == [WindowInfo("XTerm", "editor")]  # no switch away and back


QT_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
app.setApplicationName("Focus Coach")
app.setApplicationDisplayName("Focus Coach")
app.setDesktopFileName("io.github.focuscoach.FocusCoach")
label = QLabel("How are you doing?")
label.setWindowTitle("How are you doing?")
label.resize(300, 120)
label.show()
label.activateWindow()
app.exec()
"""


def test_a_real_focus_coach_window_is_never_recorded(tmp_path: Path) -> None:
    with XSession() as x:
        term = x.spawn_xterm("editor")
        x.activate(term)
        home = tmp_path / "home"
        recorder = start_recorder(home, x)
        qt = subprocess.Popen(
            [sys.executable, "-c", QT_WINDOW],
            env={**x.env, "QT_QPA_PLATFORM": "xcb"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            out = x._run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(qt.pid)])
            mood = int(out.split()[0])
            assert "Focus Coach" in x._run(["xprop", "-id", hex(mood), "WM_CLASS"])
            time.sleep(1.5)
            x.activate(mood)
            mood_from = time.time()  # the check-in has focus from here at the latest
            time.sleep(3.0)
            mood_until = time.time()  # ...and until here at the earliest
            x.activate(term)
            time.sleep(2.0)
        finally:
            recorder.send_signal(signal.SIGTERM)
            _out, err = recorder.communicate(timeout=10)
            qt.kill()
            qt.communicate(timeout=10)
        assert recorder.returncode == 0, err
    spans = sorted(
        db_rows(home / "focuscoach.db", "SELECT start, stop, app, title FROM window_spans")
    )
    assert {(app, title) for _s, _e, app, title in spans} == {("XTerm", "editor")}
    # The editor before and after; the Focus Coach window is a gap. A loaded machine may
    # delay the recorder past the pulse time and split the editor's time into more spans,
    # so the gap is checked against when the check-in surely had focus, not by counting.
    assert spans[0][0] < mood_from and spans[-1][1] > mood_until
    assert not [span for span in spans if span[0] < mood_until and span[1] > mood_from]
