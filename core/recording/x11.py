"""Active window on X11 (Xorg, XWayland) through python-xlib.

The EWMH window manager publishes the focused client in the root window's
``_NET_ACTIVE_WINDOW``; the title and application come from that client's own properties.
python-xlib is imported when the backend first connects, so importing this module (for
example on Windows) costs nothing.
"""

from __future__ import annotations

import contextlib
import os
import socket
from typing import Any

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.compound_text import decode_compound_text
from focuscoach.core.recording.window import BackendUnavailable

__all__ = ["X11Backend"]

# Property reads ask for up to this many 32-bit units in one round trip (1 MiB); a title
# longer than that is cut, which is far beyond anything a window manager would show.
_MAX_PROPERTY_LONGS = 1 << 18
_ANY_PROPERTY_TYPE = 0  # Xlib.X.AnyPropertyType, without importing Xlib at module level


class _Atoms:
    """The atoms one connection needs, interned once per connection (ids are per server)."""

    __slots__ = (
        "compound_text",
        "net_active_window",
        "net_wm_name",
        "string",
        "utf8_string",
        "wm_class",
        "wm_name",
    )

    def __init__(self, display: Any) -> None:
        intern = display.intern_atom
        self.net_active_window: int = intern("_NET_ACTIVE_WINDOW")
        self.net_wm_name: int = intern("_NET_WM_NAME")
        self.utf8_string: int = intern("UTF8_STRING")
        self.compound_text: int = intern("COMPOUND_TEXT")
        # Predefined atoms, fixed by the protocol; interned anyway to keep one code path.
        self.wm_name: int = intern("WM_NAME")
        self.wm_class: int = intern("WM_CLASS")
        self.string: int = intern("STRING")


class X11Backend:
    """WindowBackend for X11. Connects lazily and reconnects after the server went away.

    Polled about once a second: each sample is three or four GetProperty round trips on
    one persistent connection, with no per-call atom interning.
    """

    def __init__(self, display_name: str | None = None) -> None:
        self._display_name = display_name
        self._display: Any = None
        self._atoms: _Atoms | None = None
        self._root: Any = None

    @property
    def display_name(self) -> str | None:
        return self._display_name

    def active_window(self) -> WindowInfo | None:
        """The focused client's (WM_CLASS class, title), None when nothing has focus or the
        window vanished mid-read. Raises BackendUnavailable when the X server is unreachable;
        the next call tries to connect again (the caller paces the retries)."""
        if self._display is None:
            self._connect()
        from Xlib import error as xerror  # cheap: _connect imported it

        try:
            return self._read_active_window()
        except xerror.XError:
            # BadWindow / BadMatch / BadDrawable: the window was destroyed while we read
            # it. This sample has no window; the next one will see the new focus.
            return None
        except (xerror.ConnectionClosedError, OSError) as exc:
            self.close()
            raise BackendUnavailable(
                f"lost the connection to X display {self._describe()}: {exc}"
            ) from exc

    def close(self) -> None:
        """Close the connection (if any); safe to call repeatedly and after a server crash."""
        display, self._display = self._display, None
        self._atoms = None
        self._root = None
        if display is not None:
            # After a server crash close() raises; python-xlib closed the socket already.
            with contextlib.suppress(Exception):
                display.close()

    def __enter__(self) -> X11Backend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------

    def _describe(self) -> str:
        if self._display_name:
            return repr(self._display_name)
        current = os.environ.get("DISPLAY")
        return f"$DISPLAY ({current!r})" if current else "$DISPLAY (not set)"

    def _connect(self) -> None:
        try:
            from Xlib import display as xdisplay
            from Xlib import error as xerror
        except ImportError as exc:  # pragma: no cover - python-xlib is a Linux dependency
            raise BackendUnavailable(f"python-xlib is not installed: {exc}") from exc
        try:
            display = xdisplay.Display(self._display_name)
        except (xerror.DisplayError, xerror.ConnectionClosedError, OSError) as exc:
            _close_abandoned_sockets(exc)
            raise BackendUnavailable(f"cannot open X display {self._describe()}: {exc}") from exc
        try:
            self._atoms = _Atoms(display)
            self._root = display.screen().root
        except (xerror.XError, xerror.ConnectionClosedError, OSError) as exc:
            self._display = display
            self.close()
            raise BackendUnavailable(
                f"X display {self._describe()} failed during setup: {exc}"
            ) from exc
        self._display = display

    def _get(self, window: Any, atom: int) -> tuple[int, bytes] | None:
        """(type atom, raw bytes) of an 8-bit property, or None when absent or not 8-bit."""
        reply = window.get_property(atom, _ANY_PROPERTY_TYPE, 0, _MAX_PROPERTY_LONGS)
        if reply is None or reply.format != 8:
            return None
        value = reply.value
        return int(reply.property_type), value if isinstance(value, bytes) else bytes(value)

    def _read_active_window(self) -> WindowInfo | None:
        atoms = self._atoms
        assert atoms is not None
        reply = self._root.get_property(atoms.net_active_window, _ANY_PROPERTY_TYPE, 0, 1)
        if reply is None or reply.format != 32 or len(reply.value) == 0:
            return None
        window_id = int(reply.value[0])
        if window_id == 0:
            return None
        window = self._display.create_resource_object("window", window_id)
        return WindowInfo(app=self._app(window), title=self._title(window))

    def _title(self, window: Any) -> str:
        atoms = self._atoms
        assert atoms is not None
        net_name = self._get(window, atoms.net_wm_name)
        if net_name is not None and net_name[0] == atoms.utf8_string and net_name[1]:
            return net_name[1].decode("utf-8", "replace").rstrip("\0")
        legacy = self._get(window, atoms.wm_name)
        if legacy is None:
            return ""
        kind, raw = legacy
        text: str
        if kind == atoms.compound_text:
            text = decode_compound_text(raw)
        elif kind == atoms.utf8_string:
            text = raw.decode("utf-8", "replace")
        else:  # STRING (ISO 8859-1 by ICCCM); also the best guess for unknown types
            text = raw.decode("latin-1")
        return text.rstrip("\0")

    def _app(self, window: Any) -> str:
        atoms = self._atoms
        assert atoms is not None
        prop = self._get(window, atoms.wm_class)
        if prop is None:
            return ""
        kind, raw = prop
        encoding = "utf-8" if kind == atoms.utf8_string else "latin-1"
        parts = [p.decode(encoding, "replace") for p in raw.split(b"\0")]
        # "instance\0class\0": the class ("XTerm", "Firefox") names the application.
        instance = parts[0] if parts else ""
        klass = parts[1] if len(parts) > 1 else ""
        return klass or instance


def _close_abandoned_sockets(exc: BaseException) -> None:
    """Close the sockets python-xlib leaves open when a connection attempt fails.

    It does not close a socket whose connect() or handshake failed (and it tries the Unix
    socket, then TCP), so every failed reconnect while the server is down would leak a file
    descriptor until garbage collection, with a ResourceWarning. They are still reachable
    from the exception's traceback frames.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        pending += [current.__cause__, current.__context__]
        tb = current.__traceback__
        while tb is not None:
            for value in list(tb.tb_frame.f_locals.values()):
                for candidate in (value, _instance_attribute(value, "socket")):
                    if isinstance(candidate, socket.socket):
                        candidate.close()
            tb = tb.tb_next


def _instance_attribute(value: object, name: str) -> object:
    """value.name from the instance dict only: a half-built Xlib Display's __getattr__
    recurses forever, so plain getattr() is not safe here."""
    try:
        attrs = object.__getattribute__(value, "__dict__")
    except AttributeError:
        return None
    return attrs.get(name) if isinstance(attrs, dict) else None
