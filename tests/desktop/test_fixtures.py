"""The Qt tests' own guards (tests/desktop/qtguard.py) catch what they promise to catch.

Each test drives a guard directly, inside the autouse ones from conftest.py, and proves the
guard fails a test; then it cleans up so that the outer guards pass."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, qCritical, qWarning
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.desktop.qtguard import QtMessages, watch_qt_messages, watch_qt_objects

Failed = pytest.fail.Exception


def test_a_qt_warning_fails_the_test(qapp: QApplication, qt_messages: QtMessages) -> None:
    guard = watch_qt_messages()
    seen = next(guard)
    QObject().killTimer(12345)  # a real warning from Qt itself
    assert len(seen.seen) == 1 and "killTimer" in seen.seen[0]
    with pytest.raises(Failed, match=r"Qt reported problems.*\n  warning: QObject::killTimer"):
        next(guard)
    # The handler that was installed before still got the message: it is conftest's.
    assert qt_messages.seen == seen.seen
    qt_messages.seen.clear()


def test_critical_messages_fail_and_allowed_ones_do_not(
    qapp: QApplication, qt_messages: QtMessages
) -> None:
    guard = watch_qt_messages()
    seen = next(guard)
    qWarning("This plugin does not support raise()")  # on the allow-list (offscreen)
    assert seen.seen == []
    qCritical("something broke")
    with pytest.raises(Failed, match="critical: something broke"):
        next(guard)
    qt_messages.seen.clear()


def test_no_message_passes(qapp: QApplication) -> None:
    guard = watch_qt_messages()
    next(guard)
    with pytest.raises(StopIteration):
        next(guard)


def test_a_timer_left_active_fails_the_test(qapp: QApplication) -> None:
    timer = QTimer()
    with pytest.MonkeyPatch.context() as patch:
        guard = watch_qt_objects(patch)
        next(guard)
        timer.start(60_000)
        stopped = QTimer()
        stopped.start(60_000)
        stopped.stop()
        with pytest.raises(
            Failed, match=r"QTimer QTimer still active, started at .*test_fixtures\.py:\d+"
        ):
            next(guard)
    assert not timer.isActive()  # stopped, so the next test does not see it fire


def test_a_pending_single_shot_fails_the_test(qapp: QApplication, qtbot: QtBot) -> None:
    fired: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        guard = watch_qt_objects(patch)
        next(guard)
        QTimer.singleShot(0, lambda: fired.append("functor"))
        receiver = QObject()
        QTimer.singleShot(0, receiver, lambda: fired.append("context"))
        gone = QObject()
        QTimer.singleShot(0, gone, lambda: fired.append("deleted context"))
        gone.deleteLater()
        _delete_now()
        qtbot.waitUntil(lambda: len(fired) == 2)
        qtbot.wait(20)
        assert sorted(fired) == ["context", "functor"]  # once each; not after deletion
        QTimer.singleShot(60_000, lambda: fired.append("late"))
        with pytest.raises(Failed, match=r"single-shot QTimer .*test_fixtures\.py:\d+"):
            next(guard)
    assert "late" not in fired


def test_a_thread_left_running_fails_the_test(qapp: QApplication) -> None:
    thread = QThread()  # runs an event loop until quit()
    with pytest.MonkeyPatch.context() as patch:
        guard = watch_qt_objects(patch)
        next(guard)
        thread.start()
        with pytest.raises(
            Failed, match=r"QThread QThread still running, started at .*test_fixtures\.py"
        ):
            next(guard)
    assert thread.isFinished()  # quit and joined by the guard


def test_finished_timers_and_threads_pass(qapp: QApplication) -> None:
    with pytest.MonkeyPatch.context() as patch:
        guard = watch_qt_objects(patch)
        next(guard)
        owner = QObject()
        timer = QTimer(owner)
        timer.start(60_000)
        owner.deleteLater()  # a deleted timer is no leak
        _delete_now()
        assert not _alive(timer)
        thread = QThread()
        thread.start()
        thread.quit()
        assert thread.wait(5000)
        with pytest.raises(StopIteration):
            next(guard)


def _alive(obj: QObject) -> bool:
    return bool(shiboken6.isValid(obj))


def _delete_now() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
