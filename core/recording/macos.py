"""Active window on macOS: the frontmost application, and its focused window's title when
the user has granted Accessibility permission.

Without that permission macOS exposes no window titles to other processes, so the backend
degrades to the application name with an empty title rather than failing. The pyobjc
calls sit behind `MacApi` so the logic is tested on any OS; pyobjc is imported only when
the real API is built.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.window import BackendUnavailable

__all__ = ["MacApi", "MacOSBackend"]

# How often to ask again whether Accessibility permission was granted (or revoked): the
# user may flip it in System Settings while the app runs.
TRUST_RECHECK_SECONDS = 10.0


class MacApi(Protocol):
    """What the backend asks macOS. Failures are return values, not exceptions."""

    def frontmost_application(self) -> tuple[str, int] | None:
        """(localized name, pid) of the frontmost application, None when there is none."""
        ...

    def accessibility_trusted(self) -> bool:
        """Whether this process may read other applications' windows (AXIsProcessTrusted)."""
        ...

    def focused_window_title(self, pid: int) -> str | None:
        """Title of the application's focused window; None when it has none, it quit, or
        the accessibility call failed."""
        ...


class MacOSBackend:
    """WindowBackend for macOS."""

    def __init__(
        self,
        api: MacApi | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api: MacApi = api if api is not None else _PyObjCMacApi()
        self._monotonic = monotonic
        self._trusted = False
        self._trusted_checked_at: float | None = None

    def titles_available(self) -> bool:
        """Whether window titles can be read now (Accessibility permission granted)."""
        now = self._monotonic()
        checked = self._trusted_checked_at
        if checked is None or now - checked >= TRUST_RECHECK_SECONDS:
            self._trusted = bool(self._api.accessibility_trusted())
            self._trusted_checked_at = now
        return self._trusted

    def active_window(self) -> WindowInfo | None:
        """The frontmost app's name and, with Accessibility permission, its focused window's
        title ("" otherwise). None when no application is frontmost."""
        front = self._api.frontmost_application()
        if front is None:
            return None
        name, pid = front
        title = ""
        if self.titles_available():
            title = self._api.focused_window_title(pid) or ""
        return WindowInfo(app=name, title=title)

    def close(self) -> None:
        """Nothing to release."""


_AX_SUCCESS = 0
_AX_TIMEOUT_SECONDS = 0.25  # a hung application must not stall the once-a-second poll


class _PyObjCMacApi:
    """MacApi over pyobjc (pyobjc-framework-Cocoa and pyobjc-framework-ApplicationServices)."""

    def __init__(self) -> None:
        try:
            import AppKit
            import ApplicationServices
            import Foundation
        except ImportError as exc:
            raise BackendUnavailable(
                "the macOS window backend needs pyobjc (pyobjc-framework-Cocoa and "
                f"pyobjc-framework-ApplicationServices): {exc}"
            ) from exc
        self._appkit: Any = AppKit
        self._ax: Any = ApplicationServices
        self._foundation: Any = Foundation
        self._workspace: Any = AppKit.NSWorkspace.sharedWorkspace()

    def _turn_main_run_loop(self) -> None:
        """NSWorkspace updates frontmostApplication only when the main run loop turns. Inside
        the tray app Qt runs it; a headless recorder polling on the main thread must turn it
        itself (never re-entrantly: only when no run loop mode is active)."""
        if threading.current_thread() is not threading.main_thread():
            return
        foundation = self._foundation
        loop = foundation.NSRunLoop.currentRunLoop()
        if loop.currentMode() is not None:
            return
        loop.runMode_beforeDate_(
            foundation.NSDefaultRunLoopMode, foundation.NSDate.dateWithTimeIntervalSinceNow_(0.01)
        )

    def frontmost_application(self) -> tuple[str, int] | None:
        self._turn_main_run_loop()
        app = self._workspace.frontmostApplication()
        if app is None:
            return None
        return str(app.localizedName() or ""), int(app.processIdentifier())

    def accessibility_trusted(self) -> bool:
        return bool(self._ax.AXIsProcessTrusted())

    def focused_window_title(self, pid: int) -> str | None:
        ax = self._ax
        try:
            element = ax.AXUIElementCreateApplication(pid)
            ax.AXUIElementSetMessagingTimeout(element, _AX_TIMEOUT_SECONDS)
            err, window = ax.AXUIElementCopyAttributeValue(element, "AXFocusedWindow", None)
            if err != _AX_SUCCESS or window is None:
                return None
            err, title = ax.AXUIElementCopyAttributeValue(window, "AXTitle", None)
        except Exception:  # pyobjc bridge errors: treat as "no title for this sample"
            return None
        if err != _AX_SUCCESS or title is None:
            return None
        return str(title)
