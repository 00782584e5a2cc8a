"""The drift nudge on the desktop (issue 13): its own message with the facts and its own
answer buttons, shown by the tray for the running coach's drift event, answered like every
nudge (a typed NudgeAnswer, stored as a label)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.drift import DriftNudgeDue
from focuscoach.core.coaching.events import NudgeDue
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.paths import Paths
from focuscoach.core.runtime import App, Runtime
from focuscoach.desktop import notices
from focuscoach.desktop.notify import ActionWindow, NoticeKind, TrayNotifier
from focuscoach.desktop.tray import TrayController
from tests.desktop.conftest import delete_now, settle
from tests.fakes import FixedScorer, ScriptedBackend


def _drift(distracted_s: float, what: str, task: str) -> DriftNudgeDue:
    return DriftNudgeDue(time.time(), 1.0, "(the log's text)", 4, task, distracted_s, what)


def test_the_drift_notice_says_what_happened_and_offers_its_own_answers() -> None:
    notice = notices.nudge_notice(_drift(754.0, "YouTube", "Write report"), 600)
    assert notice.tag is NoticeKind.NUDGE
    assert notice.title == "Time to refocus?"
    assert notice.body == "12 min on YouTube during “Write report”."
    assert notice.actions == (
        (NudgeAnswer.BACK_TO_TASK, "Back to work"),
        (NudgeAnswer.NOT_DISTRACTED, "It's work"),
        (NudgeAnswer.SNOOZE, "Not now (10 min)"),
    )
    # Under a minute it counts seconds; without a task it names the block.
    short = notices.nudge_notice(_drift(45.2, "reddit", ""), 90)
    assert short.body == "45 s on reddit during this focus block."
    assert short.actions[2][1] == "Not now (1 min 30 s)"
    # The forecast nudge keeps its own message and buttons.
    forecast = notices.nudge_notice(NudgeDue(time.time(), 0.9, "drifting", None, ""), 600)
    assert forecast.title == "Drifting off?"
    assert forecast.actions[0][1] == "Back to task"


@pytest.fixture
def drift_app(paths: Paths, backend: ScriptedBackend) -> Iterator[App]:
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"enabled": False},
            "checkins": {"enabled": False},
            "quiet": {"calm_gap_s": 0, "notice_timeout_s": 0, "checkin_after_break_s": 0},
            "nudges": {"min_interval_s": 0.0, "drift_after_s": 10},
        }
    )
    running = App(
        Runtime(
            paths,
            settings,
            backend_factory=lambda: (backend, None),
            input_monitor=False,
            scorer=FixedScorer(0.0),  # no forecast nudge: only the drift rule speaks
        )
    ).start()
    yield running
    running.close()


def test_the_tray_shows_the_running_coach_s_drift_nudge_and_stores_the_answer(
    drift_app: App, backend: ScriptedBackend, qtbot: QtBot
) -> None:
    app = drift_app
    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        app.start_focus_block(25).result()
        backend.window = WindowInfo("firefox", "Cats - YouTube — Mozilla Firefox")
        notifier = controller.notifier
        assert isinstance(notifier, TrayNotifier)
        qtbot.waitUntil(lambda: NoticeKind.NUDGE in notifier.windows, timeout=30_000)
        window = notifier.windows[NoticeKind.NUDGE]
        assert isinstance(window, ActionWindow)
        assert window.windowTitle() == "Time to refocus?"
        body = window.findChildren(QLabel)[0].text()
        assert body.endswith(" on YouTube during this focus block."), body
        seconds = body.split(" on ")[0]
        assert seconds.endswith(" s") and 10 <= int(seconds[:-2]) < 60, body  # after 10 s
        assert [b.text() for b in window.buttons.values()] == [
            "Back to work",
            "It's work",
            f"Not now ({notices.span(app.settings.coaching.snooze_s)})",
        ]
        QTest.mouseClick(window.buttons[NudgeAnswer.NOT_DISTRACTED], Qt.MouseButton.LeftButton)
        settle(qtbot)
        rows = app.read(lambda db: list(db.query("SELECT answer, distracted FROM nudge_labels")))
        assert rows.result() == [{"answer": "not_distracted", "distracted": 0}]
    finally:
        controller.shutdown()
        delete_now()
