"""The tray's menu actions and the coach's events, offscreen, against a real app."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.events import BreakDue, BreakKind, CheckInDue, NudgeDue
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.runtime import App, AppState
from focuscoach.core.store import state as saved_state
from focuscoach.desktop import notices
from focuscoach.desktop.breaks import BreakWindow
from focuscoach.desktop.mood import MoodDialog
from focuscoach.desktop.notify import (
    ActionWindow,
    BreakAction,
    NoticeKind,
    ReviewAction,
    TrayNotifier,
)
from focuscoach.desktop.plan import PlanWindow
from focuscoach.desktop.settings import SettingsWindow
from focuscoach.desktop.tasks import TasksWindow
from focuscoach.desktop.tray import TrayController
from focuscoach.desktop.tray_windows import FallbackWindow
from tests.desktop.conftest import delete_now, settle
from tests.fakes import ScriptedBackend


@pytest.fixture
def controller(app: App, qtbot: QtBot) -> Iterator[TrayController]:
    ctl = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    yield ctl
    ctl.shutdown()
    delete_now()


def _button(window: QWidget, text: str) -> QPushButton:
    for button in window.findChildren(QPushButton):
        if button.text() == text:
            return button
    raise AssertionError(f"no button {text!r}")


def test_without_a_tray_the_fallback_window_says_why(controller: TrayController) -> None:
    assert controller.fallback is not None and controller.fallback.isVisible()
    assert isinstance(controller.fallback, FallbackWindow)
    central = controller.fallback.centralWidget()
    assert central is not None
    assert "No system tray" in central.findChildren(type(controller.fallback.status))[0].text()
    controller.fallback.close()  # closing hides it; the app keeps running
    assert not controller.fallback.isVisible()
    controller.bring_forward("show")
    assert controller.fallback.isVisible()


def test_focus_break_and_pause_from_the_menu(
    controller: TrayController, app: App, qtbot: QtBot
) -> None:
    controller.focus25.trigger()
    settle(qtbot)
    assert app.status().state is AppState.FOCUS
    assert controller.status_action.text().startswith("Focus:")
    assert controller.stop_focus_action.isVisible()
    assert "Focused today" in controller.tray.toolTip()
    controller.stop_focus_action.trigger()
    settle(qtbot)
    assert app.status().state is AppState.RECORDING

    controller.break_action.trigger()
    settle(qtbot)
    assert app.status().state is AppState.BREAK
    qtbot.waitUntil(lambda: isinstance(controller.windows.get("break"), BreakWindow))
    assert controller.windows["break"].isVisible()

    controller.pause15.trigger()
    settle(qtbot)
    assert app.status().state is AppState.PAUSED
    assert controller.resume_action.isVisible()
    assert not controller.pause_menu.menuAction().isVisible()
    controller.resume_action.trigger()
    settle(qtbot)
    assert app.status().state is not AppState.PAUSED
    controller.pause_tomorrow.trigger()
    settle(qtbot)
    assert "paused until 06:00" in controller.status_action.text()


def test_windows_open_from_the_menu_and_quit_asks_to_quit(
    controller: TrayController, qtbot: QtBot
) -> None:
    controller.tasks_action.trigger()
    controller.plan_action.trigger()
    controller.settings_action.trigger()
    assert isinstance(controller.windows["tasks"], TasksWindow)
    assert isinstance(controller.windows["plan"], PlanWindow)
    assert isinstance(controller.windows["settings"], SettingsWindow)
    controller.mood_action.trigger()
    assert isinstance(controller.windows["mood"], MoodDialog)
    dialog = controller.custom_focus()
    dialog.minutes.setValue(30)
    dialog.accept()
    settle(qtbot)
    assert controller.app.status().state is AppState.FOCUS
    with qtbot.waitSignal(controller.quit_requested, timeout=1000):
        controller.quit_action.trigger()


def test_a_nudge_answered_in_the_fallback_window_becomes_a_label(
    controller: TrayController, app: App, backend: ScriptedBackend, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: app.latest_score(time.time()).probability > 0.9, timeout=10_000)
    backend.window = WindowInfo("browser", "news")
    notifier = controller.notifier
    assert isinstance(notifier, TrayNotifier)
    qtbot.waitUntil(lambda: "nudge" in notifier.windows, timeout=10_000)
    window = notifier.windows[NoticeKind.NUDGE]
    assert isinstance(window, ActionWindow)
    assert [b.text() for b in window.buttons.values()] == [
        "Back to task",
        f"Snooze {notices.span(app.settings.coaching.snooze_s)}",
        "I wasn't distracted",
    ]
    QTest.mouseClick(window.buttons[NudgeAnswer.NOT_DISTRACTED], Qt.MouseButton.LeftButton)
    settle(qtbot)
    rows = app.read(lambda db: list(db.query("SELECT answer, distracted FROM nudge_labels")))
    assert rows.result() == [{"answer": "not_distracted", "distracted": 0}]


def test_a_break_reminder_offers_start_postpone_skip(
    controller: TrayController, app: App, qtbot: QtBot
) -> None:
    controller.on_event(BreakDue(time.time(), BreakKind.MICRO, 20, 3, False))
    notifier = controller.notifier
    assert isinstance(notifier, TrayNotifier)
    window = notifier.windows[NoticeKind.BREAK]
    assert list(window.buttons) == ["start", "postpone", "skip"]
    QTest.mouseClick(window.buttons[BreakAction.START], Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert app.status().state is AppState.BREAK
    controller.on_event(BreakDue(time.time(), BreakKind.LONG, 300, 0, False))
    assert list(notifier.windows[NoticeKind.BREAK].buttons) == [
        "start",
        "skip",
    ]  # no postpones left


def test_the_menu_offers_only_what_fits_the_state(
    controller: TrayController, app: App, qtbot: QtBot
) -> None:
    assert controller.focus_menu.menuAction().isVisible()
    assert not controller.stop_focus_action.isVisible()
    controller.focus25.trigger()
    settle(qtbot)
    assert app.status().state is AppState.FOCUS
    assert not controller.focus_menu.menuAction().isVisible()  # one block at a time
    assert controller.stop_focus_action.isVisible()
    controller.pause15.trigger()
    settle(qtbot)
    assert app.status().state is AppState.PAUSED
    assert controller.stop_focus_action.isVisible()  # the block goes on: it can be ended
    assert not controller.focus_menu.menuAction().isVisible()
    controller.stop_focus_action.trigger()
    settle(qtbot)
    assert not controller.stop_focus_action.isVisible()
    assert controller.focus_menu.menuAction().isVisible()


def test_help_and_about_from_the_menu(controller: TrayController, app: App) -> None:
    controller.help_action.trigger()
    shown = controller.windows["help"]
    assert isinstance(shown, QMessageBox) and shown.isVisible()
    assert "focuscoach --help" in shown.text()
    controller.about_action.trigger()
    about = controller.windows["about"]
    assert isinstance(about, QMessageBox) and str(app.paths.data_dir) in about.text()
    assert "Focus Coach" in about.text()


def test_the_custom_focus_dialog_is_as_wide_as_its_two_fields(
    controller: TrayController, qtbot: QtBot
) -> None:
    dialog = controller.custom_focus()
    dialog.set_tasks([(1, "A very long task title that somebody pasted from an email " * 3)])
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 480 and dialog.sizeHint().width() <= 480, dialog.sizeHint()
    assert dialog.task.itemData(1, Qt.ItemDataRole.ToolTipRole).startswith("A very long")


def test_button_labels_name_the_postpone_and_snooze_settings(
    controller: TrayController, app: App, qtbot: QtBot
) -> None:
    assert [notices.span(s) for s in (30, 60, 300, 90, 3600, 5400, 0.4)] == [
        "30 s",
        "1 min",
        "5 min",
        "1 min 30 s",
        "1 h",
        "1 h 30 min",
        "0 s",
    ]
    settings = config.parse({"breaks": {"postpone_s": 30}, "nudges": {"snooze_s": 60}})
    app.reload_settings(settings).result()
    controller.on_event(BreakDue(time.time(), BreakKind.MICRO, 20, 3, False))
    notifier = controller.notifier
    assert isinstance(notifier, TrayNotifier)
    buttons = notifier.windows[NoticeKind.BREAK].buttons
    assert buttons[BreakAction.POSTPONE].text() == "Postpone 30 s"
    nudge = notices.nudge_notice(NudgeDue(time.time(), 0.9, "drifting", None, ""), 60)
    assert [label for _, label in nudge.actions][1] == "Snooze 1 min"


def test_a_check_in_opens_the_mood_window_and_keys_answer_it(
    controller: TrayController, app: App, qtbot: QtBot
) -> None:
    controller.on_event(CheckInDue(time.time(), "hourly"))
    dialog = controller.windows["mood"]
    assert isinstance(dialog, MoodDialog)
    QTest.keyClick(dialog, Qt.Key.Key_4)
    _button(dialog, "Save").click()
    settle(qtbot)
    rows = app.read(lambda db: list(db.query("SELECT mood, energy FROM mood_entries")))
    assert rows.result() == [{"mood": 4, "energy": None}]


def test_the_end_of_the_week_offers_the_review_once(
    controller: TrayController, app: App, qtbot: QtBot
) -> None:
    from datetime import datetime

    from focuscoach.core.coaching.review_prompt import REVIEW_PROMPT_KEY
    from focuscoach.desktop.review import ReviewWindow

    friday = datetime(2026, 3, 13, 17, 30, tzinfo=app.tz).timestamp()  # ISO week 2026-W11
    thursday = friday - 86400
    assert app.check_review_prompt(thursday).result() is None  # not yet the end of the week
    event = app.check_review_prompt(friday).result()
    assert event is not None and event.week == "2026-W11"
    notifier = controller.notifier
    assert isinstance(notifier, TrayNotifier)
    qtbot.waitUntil(lambda: "review" in notifier.windows)  # the coach's event reached the tray
    window = notifier.windows[NoticeKind.REVIEW]
    assert list(window.buttons) == ["open"]
    # Asked once: later checks (and a restart, through the store) do not ask again.
    assert app.check_review_prompt(friday + 600).result() is None
    app.flush().result()
    saved = app.read(lambda db: saved_state.load_coach_state(db, REVIEW_PROMPT_KEY)).result()
    assert saved is not None and saved[1] == {"week": "2026-W11"}
    QTest.mouseClick(window.buttons[ReviewAction.OPEN], Qt.MouseButton.LeftButton)
    review = controller.windows["review"]
    assert isinstance(review, ReviewWindow) and review.isVisible()
    assert str(review.week) == "2026-W11"
    qtbot.waitUntil(review.charts_ready, timeout=10_000)
    review.close()
