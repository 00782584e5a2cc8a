"""The break screen (`[breaks] screen = true`), offscreen: one overlay per monitor covering it,
the countdown, suggestion and today's skips, Postpone only in the break's first 30 %, Skip and
Postpone end the break through the App, Esc leaves the overlay for the small countdown window
(the break goes on); with the setting off the small window appears as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.coaching.breaks import RunningBreak
from focuscoach.core.coaching.events import BreakKind
from focuscoach.core.paths import Paths
from focuscoach.core.runtime import App, AppState
from focuscoach.desktop.break_screen import BreakScreen, placements, screen_placements
from focuscoach.desktop.breaks import BreakWindow
from focuscoach.desktop.tray import TrayController
from tests.desktop.conftest import delete_now, settle
from tests.fakes import FixedScorer, scripted_runtime

BREAK_S = 20  # Postpone is offered for its first 6 s


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_every_monitor_is_covered_once() -> None:
    left, right = QRect(0, 0, 1920, 1080), QRect(1920, 0, 2560, 1440)
    mirror = QRect(0, 0, 1920, 1080)
    assert placements([left, right]) == [0, 1]
    assert placements([left, mirror, right]) == [0, 2]  # a mirrored monitor: one overlay
    assert placements([QRect(), right]) == [1]
    assert placements([]) == []


def test_the_real_screens_get_their_whole_geometry(qtbot: QtBot) -> None:
    screens = QGuiApplication.screens()
    found = screen_placements()
    assert found and len(found) <= len(screens)
    for screen, rect in found:
        assert rect == screen.geometry()


TWO_SCREENS = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [
        {"name": "left", "x": 0, "y": 0, "width": 1024, "height": 768},
        {"name": "right", "x": 1024, "y": 0, "width": 1280, "height": 1024},
    ],
}
PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from focuscoach.desktop.break_screen import BreakScreen
window = BreakScreen(4e9, True, None, 60)
window.open()
app.processEvents()
print(json.dumps([
    [o.screen().name(), o.geometry().getRect(), o.isVisible(), o.isFullScreen()]
    for o in window.overlays
]))
window.finish()
app.processEvents()
print(json.dumps([o.isVisible() for o in window.overlays]))
"""


def test_two_monitors_get_one_overlay_each(tmp_path: Path) -> None:
    """The offscreen platform with two screens side by side (its JSON configuration): the
    screen the app opens covers each monitor with its own overlay."""
    config_file = tmp_path / "screens.json"
    config_file.write_text(json.dumps(TWO_SCREENS))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config_file}"}
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    shown, closed = (json.loads(line) for line in run.stdout.splitlines())
    assert shown == [
        ["left", [0, 0, 1024, 768], True, True],
        ["right", [1024, 0, 1280, 1024], True, True],
    ]
    assert closed == [False, False]


@pytest.fixture
def two_monitors(qtbot: QtBot) -> Iterator[tuple[BreakScreen, Clock]]:
    """The screen with two overlays side by side (offscreen has one screen: both are placed
    on it, each with its own rectangle, which is what the per-monitor code handles)."""
    screen = QGuiApplication.primaryScreen()
    clock = Clock(1000.0)
    running = RunningBreak(BreakKind.LONG, 1000.0, 1100.0, 1030.0, 2, 2)
    where = [(screen, QRect(0, 0, 400, 300)), (screen, QRect(400, 0, 400, 300))]
    window = BreakScreen(1100.0, True, running, 300.0, where, clock)
    qtbot.addWidget(window)
    yield window, clock
    window.finish()


def test_it_shows_the_countdown_suggestion_and_skips_on_each_monitor(
    two_monitors: tuple[BreakScreen, Clock], qtbot: QtBot
) -> None:
    window, clock = two_monitors
    window.open()
    assert len(window.overlays) == 2
    screen = QGuiApplication.primaryScreen()
    for overlay in window.overlays:  # full screen on its monitor (here both on the one)
        assert overlay.isFullScreen() and overlay.screen() is screen
    qtbot.waitUntil(lambda: all(o.geometry() == screen.geometry() for o in window.overlays))
    for overlay in window.overlays:
        assert overlay.isVisible()
        flags = overlay.windowFlags()
        assert flags & Qt.WindowType.FramelessWindowHint
        assert flags & Qt.WindowType.WindowStaysOnTopHint
        assert overlay.left.text() == "1:40"
        assert overlay.suggestion.text() == "Stand up, stretch, look into the distance."
        assert overlay.skips.text() == "2 breaks skipped today"
        assert overlay.postpone_button.text() == "Postpone 5 min"
        assert overlay.skip_button.text() == "Skip"
    clock.now = 1040.0
    window.refresh()
    assert [o.left.text() for o in window.overlays] == ["1:00", "1:00"]


def test_postpone_is_offered_only_in_the_first_part(
    two_monitors: tuple[BreakScreen, Clock], qtbot: QtBot
) -> None:
    window, clock = two_monitors
    window.open()
    assert all(o.postpone_button.isVisible() for o in window.overlays)
    clock.now = 1029.0
    window.refresh()
    assert window.postpone_offered()
    clock.now = 1030.0  # 30 % of the 100 s break
    window.refresh()
    assert not window.postpone_offered()
    assert not any(o.postpone_button.isVisible() for o in window.overlays)
    assert all(o.skip_button.isVisible() for o in window.overlays)


def test_no_postpone_when_none_are_left(qtbot: QtBot) -> None:
    screen = QGuiApplication.primaryScreen()
    running = RunningBreak(BreakKind.MICRO, 1000.0, 1020.0, None, 0, 0)
    clock = Clock(1000.0)
    window = BreakScreen(1020.0, False, running, 60, [(screen, screen.geometry())], clock)
    qtbot.addWidget(window)
    window.open()
    assert not window.postpone_button.isVisible()
    assert window.skips.text() == "No breaks skipped today"
    assert window.suggestion.text() == "Look away from the screen for a moment."
    window.finish()


def test_esc_on_any_monitor_leaves_every_overlay(
    two_monitors: tuple[BreakScreen, Clock], qtbot: QtBot
) -> None:
    window, _ = two_monitors
    window.open()
    with qtbot.waitSignal(window.escaped, timeout=2000):
        QTest.keyClick(window.overlays[1], Qt.Key.Key_Escape)
    assert not any(o.isVisible() for o in window.overlays)
    assert not window.timer.isActive()


def test_it_closes_itself_when_the_time_is_up(two_monitors: tuple[BreakScreen, Clock]) -> None:
    window, clock = two_monitors
    window.open()
    assert window.timer.isActive()
    clock.now = 1100.0
    window.refresh()
    assert not any(o.isVisible() for o in window.overlays)
    assert not window.timer.isActive()


# --- in the tray, against a real app ----------------------------------------------------------


def _app(paths: Paths, screen: bool) -> App:
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"long_duration_s": BREAK_S, "postpone_s": 60, "screen": screen},
            "nudges": {"enabled": False},
            "checkins": {"enabled": False},
        }
    )
    return App(
        scripted_runtime(
            paths,
            settings,
            scorer=FixedScorer(0.1),
        )
    ).start()


@pytest.fixture(params=[True], ids=["screen"])
def tray(
    paths: Paths, tmp_path: Path, qtbot: QtBot, request: pytest.FixtureRequest
) -> Iterator[tuple[TrayController, App]]:
    app = _app(paths, request.param)
    ctl = TrayController(app, tray_wait_s=0)
    yield ctl, app
    ctl.shutdown()
    delete_now()
    app.close()


def _break_screen(ctl: TrayController, app: App, qtbot: QtBot) -> BreakScreen:
    ctl.break_action.trigger()
    settle(qtbot)
    qtbot.waitUntil(lambda: isinstance(ctl.windows.get("break"), BreakScreen))
    window = ctl.windows["break"]
    assert isinstance(window, BreakScreen)
    assert app.status().state is AppState.BREAK
    assert window.isVisible() and window.isFullScreen()
    assert window.skips.text() == "No breaks skipped today"
    assert window.postpone_button.isVisible()
    return window


def _skips(app: App) -> int:
    assert app.runtime.runner is not None
    skips: int = app.runtime.runner.inspect(lambda c: c.skips_today)
    return skips


def test_skip_ends_the_break_counted(tray: tuple[TrayController, App], qtbot: QtBot) -> None:
    ctl, app = tray
    window = _break_screen(ctl, app, qtbot)
    QTest.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.waitUntil(lambda: "break" not in ctl.windows)
    assert not window.isVisible()
    assert app.status().state is AppState.RECORDING
    assert _skips(app) == 1
    window = _break_screen_again(ctl, app, qtbot)
    assert window.skips.text() == "1 break skipped today"
    window.skip_button.click()
    settle(qtbot)
    qtbot.waitUntil(lambda: "break" not in ctl.windows)
    assert _skips(app) == 2


def _break_screen_again(ctl: TrayController, app: App, qtbot: QtBot) -> BreakScreen:
    ctl.break_action.trigger()
    settle(qtbot)
    qtbot.waitUntil(lambda: isinstance(ctl.windows.get("break"), BreakScreen))
    window = ctl.windows["break"]
    assert isinstance(window, BreakScreen)
    return window


def test_postpone_ends_the_break_and_brings_the_reminder_back(
    tray: tuple[TrayController, App], qtbot: QtBot
) -> None:
    ctl, app = tray
    window = _break_screen(ctl, app, qtbot)
    QTest.mouseClick(window.postpone_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.waitUntil(lambda: "break" not in ctl.windows)
    assert app.status().state is AppState.RECORDING
    assert app.runtime.runner is not None
    pending = app.runtime.runner.inspect(lambda c: c.state.breaks.pending)
    assert pending is not None and pending.kind is BreakKind.LONG and pending.postpones == 1
    assert _skips(app) == 0


def test_esc_shows_the_small_countdown_and_the_break_goes_on(
    tray: tuple[TrayController, App], qtbot: QtBot
) -> None:
    ctl, app = tray
    window = _break_screen(ctl, app, qtbot)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    settle(qtbot)
    small = ctl.windows.get("break")
    assert isinstance(small, BreakWindow) and small.isVisible()
    assert not window.isVisible()
    assert app.status().state is AppState.BREAK
    QTest.mouseClick(small.end_button, Qt.MouseButton.LeftButton)  # "Back to work" ends it
    settle(qtbot)
    qtbot.waitUntil(lambda: app.status().state is AppState.RECORDING)
    assert _skips(app) == 0


@pytest.mark.parametrize("tray", [False], ids=["small"], indirect=True)
def test_with_the_setting_off_the_small_window_appears(
    tray: tuple[TrayController, App], qtbot: QtBot
) -> None:
    ctl, app = tray
    assert app.settings.coaching.break_screen is False
    ctl.break_action.trigger()
    settle(qtbot)
    qtbot.waitUntil(lambda: "break" in ctl.windows)
    assert isinstance(ctl.windows["break"], BreakWindow)
    ctl.end_break_action.trigger()
    settle(qtbot)


def test_the_settings_form_has_the_checkbox_off_by_default(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    from focuscoach.desktop.settings import SettingsWindow
    from focuscoach.desktop.settings_editors import BoolEditor

    login = {"platform": "linux", "env": {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}}
    window = SettingsWindow(config.Settings(), paths, autostart_kwargs={**login, "home": tmp_path})
    qtbot.addWidget(window)
    box = window.fields["breaks.screen"]
    assert isinstance(box, BoolEditor)
    assert box.text() == "Show breaks full screen" and not box.isChecked()
    box.setChecked(True)
    with qtbot.waitSignal(window.saved) as saved:
        assert window.save() is True, window.error.text()
    assert saved.args[0].coaching.break_screen is True
    assert "screen = true" in paths.config_file.read_text(encoding="utf-8")
    assert config.load(paths.config_file).coaching.break_screen is True
