"""GNOME Shell on Wayland: the focused window through the "Focused Window D-Bus" extension,
idle time from Mutter's IdleMonitor, both over the session bus with jeepney.

GNOME lets no ordinary client read other windows' titles (its own introspection is allowed
only to the portal), so titles need an extension. This speaks the interface of the existing
"Focused Window D-Bus" extension (focused-window-dbus@flexagoon.com: `org.gnome.Shell`,
`/org/gnome/shell/extensions/FocusedWindow`, `Get() -> JSON` with `title` and `wm_class`)
rather than shipping one of our own: it is on extensions.gnome.org, reviewed there, and its
one method is all the recorder needs; without it Focus Coach falls back to XWayland windows
and says how to enable it. Idle time needs no extension: Mutter's `GetIdletime`.

Both are polled from the recorder's thread, once per sample (one round trip each, well
under a millisecond on a local bus); nothing here touches Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.wayland.idle import CompositorIdle
from focuscoach.core.recording.window import BackendUnavailable

__all__ = [
    "EXTENSION_UUID",
    "GNOME_NO_EXTENSION",
    "GnomeShellBackend",
    "MutterIdle",
    "is_gnome",
]

log = logging.getLogger("focuscoach.recording")

EXTENSION_UUID = "focused-window-dbus@flexagoon.com"
GNOME_NO_EXTENSION = (
    "GNOME on Wayland without the Focused Window D-Bus extension: window titles and"
    " applications are recorded only for X11 (XWayland) windows, not for the others; install"
    f" it from extensions.gnome.org and run `gnome-extensions enable {EXTENSION_UUID}`;"
    " idle time comes from Mutter; key and click counts are not recorded."
)

_SHELL = ("org.gnome.Shell", "/org/gnome/shell/extensions/FocusedWindow")
_SHELL_INTERFACE = "org.gnome.shell.extensions.FocusedWindow"
_IDLE = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core")
_IDLE_INTERFACE = "org.gnome.Mutter.IdleMonitor"
_CALL_TIMEOUT = 1.0


def is_gnome(current_desktop: str) -> bool:
    """XDG_CURRENT_DESKTOP names GNOME ("GNOME", "ubuntu:GNOME", "pop:GNOME"...)."""
    return "gnome" in [part.strip().lower() for part in current_desktop.split(":")]


class _Bus:
    """One blocking jeepney connection to the session bus, opened lazily."""

    def __init__(self, address: str | None) -> None:
        self._address = address
        self._conn: Any = None

    def call(self, target: tuple[str, str], interface: str, method: str) -> tuple[Any, ...]:
        """The reply's values; raises BackendUnavailable (with the D-Bus error name)."""
        try:
            from jeepney import DBusAddress, new_method_call
            from jeepney.io.blocking import open_dbus_connection
            from jeepney.wrappers import DBusErrorResponse, unwrap_msg
        except ImportError as exc:  # pragma: no cover - a Linux dependency
            raise BackendUnavailable(f"jeepney is not installed: {exc}") from exc
        try:
            if self._conn is None:
                self._conn = open_dbus_connection(self._address or "SESSION")
            address = DBusAddress(target[1], bus_name=target[0], interface=interface)
            reply = self._conn.send_and_get_reply(
                new_method_call(address, method), timeout=_CALL_TIMEOUT
            )
            return tuple(unwrap_msg(reply))
        except DBusErrorResponse as exc:
            raise BackendUnavailable(f"{method}: {exc.name}") from exc
        except (OSError, TimeoutError, ValueError, KeyError) as exc:
            self.close()
            raise BackendUnavailable(f"the session bus: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


class MutterIdle:
    """Idle time from Mutter's IdleMonitor, polled: `poll(now)` once per sample."""

    def __init__(
        self, bus_address: str | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self._bus = _Bus(bus_address)
        self._clock = clock
        self.idle = CompositorIdle(clock)

    def start(self) -> MutterIdle:
        """Raises BackendUnavailable when Mutter does not answer (not GNOME)."""
        try:
            self._read()
        except BackendUnavailable:
            self.close()
            raise
        return self

    def poll(self, now: float) -> None:
        """Read the idle time now; a failure leaves the last state (the next poll retries)."""
        del now
        try:
            self._read()
        except BackendUnavailable as exc:
            log.debug("Mutter idle time not read: %s", exc)

    def _read(self) -> None:
        (idle_ms,) = self._bus.call(_IDLE, _IDLE_INTERFACE, "GetIdletime")
        now = self._clock()
        last_input = now - int(idle_ms) / 1000.0
        if now - last_input >= self.idle.timeout:
            if not self.idle.idle:
                self.idle.idled(at=last_input + self.idle.timeout)
        elif self.idle.idle:
            self.idle.resumed(at=last_input)

    def close(self) -> None:
        self._bus.close()


class GnomeShellBackend:
    """WindowBackend for GNOME Shell with the Focused Window D-Bus extension; also reads
    Mutter's idle time on every sample (`idle`)."""

    def __init__(self, bus_address: str | None = None, idle: MutterIdle | None = None) -> None:
        self._bus = _Bus(bus_address)
        self._idle = idle if idle is not None else MutterIdle(bus_address)
        self.idle = self._idle.idle

    def start(self) -> GnomeShellBackend:
        """Raises BackendUnavailable when the extension does not answer (missing, disabled)."""
        try:
            self._get()
        except BackendUnavailable:
            self.close()
            raise
        with contextlib.suppress(BackendUnavailable):
            self._idle.start()
        return self

    def active_window(self) -> WindowInfo | None:
        self._idle.poll(time.time())
        return self._get()

    def _get(self) -> WindowInfo | None:
        (text,) = self._bus.call(_SHELL, _SHELL_INTERFACE, "Get")
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise BackendUnavailable(f"the extension's answer is not JSON: {exc}") from exc
        if not isinstance(data, dict) or not data:
            return None  # "{}": nothing has focus
        title, app = data.get("title"), data.get("wm_class")
        return WindowInfo(
            app=app if isinstance(app, str) else "", title=title if isinstance(title, str) else ""
        )

    def close(self) -> None:
        self._bus.close()
        self._idle.close()
