"""Active window on Windows through user32/kernel32 via ctypes.

The OS calls sit behind `Win32Api`, a handful of plain Python methods, so the backend's
logic (what counts as "no window", how the app name is derived, which failures are
per-sample) is tested on any OS with a fake, and the ctypes layer stays a thin shim that
is only built on Windows.
"""

from __future__ import annotations

import ntpath
import sys
from typing import Protocol

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.window import BackendUnavailable

__all__ = ["Win32Api", "WindowsBackend", "app_name_from_image"]


class Win32Api(Protocol):
    """The four questions the backend asks Windows. Failures are return values, not errors."""

    def foreground_window(self) -> int:
        """HWND of the foreground window, 0 when there is none (e.g. the desktop is locked)."""
        ...

    def window_text(self, hwnd: int) -> str:
        """The window's title; "" when it has none or no longer exists."""
        ...

    def window_pid(self, hwnd: int) -> int:
        """The owning process id; 0 when the window no longer exists."""
        ...

    def process_image(self, pid: int) -> str | None:
        """Full path of the process's executable; None when access is denied or it exited."""
        ...


def app_name_from_image(image: str) -> str:
    r"""C:\Program Files\Mozilla Firefox\firefox.exe -> "firefox"."""
    name = ntpath.basename(image)
    return name[:-4] if name.lower().endswith(".exe") else name


class WindowsBackend:
    """WindowBackend for Windows: the foreground window's title and executable name."""

    def __init__(self, api: Win32Api | None = None) -> None:
        self._api: Win32Api = api if api is not None else _create_ctypes_api()

    def active_window(self) -> WindowInfo | None:
        """None when nothing is in the foreground or the window closed while we read it.

        When the process cannot be opened (a protected or higher-integrity process), the
        title is still reported, with app "".
        """
        api = self._api
        hwnd = api.foreground_window()
        if not hwnd:
            return None
        title = api.window_text(hwnd)
        pid = api.window_pid(hwnd)
        if not pid:
            return None  # the window was destroyed between the calls
        image = api.process_image(pid)
        app = app_name_from_image(image) if image else ""
        return WindowInfo(app=app, title=title)

    def close(self) -> None:
        """Nothing to release: every process handle is closed right after use."""


if sys.platform == "win32":  # mypy checks this block only when targeting Windows
    import ctypes
    from ctypes import wintypes

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _MAX_PATH_CHARS = 32768  # long-path limit; QueryFullProcessImageNameW fails beyond it

    class _CtypesWin32Api:
        """Win32Api over ctypes, with argtypes/restype declared so handles are not truncated
        to 32 bits on 64-bit Windows."""

        def __init__(self) -> None:
            user32 = ctypes.WinDLL("user32", use_last_error=True)
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

            user32.GetForegroundWindow.argtypes = []
            user32.GetForegroundWindow.restype = wintypes.HWND
            user32.GetWindowTextLengthW.argtypes = [wintypes.HWND]
            user32.GetWindowTextLengthW.restype = ctypes.c_int
            user32.GetWindowTextW.argtypes = [wintypes.HWND, wintypes.LPWSTR, ctypes.c_int]
            user32.GetWindowTextW.restype = ctypes.c_int
            user32.GetWindowThreadProcessId.argtypes = [
                wintypes.HWND,
                ctypes.POINTER(wintypes.DWORD),
            ]
            user32.GetWindowThreadProcessId.restype = wintypes.DWORD
            kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
            kernel32.OpenProcess.restype = wintypes.HANDLE
            kernel32.QueryFullProcessImageNameW.argtypes = [
                wintypes.HANDLE,
                wintypes.DWORD,
                wintypes.LPWSTR,
                ctypes.POINTER(wintypes.DWORD),
            ]
            kernel32.QueryFullProcessImageNameW.restype = wintypes.BOOL
            kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
            kernel32.CloseHandle.restype = wintypes.BOOL
            self._user32 = user32
            self._kernel32 = kernel32

        def foreground_window(self) -> int:
            return int(self._user32.GetForegroundWindow() or 0)

        def window_text(self, hwnd: int) -> str:
            length = int(self._user32.GetWindowTextLengthW(hwnd))
            if length <= 0:
                return ""
            buffer = ctypes.create_unicode_buffer(length + 1)
            copied = int(self._user32.GetWindowTextW(hwnd, buffer, length + 1))
            return buffer.value[:copied] if copied > 0 else ""

        def window_pid(self, hwnd: int) -> int:
            pid = wintypes.DWORD(0)
            if not self._user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid)):
                return 0
            return int(pid.value)

        def process_image(self, pid: int) -> str | None:
            handle = self._kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
            if not handle:
                return None
            try:
                size = wintypes.DWORD(_MAX_PATH_CHARS)
                buffer = ctypes.create_unicode_buffer(_MAX_PATH_CHARS)
                if not self._kernel32.QueryFullProcessImageNameW(
                    handle, 0, buffer, ctypes.byref(size)
                ):
                    return None
                return buffer.value[: size.value]
            finally:
                self._kernel32.CloseHandle(handle)

    def _create_ctypes_api() -> Win32Api:
        return _CtypesWin32Api()

else:

    def _create_ctypes_api() -> Win32Api:
        raise BackendUnavailable(f"the Windows window backend needs Windows, not {sys.platform}")
