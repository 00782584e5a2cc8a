"""The one interface every OS window backend implements, and the choice between them."""

from __future__ import annotations

from typing import Protocol

from focuscoach.core.activity import WindowInfo


class WindowBackend(Protocol):
    """Reports the focused window. Implementations: x11.py, windows.py, macos.py."""

    def active_window(self) -> WindowInfo | None:
        """The focused window now, or None when no window has focus or it vanished mid-read.

        Never raises for a window that disappears; raises BackendUnavailable when the
        display itself cannot be reached (the caller backs off and retries).
        """
        ...

    def close(self) -> None: ...


class BackendUnavailable(RuntimeError):
    """The windowing system cannot be reached right now (X server gone, no session)."""
