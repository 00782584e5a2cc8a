"""Notifications in-process over D-Bus (desktop/dbus_notifications.py): one connection on one
thread sends Notify and hears ActionInvoked / NotificationClosed; no process per notice.

A real dunst on a private session bus plays the user in the first tests (its context menu
picks an action); a small jeepney server on a private dbus-daemon (tests/desktop/
fake_notifications.py) records the calls and plays servers that dunst cannot be: one without
the "actions" capability, one that answers slowly."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from focuscoach.desktop.notify import (
    Answer,
    BreakAction,
    DBusNotifier,
    Notice,
    NoticeKind,
    TrayNotifier,
    make_notifier,
)
from tests.desktop.conftest import delete_now
from tests.desktop.fake_notifications import FakeServer, private_bus
from tests.desktop.x11app import Desktop, descendants
from tests.xsession import XSession

ACTIONS = ((BreakAction.START, "Start break"), (BreakAction.SKIP, "Skip"))
BREAK = Notice(NoticeKind.BREAK, "Break", "Time for a 20-second eye break.", ACTIONS, 120_000)
LATER = Notice(NoticeKind.BREAK, "Break again", "Still time for a break.", ACTIONS, 120_000)
OVER = Notice(NoticeKind.BREAK_OVER, "Break over", "Welcome back.", timeout_ms=60_000)

Answers = list[tuple[NoticeKind, Answer | None]]


def _wait(check: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.05)


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "focuscoach-notifications"]


def _made(monkeypatch: pytest.MonkeyPatch, address: str, tmp_path: Path) -> DBusNotifier:
    """The app's own notifier on `address`, with a PATH that has no notify-send."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    made = make_notifier(None)
    assert isinstance(made, DBusNotifier), made
    return made


def _recording(notifier: DBusNotifier) -> Answers:
    answers: Answers = []
    notifier.answered.connect(lambda tag, answer: answers.append((tag, answer)))
    return answers


def _done(notifier: DBusNotifier) -> None:
    notifier.close_all()
    assert _threads() == [], "the client's thread outlived close_all"
    notifier.deleteLater()
    delete_now()


# --- a real dunst --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desktop() -> Iterator[Desktop]:
    with XSession() as x, Desktop(x, tray=False) as d:
        yield d


@pytest.fixture
def dunst(
    desktop: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[DBusNotifier]:
    desktop.run("dunstctl", "close-all")
    made = _made(monkeypatch, desktop.env["DBUS_SESSION_BUS_ADDRESS"], tmp_path)
    yield made
    _done(made)


def displayed(d: Desktop) -> int:
    return int(d.run("dunstctl", "count", "displayed").stdout.strip())


@pytest.mark.x11
def test_an_action_chosen_in_dunst_reaches_the_answer_without_a_process_per_notice(
    desktop: Desktop, dunst: DBusNotifier, qtbot: QtBot
) -> None:
    assert dunst.actions  # dunst has the "actions" capability
    answers = _recording(dunst)
    before = set(descendants(os.getpid()))
    dunst.show(BREAK)
    dunst.show(OVER)
    _wait(lambda: displayed(desktop) == 2, "both notices in dunst")
    qtbot.waitUntil(lambda: len(dunst.open) == 2)
    # notify-send would still be running, waiting for the answer; nothing was started.
    assert set(descendants(os.getpid())) == before
    assert len(_threads()) == 1
    desktop.choose("Start break")  # the user picks the action in dunst's menu
    qtbot.waitUntil(lambda: (NoticeKind.BREAK, BreakAction.START) in answers, timeout=10_000)
    assert [a for a in answers if a[0] is NoticeKind.BREAK] == [
        (NoticeKind.BREAK, BreakAction.START)
    ]  # once: the NotificationClosed after the action adds no second answer
    assert ",start]" in desktop.offered() and ",skip]" in desktop.offered()


@pytest.mark.x11
def test_a_newer_notice_of_a_kind_replaces_the_older_in_dunst(
    desktop: Desktop, dunst: DBusNotifier, qtbot: QtBot
) -> None:
    answers = _recording(dunst)
    dunst.show(BREAK)
    qtbot.waitUntil(lambda: len(dunst.open) == 1)
    [first] = dunst.open
    dunst.show(LATER)
    qtbot.waitUntil(lambda: not dunst._pending)  # its id came back
    assert list(dunst.open) == [first]
    time.sleep(0.5)
    assert displayed(desktop) == 1  # replaced, not stacked
    current_menu = desktop.dir / "current.txt"
    current_menu.unlink(missing_ok=True)
    desktop.choose("no such action")  # only logs what dunst offers now (its menu runs later)
    _wait(lambda: current_menu.exists() and "]" in current_menu.read_text(), "dunst's menu")
    current = current_menu.read_text()
    assert "Break again" in current and "Break," not in current, current
    time.sleep(0.5)  # that menu closed: dunst opens one at a time
    desktop.choose("Skip")
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    qtbot.wait(300)
    assert answers == [(NoticeKind.BREAK, BreakAction.SKIP)]  # the newer notice's answer only


# --- a server of the test's own ------------------------------------------------------------


@pytest.fixture
def bus() -> Iterator[str]:
    with private_bus() as address:
        yield address


def test_a_server_with_actions_gets_buttons_replace_ids_and_gives_answers(
    bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    with FakeServer(bus, ["body", "actions"]) as server:
        notifier = _made(monkeypatch, bus, tmp_path)
        try:
            answers = _recording(notifier)
            notifier.show(BREAK)
            qtbot.waitUntil(lambda: len(notifier.open) == 1)
            [first] = notifier.open
            notifier.show(LATER)
            qtbot.waitUntil(lambda: len(server.calls) == 2)
            assert [c.replaces_id for c in server.calls] == [0, first]
            assert server.calls[1].actions == ["start", "Start break", "skip", "Skip"]
            assert server.calls[1].hints == {}  # a notice with buttons is not transient
            qtbot.waitUntil(lambda: notifier._ids.get(NoticeKind.BREAK) == first)
            server.invoke(first, "start")
            qtbot.waitUntil(lambda: bool(answers))
            notifier.show(OVER)
            qtbot.waitUntil(lambda: len(server.calls) == 3 and len(notifier.open) == 1)
            assert server.calls[2].actions == [] and server.calls[2].hints == {
                "transient": ("b", True)
            }
            [over] = notifier.open
            server.dismiss(over)  # closed by the user: an answer of None
            qtbot.waitUntil(lambda: len(answers) == 2)
            assert answers == [
                (NoticeKind.BREAK, BreakAction.START),
                (NoticeKind.BREAK_OVER, None),
            ]
            assert len({c.sender for c in server.calls}) == 1  # one connection for all
        finally:
            _done(notifier)


def test_a_server_without_actions_gets_no_buttons_and_the_window_offers_them(
    bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    with FakeServer(bus, ["body"]) as server:
        notifier = _made(monkeypatch, bus, tmp_path)
        try:
            assert not notifier.actions
            answers = _recording(notifier)
            notifier.show(BREAK)
            qtbot.waitUntil(lambda: len(server.calls) == 1)
            assert server.calls[0].summary == "Break" and server.calls[0].actions == []
            window = notifier.fallback.windows[NoticeKind.BREAK]
            assert list(window.buttons) == [BreakAction.START, BreakAction.SKIP]
            QTest.mouseClick(window.buttons[BreakAction.SKIP], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(answers))
            assert answers == [(NoticeKind.BREAK, BreakAction.SKIP)]
            assert notifier.sent == [(NoticeKind.BREAK, "Break", ())]
        finally:
            _done(notifier)


def test_a_slow_server_never_holds_the_ui_thread(
    bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    with FakeServer(bus, ["actions"], reply_delay_s=0.5) as server:
        notifier = _made(monkeypatch, bus, tmp_path)
        try:
            started = time.perf_counter()
            for _ in range(3):
                notifier.show(BREAK)
            notifier.withdraw(NoticeKind.BREAK)
            took = time.perf_counter() - started
            assert took < 0.05, f"show and withdraw took {took:.3f} s on the UI thread"
            qtbot.waitUntil(lambda: len(server.calls) == 3, timeout=5_000)
            # Each was sent before its older one's id came, then closed once superseded.
            qtbot.waitUntil(lambda: server.shown == {}, timeout=5_000)
            assert notifier.open == {}
        finally:
            _done(notifier)


def test_no_server_on_the_bus_means_the_tray_and_its_window(
    bus: str, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    made = make_notifier(None)
    try:
        assert isinstance(made, TrayNotifier)
        made.show(BREAK)
        assert list(made.windows) == [NoticeKind.BREAK]
    finally:
        made.close_all()
        made.deleteLater()
        delete_now()
