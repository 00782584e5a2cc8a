"""A freedesktop notification client in-process, over jeepney (Qt-free).

PySide6's QtDBus cannot marshal the `uint32` that `Notify` and `CloseNotification` take, and
servers send `ActionInvoked` to the connection that sent the notification. So one jeepney
connection does everything, owned by one background thread: it sends `Notify` and
`CloseNotification` (queued by the UI thread, which never waits for the bus) and receives the
`ActionInvoked` and `NotificationClosed` signals, reporting each outcome through a callback
that is called on that thread (desktop/notify.py hands it to the Qt main thread).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from selectors import EVENT_READ, DefaultSelector
from typing import Any

log = logging.getLogger("focuscoach.desktop")

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
#: How long one call may wait for the server; a hung server never holds the exit for long.
CALL_TIMEOUT_S = 1.0
#: Capabilities that say the server draws a notice's image: "icon-static" / "icon-multi" (the
#: spec's image arrays, the image hints; dunst, GNOME) or "body-images" (Plasma).
IMAGE_CAPABILITIES = frozenset({"icon-static", "icon-multi", "body-images"})


@dataclass(frozen=True, slots=True)
class Sent:
    """`Notify` (request `token`) was answered with the server's id."""

    token: int
    server_id: int


@dataclass(frozen=True, slots=True)
class NotSent:
    token: int
    reason: str


@dataclass(frozen=True, slots=True)
class Invoked:
    """The user chose the action `key` on notification `server_id` (`ActionInvoked`)."""

    server_id: int
    key: str


@dataclass(frozen=True, slots=True)
class Closed:
    """Notification `server_id` is gone (`NotificationClosed`; reason 1 expired, 2 dismissed,
    3 closed by a call, 4 other)."""

    server_id: int
    reason: int


@dataclass(frozen=True, slots=True)
class Lost:
    """The connection to the bus broke; nothing more comes from this client."""

    reason: str


Event = Sent | NotSent | Invoked | Closed | Lost


@dataclass(frozen=True, slots=True)
class RawImage:
    """An image as the spec's image hints carry it, (iiibiiay): `rowstride` bytes a row, 8 bits
    a sample, RGB byte order, 4 channels with alpha else 3 (the gdk-pixbuf layout)."""

    width: int
    height: int
    rowstride: int
    has_alpha: bool
    data: bytes

    @property
    def channels(self) -> int:
        return 4 if self.has_alpha else 3

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1 or self.rowstride < self.width * self.channels:
            raise ValueError(f"bad image layout {self.width}x{self.height}/{self.rowstride}")
        if len(self.data) < self.rowstride * (self.height - 1) + self.width * self.channels:
            raise ValueError(f"{len(self.data)} bytes are short of a {self.width}x{self.height}")

    def variant(self) -> tuple[str, tuple[int, int, int, bool, int, int, bytes]]:
        """The hint's value: a D-Bus variant of the structure."""
        body = (self.width, self.height, self.rowstride, self.has_alpha, 8, self.channels)
        return "(iiibiiay)", (*body, self.data)


def image_hint(spec_version: str) -> str:
    """The image hint's name for the server's spec version: "image-data" since 1.2,
    "image_data" in 1.1, "icon_data" before (a version that does not parse: the current)."""
    try:
        version = tuple(int(part) for part in spec_version.split(".")[:2])
    except ValueError:
        return "image-data"
    if version >= (1, 2):
        return "image-data"
    return "image_data" if version == (1, 1) else "icon_data"


@dataclass(frozen=True, slots=True)
class Notify:
    """One `Notify` call: `actions` are (key, label) pairs; `replaces_id` 0 for a new one."""

    token: int
    app_name: str
    replaces_id: int
    icon: str
    summary: str
    body: str
    actions: Sequence[tuple[str, str]]
    timeout_ms: int
    transient: bool = False
    #: Sent as the image hint (a forecast nudge's attention strip) where the server draws one.
    image: RawImage | None = None


def _address() -> Any:
    from jeepney import DBusAddress

    return DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)


def _call(conn: Any, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
    """A method call on the server; its reply's body (raises DBusErrorResponse, TimeoutError)."""
    from jeepney import new_method_call
    from jeepney.wrappers import unwrap_msg

    message = new_method_call(_address(), method, signature, body)
    return unwrap_msg(conn.send_and_get_reply(message, timeout=CALL_TIMEOUT_S))


class NotificationClient:
    """Connect with `NotificationClient.connect()`; then `notify`, `close` and `stop` may be
    called from any thread and return at once (`stop` waits, briefly, for its work)."""

    def __init__(
        self,
        conn: Any,
        capabilities: list[str],
        on_event: Callable[[Event], None],
        spec_version: str = "1.2",
    ):
        self.conn = conn
        self.capabilities = capabilities
        #: The spec version the server implements (GetServerInformation): names the image hint.
        self.spec_version = spec_version
        self.on_event = on_event
        self._requests: queue.SimpleQueue[Notify | list[int] | None] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._signals: deque[Any] = deque()
        #: How many CloseNotification calls the server accepted (read after `stop`).
        self.closed = 0
        #: Set by `stop`: queued notices are no longer sent, and one sent meanwhile is closed.
        self._stopping = False
        self._thread = threading.Thread(
            target=self._run, name="focuscoach-notifications", daemon=True
        )
        self._thread.start()

    @classmethod
    def connect(cls, on_event: Callable[[Event], None]) -> NotificationClient | None:
        """A client on the session bus when a notification server answers GetCapabilities
        (an activatable one is started by the bus); None without a bus or a server."""
        try:
            from jeepney.io.blocking import open_dbus_connection
            from jeepney.wrappers import DBusErrorResponse
        except ImportError:  # not Linux: no freedesktop notifications
            return None
        try:
            conn = open_dbus_connection("SESSION")
        except (OSError, TimeoutError, KeyError, ValueError) as exc:
            log.info("no D-Bus session bus: %s", exc)
            return None
        try:
            (caps,) = _call(conn, "GetCapabilities")
        except (DBusErrorResponse, OSError, TimeoutError, ValueError) as exc:
            log.info("no notification server: %s", exc)
            conn.close()
            return None
        spec_version = "1.2"
        try:
            *_names, version = _call(conn, "GetServerInformation")
            spec_version = str(version)
        except (DBusErrorResponse, OSError, TimeoutError, ValueError) as exc:
            log.info("no server information (spec 1.2 assumed): %s", exc)
        return cls(conn, [str(c) for c in caps], on_event, spec_version)

    @property
    def actions(self) -> bool:
        """Whether the server shows action buttons."""
        return "actions" in self.capabilities

    @property
    def images(self) -> bool:
        """Whether the server draws a notice's image (the image hint)."""
        return not IMAGE_CAPABILITIES.isdisjoint(self.capabilities)

    def notify(self, request: Notify) -> None:
        self._put(request)

    def close(self, server_ids: Iterable[int]) -> None:
        """CloseNotification for each id (the server then reports them Closed)."""
        self._put(list(server_ids))

    def stop(self, close_ids: Iterable[int] = (), timeout_s: float = 2.0) -> None:
        """Close `close_ids` on the server, then end the thread and the connection."""
        self._stopping = True
        ids = list(close_ids)
        if ids:
            self._put(ids)
        self._put(None)
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.warning("the notification thread did not stop within %.1f s", timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _put(self, request: Notify | list[int] | None) -> None:
        self._requests.put(request)
        with contextlib.suppress(OSError):  # full (the thread is behind anyway) or closed
            self._wake_w.send(b"\0")

    # --- the background thread -----------------------------------------------------------

    def _run(self) -> None:
        from jeepney import MatchRule, message_bus
        from jeepney.io.blocking import Proxy

        rule = MatchRule(type="signal", interface=SERVICE)
        selector = DefaultSelector()
        selector.register(self.conn.sock, EVENT_READ)
        selector.register(self._wake_r, EVENT_READ)
        try:
            with self.conn.filter(rule, queue=self._signals):
                Proxy(message_bus, self.conn, timeout=CALL_TIMEOUT_S).AddMatch(rule)
                while self._serve():
                    self._receive_ready()
                    self._deliver_signals()
                    if self._requests.empty():
                        selector.select()
                    with contextlib.suppress(BlockingIOError):
                        while self._wake_r.recv(4096):
                            pass
                self._deliver_signals()
        except (OSError, TimeoutError, ValueError) as exc:
            log.warning("notification connection lost: %s", exc)
            self.on_event(Lost(str(exc)))
        except Exception as exc:  # a thread must say why it ended
            log.exception("notification thread failed")
            self.on_event(Lost(repr(exc)))
        finally:
            selector.close()
            self.conn.close()
            self._wake_r.close()
            self._wake_w.close()

    def _serve(self) -> bool:
        """Send what was queued; False once asked to stop."""
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return True
            if request is None:
                return False
            if isinstance(request, Notify):
                if not self._stopping:
                    self._notify(request)
            else:
                self._close(request)

    def _notify(self, request: Notify) -> None:
        from jeepney.wrappers import DBusErrorResponse

        actions = [part for key, label in request.actions for part in (key, label)]
        hints: dict[str, tuple[str, Any]] = {"transient": ("b", True)} if request.transient else {}
        if request.image is not None:
            hints[image_hint(self.spec_version)] = request.image.variant()
        body = (
            request.app_name,
            request.replaces_id,
            request.icon,
            request.summary,
            request.body,
            actions,
            hints,
            request.timeout_ms,
        )
        try:
            (server_id,) = _call(self.conn, "Notify", "susssasa{sv}i", body)
        except (DBusErrorResponse, TimeoutError) as exc:
            log.warning("Notify failed: %s", exc)
            self.on_event(NotSent(request.token, str(exc)))
            return
        if self._stopping:  # the app is quitting: nobody would answer it
            self._close([int(server_id)])
            return
        self.on_event(Sent(request.token, int(server_id)))

    def _close(self, server_ids: list[int]) -> None:
        from jeepney.wrappers import DBusErrorResponse

        for server_id in server_ids:
            try:
                _call(self.conn, "CloseNotification", "u", (server_id,))
                self.closed += 1
            except (DBusErrorResponse, TimeoutError) as exc:  # already gone
                log.debug("CloseNotification(%d): %s", server_id, exc)

    def _receive_ready(self) -> None:
        """Take in every message already readable, without waiting."""
        while True:
            try:
                self.conn.recv_messages(timeout=0)
            except TimeoutError:
                return

    def _deliver_signals(self) -> None:
        while self._signals:
            message = self._signals.popleft()
            member = message.header.fields.get(_member_field())
            if member == "ActionInvoked":
                server_id, key = message.body
                self.on_event(Invoked(int(server_id), str(key)))
            elif member == "NotificationClosed":
                server_id, reason = message.body
                self.on_event(Closed(int(server_id), int(reason)))


def _member_field() -> Any:
    from jeepney import HeaderFields

    return HeaderFields.member


def close_notifications(ids: Iterable[int]) -> int:
    """CloseNotification(id) for each id on a connection of its own, waiting; how many the
    server accepted. Fails quietly: a server that is gone closed them."""
    try:
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import DBusErrorResponse
    except ImportError:
        return 0
    closed = 0
    try:
        with open_dbus_connection("SESSION") as conn:
            for server_id in ids:
                try:
                    _call(conn, "CloseNotification", "u", (server_id,))
                    closed += 1
                except DBusErrorResponse as exc:
                    log.debug("CloseNotification(%d): %s", server_id, exc)
    except (OSError, TimeoutError, KeyError, ValueError) as exc:
        log.warning("could not withdraw notifications: %s", exc)
    return closed
