"""End to end on a real headless gnome-shell 43 (no X server): the Focused Window D-Bus
interface (served by Focus Coach's test extension, tests/wayland/gnome_extension) gives the
focused window, Mutter's IdleMonitor the idle time, and `focuscoach record` stores both;
without the extension the user is told how to enable it and idle still comes from Mutter."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.backends import (
    GNOME_NO_EXTENSION,
    WAYLAND_NO_INPUT_COUNTS,
    compositor_idle,
    open_window_backend,
)
from focuscoach.core.recording.wayland.gnome import GnomeShellBackend
from tests.wayland.compositors import GnomeSession
from tests.wayland.recording import WINDOWS, Recording


@pytest.fixture(scope="module")
def gnome() -> Iterator[GnomeSession]:
    with GnomeSession() as session:
        for app_id, title in WINDOWS.items():
            session.spawn_window(title, app_id)
            time.sleep(1.0)
        time.sleep(1.0)  # the shell starts in the overview; leaving it focuses a window
        for title in WINDOWS.values():
            session.focus(title)
        time.sleep(1.0)
        yield session


def test_the_extension_interface_gives_focus_and_mutter_idle(gnome: GnomeSession) -> None:
    backend, message = open_window_backend(gnome.client_env(), "linux")
    assert isinstance(backend, GnomeShellBackend) and message == WAYLAND_NO_INPUT_COUNTS
    try:
        for app_id, title in [*WINDOWS.items(), *WINDOWS.items()]:
            gnome.focus(title)
            assert backend.active_window() == WindowInfo(app_id, title)
        idle = compositor_idle(backend)
        assert idle is not None
        gnome.nudge()
        deadline = time.monotonic() + 5
        while True:
            backend.active_window()  # each sample also reads Mutter's idle time
            if not idle.idle:
                break
            assert time.monotonic() < deadline, "Mutter never saw the pointer move"
            time.sleep(0.05)
    finally:
        backend.close()


def test_records_focus_switches_and_idle_on_gnome_without_x(
    gnome: GnomeSession, tmp_path: Path
) -> None:
    gnome.focus(WINDOWS["fc.plain"])
    gnome.nudge()
    recording = Recording(tmp_path / "home", gnome.client_env())
    # activating a window from the shell is not input
    recording.switch(lambda app_id: gnome.focus(WINDOWS[app_id]), gnome.nudge)
    back = recording.come_back(gnome.nudge)
    recording.stop("GNOME")

    away_at, back_at = recording.check("GNOME")
    last_input = recording.last_input
    print(f"away dated {away_at - last_input:+.2f} s, back {back_at - back:+.2f} s off")
    assert abs(away_at - last_input) <= 1.5
    assert abs(back_at - back) <= 1.5


def test_without_the_extension_the_user_is_told_and_idle_comes_from_mutter() -> None:
    with GnomeSession(extension=False) as gnome:
        backend, message = open_window_backend(gnome.client_env(), "linux")
        assert message == GNOME_NO_EXTENSION
        assert backend is not None
        try:
            assert backend.active_window() is None  # no XWayland here either
            idle = compositor_idle(backend)
            assert idle is not None
            deadline = time.monotonic() + 15
            while not idle.idle:  # nobody touches this shell: Mutter's idle time grows
                assert time.monotonic() < deadline, "Mutter's idle time never grew"
                backend.active_window()
                time.sleep(0.2)
        finally:
            backend.close()
