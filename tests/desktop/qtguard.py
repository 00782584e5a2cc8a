"""What every Qt test is held to (tests/desktop/conftest.py applies both, autouse):

- `watch_qt_messages`: a warning, critical or fatal message from Qt during the test fails it
  (Qt reports misuse this way, e.g. "QObject::startTimer: Timers cannot be started from another
  thread", and carries on); only the messages in `ALLOWED_MESSAGES` pass, each with its reason.
- `watch_qt_objects`: a QTimer started or a QThread started during the test and still active
  or running when its fixtures are torn down fails it (a timer firing into the next test, or a
  thread outliving the objects it works on, is how Qt suites crash at random). The leftovers are
  stopped first, so one leak fails one test and not the ones after it.

Both are plain generators so that tests/desktop/test_fixtures.py can drive them directly and
prove that each one fails a test.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import pytest
import shiboken6
from PySide6.QtCore import (
    QMessageLogContext,
    QThread,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)

#: Qt messages that do not fail a test: (pattern searched in the message, why it is harmless).
ALLOWED_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),
        "QPlatformWindow's default, printed by the offscreen plugin (no window manager to pass "
        "size hints to) for every window shown; xcb, wayland, cocoa and windows implement it",
    ),
    (
        re.compile(r"^This plugin does not support raise\(\)$"),
        "QPlatformWindow's default, printed by the offscreen plugin when a window is brought "
        "forward (bring_forward, activateWindow); there is no stacking order to change",
    ),
]

_FAILING = {
    QtMsgType.QtWarningMsg: "warning",
    QtMsgType.QtCriticalMsg: "critical",
    QtMsgType.QtFatalMsg: "fatal",
}


def allowed(message: str) -> bool:
    return any(pattern.search(message) for pattern, _reason in ALLOWED_MESSAGES)


@dataclass
class QtMessages:
    """Qt's failing messages seen while installed, as "kind: text (file:line)"."""

    seen: list[str] = field(default_factory=list)

    def handle(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in _FAILING and not allowed(message):
            where = f" ({context.file}:{context.line})" if context.file else ""
            self.seen.append(f"{_FAILING[kind]}: {message}{where}")


def watch_qt_messages() -> Iterator[QtMessages]:
    """Record Qt's messages during the test (yielded), then fail if any should fail it.

    The handler that was installed before (pytest-qt's, which shows Qt's messages in a failing
    test's report) still gets every message."""
    messages = QtMessages()
    previous: Callable[[QtMsgType, QMessageLogContext, str], Any] | None = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        messages.handle(kind, context, message)
        if previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)
    if messages.seen:
        pytest.fail(
            "Qt reported problems during the test (add a message to ALLOWED_MESSAGES in "
            "tests/desktop/qtguard.py only with a reason it is harmless):\n  "
            + "\n  ".join(messages.seen),
            pytrace=False,
        )


def _started_at() -> str:
    """The innermost frame outside this module: where the test or the app started it."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        if frame.filename != __file__:
            return f"{frame.filename}:{frame.lineno} in {frame.name}"
    return "?"


class QtObjects:
    """QTimers and QThreads started while installed, with where each was started.

    `QTimer.start`, `QTimer.singleShot` and `QThread.start` are wrapped for the duration: the
    objects are held weakly (a deleted timer is no leak) and the single-shot calls through a
    QTimer of our own, which behaves like Qt's (it fires once, on the receiver's thread, and
    not at all once the receiver is deleted)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.timers: WeakKeyDictionary[QTimer, str] = WeakKeyDictionary()
        self.threads: WeakKeyDictionary[QThread, str] = WeakKeyDictionary()
        self._single_shots: list[tuple[QTimer, str]] = []
        timer_start = QTimer.start
        thread_start = QThread.start
        objects = self

        def start_timer(timer: QTimer, *args: Any) -> None:
            objects.timers[timer] = _started_at()
            timer_start(timer, *args)

        def start_thread(thread: QThread, *args: Any) -> None:
            objects.threads[thread] = _started_at()
            thread_start(thread, *args)

        def single_shot(*args: Any) -> None:
            # singleShot(msec, functor), (msec, context, functor), (msec, receiver, "slot"),
            # and the same with a Qt.TimerType after msec.
            rest = list(args)
            msec = rest.pop(0)
            timer_type = rest.pop(0) if rest and _is_timer_type(rest[0]) else None
            if len(rest) == 1:
                context, target = None, rest[0]
            else:
                context, target = rest[0], rest[1]
                if isinstance(target, (str, bytes)):
                    name = target.decode() if isinstance(target, bytes) else target
                    target = getattr(context, re.sub(r"^\d|\(.*$", "", name))
            timer = QTimer(context)  # deleted with its receiver, as Qt's own would not fire
            timer.setSingleShot(True)
            if timer_type is not None:
                timer.setTimerType(timer_type)
            timer.timeout.connect(target)
            timer.timeout.connect(timer.deleteLater)
            objects._single_shots.append((timer, _started_at()))
            timer_start(timer, msec)

        monkeypatch.setattr(QTimer, "start", start_timer)
        monkeypatch.setattr(QThread, "start", start_thread)
        monkeypatch.setattr(QTimer, "singleShot", staticmethod(single_shot))

    def leftovers(self) -> list[str]:
        """What is still active or running, one line each (nothing stopped)."""
        found = []
        timers = [*self.timers.items(), *self._single_shots]
        for timer, where in timers:
            if shiboken6.isValid(timer) and timer.isActive():
                kind = "single-shot QTimer" if timer.isSingleShot() else "QTimer"
                found.append(f"{kind} {_describe(timer)} still active, started at {where}")
        for thread, where in self.threads.items():
            if shiboken6.isValid(thread) and thread.isRunning():
                found.append(f"QThread {_describe(thread)} still running, started at {where}")
        return found

    def stop_all(self) -> None:
        for timer, _where in [*self.timers.items(), *self._single_shots]:
            if shiboken6.isValid(timer):
                timer.stop()
        for thread in list(self.threads):
            if shiboken6.isValid(thread) and thread.isRunning():
                thread.quit()
                if not thread.wait(2000):
                    print(f"QThread {_describe(thread)} did not stop", file=sys.stderr)


def _is_timer_type(value: object) -> bool:
    from PySide6.QtCore import Qt

    return isinstance(value, Qt.TimerType)


def _describe(obj: QTimer | QThread) -> str:
    name = obj.objectName()
    parent = obj.parent()
    owner = f" of {type(parent).__name__}" if parent is not None else ""
    return f"{type(obj).__name__}{f' {name!r}' if name else ''}{owner}"


def watch_qt_objects(monkeypatch: pytest.MonkeyPatch) -> Iterator[QtObjects]:
    """Track the test's timers and threads (yielded), then fail if any is left going."""
    objects = QtObjects(monkeypatch)
    yield objects
    leftovers = objects.leftovers()
    objects.stop_all()
    if leftovers:
        pytest.fail(
            "Qt objects left going after the test (stop timers and threads, or delete their "
            "owner, before the test ends):\n  " + "\n  ".join(leftovers),
            pytrace=False,
        )
