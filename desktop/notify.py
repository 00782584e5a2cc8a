"""Notifications behind one adapter: the freedesktop notification server (D-Bus, in-process
through desktop/dbus_notifications.py) with action buttons where it has them, else the tray's
own balloon and a small window with the buttons.

No process is started per notice: one jeepney connection on one background thread sends
`Notify` and `CloseNotification` and receives `ActionInvoked` and `NotificationClosed`; its
events reach the main thread through a queued Qt signal, so the UI never waits on the bus.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
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
from focuscoach.desktop.dbus_notifications import (
    PATH,
    SERVICE,
    Closed,
    Event,
    Invoked,
    Lost,
    NotificationClient,
    Notify,
    NotSent,
    RawImage,
    Sent,
    close_notifications,
)
from focuscoach.desktop.icons import icon, icon_path

if TYPE_CHECKING:
    from focuscoach.desktop.attention_strip import Strip

log = logging.getLogger("focuscoach.desktop")

__all__ = ["PATH", "SERVICE", "close_notifications"]  # re-exported: the client's names

APP_NAME = "Focus Coach"


class NoticeKind(StrEnum):
    """What a notice is about; a newer notice of a kind replaces the older."""

    BREAK = "break"
    BREAK_OVER = "break-over"
    BLOCK = "block"
    NUDGE = "nudge"
    REVIEW = "review"
    SUMMARY = "summary"


class BreakAction(StrEnum):
    START = "start"
    POSTPONE = "postpone"
    SKIP = "skip"


class ReviewAction(StrEnum):
    OPEN = "open"


class SummaryAction(StrEnum):
    OPEN_TODAY = "open-today"


#: An answer is one of these enums (a nudge's is the coach's own NudgeAnswer); the strings
#: only exist on the wire (D-Bus action keys) and back.
Answer = NudgeAnswer | BreakAction | ReviewAction | SummaryAction


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification: `tag` says what it is about, `actions` are (answer, label) pairs."""

    tag: NoticeKind
    title: str
    body: str
    actions: tuple[tuple[Answer, str], ...] = ()
    timeout_ms: int = 60_000
    #: What the model looked at (a forecast nudge), shown under the text in the window.
    strip: Strip | None = None

    def answer(self, key: str) -> Answer | None:
        """The typed answer for a key that came back as text (None: closed, no answer)."""
        return next((a for a, _label in self.actions if a.value == key), None)


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
        if notice.strip is not None:
            from focuscoach.desktop.attention_strip import AttentionPanel

            layout.addWidget(AttentionPanel(notice.strip))
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
        if notice.actions:
            self.open_window(notice)

    def open_window(self, notice: Notice) -> None:
        """The notice's buttons in a small window (replacing the one of its kind)."""
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


class _Relay(QObject):
    """Hands the client thread's events to the main thread (queued: it lives there)."""

    arrived = Signal(object)

    def post(self, event: Event) -> None:
        if shiboken6.isValid(self):  # the notifier may be gone at exit
            self.arrived.emit(event)


class DBusNotifier(Notifier):
    """The freedesktop notification server, in-process (desktop/dbus_notifications.py): each
    notice is one `Notify` call queued to the client's thread, which never blocks this one;
    answers come back as `ActionInvoked` / `NotificationClosed`. A server without the
    "actions" capability gets the text only, and the buttons open in the fallback window; one
    that draws images also gets a forecast nudge's attention strip as the notice's image."""

    def __init__(
        self,
        client: NotificationClient,
        relay: _Relay,
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.relay = relay
        relay.setParent(self)
        relay.arrived.connect(self._on_event)
        #: Buttons when the server has none, and everything once the bus is lost.
        self.fallback = TrayNotifier(tray, self)
        self.fallback.answered.connect(self.answered)
        self._tokens = itertools.count(1)
        self._pending: dict[int, Notice] = {}  # token -> notice, until its id comes
        self._ids: dict[NoticeKind, int] = {}  # the latest id of each kind (to replace it)
        self._latest: dict[NoticeKind, int] = {}  # the latest token of each kind
        self._shown: dict[int, Notice] = {}  # id -> notice still waiting for its answer
        #: Notifications that may still be on screen: server id -> (kind, when it expires,
        #: monotonic), withdrawn with CloseNotification.
        self.open: dict[int, tuple[NoticeKind, float]] = {}
        #: What was sent, for the log and the tests: (tag, title, action keys).
        self.sent: list[tuple[NoticeKind, str, tuple[Answer, ...]]] = []
        self.lost = False

    @property
    def kind(self) -> str:
        return "dbus"

    @property
    def actions(self) -> bool:
        """Whether the server shows the notices' buttons itself."""
        return self.client.actions

    def show(self, notice: Notice) -> None:
        if self.lost:
            self.fallback.show(notice)
            return
        token = next(self._tokens)
        replaces = self._ids.get(notice.tag, 0)
        if replaces not in self.open:
            replaces = 0
        buttons = notice.actions if self.actions else ()
        if replaces:  # the newer notice takes the older's place: no answer for the older
            self._shown.pop(replaces, None)
            self.open.pop(replaces, None)
        self._pending[token] = notice
        self._latest[notice.tag] = token
        self.client.notify(
            Notify(
                token,
                APP_NAME,
                replaces,
                str(icon_path("app")),
                notice.title,
                notice.body,
                [(key.value, label) for key, label in buttons],
                notice.timeout_ms,
                transient=not notice.actions,
                image=self.image(notice),
            )
        )
        self.sent.append((notice.tag, notice.title, tuple(k for k, _ in buttons)))
        if notice.actions and not buttons:
            self.fallback.open_window(notice)
        log.info("notification %s sent", notice.tag)

    def image(self, notice: Notice) -> RawImage | None:
        """The notice's attention strip as the image hint's pixels, where the server draws
        images and the strip has segments (an empty strip says nothing worth a picture)."""
        if notice.strip is None or not notice.strip.segments or not self.client.images:
            return None
        from focuscoach.desktop.attention_strip import render_image

        image = render_image(notice.strip)  # RGBA8888: the spec's RGB byte order with alpha
        size = image.bytesPerLine() * image.height()
        data = bytes(image.constBits())[:size]
        return RawImage(image.width(), image.height(), image.bytesPerLine(), True, data)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, Sent):
            self._sent(event.token, event.server_id)
        elif isinstance(event, NotSent):
            notice = self._pending.pop(event.token, None)
            if notice is not None and self._latest.get(notice.tag) == event.token:
                self.fallback.show(notice)  # the server refused it: the user still sees it
        elif isinstance(event, Invoked | Closed):
            self.open.pop(event.server_id, None)
            notice = self._shown.pop(event.server_id, None)
            if notice is not None:
                key = event.key if isinstance(event, Invoked) else ""
                self.answered.emit(notice.tag, notice.answer(key))
        elif isinstance(event, Lost):
            self.lost = True
            log.warning("notifications through the tray from now on: %s", event.reason)

    def _sent(self, token: int, server_id: int) -> None:
        notice = self._pending.pop(token, None)
        if notice is None:
            return
        if self._latest.get(notice.tag) != token:  # superseded or withdrawn while sent
            self.client.close([server_id])
            return
        self._ids[notice.tag] = server_id
        self.open[server_id] = (notice.tag, time.monotonic() + notice.timeout_ms / 1000)
        self._shown[server_id] = notice

    def _on_screen(self, tag: NoticeKind | None) -> list[int]:
        """Server ids of the notices (of `tag`, or all) that may still be shown; forgotten."""
        now = time.monotonic()
        ids = [i for i, (t, until) in self.open.items() if until > now and tag in (None, t)]
        self.open = {i: v for i, v in self.open.items() if v[1] > now and i not in ids}
        return ids

    def withdraw(self, tag: NoticeKind) -> None:
        self.fallback.withdraw(tag)
        self._latest.pop(tag, None)  # one still on its way is closed when its id comes
        self._ids.pop(tag, None)
        self._shown = {i: n for i, n in self._shown.items() if n.tag is not tag}
        ids = self._on_screen(tag)
        if ids:  # queued: the client's thread closes them, this one never waits
            self.client.close(ids)
            log.info("notification %s withdrawn", tag)

    def close_all(self) -> None:
        self.fallback.close_all()
        self._pending.clear()
        self._latest.clear()
        self._ids.clear()
        self._shown.clear()
        ids = self._on_screen(None)
        # At exit: wait (briefly) so nothing is left on screen that nobody answers.
        self.client.stop(ids)
        if ids:
            log.info("%d notification(s) withdrawn at exit", len(ids))


def make_notifier(
    tray: QSystemTrayIcon | None, parent: QObject | None = None, *, prefer_dbus: bool = True
) -> Notifier:
    """The D-Bus notifier when a notification server answers on the session bus (buttons in
    the notices where it has the "actions" capability), else the tray's balloon and window."""
    if prefer_dbus:
        relay = _Relay()
        client = NotificationClient.connect(relay.post)
        if client is not None:
            log.info("notification server capabilities: %s", client.capabilities)
            return DBusNotifier(client, relay, tray, parent)
        relay.deleteLater()
        log.info("no notification server: using the tray")
    return TrayNotifier(tray, parent)


def labels(actions: Sequence[tuple[Answer, str]]) -> list[str]:
    return [label for _key, label in actions]
