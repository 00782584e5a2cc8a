"""A stand-in for GNOME Shell's D-Bus side on a private session bus: the Focused Window D-Bus
extension's `Get` (as its extension.js answers: a JSON object, "{}" when nothing has focus)
and Mutter's `IdleMonitor.GetIdletime`. Real gnome-shell is not started by these tests."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tests.xsession import require_tools

__all__ = ["FakeGnome", "SessionBus"]


class SessionBus:
    """A private D-Bus session bus from dbus-run-session; `address` connects to it."""

    def __init__(self) -> None:
        require_tools("dbus-run-session")
        self.dir = Path(tempfile.mkdtemp(prefix="fc-bus-"))
        self.address = ""
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SessionBus:
        path = self.dir / "address"
        self._proc = subprocess.Popen(
            [
                "dbus-run-session",
                "--",
                "sh",
                "-c",
                f'echo "$DBUS_SESSION_BUS_ADDRESS" > {path}.tmp && mv {path}.tmp {path}'
                " && exec sleep 3600",
            ],
            env={k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not (path.exists() and path.read_text().strip()):
            assert time.monotonic() < deadline, "the D-Bus session bus did not start"
            time.sleep(0.05)
        self.address = path.read_text().strip()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, 15)
            self._proc.wait(timeout=10)


class FakeGnome:
    """Serves the extension (when `extension`) and Mutter's idle monitor on `address`."""

    def __init__(self, address: str, *, extension: bool = True, mutter: bool = True) -> None:
        self.address = address
        self.extension = extension
        self.mutter = mutter
        self.window: dict[str, Any] = {}
        self.idle_ms = 0
        self.calls = 0
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeGnome:
        self._thread.start()
        assert self._ready.wait(10), "the fake GNOME Shell did not start"
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(self.address) as conn:
            names = (["org.gnome.Shell"] if self.extension else []) + (
                ["org.gnome.Mutter.IdleMonitor"] if self.mutter else []
            )
            for name in names:
                conn.send_and_get_reply(message_bus.RequestName(name), timeout=5)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    msg = conn.receive(timeout=0.1)
                except TimeoutError:
                    continue
                if msg.header.message_type != MessageType.method_call:
                    continue
                self.calls += 1
                fields = msg.header.fields
                path, member = fields.get(HeaderFields.path), fields.get(HeaderFields.member)
                if path == "/org/gnome/shell/extensions/FocusedWindow" and member == "Get":
                    conn.send(new_method_return(msg, "s", (json.dumps(self.window),)))
                elif path == "/org/gnome/Mutter/IdleMonitor/Core" and member == "GetIdletime":
                    conn.send(new_method_return(msg, "t", (self.idle_ms,)))
                else:
                    conn.send(
                        new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("no",))
                    )
