"""KDE Plasma (KWin) on Wayland: the focused window through a small KWin script.

KWin offers no Wayland protocol that lists other clients' windows, but it runs scripts:
Focus Coach loads one over D-Bus (`org.kde.KWin /Scripting loadScript(path, name)`, then
`run` on the script's object: `/Scripting/Script<id>` on Plasma 6, `/<id>` on Plasma 5.27).
The script reports each activation (`workspace.windowActivated` on Plasma 6,
`clientActivated` on 5) and the active window's caption changes back with `callDBus` to
this process's own unique bus name, so two Focus Coach instances never cross. KWin's empty
activation between two windows is ignored. The script is unloaded on close().

A helper thread owns the connection that receives the script's calls; `active_window()`
only reads the latest state. Idle time comes from the compositor's ext-idle-notify-v1
(see backends.py), not from here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from typing import Any

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.window import BackendUnavailable

__all__ = ["KWinBackend", "is_kde"]

log = logging.getLogger("focuscoach.recording")

_PATH = "/io/github/focuscoach/KWin"
_INTERFACE = "io.github.focuscoach.KWin"
_KWIN = "org.kde.KWin"
_CALL_TIMEOUT = 5.0

_SCRIPT = """\
// Focus Coach: report the active window (caption, resource class) to one process.
var service = %(service)s;
var watched = null;

function report(w) {
    callDBus(service, "%(path)s", "%(interface)s", "Activated",
             String(w.caption || ""), String(w.resourceClass || ""), w.fullScreen === true);
}

function onCaption() {
    if (watched !== null && watched.active) {
        report(watched);
    }
}

function watch(w, on) {
    // The caption and the fullscreen state (the quiet signal reads it) of the active window.
    var signals = [w.captionChanged, w.fullScreenChanged];
    for (var i = 0; i < signals.length; i++) {
        if (!signals[i]) {
            continue;
        }
        try {
            if (on) { signals[i].connect(onCaption); } else { signals[i].disconnect(onCaption); }
        } catch (e) {}
    }
}

function activated(w) {
    if (!w) {
        return;  // KWin activates nothing for a moment between two windows
    }
    if (watched !== null && watched !== w) {
        watch(watched, false);
    }
    if (watched !== w) {
        watch(w, true);
    }
    watched = w;
    report(w);
}

if (workspace.windowActivated) {
    workspace.windowActivated.connect(activated);
    activated(workspace.activeWindow);
} else {
    workspace.clientActivated.connect(activated);
    activated(workspace.activeClient);
}
"""


def is_kde(current_desktop: str) -> bool:
    """XDG_CURRENT_DESKTOP names KDE ("KDE")."""
    return "kde" in [part.strip().lower() for part in current_desktop.split(":")]


class KWinBackend:
    """WindowBackend for KWin on Wayland through a loaded KWin script."""

    #: The script reports the focused window's fullscreen state too (the quiet signal reads
    #: `fullscreen()`: no other probe sees native Wayland windows on Plasma).
    reports_fullscreen = True

    def __init__(self, bus_address: str | None = None) -> None:
        self._bus = bus_address or "SESSION"
        self._lock = threading.Lock()
        self._active: WindowInfo | None = None
        self._fullscreen = False
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._unique_name = ""
        self._failure: str | None = None
        self._script_name = f"focuscoach_{os.getpid()}"
        self._loaded = False

    def start(self) -> KWinBackend:
        """Serve the script's calls, then load and run the script; raises BackendUnavailable
        when KWin's scripting interface does not answer."""
        try:
            from jeepney.io.blocking import open_dbus_connection  # noqa: F401
        except ImportError as exc:  # pragma: no cover - a Linux dependency
            raise BackendUnavailable(f"jeepney is not installed: {exc}") from exc
        self._thread = threading.Thread(target=self._serve, name="kwin-events", daemon=True)
        self._thread.start()
        if not self._ready.wait(_CALL_TIMEOUT) or not self._unique_name:
            self.close()
            raise BackendUnavailable(f"the session bus: {self._failure or 'no answer'}")
        try:
            self._load_script()
        except BackendUnavailable:
            self.close()
            raise
        return self

    def active_window(self) -> WindowInfo | None:
        if self._thread is None or not self._thread.is_alive():
            raise BackendUnavailable(f"the KWin script's connection ended: {self._failure}")
        with self._lock:
            return self._active

    def fullscreen(self) -> bool:
        with self._lock:
            return self._active is not None and self._fullscreen

    def close(self) -> None:
        if self._loaded:
            self._loaded = False
            with contextlib.suppress(BackendUnavailable):
                self._call(
                    "/Scripting",
                    "org.kde.kwin.Scripting",
                    "unloadScript",
                    "s",
                    (self._script_name,),
                )
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)

    # -- D-Bus ---------------------------------------------------------------------------

    def _call(
        self, path: str, interface: str, method: str, signature: str | None, body: tuple[Any, ...]
    ) -> tuple[Any, ...]:
        """One call to KWin on a short-lived connection (start and close only)."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg

        try:
            with open_dbus_connection(self._bus) as conn:
                address = DBusAddress(path, bus_name=_KWIN, interface=interface)
                msg = new_method_call(address, method, signature, body)
                return tuple(unwrap_msg(conn.send_and_get_reply(msg, timeout=_CALL_TIMEOUT)))
        except DBusErrorResponse as exc:
            raise BackendUnavailable(f"KWin {method}: {exc.name}") from exc
        except (OSError, TimeoutError, ValueError, KeyError) as exc:
            raise BackendUnavailable(f"KWin {method}: {type(exc).__name__}: {exc}") from exc

    def _load_script(self) -> None:
        (loaded,) = self._call(
            "/Scripting", "org.kde.kwin.Scripting", "isScriptLoaded", "s", (self._script_name,)
        )
        if loaded:
            self._call(
                "/Scripting", "org.kde.kwin.Scripting", "unloadScript", "s", (self._script_name,)
            )
        text = _SCRIPT % {
            "service": '"' + self._unique_name + '"',
            "path": _PATH,
            "interface": _INTERFACE,
        }
        fd, path = tempfile.mkstemp(prefix="focuscoach-kwin-", suffix=".js")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            (script_id,) = self._call(
                "/Scripting",
                "org.kde.kwin.Scripting",
                "loadScript",
                "ss",
                (path, self._script_name),
            )
            self._loaded = True
            try:  # Plasma 6
                self._call(f"/Scripting/Script{script_id}", "org.kde.kwin.Script", "run", None, ())
            except BackendUnavailable:  # Plasma 5.27
                self._call(f"/{script_id}", "org.kde.kwin.Script", "run", None, ())
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return
        from jeepney.io.blocking import open_dbus_connection

        try:
            conn = open_dbus_connection(self._bus)
        except (OSError, ValueError, KeyError) as exc:
            self._failure = f"{type(exc).__name__}: {exc}"
            self._ready.set()
            return
        with conn:
            self._unique_name = str(conn.unique_name)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    msg = conn.receive(timeout=0.5)
                except TimeoutError:
                    continue
                except (OSError, ValueError) as exc:
                    self._failure = f"{type(exc).__name__}: {exc}"
                    return
                if msg.header.message_type != MessageType.method_call:
                    continue
                fields = msg.header.fields
                if (
                    fields.get(HeaderFields.path) == _PATH
                    and fields.get(HeaderFields.member) == "Activated"
                    and len(msg.body) >= 2
                ):
                    caption, resource_class = str(msg.body[0]), str(msg.body[1])
                    fullscreen = bool(msg.body[2]) if len(msg.body) > 2 else False
                    with self._lock:
                        self._active = WindowInfo(app=resource_class, title=caption)
                        self._fullscreen = fullscreen
                    conn.send(new_method_return(msg))
                else:
                    conn.send(
                        new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("",))
                    )
