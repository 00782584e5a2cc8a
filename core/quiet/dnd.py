"""Has the user turned on Do Not Disturb?

- Freedesktop notification servers (KDE Plasma, and others that implement it): the
  ``Inhibited`` property of ``org.freedesktop.Notifications`` on the session bus.
- dunst: its own ``paused`` property (``org.dunstproject.cmd0``, what ``dunstctl
  is-paused`` reads; dunst 1.9 on Debian 12 has no ``Inhibited``).
- GNOME: ``org.gnome.desktop.notifications show-banners`` false, read with ``gsettings``
  (only when XDG_CURRENT_DESKTOP names GNOME, Unity or Budgie).
- XFCE: ``xfconf-query -c xfce4-notifyd -p /do-not-disturb`` true (only on XFCE).
- Windows Focus Assist and macOS Focus: not readable through a documented API (Windows
  reports notifications as accepted whatever Focus Assist says; macOS tells an app only
  its own Focus status, with an entitlement): unknown, never quiet.

D-Bus calls go through jeepney on a blocking connection with a 1 s timeout, made on the
caller's (worker) thread; a server that is not there answers with an error at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

__all__ = ["FreedesktopDnd", "GnomeDnd", "XfceDnd", "desktop_names"]

_TIMEOUT_S = 2.0
_DBUS_TIMEOUT_S = 1.0
_NAME = "org.freedesktop.Notifications"
_PATH = "/org/freedesktop/Notifications"


def desktop_names() -> set[str]:
    return {d.strip().lower() for d in os.environ.get("XDG_CURRENT_DESKTOP", "").split(":") if d}


class FreedesktopDnd:
    """Callable probe: the notification server's Inhibited (or dunst's paused) property."""

    def __init__(self, bus: str = "SESSION") -> None:
        self.bus = bus
        self._conn: Any = None

    def _get(self, interface: str, prop: str) -> object | None:
        from jeepney import DBusAddress, MessageFlag, Properties
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg

        if self._conn is None:
            self._conn = open_dbus_connection(self.bus)
        address = DBusAddress(_PATH, bus_name=_NAME, interface=interface)
        message = Properties(address).get(prop)
        # Asking must not start a notification server through D-Bus activation.
        message.header.flags |= MessageFlag.no_auto_start
        try:
            reply = self._conn.send_and_get_reply(message, timeout=_DBUS_TIMEOUT_S)
            body = unwrap_msg(reply)
        except DBusErrorResponse:
            return None  # no such server, interface or property
        except (OSError, TimeoutError, ConnectionError):
            self.close()
            raise
        variant = body[0] if body else None
        return variant[1] if isinstance(variant, tuple) and len(variant) == 2 else None

    def __call__(self, _window: object = None) -> bool | None:
        inhibited = self._get(_NAME, "Inhibited")
        if inhibited is True:
            return True
        paused = self._get("org.dunstproject.cmd0", "paused")
        if isinstance(paused, bool):
            return paused
        return inhibited if isinstance(inhibited, bool) else None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()


def _run(argv: list[str]) -> str | None:
    exe = shutil.which(argv[0])
    if exe is None:
        return None
    result = subprocess.run(
        [exe, *argv[1:]], capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else None


class GnomeDnd:
    """Callable probe: GNOME's "Do Not Disturb" is show-banners = false."""

    def __init__(self, gsettings: str = "gsettings") -> None:
        self.gsettings = gsettings

    def __call__(self, _window: object = None) -> bool | None:
        out = _run([self.gsettings, "get", "org.gnome.desktop.notifications", "show-banners"])
        if out not in ("true", "false"):
            return None
        return out == "false"


class XfceDnd:
    """Callable probe: xfce4-notifyd's /do-not-disturb."""

    def __init__(self, xfconf_query: str = "xfconf-query") -> None:
        self.xfconf_query = xfconf_query

    def __call__(self, _window: object = None) -> bool | None:
        out = _run([self.xfconf_query, "-c", "xfce4-notifyd", "-p", "/do-not-disturb"])
        if out not in ("true", "false"):
            return None
        return out == "true"
