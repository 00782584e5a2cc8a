"""The break screen on a real X server (Xvfb + openbox): its overlay covers the whole screen,
above other windows and full screen for the window manager, and Esc typed on the keyboard
(XTEST) leaves it: the overlay is unmapped and the program hears `escaped`."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.xsession import XSession, require_tools

pytestmark = pytest.mark.x11

SCRIPT = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from focuscoach.core.coaching.breaks import RunningBreak
from focuscoach.core.coaching.events import BreakKind

out = Path(sys.argv[1])
app = QApplication(sys.argv[:1])
from focuscoach.desktop.break_screen import BreakScreen

now = time.time()
running = RunningBreak(BreakKind.LONG, now, now + 120, now + 36, 3, 1)
window = BreakScreen(now + 120, True, running, 300)
window.escaped.connect(lambda: (out.write_text("escaped\\n"), QTimer.singleShot(3000, app.quit)))
window.open()
QTimer.singleShot(300, lambda: out.write_text(f"shown {int(window.winId())}\\n"))
QTimer.singleShot(60_000, app.quit)  # never hang the test
sys.exit(app.exec())
"""


def _wait(condition: object, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.1)


def _run(x: XSession, *argv: str) -> str:
    return subprocess.run(
        list(argv), env=x.env, capture_output=True, text=True, timeout=20, check=True
    ).stdout


def test_the_overlay_covers_the_screen_and_esc_leaves_it(tmp_path: Path) -> None:
    require_tools("xwininfo", "xdotool", "xprop")
    out = tmp_path / "out.txt"
    with XSession(size="1280x800x24") as x:
        env = {**x.env, "QT_QPA_PLATFORM": "xcb"}
        proc = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait(lambda: out.exists() and out.read_text().startswith("shown"), "the overlay")
            wid = hex(int(out.read_text().split()[1]))
            _wait(
                lambda: "IsViewable" in _run(x, "xwininfo", "-id", wid),
                "the overlay mapped",
            )
            info = _run(x, "xwininfo", "-id", wid)
            geometry = {
                key: int(re.search(rf"{key}:\s+(-?\d+)", info).group(1))  # type: ignore[union-attr]
                for key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
            }
            assert geometry == {
                "Absolute upper-left X": 0,
                "Absolute upper-left Y": 0,
                "Width": 1280,
                "Height": 800,
            }, info
            state = _run(x, "xprop", "-id", wid, "_NET_WM_STATE")
            assert "_NET_WM_STATE_FULLSCREEN" in state and "_NET_WM_STATE_ABOVE" in state, state
            _run(x, "xdotool", "windowactivate", "--sync", wid)
            _run(x, "xdotool", "key", "Escape")
            _wait(lambda: out.read_text() == "escaped\n", "Esc leaving the overlay")
            # Closed: Qt unmaps the overlay and destroys its X window.
            left = subprocess.run(
                ["xwininfo", "-id", wid], env=x.env, capture_output=True, text=True, timeout=20
            )
            assert "IsViewable" not in left.stdout
            assert "IsUnMapped" in left.stdout or "No such window" in left.stderr, left
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            _, err = proc.communicate(timeout=10)
        assert "Traceback" not in err, err
