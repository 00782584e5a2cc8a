"""The focused window and idle time on wlroots compositors (sway, Hyprland, labwc, river...).

The compositor pushes every toplevel's title, app id and state through
`zwlr_foreign_toplevel_manager_v1`; the focused one carries the `activated` state. A helper
thread owns the Wayland connection and runs its event loop (every Wayland call happens on
it); `active_window()` only reads the latest state under a lock, so polling costs nothing.
The same connection asks the seat's idle notifications of `ext_idle_notifier_v1` where the
compositor offers it, else `org_kde_kwin_idle` (sway 1.7), and feeds a CompositorIdle.

pywayland is imported on the helper thread when the backend starts, so importing this
module costs nothing where it is not used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.wayland.idle import CompositorIdle
from focuscoach.core.recording.window import BackendUnavailable

__all__ = ["WlrootsBackend", "WlrootsFullscreen"]

log = logging.getLogger("focuscoach.recording")

_TOPLEVEL_MANAGER = "zwlr_foreign_toplevel_manager_v1"
_STATE_ACTIVATED = 2  # zwlr_foreign_toplevel_handle_v1.state.activated
_STATE_FULLSCREEN = 3
_START_TIMEOUT = 5.0


@dataclass(slots=True)
class _Toplevel:
    """One toplevel: the applied state (after `done`) and what is pending until the next."""

    title: str = ""
    app_id: str = ""
    activated: bool = False
    fullscreen: bool = False
    pending: dict[str, Any] = field(default_factory=dict)


class WlrootsBackend:
    """WindowBackend for compositors offering wlr-foreign-toplevel-management.

    `start()` connects and raises BackendUnavailable when the display cannot be reached or
    lacks the protocol (the caller then tries the next backend). After the compositor went
    away, `active_window()` raises BackendUnavailable once and the next call reconnects.
    """

    def __init__(
        self,
        display_name: str | None = None,
        idle: CompositorIdle | None = None,
        *,
        windows: bool = True,
    ) -> None:
        """windows=False: idle time only (for compositors without wlr-foreign-toplevel,
        such as KWin, whose windows come from elsewhere); start() then needs an idle
        protocol instead, and active_window() is always None."""
        self._display_name = display_name
        self._windows = windows
        self.idle = idle if idle is not None else CompositorIdle()
        #: Which idle protocol the compositor offered ("ext_idle_notifier_v1",
        #: "org_kde_kwin_idle"), or None when it offers neither.
        self.idle_protocol: str | None = None
        self._lock = threading.Lock()
        self._toplevels: dict[int, _Toplevel] = {}
        self._active: WindowInfo | None = None
        self._active_key: int | None = None
        self._active_fullscreen = False
        self._proxies: dict[int, Any] = {}  # keeps the helper thread's proxies alive
        self._display: Any = None  # the helper thread's pywayland Display
        self._thread: threading.Thread | None = None
        self._wake: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._failure: str | None = None
        self._started = threading.Event()
        self._retry_at = 0.0

    @property
    def display_name(self) -> str | None:
        return self._display_name

    # -- the WindowBackend interface -----------------------------------------------------

    def active_window(self) -> WindowInfo | None:
        """The toplevel with the `activated` state, as of the compositor's last `done`."""
        if self._thread is None or not self._thread.is_alive():
            failure = self._failure
            if self._thread is not None:
                self._join()
                self._thread = None
                raise BackendUnavailable(
                    f"lost the connection to Wayland display {self._describe()}: {failure}"
                )
            self.start()
        with self._lock:
            return self._active

    def fullscreen(self) -> bool:
        """Whether the focused toplevel is fullscreen."""
        with self._lock:
            return self._active is not None and self._active_fullscreen

    def poll(self, now: float, retry_every: float = 30.0) -> None:
        """For an idle-only connection, once per sample: reconnect after the compositor
        went away, at most every `retry_every` seconds; never raises."""
        if self._thread is not None and self._thread.is_alive():
            return
        if now < self._retry_at:
            return
        self._retry_at = now + retry_every
        try:
            self.start()
        except BackendUnavailable as exc:
            log.debug("compositor idle connection: %s", exc)

    def close(self) -> None:
        """Stop the helper thread and disconnect; safe to call repeatedly."""
        self._join()
        self._thread = None

    def __enter__(self) -> WlrootsBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- starting and stopping -----------------------------------------------------------

    def start(self) -> WlrootsBackend:
        """Connect on a helper thread; raises BackendUnavailable when that fails."""
        self._join()
        self._stop.clear()
        self._started.clear()
        self._failure = None
        with self._lock:
            self._toplevels.clear()
            self._active = None
        self._wake = os.pipe()
        thread = threading.Thread(target=self._run, name="wayland-events", daemon=True)
        self._thread = thread
        thread.start()
        if not self._started.wait(_START_TIMEOUT):
            self._join()
            self._thread = None
            raise BackendUnavailable(
                f"Wayland display {self._describe()} did not answer in {_START_TIMEOUT:.0f} s"
            )
        if not thread.is_alive():
            failure = self._failure
            self._join()
            self._thread = None
            raise BackendUnavailable(failure or "the Wayland event thread ended")
        return self

    def _join(self) -> None:
        self._stop.set()
        wake = self._wake
        if wake is not None:
            with contextlib.suppress(OSError):
                os.write(wake[1], b"x")
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)
        if wake is not None:
            self._wake = None
            for fd in wake:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _describe(self) -> str:
        if self._display_name:
            return repr(self._display_name)
        current = os.environ.get("WAYLAND_DISPLAY")
        return f"$WAYLAND_DISPLAY ({current!r})" if current else "$WAYLAND_DISPLAY (not set)"

    # -- the helper thread ---------------------------------------------------------------

    def _run(self) -> None:
        display: Any = None
        try:
            try:
                from pywayland.client.display import Display
            except ImportError as exc:  # pragma: no cover - a Linux dependency
                raise BackendUnavailable(f"pywayland is not installed: {exc}") from exc
            display = self._display = Display(self._display_name)
            try:
                display.connect()
            except (ValueError, OSError) as exc:
                raise BackendUnavailable(
                    f"cannot connect to Wayland display {self._describe()}"
                ) from exc
            self._bind(display)
            self._started.set()
            self._loop(display)
        except BackendUnavailable as exc:
            self._failure = str(exc)
        except Exception as exc:  # the compositor went away, a protocol error
            self._failure = f"{type(exc).__name__}: {exc}"
            log.debug("Wayland event thread ended", exc_info=True)
        finally:
            with self._lock:
                self._active = None
                self._active_key = None
                self._toplevels.clear()
            self._proxies.clear()
            self.idle.resumed()  # nothing is known any more: not away
            if display is not None:
                with contextlib.suppress(Exception):
                    display.disconnect()  # destroys every proxy made on it first
            self._display = None
            self._started.set()

    def _bind(self, display: Any) -> None:
        from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1
        from pywayland.protocol.wayland import WlSeat

        from focuscoach.core.recording.wayland.kde_idle import OrgKdeKwinIdle
        from focuscoach.core.recording.wayland.wlr_foreign_toplevel import (
            ZwlrForeignToplevelManagerV1,
        )

        offered: dict[str, tuple[int, int]] = {}

        def on_global(_registry: Any, name: int, interface: str, version: int) -> None:
            if interface not in offered:  # the first seat, the first of each manager
                offered[interface] = (name, version)

        registry = display.get_registry()
        registry.dispatcher["global"] = on_global
        display.roundtrip()
        manager: Any = None
        if self._windows:
            if _TOPLEVEL_MANAGER not in offered:
                raise BackendUnavailable(
                    f"the compositor does not offer {_TOPLEVEL_MANAGER} (not a wlroots compositor)"
                )
            name, version = offered[_TOPLEVEL_MANAGER]
            manager = registry.bind(name, ZwlrForeignToplevelManagerV1, min(version, 3))
            manager.dispatcher["toplevel"] = self._on_toplevel
            manager.dispatcher["finished"] = self._on_finished

        seat = None
        if "wl_seat" in offered:
            name, version = offered["wl_seat"]
            seat = registry.bind(name, WlSeat, min(version, 7))
        timeout_ms = round(self.idle.timeout * 1000)
        notification: Any = None
        self.idle_protocol = None
        if seat is not None and "ext_idle_notifier_v1" in offered:
            name, _version = offered["ext_idle_notifier_v1"]
            notifier = registry.bind(name, ExtIdleNotifierV1, 1)
            notification = notifier.get_idle_notification(timeout_ms, seat)
            notification.dispatcher["idled"] = lambda _proxy: self.idle.idled()
            self.idle_protocol = "ext_idle_notifier_v1"
        elif seat is not None and "org_kde_kwin_idle" in offered:
            name, _version = offered["org_kde_kwin_idle"]
            notifier = registry.bind(name, OrgKdeKwinIdle, 1)
            notification = notifier.get_idle_timeout(seat, timeout_ms)
            notification.dispatcher["idle"] = lambda _proxy: self.idle.idled()
            self.idle_protocol = "org_kde_kwin_idle"
        if notification is not None:
            notification.dispatcher["resumed"] = lambda _proxy: self.idle.resumed()
        elif not self._windows:
            raise BackendUnavailable(
                "the compositor offers no idle protocol (ext_idle_notifier_v1, org_kde_kwin_idle)"
            )
        self._proxies.update({-1: registry, -2: manager, -3: seat, -4: notification})
        # The manager sends every existing toplevel with its state; the second roundtrip
        # gets the handles' own events.
        display.roundtrip()
        display.roundtrip()

    def _loop(self, display: Any) -> None:
        assert self._wake is not None
        wake = self._wake[0]
        fd = display.get_fd()
        while not self._stop.is_set():
            display.dispatch(block=False)
            display.flush()
            ready, _, _ = select.select([fd, wake], [], [], 30.0)
            if fd in ready:
                display.dispatch(block=True)  # reads what arrived and dispatches it

    # -- events (on the helper thread) ---------------------------------------------------

    def _on_finished(self, _manager: Any) -> None:
        self._failure = "the compositor stopped sending toplevels"
        self._stop.set()

    def _on_toplevel(self, _manager: Any, handle: Any) -> None:
        # pywayland gives an object created by an event the Display of *some* registry in
        # the process (WlRegistry.registry is global); with several connections (this one,
        # an idle-only one, a stale one not yet collected) that may be the wrong Display,
        # which then never destroys the handle, and the garbage collector later frees it
        # after its connection is gone (a crash). Attach it to this connection's Display.
        if handle._display is not self._display:
            handle._display = self._display
            self._display._children.add(handle)
        key = id(handle)
        self._proxies[key] = handle
        with self._lock:
            self._toplevels[key] = _Toplevel()
        dispatcher = handle.dispatcher
        dispatcher["title"] = lambda _h, title: self._pending(key, "title", title)
        dispatcher["app_id"] = lambda _h, app_id: self._pending(key, "app_id", app_id)
        dispatcher["state"] = lambda _h, state: self._pending(key, "state", _states(state))
        dispatcher["done"] = lambda _h: self._done(key)
        dispatcher["closed"] = lambda h: self._closed(key, h)

    def _pending(self, key: int, what: str, value: object) -> None:
        with self._lock:
            toplevel = self._toplevels.get(key)
            if toplevel is not None:
                toplevel.pending[what] = value

    def _done(self, key: int) -> None:
        with self._lock:
            toplevel = self._toplevels.get(key)
            if toplevel is None:
                return
            pending, toplevel.pending = toplevel.pending, {}
            toplevel.title = str(pending.get("title", toplevel.title))
            toplevel.app_id = str(pending.get("app_id", toplevel.app_id))
            if "state" in pending:
                states = pending["state"]
                toplevel.activated = _STATE_ACTIVATED in states
                toplevel.fullscreen = _STATE_FULLSCREEN in states
            self._refresh_active(key, toplevel)

    def _refresh_active(self, key: int, toplevel: _Toplevel) -> None:
        """Called with the lock held after `key` changed."""
        if toplevel.activated:
            self._active_key = key
            self._active = WindowInfo(app=toplevel.app_id, title=toplevel.title)
            self._active_fullscreen = toplevel.fullscreen
        elif self._active_key == key:
            self._active_key = None
            self._active = None
            self._active_fullscreen = False

    def _closed(self, key: int, handle: Any) -> None:
        self._proxies.pop(key, None)
        with self._lock:
            self._toplevels.pop(key, None)
            if self._active_key == key:
                self._active_key = None
                self._active = None
                self._active_fullscreen = False
        with contextlib.suppress(Exception):
            handle.destroy()


def _states(raw: object) -> set[int]:
    """The state event's array of uint32 values (native byte order, as sent)."""
    data = bytes(raw) if isinstance(raw, (bytes, bytearray, memoryview)) else b""
    count = len(data) // 4
    return set(struct.unpack(f"={count}I", data[: count * 4]))


class WlrootsFullscreen:
    """Quiet-signal probe (core.quiet): whether the focused toplevel is fullscreen, from its
    own wlr-foreign-toplevel connection; None while the compositor cannot be read."""

    def __init__(self, display_name: str | None = None, retry_every: float = 60.0) -> None:
        self._backend = WlrootsBackend(display_name)
        self._retry_every = retry_every
        self._retry_at = 0.0

    def __call__(self, _window: object = None) -> bool | None:
        now = time.monotonic()
        if now < self._retry_at:
            return None  # not a wlroots compositor, or it went away: ask again later
        try:
            if self._backend.active_window() is None:
                return False
        except BackendUnavailable:
            self._retry_at = now + self._retry_every
            return None
        return self._backend.fullscreen()

    def close(self) -> None:
        self._backend.close()
