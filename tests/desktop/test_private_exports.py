"""What the app's windows export is private too (0600, with the umask most users have), goes
through a rename, and a symbolic link or FIFO chosen as the target is refused with a message
and left alone."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from focuscoach.core.runtime import App
from focuscoach.desktop.review import ReviewWindow
from focuscoach.desktop.settings import SettingsWindow
from tests.desktop.conftest import finished
from tests.reports import simdb

NOW = simdb.SIM_START + 15 * 86400


@pytest.fixture(autouse=True)
def _common_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _settings(app: App, qtbot: QtBot) -> SettingsWindow:
    now = time.time()
    app.write(
        lambda db: db.execute(
            "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, 'ed', 'notes')",
            [now - 7200, now - 7100],
        )
    ).result()
    window = SettingsWindow(app.settings, app.paths, app=app)
    qtbot.addWidget(window)
    window.since.setText("3h")
    window.until.setText("now")
    return window


def test_settings_export_is_private_and_replaces_through_a_rename(
    app: App, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _settings(app, qtbot)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "x.json"
    target.write_text("old")
    target.chmod(0o644)
    inode = target.stat().st_ino
    assert finished(qtbot, window.export_to(target)) == target
    assert "notes" in target.read_text()
    assert _mode(target) == 0o600 and target.stat().st_ino != inode
    assert sorted(p.name for p in out.iterdir()) == ["x.json"]  # no temporary file left


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_settings_export_refuses_a_special_file(
    app: App, qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    window = _settings(app, qtbot)
    target = tmp_path / "x.json"
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    if kind == "symlink":
        target.symlink_to(precious)
    else:
        os.mkfifo(target)
    assert finished(qtbot, window.export_to(target)) is None
    assert "symbolic link" in window.data_message.text() or "FIFO" in window.data_message.text()
    assert precious.read_text() == "keep me"
    assert target.is_symlink() if kind == "symlink" else stat.S_ISFIFO(os.lstat(target).st_mode)


@pytest.fixture(scope="module")
def sim_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "focuscoach.db"
    simdb.fill(path)
    return path


def _review(qtbot: QtBot, database: Path) -> ReviewWindow:
    window = ReviewWindow(database, tz=simdb.ZONE, now=NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.charts_ready, timeout=10_000)
    return window


def test_review_export_is_private_and_refuses_a_link(
    qtbot: QtBot, sim_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _review(qtbot, sim_db)
    page = tmp_path / "review.html"
    assert window.export_to(page)
    assert _mode(page) == 0o600
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text: shown.append(text))
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "link.html"
    link.symlink_to(precious)
    assert not window.export_to(link)
    assert shown and "symbolic link" in shown[0]
    assert link.is_symlink() and precious.read_text() == "keep me"
