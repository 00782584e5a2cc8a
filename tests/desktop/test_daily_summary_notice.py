"""The end-of-day summary reaches the user through the tray like the other notices: one
notification with the day's figures (composed in core) and an "Open Today" button, over D-Bus
(a fake freedesktop server on a private bus records the Notify call) or, without a server, in
the tray's fallback window, whose button opens Today. Once a day, against a real app."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from focuscoach.core.runtime import App
from focuscoach.core.store import history
from focuscoach.desktop.notify import (
    DBusNotifier,
    NoticeKind,
    Notifier,
    SummaryAction,
    TrayNotifier,
    make_notifier,
)
from focuscoach.desktop.tray import TrayController
from tests.desktop.conftest import delete_now
from tests.desktop.fake_notifications import FakeServer, private_bus

WEDNESDAY = date(2026, 3, 4)
BODY = [
    "Focused 1 h 30 min.",
    "Longest focused stretch: 1 h 30 min, from 09:00.",
    "Nothing planned yet for tomorrow.",
]


def _at(app: App, hour: int, minute: int = 0) -> float:
    return datetime.combine(WEDNESDAY, time(hour, minute), tzinfo=app.tz).timestamp()


def _summing_up(app: App) -> None:
    """Turn the summary on (the working day ends at 17:00) and record a morning's work."""
    settings = app.settings
    on = dataclasses.replace(
        settings,
        app=dataclasses.replace(settings.app, daily_summary=True),
        planning=dataclasses.replace(settings.planning, day_start="09:00", day_end="17:00"),
    )
    app.reload_settings(on).result()
    app.runtime.write(
        lambda db: history.insert_windows(
            db.conn,
            [
                (_at(app, 9), _at(app, 10, 30), "code", "report.tex"),
                (_at(app, 10, 30), _at(app, 10, 40), "firefox", "Reddit"),
            ],
        )
    )


def _controller(app: App, notifier: Notifier) -> TrayController:
    return TrayController(app, notifier=notifier, tray_wait_s=0)


@pytest.fixture
def fallback(app: App, qtbot: QtBot) -> Iterator[TrayController]:
    ctl = _controller(app, TrayNotifier(None))
    yield ctl
    ctl.shutdown()
    delete_now()


def test_the_tray_shows_the_summary_once_and_opens_today(
    fallback: TrayController, app: App, qtbot: QtBot
) -> None:
    _summing_up(app)
    assert app.check_daily_summary(_at(app, 16, 59)).result() is None
    event = app.check_daily_summary(_at(app, 17, 30)).result()
    assert event is not None
    notifier = fallback.notifier
    assert isinstance(notifier, TrayNotifier)
    qtbot.waitUntil(lambda: NoticeKind.SUMMARY in notifier.windows)
    window = notifier.windows[NoticeKind.SUMMARY]
    texts = [label.text() for label in window.findChildren(QLabel)]
    assert "\n".join(BODY) in texts, texts
    assert list(window.buttons) == [SummaryAction.OPEN_TODAY]
    assert window.buttons[SummaryAction.OPEN_TODAY].text() == "Open Today"
    assert app.check_daily_summary(_at(app, 17, 31)).result() is None  # once a day
    QTest.mouseClick(window.buttons[SummaryAction.OPEN_TODAY], Qt.MouseButton.LeftButton)
    today = fallback.windows.get("today")
    assert today is not None and today.isVisible()
    today.close()


def test_over_dbus_one_notification_with_the_figures(
    app: App, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with private_bus() as bus, FakeServer(bus, ["body", "actions"]) as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
        empty = tmp_path / "bin"  # no notify-send to fall back on
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))
        notifier = make_notifier(None)
        assert isinstance(notifier, DBusNotifier)
        ctl = _controller(app, notifier)
        try:
            _summing_up(app)
            assert app.check_daily_summary(_at(app, 17, 30)).result() is not None
            qtbot.waitUntil(lambda: any(c.summary == "Your day" for c in server.calls))
            [call] = [c for c in server.calls if c.summary == "Your day"]
            assert call.body.splitlines() == BODY
            assert call.actions == ["open-today", "Open Today"]
        finally:
            ctl.shutdown()
            delete_now()
