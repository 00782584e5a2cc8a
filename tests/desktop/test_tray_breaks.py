"""The break's lifecycle in the tray, offscreen against a real app: "Back to work" in the
countdown and "End break" in the menu end the break everywhere (the coach's state, the icon,
the tooltip) and no "Break over" comes within the break's remaining time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.coaching.events import BreakDue, BreakKind
from focuscoach.core.paths import Paths
from focuscoach.core.runtime import App, AppState
from focuscoach.desktop.breaks import BreakWindow
from focuscoach.desktop.notify import NoticeKind, TrayNotifier
from focuscoach.desktop.tray import TrayController
from tests.desktop.conftest import delete_now, settle
from tests.fakes import FixedScorer, scripted_runtime

BREAK_S = 6


class RecordingNotifier(TrayNotifier):
    """The tray's own notifier, remembering every notice shown and withdrawn."""

    def __init__(self) -> None:
        super().__init__(None)
        self.shown: list[tuple[NoticeKind, str]] = []
        self.withdrawn: list[NoticeKind] = []

    def show(self, notice: object) -> None:
        from focuscoach.desktop.notify import Notice

        assert isinstance(notice, Notice)
        self.shown.append((notice.tag, notice.title))
        super().show(notice)

    def withdraw(self, tag: NoticeKind) -> None:
        self.withdrawn.append(tag)
        super().withdraw(tag)


@pytest.fixture
def short_app(paths: Paths, tmp_path: Path) -> Iterator[App]:
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"micro_duration_s": BREAK_S, "long_duration_s": BREAK_S},
            "nudges": {"enabled": False},
            "checkins": {"enabled": False},
        }
    )
    running = App(
        scripted_runtime(
            paths,
            settings,
            scorer=FixedScorer(0.1),
        )
    ).start()
    yield running
    running.close()


@pytest.fixture
def tray(short_app: App, qtbot: QtBot) -> Iterator[tuple[TrayController, RecordingNotifier]]:
    notifier = RecordingNotifier()
    ctl = TrayController(short_app, notifier=notifier, tray_wait_s=0)
    yield ctl, notifier
    ctl.shutdown()
    delete_now()


def _on_break(ctl: TrayController, app: App, qtbot: QtBot) -> BreakWindow:
    assert not ctl.end_break_action.isVisible()
    ctl.break_action.trigger()
    settle(qtbot)
    qtbot.waitUntil(lambda: isinstance(ctl.windows.get("break"), BreakWindow))
    assert app.status().state is AppState.BREAK
    assert "On a break until" in ctl.tray.toolTip()
    assert ctl.end_break_action.isVisible() and not ctl.break_action.isVisible()
    window = ctl.windows["break"]
    assert isinstance(window, BreakWindow)
    return window


def _over_everywhere(
    ctl: TrayController, notifier: RecordingNotifier, app: App, qtbot: QtBot
) -> None:
    settle(qtbot)
    qtbot.waitUntil(lambda: "break" not in ctl.windows)
    assert app.status().state is AppState.RECORDING
    assert ctl.status.state is AppState.RECORDING  # the icon follows the state
    assert "On a break" not in ctl.tray.toolTip()
    assert not ctl.end_break_action.isVisible() and ctl.break_action.isVisible()
    assert app.runtime.runner is not None
    assert app.runtime.runner.inspect(lambda c: c.state.breaks.on_break) is None
    qtbot.wait((BREAK_S + 2) * 1000)  # past the break's own end: the coach ticks every 1 s
    assert [s for s in notifier.shown if s[0] is NoticeKind.BREAK_OVER] == []
    assert app.status().state is AppState.RECORDING


def test_back_to_work_ends_the_break_everywhere(
    tray: tuple[TrayController, RecordingNotifier], short_app: App, qtbot: QtBot
) -> None:
    ctl, notifier = tray
    window = _on_break(ctl, short_app, qtbot)
    QTest.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
    _over_everywhere(ctl, notifier, short_app, qtbot)


def test_end_break_in_the_menu_ends_the_break_everywhere(
    tray: tuple[TrayController, RecordingNotifier], short_app: App, qtbot: QtBot
) -> None:
    ctl, notifier = tray
    _on_break(ctl, short_app, qtbot)
    ctl.end_break_action.trigger()
    _over_everywhere(ctl, notifier, short_app, qtbot)


def test_a_break_that_runs_out_says_break_over(
    tray: tuple[TrayController, RecordingNotifier], short_app: App, qtbot: QtBot
) -> None:
    ctl, notifier = tray
    _on_break(ctl, short_app, qtbot)
    qtbot.waitUntil(lambda: "break" not in ctl.windows, timeout=(BREAK_S + 5) * 1000)
    qtbot.waitUntil(lambda: (NoticeKind.BREAK_OVER, "Break over") in notifier.shown)


def test_a_reminder_is_withdrawn_once_the_break_starts(
    tray: tuple[TrayController, RecordingNotifier], short_app: App, qtbot: QtBot
) -> None:
    ctl, notifier = tray
    ctl.on_event(BreakDue(time.time(), BreakKind.MICRO, BREAK_S, 3, False))
    assert NoticeKind.BREAK in notifier.windows
    ctl.break_action.trigger()  # from the menu, not the reminder's button
    settle(qtbot)
    qtbot.waitUntil(lambda: isinstance(ctl.windows.get("break"), BreakWindow))
    assert NoticeKind.BREAK in notifier.withdrawn
    assert NoticeKind.BREAK not in notifier.windows
    ctl.end_break_action.trigger()
    settle(qtbot)
