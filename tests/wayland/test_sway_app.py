"""The tray app as a native Wayland client of a real headless sway (QT_QPA_PLATFORM=wayland,
no X server): it starts, records focus through wlr-foreign-toplevel (its own window is seen
and left out), and quits cleanly on SIGTERM. sway here runs no bar, so there is no StatusNotifier host: Qt reports no system
tray, and the app shows its main window in the icon's place (as on X11 without a tray)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import db_rows
from tests.wayland.compositors import SwaySession

APP_ID = "io.github.focuscoach.FocusCoach"


def _wait(condition: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.1)


def test_tray_app_on_sway_records_and_quits_on_sigterm(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with SwaySession() as sway:
        sway.spawn_foot("编辑器 editor ✍", "fc.editor")
        env = {
            **sway.client_env(),
            "QT_QPA_PLATFORM": "wayland",
            "DBUS_SESSION_BUS_ADDRESS": sway.session_bus(),
            "FOCUSCOACH_TRAY_WAIT": "1.5",
        }
        app = subprocess.Popen(
            [sys.executable, "-m", "focuscoach.desktop", "--home", str(home)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait(
                lambda: (
                    any(w.get("app_id") == APP_ID for w in sway.windows()) or app.poll() is not None
                ),
                "the app's window on sway",
            )
            assert app.poll() is None, app.communicate()
            time.sleep(1.5)
            switched = sway.focus("fc.editor")
            time.sleep(2.5)
        finally:
            app.send_signal(signal.SIGTERM)
            _out, err = app.communicate(timeout=20)
        assert app.returncode == 0, err

    log = (home / "logs" / "focuscoach.log").read_text(encoding="utf-8")
    assert "no system tray" in log
    assert "key and click counts are not available" in log
    spans = db_rows(
        home / "focuscoach.db", "SELECT start, stop, app, title FROM window_spans ORDER BY start"
    )
    # The app's own window (its app id is the desktop file name) is a pause, not recorded.
    assert spans and all(s[2] != APP_ID for s in spans)
    last = spans[-1]
    assert (last[2], last[3]) == ("fc.editor", "编辑器 editor ✍")
    assert abs(float(last[0]) - switched) <= 1.5
    assert db_rows(home / "focuscoach.db", "SELECT count(*) FROM input_activity") == [(0,)]
