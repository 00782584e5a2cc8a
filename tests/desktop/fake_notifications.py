"""A small freedesktop notification server for tests, written with jeepney, on a private
session bus (a real dbus-daemon): it records every Notify call, closes on CloseNotification,
and emits ActionInvoked / NotificationClosed when a test plays the user. Its capabilities are
the test's choice (a server without "actions" is what dunst cannot be made into)."""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import Proxy, open_dbus_connection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


@contextlib.contextmanager
def private_bus() -> Iterator[str]:
    """A dbus-daemon of its own; yields its address (for DBUS_SESSION_BUS_ADDRESS)."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=10)
        if daemon.stdout is not None:
            daemon.stdout.close()


@dataclass(frozen=True)
class Call:
    """One Notify call as the server received it."""

    replaces_id: int
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    timeout_ms: int
    sender: str


class FakeServer:
    """`with FakeServer(address, caps) as server:` owns org.freedesktop.Notifications there."""

    def __init__(
        self,
        address: str,
        capabilities: list[str],
        reply_delay_s: float = 0.0,
        spec_version: str | None = None,
    ):
        self.address = address
        self.capabilities = capabilities
        #: Answered by GetServerInformation; None: the method is unknown (an old server).
        self.spec_version = spec_version
        self.reply_delay_s = reply_delay_s
        self.calls: list[Call] = []
        self.shown: dict[int, Call] = {}
        self._ids = itertools.count(1)
        self._emit: queue.SimpleQueue[tuple[str, str, tuple[Any, ...]]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-notifications", daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        assert self._ready.wait(10), "the fake server did not take the name"
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def invoke(self, server_id: int, key: str) -> None:
        """The user clicks the button `key`: ActionInvoked, then NotificationClosed (2)."""
        self._emit.put(("ActionInvoked", "us", (server_id, key)))
        self._emit.put(("NotificationClosed", "uu", (server_id, 2)))

    def dismiss(self, server_id: int) -> None:
        self._emit.put(("NotificationClosed", "uu", (server_id, 2)))

    def _run(self) -> None:
        emitter = DBusAddress(PATH, interface=SERVICE)
        with open_dbus_connection(self.address) as conn:
            (result,) = Proxy(message_bus, conn, timeout=5).RequestName(SERVICE, 4)
            assert result == 1, f"RequestName: {result}"
            self._ready.set()
            while not self._stop.is_set():
                while not self._emit.empty():
                    name, signature, body = self._emit.get()
                    if name == "NotificationClosed":
                        self.shown.pop(body[0], None)
                    conn.send(new_signal(emitter, name, signature, body))
                try:
                    message = conn.receive(timeout=0.05)
                except TimeoutError:
                    continue
                if message.header.message_type is MessageType.method_call:
                    conn.send(self._answer(message, emitter, conn))

    def _answer(self, message: Any, emitter: DBusAddress, conn: Any) -> Any:
        member = message.header.fields[HeaderFields.member]
        if member == "GetCapabilities":
            return new_method_return(message, "as", (self.capabilities,))
        if member == "GetServerInformation" and self.spec_version is not None:
            info = ("fake", "focuscoach tests", "1", self.spec_version)
            return new_method_return(message, "ssss", info)
        if member == "Notify":
            _app, replaces, _icon, summary, body, actions, hints, timeout = message.body
            sender = message.header.fields[HeaderFields.sender]
            call = Call(replaces, summary, body, list(actions), dict(hints), timeout, sender)
            self.calls.append(call)
            server_id = replaces if replaces in self.shown else next(self._ids)
            self.shown[server_id] = call
            time.sleep(self.reply_delay_s)
            return new_method_return(message, "u", (server_id,))
        if member == "CloseNotification":
            (server_id,) = message.body
            if self.shown.pop(server_id, None) is not None:
                conn.send(new_signal(emitter, "NotificationClosed", "uu", (server_id, 3)))
            return new_method_return(message)
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,))
