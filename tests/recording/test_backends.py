"""Choosing the window backend: what the user gets on each platform and session type."""

from __future__ import annotations

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording import macos, windows
from focuscoach.core.recording.backends import (
    MACOS_NO_ACCESSIBILITY,
    NO_DISPLAY,
    WAYLAND_NO_X,
    WAYLAND_WITH_XWAYLAND,
    open_window_backend,
)
from focuscoach.core.recording.macos import MacOSBackend
from focuscoach.core.recording.window import BackendUnavailable
from focuscoach.core.recording.windows import WindowsBackend
from focuscoach.core.recording.x11 import X11Backend

ALL_MESSAGES = [WAYLAND_NO_X, WAYLAND_WITH_XWAYLAND, NO_DISPLAY, MACOS_NO_ACCESSIBILITY]


def test_x11_when_display_is_set() -> None:
    backend, message = open_window_backend({"DISPLAY": ":7"}, "linux")
    assert isinstance(backend, X11Backend)
    assert backend.display_name == ":7"
    assert message is None
    backend.close()


def test_other_unix_platforms_use_x11_too() -> None:
    backend, message = open_window_backend({"DISPLAY": ":0"}, "freebsd14")
    assert isinstance(backend, X11Backend)
    assert message is None


def test_xwayland_records_x11_windows_and_says_so() -> None:
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    backend, message = open_window_backend(env, "linux")
    assert isinstance(backend, X11Backend)
    assert message == WAYLAND_WITH_XWAYLAND


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_SESSION_TYPE": "wayland"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"XDG_SESSION_TYPE": "Wayland", "WAYLAND_DISPLAY": "wayland-1", "DISPLAY": ""},
    ],
)
def test_wayland_without_x_has_no_backend(env: dict[str, str]) -> None:
    backend, message = open_window_backend(env, "linux")
    assert backend is None
    assert message == WAYLAND_NO_X
    assert "Wayland" in WAYLAND_NO_X and "not recorded" in WAYLAND_NO_X


@pytest.mark.parametrize("env", [{}, {"XDG_SESSION_TYPE": "tty"}, {"DISPLAY": ""}])
def test_no_display_at_all(env: dict[str, str]) -> None:
    assert open_window_backend(env, "linux") == (None, NO_DISPLAY)


@pytest.mark.parametrize("message", ALL_MESSAGES)
def test_messages_are_one_clear_line(message: str) -> None:
    assert "\n" not in message
    assert message.endswith(".")
    assert "not recorded" in message or "are not" in message


def test_defaults_come_from_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setattr("sys.platform", "linux")
    assert open_window_backend() == (None, WAYLAND_NO_X)


def test_opening_does_not_connect_yet() -> None:
    # An unreachable display is the recorder's retry loop's business, not a startup crash.
    backend, message = open_window_backend({"DISPLAY": ":4711"}, "linux")
    assert backend is not None and message is None
    with pytest.raises(BackendUnavailable):
        backend.active_window()
    backend.close()


class FakeWin32:
    def foreground_window(self) -> int:
        return 1

    def window_text(self, hwnd: int) -> str:
        return "Inbox"

    def window_pid(self, hwnd: int) -> int:
        return 10

    def process_image(self, pid: int) -> str | None:
        return r"C:\Program Files\Mail\mail.exe"


def test_windows_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "_create_ctypes_api", FakeWin32)
    backend, message = open_window_backend({}, "win32")
    assert isinstance(backend, WindowsBackend)
    assert message is None
    assert backend.active_window() == WindowInfo("mail", "Inbox")


def test_windows_backend_that_cannot_load_is_a_message_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> FakeWin32:
        raise BackendUnavailable("user32 could not be loaded")

    monkeypatch.setattr(windows, "_create_ctypes_api", broken)
    backend, message = open_window_backend({}, "win32")
    assert backend is None
    assert message is not None and "user32 could not be loaded" in message
    assert "not recorded" in message


def fake_mac_api(trusted: bool) -> type:
    class FakeMac:
        def frontmost_application(self) -> tuple[str, int] | None:
            return ("Safari", 42)

        def accessibility_trusted(self) -> bool:
            return trusted

        def focused_window_title(self, pid: int) -> str | None:
            return "Start Page"

    return FakeMac


def test_macos_with_accessibility(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(macos, "_PyObjCMacApi", fake_mac_api(True))
    backend, message = open_window_backend({}, "darwin")
    assert isinstance(backend, MacOSBackend)
    assert message is None
    assert backend.active_window() == WindowInfo("Safari", "Start Page")


def test_macos_without_accessibility_records_app_names_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(macos, "_PyObjCMacApi", fake_mac_api(False))
    backend, message = open_window_backend({}, "darwin")
    assert isinstance(backend, MacOSBackend)
    assert message == MACOS_NO_ACCESSIBILITY
    assert backend.active_window() == WindowInfo("Safari", "")


def test_macos_without_pyobjc(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise BackendUnavailable("the macOS window backend needs pyobjc")

    monkeypatch.setattr(macos, "_PyObjCMacApi", missing)
    backend, message = open_window_backend({}, "darwin")
    assert backend is None
    assert message is not None and "pyobjc" in message
