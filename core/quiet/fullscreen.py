"""Is the focused window fullscreen (a film, a presentation, a game)?

- X11 (Xorg, XWayland): the window named by the root's ``_NET_ACTIVE_WINDOW`` has
  ``_NET_WM_STATE_FULLSCREEN`` in its ``_NET_WM_STATE`` (EWMH), read through python-xlib on
  a connection of its own (two GetProperty round trips per poll).
- Windows: ``SHQueryUserNotificationState`` says QUNS_BUSY (a fullscreen app),
  QUNS_RUNNING_D3D_FULL_SCREEN (a Direct3D game) or QUNS_PRESENTATION_MODE.
- macOS: not available. No public API tells whether another app's window is fullscreen
  without the Accessibility permission and a per-app AX walk; unknown (never quiet).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Callable
from typing import Any

__all__ = ["QUNS_FULLSCREEN", "WindowsNotificationState", "X11Fullscreen"]

_ANY_PROPERTY_TYPE = 0


class X11Fullscreen:
    """Callable probe: True/False for the active window, None when X cannot be read."""

    def __init__(self, display_name: str | None = None) -> None:
        self._display_name = display_name
        self._display: Any = None
        self._atoms: tuple[int, int, int] = (0, 0, 0)

    def __call__(self, _window: object = None) -> bool | None:
        from Xlib import error as xerror

        try:
            if self._display is None:
                self._connect()
            return self._read()
        except xerror.XError:
            return None  # the window vanished mid-read
        except Exception:
            self.close()
            raise

    def _connect(self) -> None:
        from Xlib import display as xdisplay

        from focuscoach.core.recording.x11 import _close_abandoned_sockets

        try:
            display = xdisplay.Display(self._display_name)
        except Exception as exc:
            _close_abandoned_sockets(exc)  # python-xlib leaves a failed socket open
            raise
        self._display = display
        intern = display.intern_atom
        self._atoms = (
            intern("_NET_ACTIVE_WINDOW"),
            intern("_NET_WM_STATE"),
            intern("_NET_WM_STATE_FULLSCREEN"),
        )

    def _read(self) -> bool | None:
        active, state, fullscreen = self._atoms
        root = self._display.screen().root
        reply = root.get_property(active, _ANY_PROPERTY_TYPE, 0, 1)
        if reply is None or reply.format != 32 or len(reply.value) == 0:
            return None
        window_id = int(reply.value[0])
        if window_id == 0:
            return False  # nothing has focus: nothing is fullscreen
        window = self._display.create_resource_object("window", window_id)
        states = window.get_property(state, _ANY_PROPERTY_TYPE, 0, 64)
        if states is None or states.format != 32:
            return False
        return fullscreen in (int(v) for v in states.value)

    def close(self) -> None:
        display, self._display = self._display, None
        if display is not None:
            with contextlib.suppress(Exception):
                display.close()


# SHQueryUserNotificationState's answers (shellapi.h, QUERY_USER_NOTIFICATION_STATE).
QUNS_NOT_PRESENT = 1
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6
QUNS_APP = 7
QUNS_FULLSCREEN = frozenset({QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE})

#: HRESULT SHQueryUserNotificationState(QUERY_USER_NOTIFICATION_STATE *pquns)
QueryFn = Callable[[Any], int]


class WindowsNotificationState:
    """Callable probe over shell32's SHQueryUserNotificationState.

    `query` is the OS boundary: by default shell32's function through ctypes, in tests a
    fake taking the same pointer argument. Focus Assist is not readable through it (nor
    through any documented API): Windows reports QUNS_ACCEPTS_NOTIFICATIONS whatever
    Focus Assist is set to, so DND on Windows is unknown.
    """

    def __init__(self, query: QueryFn | None = None) -> None:
        self._query = query

    def state(self) -> int | None:
        query = self._query
        if query is None:
            windll = getattr(ctypes, "windll", None)
            if windll is None:
                return None
            query = self._query = windll.shell32.SHQueryUserNotificationState
        value = ctypes.c_int(0)
        hresult = query(ctypes.byref(value))
        if hresult != 0:  # S_OK only
            return None
        return value.value

    def __call__(self, _window: object = None) -> bool | None:
        state = self.state()
        return None if state is None else state in QUNS_FULLSCREEN
