"""The tray app and a database it cannot use: a window with the one-line reason (then exit 2),
and while running a notice when saving stops (disk full) and another when it is back."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.paths import resolve
from focuscoach.core.store.errors import DiskFull
from focuscoach.desktop import app as app_module


def test_an_unusable_database_is_shown_then_exit_2(
    tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    paths.database.mkdir()  # a folder where the database should be
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    with pytest.raises(UsageError, match="is a folder") as caught:
        app_module.run(Context(paths=paths), argparse.Namespace())
    assert shown == [str(caught.value)]
    assert "\n" not in shown[0]


def test_disk_full_is_told_once_and_so_is_the_recovery(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = SimpleNamespace(problem=None)
    app = SimpleNamespace(store_problem=lambda: writer.problem)
    tray = QSystemTrayIcon()
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        tray, "showMessage", lambda title, text, *_a: messages.append((title, text))
    )
    watcher = app_module.StoreWatcher(app, tray, interval_ms=10_000)  # type: ignore[arg-type]
    watcher.check()
    assert messages == []
    writer.problem = DiskFull("disk full: no space left for the database X")
    watcher.check()
    watcher.check()
    assert [m[1] for m in messages] == ["disk full: no space left for the database X"]
    writer.problem = None
    watcher.check()
    assert len(messages) == 2 and "saved again" in messages[1][1]
    watcher.timer.stop()
