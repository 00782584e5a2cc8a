"""The Windows backend's logic, driven through a fake Win32 API on any OS."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.window import BackendUnavailable
from focuscoach.core.recording.windows import WindowsBackend, app_name_from_image

FIREFOX = r"C:\Program Files\Mozilla Firefox\firefox.exe"


@dataclass
class FakeWin32:
    """A desktop: windows (hwnd -> (title, pid)), processes (pid -> image path or None for
    access denied) and which window is in the foreground."""

    windows: dict[int, tuple[str, int]] = field(default_factory=dict)
    images: dict[int, str | None] = field(default_factory=dict)
    foreground: int = 0
    calls: list[str] = field(default_factory=list)
    close_before_pid_lookup: bool = False

    def foreground_window(self) -> int:
        self.calls.append("foreground_window")
        return self.foreground

    def window_text(self, hwnd: int) -> str:
        self.calls.append("window_text")
        title = self.windows.get(hwnd, ("", 0))[0]
        if self.close_before_pid_lookup:
            del self.windows[hwnd]  # the user closes it right now
        return title

    def window_pid(self, hwnd: int) -> int:
        self.calls.append("window_pid")
        return self.windows.get(hwnd, ("", 0))[1]

    def process_image(self, pid: int) -> str | None:
        self.calls.append("process_image")
        return self.images.get(pid)


@pytest.fixture
def desktop() -> FakeWin32:
    return FakeWin32(
        windows={
            0x10010: ("Focus Coach - Mozilla Firefox", 4242),
            0x20020: ("专注 中文标题 – 🎯 Notes", 777),
            0x30030: ("Task Manager", 4),
        },
        images={4242: FIREFOX, 777: r"D:\Apps\Notes\NOTES.EXE", 4: None},
    )


def test_foreground_window_title_and_executable_name(desktop: FakeWin32) -> None:
    desktop.foreground = 0x10010
    backend = WindowsBackend(desktop)
    assert backend.active_window() == WindowInfo(
        app="firefox", title="Focus Coach - Mozilla Firefox"
    )


def test_unicode_title_and_upper_case_exe(desktop: FakeWin32) -> None:
    desktop.foreground = 0x20020
    assert WindowsBackend(desktop).active_window() == WindowInfo(
        app="NOTES", title="专注 中文标题 – 🎯 Notes"
    )


def test_no_foreground_window(desktop: FakeWin32) -> None:
    desktop.foreground = 0
    assert WindowsBackend(desktop).active_window() is None
    assert desktop.calls == ["foreground_window"]


def test_access_denied_keeps_the_title(desktop: FakeWin32) -> None:
    desktop.foreground = 0x30030
    assert WindowsBackend(desktop).active_window() == WindowInfo(app="", title="Task Manager")


def test_window_closed_between_calls(desktop: FakeWin32) -> None:
    desktop.foreground = 0x10010
    desktop.close_before_pid_lookup = True
    assert WindowsBackend(desktop).active_window() is None
    assert "process_image" not in desktop.calls


def test_foreground_handle_that_is_already_gone(desktop: FakeWin32) -> None:
    desktop.foreground = 0xDEAD
    assert WindowsBackend(desktop).active_window() is None


def test_process_exited_after_pid_lookup(desktop: FakeWin32) -> None:
    desktop.foreground = 0x10010
    desktop.images[4242] = None
    assert WindowsBackend(desktop).active_window() == WindowInfo(
        app="", title="Focus Coach - Mozilla Firefox"
    )


def test_window_without_title(desktop: FakeWin32) -> None:
    desktop.windows[0x40040] = ("", 4242)
    desktop.foreground = 0x40040
    assert WindowsBackend(desktop).active_window() == WindowInfo(app="firefox", title="")


def test_follows_the_foreground(desktop: FakeWin32) -> None:
    backend = WindowsBackend(desktop)
    seen = []
    for hwnd in (0x10010, 0x20020, 0, 0x10010):
        desktop.foreground = hwnd
        info = backend.active_window()
        seen.append(info.app if info else None)
    assert seen == ["firefox", "NOTES", None, "firefox"]
    backend.close()


@pytest.mark.parametrize(
    ("image", "app"),
    [
        (FIREFOX, "firefox"),
        (r"C:\Windows\explorer.EXE", "explorer"),
        (r"\\server\share\tools\report.exe", "report"),
        (r"C:\Games\launcher", "launcher"),
        (r"C:\weird\name.exe.bak", "name.exe.bak"),
        (r"C:\Program Files\WindowsApps\Microsoft.Paint_11\PaintApp\mspaint.exe", "mspaint"),
    ],
)
def test_app_name_from_image(image: str, app: str) -> None:
    assert app_name_from_image(image) == app


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows behaviour")
def test_real_api_needs_windows() -> None:
    with pytest.raises(BackendUnavailable, match="needs Windows"):
        WindowsBackend()


def test_importing_the_module_is_safe_everywhere() -> None:
    # The ctypes layer is only built on Windows: elsewhere the import must not touch it.
    code = (
        "import sys, focuscoach.core.recording.windows; "
        "assert sys.platform == 'win32' or 'ctypes.wintypes' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
