"""Notifications behind one adapter: the freedesktop notification server (D-Bus) with action
buttons when there is one, else the tray's own balloon and a small window with the buttons.

PySide6's QtDBus cannot marshal the `uint32` that `Notify` requires (its integer overloads
collapse to int32/uint16), and notification servers deliver `ActionInvoked` only to the
connection that sent the notification. So presence and capabilities are asked over QtDBus,
and each notification is sent by libnotify's `notify-send --action`, which waits for the
answer on its own connection and prints the chosen action: the same D-Bus calls, typed right.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.desktop.icons import icon, icon_path

log = logging.getLogger("focuscoach.desktop")

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "Focus Coach"


class NoticeKind(StrEnum):
    """What a notice is about; a newer notice of a kind replaces the older."""

    BREAK = "break"
    BREAK_OVER = "break-over"
    BLOCK = "block"
    NUDGE = "nudge"
    REVIEW = "review"


class BreakAction(StrEnum):
    START = "start"
    POSTPONE = "postpone"
    SKIP = "skip"


class ReviewAction(StrEnum):
    OPEN = "open"


#: An answer is one of these enums (a nudge's is the coach's own NudgeAnswer); the strings
#: only exist on the wire to notify-send and back.
Answer = NudgeAnswer | BreakAction | ReviewAction


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification: `tag` says what it is about, `actions` are (answer, label) pairs."""

    tag: NoticeKind
    title: str
    body: str
    actions: tuple[tuple[Answer, str], ...] = ()
    timeout_ms: int = 60_000

    def answer(self, key: str) -> Answer | None:
        """The typed answer for a key that came back as text (None: closed, no answer)."""
        return next((a for a, _label in self.actions if a.value == key), None)


def server_capabilities() -> list[str] | None:
    """The notification server's capabilities over QtDBus; None when there is no server."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    names = bus.interface().registeredServiceNames().value() or []
    activatable = bus.interface().activatableServiceNames().value() or []
    if SERVICE not in names and SERVICE not in activatable:
        return None
    iface = QDBusInterface(SERVICE, PATH, SERVICE, bus)
    reply = iface.call("GetCapabilities")
    args = reply.arguments()
    if reply.errorName() or not args:
        return None
    return [str(c) for c in args[0]]


class Notifier(QObject):
    """`answered(tag, answer)` comes once per notice: its NoticeKind and the chosen Answer, or
    None when it was closed or timed out without an answer."""

    answered = Signal(object, object)

    def show(self, notice: Notice) -> None:
        raise NotImplementedError

    def withdraw(self, tag: NoticeKind) -> None:
        """Take the notice of this kind off the screen: it no longer applies (a break
        started or ended). No answer comes for it."""

    def close_all(self) -> None:
        """Stop waiting for answers and take every open notice off the screen (at exit)."""

    @property
    def kind(self) -> str:
        return type(self).__name__


class DBusNotifier(Notifier):
    def __init__(self, program: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.program = program
        # notify-send's stdout is a pipe, so it would hold the id back until it exits;
        # line buffering (stdbuf) lets a newer notice replace an older one on screen.
        self.stdbuf = shutil.which("stdbuf")
        self._older: list[QProcess] = []
        self._running: dict[NoticeKind, QProcess] = {}
        self._notices: dict[int, Notice] = {}
        self._ids: dict[NoticeKind, int] = {}
        self._output: dict[int, bytes] = {}
        #: Notifications that may still be on screen: server id -> (kind, when it expires,
        #: monotonic); withdrawn with CloseNotification, since killing notify-send leaves them.
        self.open: dict[int, tuple[NoticeKind, float]] = {}
        self._server_ids: dict[int, int] = {}
        #: What was sent, for the log and the tests: (tag, title, action keys).
        self.sent: list[tuple[NoticeKind, str, tuple[Answer, ...]]] = []

    @property
    def kind(self) -> str:
        return "dbus"

    def show(self, notice: Notice) -> None:
        old = self._running.pop(notice.tag, None)
        args = ["--app-name", APP_NAME, "--icon", str(icon_path("app")), "--print-id"]
        args += ["--expire-time", str(notice.timeout_ms)]
        old_id = self._ids.get(notice.tag)
        replacing = old is not None and old_id is not None
        if replacing:
            args.append(f"--replace-id={old_id}")  # the newer notice takes the older's place
        for key, label in notice.actions:
            args += ["--action", f"{key.value}={label}"]
        if not notice.actions:
            args.append("--transient")
        args += ["--", notice.title, notice.body]
        process = QProcess(self)
        if self.stdbuf is not None:
            process.setProgram(self.stdbuf)
            process.setArguments(["-oL", self.program, *args])
        else:
            process.setProgram(self.program)
            process.setArguments(args)
        process.readyReadStandardOutput.connect(lambda t=notice.tag, p=process: self._read(t, p))
        process.finished.connect(lambda *_a, t=notice.tag, p=process: self._finished(t, p))
        self._running[notice.tag] = process
        self._output[id(process)] = b""
        self._notices[id(process)] = notice
        self.sent.append((notice.tag, notice.title, tuple(k for k, _ in notice.actions)))
        process.start()
        if old is not None and replacing:
            self._stop(old)
        elif old is not None:  # still on screen: its answer still counts
            self._older.append(old)
        log.info("notification %s sent", notice.tag)

    def _read(self, tag: NoticeKind, process: QProcess) -> None:
        data = self._output.get(id(process), b"") + bytes(process.readAllStandardOutput().data())
        self._output[id(process)] = data
        first = data.split(b"\n", 1)
        if len(first) == 2 and first[0].strip().isdigit() and id(process) not in self._server_ids:
            server_id = int(first[0])
            self._server_ids[id(process)] = server_id
            notice = self._notices.get(id(process))
            timeout_s = (notice.timeout_ms if notice is not None else 60_000) / 1000
            self.open[server_id] = (tag, time.monotonic() + timeout_s)
            if self._running.get(tag) is process:
                self._ids[tag] = server_id

    def _finished(self, tag: NoticeKind, process: QProcess) -> None:
        self._read(tag, process)
        if self._running.get(tag) is process:
            del self._running[tag]
            self._ids.pop(tag, None)
        if process in self._older:
            self._older.remove(process)
        lines = self._output.pop(id(process), b"").decode(errors="replace").split()
        # --print-id prints the id first; the chosen action (if any) comes after it.
        key = lines[1] if len(lines) > 1 else ""
        notice = self._notices.pop(id(process), None)
        server_id = self._server_ids.pop(id(process), None)
        if notice is not None and notice.actions and server_id is not None:
            self.open.pop(server_id, None)  # notify-send waited until it was closed
        process.deleteLater()
        self.answered.emit(tag, notice.answer(key) if notice is not None else None)

    def _stop(self, process: QProcess) -> None:
        """Stop waiting on `process` (no answer is reported) and forget it."""
        process.finished.disconnect()
        process.readyReadStandardOutput.disconnect()
        process.kill()
        process.waitForFinished(1000)
        self._output.pop(id(process), None)
        self._notices.pop(id(process), None)
        self._server_ids.pop(id(process), None)
        process.deleteLater()

    def _tag_of(self, process: QProcess) -> NoticeKind | None:
        notice = self._notices.get(id(process))
        return notice.tag if notice is not None else None

    def _on_screen(self, tag: NoticeKind | None) -> list[int]:
        """Server ids of the notices (of `tag`, or all) that may still be shown; forgotten."""
        now = time.monotonic()
        ids = [i for i, (t, until) in self.open.items() if until > now and tag in (None, t)]
        self.open = {i: v for i, v in self.open.items() if v[1] > now and i not in ids}
        return ids

    def withdraw(self, tag: NoticeKind) -> None:
        process = self._running.pop(tag, None)
        self._ids.pop(tag, None)
        for older in [p for p in self._older if self._tag_of(p) is tag]:
            self._older.remove(older)
            self._stop(older)
        if process is not None:
            self._stop(process)
        ids = self._on_screen(tag)
        if ids:  # off the UI thread: a D-Bus round trip must never freeze the tray
            threading.Thread(
                target=close_notifications, args=(ids,), name="focuscoach-withdraw", daemon=True
            ).start()
            log.info("notification %s withdrawn", tag)

    def close_all(self) -> None:
        for process in [*self._running.values(), *self._older]:
            self._stop(process)
        self._running.clear()
        self._older.clear()
        self._ids.clear()
        ids = self._on_screen(None)
        if ids:  # at exit: wait (briefly) so nothing is left on screen that nobody answers
            close_notifications(ids)
            log.info("%d notification(s) withdrawn at exit", len(ids))


def close_notifications(ids: Iterable[int], timeout_s: float = 1.0) -> int:
    """CloseNotification(id) for each id on the session bus (jeepney: QtDBus cannot send the
    uint32); how many the server accepted. Fails quietly: a server that is gone closed them."""
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg
    except ImportError:  # not Linux: no freedesktop notifications either
        return 0
    address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
    closed = 0
    try:
        with open_dbus_connection("SESSION") as conn:
            for server_id in ids:
                message = new_method_call(address, "CloseNotification", "u", (server_id,))
                try:
                    unwrap_msg(conn.send_and_get_reply(message, timeout=timeout_s))
                    closed += 1
                except DBusErrorResponse as exc:  # already gone: nothing to withdraw
                    log.debug("CloseNotification(%d): %s", server_id, exc)
    except (OSError, TimeoutError, ConnectionError, KeyError) as exc:
        log.warning("could not withdraw notifications: %s", exc)
    return closed


class ActionWindow(QDialog):
    """The fallback's buttons: a small non-modal window with the notice and its actions."""

    chosen = Signal(object)  # the Answer, or None when closed without one

    def __init__(self, notice: Notice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(notice.title)
        self.setWindowIcon(icon("app"))
        self.notice = notice
        layout = QVBoxLayout(self)
        text = QLabel(notice.body)
        text.setWordWrap(True)
        layout.addWidget(text)
        row = QHBoxLayout()
        self.buttons: dict[Answer, QPushButton] = {}
        for key, label in notice.actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, k=key: self._choose(k))
            row.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(row)
        self._answer: Answer | None = None
        self.finished.connect(self._finished)

    def _choose(self, key: Answer) -> None:
        self._answer = key
        self.accept()

    def _finished(self, _result: int) -> None:
        self.chosen.emit(self._answer)


class TrayNotifier(Notifier):
    """No notification server: the tray's balloon; notices with actions also open a small
    window with the buttons (a balloon cannot hold buttons)."""

    def __init__(self, tray: QSystemTrayIcon | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.windows: dict[NoticeKind, ActionWindow] = {}

    @property
    def kind(self) -> str:
        return "tray"

    def show(self, notice: Notice) -> None:
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(notice.title, notice.body, icon("app"), notice.timeout_ms)
        if not notice.actions:
            return
        old = self.windows.pop(notice.tag, None)
        if old is not None:
            old.chosen.disconnect()
            old.close()
        window = ActionWindow(notice)
        window.chosen.connect(lambda key, t=notice.tag: self._chosen(t, key))
        self.windows[notice.tag] = window
        window.show()
        window.raise_()

    def _chosen(self, tag: NoticeKind, key: Answer | None) -> None:
        window = self.windows.pop(tag, None)
        if window is not None:
            window.deleteLater()
        self.answered.emit(tag, key)

    def withdraw(self, tag: NoticeKind) -> None:
        window = self.windows.pop(tag, None)
        if window is not None:
            window.chosen.disconnect()
            window.close()
            window.deleteLater()

    def close_all(self) -> None:
        for window in self.windows.values():
            window.chosen.disconnect()
            window.close()
            window.deleteLater()
        self.windows.clear()


def make_notifier(
    tray: QSystemTrayIcon | None, parent: QObject | None = None, *, prefer_dbus: bool = True
) -> Notifier:
    """The D-Bus notifier when a server with actions is there and notify-send exists."""
    program = shutil.which("notify-send")
    if prefer_dbus and program is not None:
        try:
            caps = server_capabilities()
        except Exception:  # no session bus at all
            log.debug("no D-Bus session", exc_info=True)
            caps = None
        if caps is not None and "actions" in caps:
            return DBusNotifier(program, parent)
        log.info("no notification server with actions (%s): using the tray", caps)
    return TrayNotifier(tray, parent)


def labels(actions: Sequence[tuple[Answer, str]]) -> list[str]:
    return [label for _key, label in actions]
