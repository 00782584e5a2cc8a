"""The Settings window's Data tab asks the App: the deletion runs on the one writer thread
(never on the main thread, never on a connection of its own), and a form without an app
offers neither export nor deletion."""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.paths import Paths
from focuscoach.core.runtime import App
from focuscoach.core.store import queries
from focuscoach.desktop.settings import SettingsWindow
from tests.desktop.conftest import finished


def _notes_two_hours_ago(app: App) -> float:
    """A window recorded two hours ago (inside "3h" to "1h"); returns now."""
    now = time.time()
    app.write(
        lambda db: db.execute(
            "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, 'ed', 'notes')",
            [now - 7200, now - 7100],
        )
    ).result()
    return now


def test_settings_delete_runs_on_the_writer_thread(
    app: App, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _notes_two_hours_ago(app)
    threads: list[str] = []
    real_forget = queries.forget_in_transaction

    def forget_spy(
        conn: sqlite3.Connection, since: float, until: float, at: float | None = None
    ) -> Any:
        threads.append(threading.current_thread().name)
        return real_forget(conn, since, until, at)

    monkeypatch.setattr(queries, "forget_in_transaction", forget_spy)
    window = SettingsWindow(app.settings, app.paths, app=app)
    qtbot.addWidget(window)
    window.confirm = False
    window.since.setText("3h")
    window.until.setText("1h")
    assert finished(qtbot, window.forget()) is True
    assert threads == ["focuscoach-db-writer"]
    assert window.data_message.text() == "Deleted 1 records."
    rows = app.read(lambda db: list(db.query("SELECT title FROM window_spans"))).result()
    assert "notes" not in [r["title"] for r in rows]


def test_settings_without_an_app_offers_no_data_operations(paths: Paths, qtbot: QtBot) -> None:
    window = SettingsWindow(config.Settings(), paths)
    qtbot.addWidget(window)
    assert not window.export_button.isEnabled() and not window.forget_button.isEnabled()
    window.since.setText("3h")
    window.confirm = False
    assert window.forget().result(0) is False
    assert window.export_to(paths.data_dir / "x.json").result(0) is None
    assert not (paths.data_dir / "x.json").exists()


def test_the_delete_confirmation_names_the_resolved_range(
    app: App, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fields' "3h" to "1h" are shown as the local times they mean; No deletes nothing."""
    from datetime import datetime

    from PySide6.QtWidgets import QMessageBox

    from focuscoach.core.timeutil import local_zone

    now = _notes_two_hours_ago(app)
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    window = SettingsWindow(app.settings, app.paths, app=app)
    qtbot.addWidget(window)
    window.since.setText("3h")
    window.until.setText("1h")
    assert finished(qtbot, window.forget()) is False
    zone = local_zone()
    since = datetime.fromtimestamp(now - 3 * 3600, zone)
    until = datetime.fromtimestamp(now - 3600, zone)
    (text,) = asked
    assert f"{since:%Y-%m-%d} {since:%H:%M}" in text and f"{until:%H:%M}" in text
    assert text.startswith("Delete everything recorded from ") and "cannot be undone" in text
    rows = app.read(lambda db: list(db.query("SELECT title FROM window_spans"))).result()
    assert "notes" in [r["title"] for r in rows]
