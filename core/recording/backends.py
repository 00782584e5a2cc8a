"""Choosing the active-window backend for the platform and session at hand.

Where no backend can work (a pure Wayland session, no display at all), the recorder still
runs and records what it can; the message tells the user, in one line, what is missing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from focuscoach.core.recording.window import BackendUnavailable, WindowBackend

__all__ = [
    "MACOS_NO_ACCESSIBILITY",
    "NO_DISPLAY",
    "WAYLAND_NO_X",
    "WAYLAND_WITH_XWAYLAND",
    "open_window_backend",
]

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
    Accessibility permission). Neither case raises. Opening the backend does not connect
    yet; a display that is set but unreachable shows up as BackendUnavailable on polling.
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
    if display:
        return X11Backend(display), WAYLAND_WITH_XWAYLAND if _is_wayland(env) else None
    if _is_wayland(env):
        return None, WAYLAND_NO_X
    return None, NO_DISPLAY
