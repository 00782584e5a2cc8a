"""Choosing the active-window backend for the platform and session at hand.

Where no backend can work (a pure Wayland session, no display at all), the recorder still
runs and records what it can; the message tells the user, in one line, what is missing.

On Wayland the backends are tried in awatcher's order: wlr-foreign-toplevel (sway,
Hyprland, labwc, river...), then on KDE Plasma a KWin script, on GNOME the Focused Window
D-Bus extension, then XWayland/X11.
A Wayland backend that cannot start leaves one log line and the next one is tried. Where
the compositor offers an idle protocol but Focus Coach cannot list its windows (KWin
without its script), idle time still comes from it, not from the X server, which sees only
the input that goes to X11 windows.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.wayland.gnome import GNOME_NO_EXTENSION, is_gnome
from focuscoach.core.recording.wayland.idle import CompositorIdle
from focuscoach.core.recording.wayland.kwin import is_kde
from focuscoach.core.recording.window import BackendUnavailable, WindowBackend

if TYPE_CHECKING:
    from focuscoach.core.recording.wayland.wlroots import WlrootsBackend

__all__ = [
    "GNOME_NO_EXTENSION",
    "MACOS_NO_ACCESSIBILITY",
    "NO_DISPLAY",
    "WAYLAND_NO_INPUT_COUNTS",
    "WAYLAND_NO_X",
    "WAYLAND_NO_X_COMPOSITOR_IDLE",
    "WAYLAND_WITH_XWAYLAND",
    "WAYLAND_XWAYLAND_COMPOSITOR_IDLE",
    "compositor_fullscreen",
    "compositor_idle",
    "input_counts_note",
    "open_window_backend",
    "window_titles_note",
    "worth_telling",
]

log = logging.getLogger("focuscoach.recording")

WAYLAND_NO_X = (
    "Wayland session without X access (DISPLAY is not set): window titles and applications "
    "are not recorded; input activity and idle time are recorded only if the input listener "
    "can reach the display."
)
WAYLAND_WITH_XWAYLAND = (
    "Wayland session: window titles and applications are recorded only for X11 (XWayland) "
    "windows; time in native Wayland windows is not recorded as any window."
)
NO_DISPLAY = (
    "No graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set): window titles and "
    "applications are not recorded."
)
WAYLAND_NO_INPUT_COUNTS = (
    "Wayland session: key and click counts are not available to apps (they are not recorded);"
    " idle time comes from the compositor."
)
WAYLAND_XWAYLAND_COMPOSITOR_IDLE = (
    "Wayland session: window titles and applications are recorded only for X11 (XWayland)"
    " windows; idle time comes from the compositor; key and click counts are not recorded."
)
WAYLAND_NO_X_COMPOSITOR_IDLE = (
    "Wayland session without X access (DISPLAY is not set): window titles and applications"
    " are not recorded; idle time comes from the compositor; key and click counts are not"
    " recorded."
)
MACOS_NO_ACCESSIBILITY = (
    "Accessibility permission not granted: application names are recorded, window titles "
    "are not (System Settings > Privacy & Security > Accessibility)."
)


def _is_wayland(env: Mapping[str, str]) -> bool:
    return env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or bool(env.get("WAYLAND_DISPLAY"))


def open_window_backend(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> tuple[WindowBackend | None, str | None]:
    """(backend, message) for this platform and session.

    backend is None when no window backend can work here; message is one line for the user
    whenever something is not recorded: always with a None backend, and also alongside a
    working backend that sees only part of the picture (XWayland, macOS without
    Accessibility permission, Wayland without input counts). Neither case raises. Opening
    an X11 backend does not connect yet (a display that is set but unreachable shows up as
    BackendUnavailable on polling); a Wayland backend connects at once, to know whether
    the compositor offers what it needs.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform

    if platform == "win32":
        from focuscoach.core.recording.windows import WindowsBackend

        try:
            return WindowsBackend(), None
        except BackendUnavailable as exc:
            return None, f"Window titles and applications are not recorded: {exc}"

    if platform == "darwin":
        from focuscoach.core.recording.macos import MacOSBackend

        try:
            mac = MacOSBackend()
        except BackendUnavailable as exc:
            return None, f"Window titles and applications are not recorded: {exc}"
        return mac, None if mac.titles_available() else MACOS_NO_ACCESSIBILITY

    # Linux and the other X11 platforms (the BSDs).
    from focuscoach.core.recording.x11 import X11Backend

    display = env.get("DISPLAY")
    if _is_wayland(env):
        chosen = _open_on_wayland(env, display)
        if chosen is not None:
            return chosen
    if display:
        return X11Backend(display), WAYLAND_WITH_XWAYLAND if _is_wayland(env) else None
    if _is_wayland(env):
        return None, WAYLAND_NO_X
    return None, NO_DISPLAY


def _open_on_wayland(
    env: Mapping[str, str], display: str | None
) -> tuple[WindowBackend, str] | None:
    """The Wayland backends in awatcher's order, or None for plain XWayland/nothing."""
    from focuscoach.core.recording.x11 import X11Backend

    wayland = _open_wayland_backend(env)
    if wayland is not None:
        return wayland, WAYLAND_NO_INPUT_COUNTS
    message = WAYLAND_XWAYLAND_COMPOSITOR_IDLE if display else WAYLAND_NO_X_COMPOSITOR_IDLE
    idle: _IdleSource | None = None
    if is_kde(env.get("XDG_CURRENT_DESKTOP", "")):
        kwin = _open_kwin(env)
        if kwin is not None:
            idle = _open_compositor_idle(env)
            return (kwin if idle is None else _WithCompositorIdle(kwin, idle)), (
                WAYLAND_NO_INPUT_COUNTS
            )
    if is_gnome(env.get("XDG_CURRENT_DESKTOP", "")):
        gnome, idle = _open_gnome(env)
        if gnome is not None:
            return gnome, WAYLAND_NO_INPUT_COUNTS
        message = GNOME_NO_EXTENSION
    if idle is None:
        idle = _open_compositor_idle(env)
    if idle is None:
        return None
    return _WithCompositorIdle(X11Backend(display) if display else None, idle), message


def _open_wayland_backend(env: Mapping[str, str]) -> WindowBackend | None:
    """The first Wayland backend that starts here, or None (one log line per failure)."""
    socket = _wayland_socket(env)
    if socket is None:
        return None
    from focuscoach.core.recording.wayland.wlroots import WlrootsBackend

    try:
        return WlrootsBackend(socket).start()
    except BackendUnavailable as exc:
        log.info("Wayland window backend wlr-foreign-toplevel not used: %s", exc)
    return None


def _open_compositor_idle(env: Mapping[str, str]) -> WlrootsBackend | None:
    """Only the compositor's idle time (KWin offers ext-idle-notify-v1 and org_kde_kwin_idle
    but not wlr-foreign-toplevel), or None with one log line."""
    socket = _wayland_socket(env)
    if socket is None:
        return None
    from focuscoach.core.recording.wayland.wlroots import WlrootsBackend

    try:
        return WlrootsBackend(socket, windows=False).start()
    except BackendUnavailable as exc:
        log.info("idle time from the compositor not used: %s", exc)
    return None


def _open_kwin(env: Mapping[str, str]) -> WindowBackend | None:
    """KWin: a loaded KWin script reporting the active window, or None (one log line)."""
    from focuscoach.core.recording.wayland.kwin import KWinBackend

    try:
        return KWinBackend(env.get("DBUS_SESSION_BUS_ADDRESS") or None).start()
    except BackendUnavailable as exc:
        log.info("KWin script not used: %s", exc)
    return None


def _open_gnome(env: Mapping[str, str]) -> tuple[WindowBackend | None, _IdleSource | None]:
    """GNOME Shell: the Focused Window D-Bus extension (with Mutter's idle time), else
    Mutter's idle time alone; one log line for what is missing."""
    from focuscoach.core.recording.wayland.gnome import GnomeShellBackend, MutterIdle

    bus = env.get("DBUS_SESSION_BUS_ADDRESS") or None
    try:
        return GnomeShellBackend(bus).start(), None
    except BackendUnavailable as exc:
        log.info("GNOME Shell's Focused Window D-Bus extension not used: %s", exc)
    try:
        return None, MutterIdle(bus).start()
    except BackendUnavailable as exc:
        log.info("Mutter's idle time not used: %s", exc)
    return None, None


class _IdleSource(Protocol):
    """The compositor's idle time (WlrootsBackend(windows=False), MutterIdle)."""

    @property
    def idle(self) -> CompositorIdle: ...

    def poll(self, now: float) -> None: ...

    def close(self) -> None: ...


class _WithCompositorIdle:
    """XWayland's windows (or none) with the compositor's idle time: on a Wayland desktop
    the X server sees only the input that goes to X11 windows, the compositor sees all."""

    def __init__(self, windows: WindowBackend | None, idle: _IdleSource) -> None:
        self._windows = windows
        self._idle = idle
        self.idle = idle.idle

    @property
    def display_name(self) -> str | None:
        return getattr(self._windows, "display_name", None)

    @property
    def windows(self) -> WindowBackend | None:
        """The window backend inside (KWin's script, XWayland's X11, or none)."""
        return self._windows

    def active_window(self) -> WindowInfo | None:
        self._idle.poll(time.monotonic())
        return self._windows.active_window() if self._windows is not None else None

    def close(self) -> None:
        self._idle.close()
        if self._windows is not None:
            self._windows.close()


def _wayland_socket(env: Mapping[str, str]) -> str | None:
    """The compositor's socket as a full path, or None (with a log line) when there is none."""
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return None
    if not os.path.isabs(name):
        runtime_dir = env.get("XDG_RUNTIME_DIR", "")
        if not runtime_dir:
            log.info("Wayland backends not used: XDG_RUNTIME_DIR is not set")
            return None
        name = os.path.join(runtime_dir, name)
    if not os.path.exists(name):
        log.info("Wayland backends not used: no compositor socket at %s", name)
        return None
    return name


def worth_telling(message: str | None) -> bool:
    """Whether the tray says the backend's message at start (once): window titles or
    applications are missing or partial, often for a reason the user can fix (GNOME without
    the extension, macOS without the Accessibility permission). That no Wayland app can
    count keys and clicks is only in `status`: nothing to do about it, no need to interrupt."""
    return message is not None and message != WAYLAND_NO_INPUT_COUNTS


def compositor_fullscreen(backend: WindowBackend | None) -> Callable[[], bool] | None:
    """The backend's own reading of the focused window's fullscreen state, where the
    platform's quiet probes cannot see it (KWin on Wayland), else None."""
    inner = getattr(backend, "windows", backend)
    if getattr(inner, "reports_fullscreen", False):
        reads: Callable[[], bool] = inner.fullscreen  # type: ignore[union-attr]
        return reads
    return None


def compositor_idle(backend: WindowBackend | None) -> CompositorIdle | None:
    """The compositor's idle state where the backend has one (Wayland): the recorder reads
    it instead of counted input, which no Wayland app can see."""
    idle = getattr(backend, "idle", None)
    return idle if isinstance(idle, CompositorIdle) else None


def window_titles_note(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """One line for `focuscoach status` when window titles cannot be recorded here for a
    reason the user can fix (GNOME on Wayland without the Focused Window D-Bus extension),
    else None. Asks GNOME Shell over the session bus; nothing is started."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform in ("win32", "darwin") or not _is_wayland(env):
        return None
    if not is_gnome(env.get("XDG_CURRENT_DESKTOP", "")):
        return None
    from focuscoach.core.recording.wayland.gnome import GnomeShellBackend

    try:
        GnomeShellBackend(env.get("DBUS_SESSION_BUS_ADDRESS") or None).start().close()
    except BackendUnavailable:
        return GNOME_NO_EXTENSION
    return None


def input_counts_note(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """One line for `focuscoach status`: whether key and click counts can be recorded here."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform not in ("win32", "darwin") and _is_wayland(env):
        return "not available on Wayland (idle time comes from the compositor)"
    return "recorded (counts only)"
