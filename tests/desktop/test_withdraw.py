"""Notices are withdrawn when they no longer apply and when the app quits: the freedesktop
notifier closes them on the server (CloseNotification), which a real dunst on a private
session bus confirms; otherwise they would stay on screen, unanswerable."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from focuscoach.desktop.notify import (
    BreakAction,
    DBusNotifier,
    Notice,
    NoticeKind,
    make_notifier,
)
from tests.desktop.conftest import delete_now
from tests.desktop.x11app import Desktop
from tests.xsession import XSession

pytestmark = pytest.mark.x11

BREAK = Notice(
    NoticeKind.BREAK,
    "Break",
    "Time for a 20-second eye break.",
    ((BreakAction.START, "Start break"), (BreakAction.SKIP, "Skip")),
    120_000,
)
OVER = Notice(NoticeKind.BREAK_OVER, "Break over", "Welcome back.", timeout_ms=60_000)


@pytest.fixture(scope="module")
def desktop() -> Iterator[Desktop]:
    with XSession() as x, Desktop(x, tray=False) as d:
        yield d


def displayed(d: Desktop) -> int:
    return int(d.run("dunstctl", "count", "displayed").stdout.strip())


def _wait(check: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.05)


@pytest.fixture
def notifier(
    desktop: Desktop, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> Iterator[DBusNotifier]:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    desktop.run("dunstctl", "close-all")
    made = make_notifier(None)
    assert isinstance(made, DBusNotifier)
    yield made
    made.close_all()
    made.deleteLater()
    delete_now()


def test_close_all_takes_every_open_notice_off_the_server(
    desktop: Desktop, notifier: DBusNotifier, qtbot: QtBot
) -> None:
    notifier.show(BREAK)
    notifier.show(OVER)  # no buttons: no answer is awaited, the notice stays shown
    _wait(lambda: displayed(desktop) == 2, "both notices on screen")
    qtbot.waitUntil(lambda: len(notifier.open) == 2)
    notifier.close_all()  # what Quit and SIGTERM do (TrayController.shutdown)
    _wait(lambda: displayed(desktop) == 0, "every notice withdrawn", 3.0)
    assert notifier.open == {}


def test_withdraw_closes_only_the_notice_that_no_longer_applies(
    desktop: Desktop, notifier: DBusNotifier, qtbot: QtBot
) -> None:
    answers: list[tuple[object, object]] = []
    notifier.answered.connect(lambda tag, answer: answers.append((tag, answer)))
    notifier.show(BREAK)
    notifier.show(OVER)
    _wait(lambda: displayed(desktop) == 2, "both notices on screen")
    qtbot.waitUntil(lambda: len(notifier.open) == 2)
    notifier.withdraw(NoticeKind.BREAK)  # the break started from the menu
    _wait(lambda: displayed(desktop) == 1, "the reminder withdrawn", 3.0)
    assert [kind for kind, _until in notifier.open.values()] == [NoticeKind.BREAK_OVER]
    qtbot.wait(300)
    assert [a for a in answers if a[0] is NoticeKind.BREAK] == []  # withdrawn: no answer
