"""The macOS backend's logic, driven through a fake pyobjc-facing API on any OS."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.macos import TRUST_RECHECK_SECONDS, MacOSBackend
from focuscoach.core.recording.window import BackendUnavailable


@dataclass
class FakeMac:
    """Running apps (pid -> (localized name, focused window title or None)), the frontmost
    pid (None: nothing frontmost) and the Accessibility permission."""

    apps: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    frontmost: int | None = None
    trusted: bool = True
    trust_checks: int = 0
    title_calls: list[int] = field(default_factory=list)

    def frontmost_application(self) -> tuple[str, int] | None:
        if self.frontmost is None:
            return None
        return self.apps[self.frontmost][0], self.frontmost

    def accessibility_trusted(self) -> bool:
        self.trust_checks += 1
        return self.trusted

    def focused_window_title(self, pid: int) -> str | None:
        self.title_calls.append(pid)
        app = self.apps.get(pid)
        return None if app is None else app[1]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def mac() -> FakeMac:
    return FakeMac(
        apps={
            501: ("Safari", "Focus Coach – Start Page"),
            502: ("微信", "专注 中文标题 🎯"),
            503: ("Finder", None),  # desktop focused: no window
        },
        frontmost=501,
    )


def test_app_and_title_with_accessibility(mac: FakeMac) -> None:
    backend = MacOSBackend(mac)
    assert backend.active_window() == WindowInfo(app="Safari", title="Focus Coach – Start Page")
    mac.frontmost = 502
    assert backend.active_window() == WindowInfo(app="微信", title="专注 中文标题 🎯")
    assert mac.title_calls == [501, 502]


def test_without_accessibility_only_the_app_name(mac: FakeMac) -> None:
    mac.trusted = False
    backend = MacOSBackend(mac)
    assert backend.active_window() == WindowInfo(app="Safari", title="")
    assert mac.title_calls == []  # never asks for titles it may not read
    assert not backend.titles_available()


def test_no_frontmost_application(mac: FakeMac) -> None:
    mac.frontmost = None
    assert MacOSBackend(mac).active_window() is None


def test_app_without_focused_window(mac: FakeMac) -> None:
    mac.frontmost = 503
    assert MacOSBackend(mac).active_window() == WindowInfo(app="Finder", title="")


def test_app_quit_between_calls(mac: FakeMac) -> None:
    # Frontmost a moment ago, gone when its window is asked for: the AX call finds nothing.
    mac.apps[504] = ("Preview", "report.pdf")
    mac.frontmost = 504
    backend = MacOSBackend(mac)
    front = mac.frontmost_application()
    del mac.apps[504]
    mac.frontmost_application = lambda: front  # type: ignore[method-assign]
    assert backend.active_window() == WindowInfo(app="Preview", title="")


def test_permission_granted_while_running_is_noticed(mac: FakeMac) -> None:
    clock = Clock()
    mac.trusted = False
    backend = MacOSBackend(mac, monotonic=clock)
    assert backend.active_window() == WindowInfo("Safari", "")
    mac.trusted = True  # the user ticks the box in System Settings
    clock.now += 1
    assert backend.active_window() == WindowInfo("Safari", "")  # not re-asked every second
    clock.now += TRUST_RECHECK_SECONDS
    assert backend.active_window() == WindowInfo("Safari", "Focus Coach – Start Page")
    assert mac.trust_checks == 2


def test_permission_check_is_cached_between_polls(mac: FakeMac) -> None:
    clock = Clock()
    backend = MacOSBackend(mac, monotonic=clock)
    for _ in range(5):
        clock.now += 1
        backend.active_window()
    assert mac.trust_checks == 1


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the behaviour without pyobjc")
def test_real_api_without_pyobjc_is_unavailable() -> None:
    with pytest.raises(BackendUnavailable, match="pyobjc"):
        MacOSBackend()


def test_importing_the_module_does_not_import_pyobjc() -> None:
    code = (
        "import sys, focuscoach.core.recording.macos; "
        "assert not {'AppKit', 'ApplicationServices', 'Foundation', 'objc'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
