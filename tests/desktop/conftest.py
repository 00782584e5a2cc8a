"""Fixtures for the Qt tests (offscreen): a real app (runtime and its App facade) on a temporary
home, with a scripted window backend and detector so no display or model timing is involved."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import pytest

from focuscoach.core import config
from focuscoach.core.paths import Paths, resolve
from focuscoach.core.runtime import App, Runtime
from tests.desktop.qtguard import QtMessages, QtObjects, watch_qt_messages, watch_qt_objects
from tests.fakes import FixedScorer, ScriptedBackend

T = TypeVar("T")


@pytest.fixture(autouse=True)
def qt_messages() -> Iterator[QtMessages]:
    """Every Qt test fails on a Qt warning, critical or fatal message (tests/desktop/qtguard.py)."""
    yield from watch_qt_messages()


@pytest.fixture(autouse=True)
def qt_objects(monkeypatch: pytest.MonkeyPatch) -> Iterator[QtObjects]:
    """Every Qt test fails on a QTimer still active or a QThread still running at its end."""
    yield from watch_qt_objects(monkeypatch)


def make_settings() -> config.Settings:
    return config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "nudges": {"only_in_focus_blocks": False, "min_interval_s": 0.0},
            "planning": {"day_start": "00:00", "day_end": "23:59"},
        }
    )


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    p = resolve(tmp_path / "home")
    p.ensure()
    return p


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def app(paths: Paths, backend: ScriptedBackend) -> Iterator[App]:
    running = App(
        Runtime(
            paths,
            make_settings(),
            backend_factory=lambda: (backend, None),
            input_monitor=False,
            scorer=FixedScorer(0.95),
        )
    ).start()
    yield running
    running.close()


@pytest.fixture
def artifacts() -> Path:
    from tests.desktop.x11app import artifacts_dir

    return artifacts_dir()


def settle(qtbot: object, timeout: int = 10_000) -> None:
    """Wait until every background operation delivered its result on the main thread."""
    from focuscoach.desktop import ops

    qtbot.waitUntil(lambda: ops.pending() == 0, timeout=timeout)  # type: ignore[attr-defined]


def finished(qtbot: object, future: Future[T], timeout: int = 10_000) -> T:
    """The result of a window's background operation, once its message is shown."""
    qtbot.waitUntil(future.done, timeout=timeout)  # type: ignore[attr-defined]
    return future.result()


def delete_now() -> None:
    """Run the pending deleteLater()s: no event loop runs between tests to do it."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
