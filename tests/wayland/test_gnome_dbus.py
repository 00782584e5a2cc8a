"""GNOME on Wayland through the session bus, against a stand-in for GNOME Shell's D-Bus side
(tests/wayland/fake_gnome.py): the Focused Window D-Bus extension's `Get` and Mutter's
`GetIdletime`, and the fallbacks when the extension (or all of it) is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.backends import (
    GNOME_NO_EXTENSION,
    WAYLAND_NO_INPUT_COUNTS,
    WAYLAND_NO_X,
    compositor_idle,
    open_window_backend,
    window_titles_note,
)
from focuscoach.core.recording.wayland.gnome import GnomeShellBackend, is_gnome
from tests.wayland.fake_gnome import FakeGnome, SessionBus


@pytest.fixture
def bus() -> Iterator[SessionBus]:
    with SessionBus() as session:
        yield session


def _env(bus: SessionBus, **extra: str) -> dict[str, str]:
    return {
        "XDG_SESSION_TYPE": "wayland",
        "XDG_CURRENT_DESKTOP": "ubuntu:GNOME",
        "DBUS_SESSION_BUS_ADDRESS": bus.address,
        **extra,
    }


def test_gnome_is_recognised_in_xdg_current_desktop() -> None:
    assert is_gnome("GNOME") and is_gnome("ubuntu:GNOME") and is_gnome("pop:GNOME")
    assert not is_gnome("KDE") and not is_gnome("sway") and not is_gnome("")


def test_the_extension_gives_the_focused_window_and_mutter_the_idle_time(bus: SessionBus) -> None:
    with FakeGnome(bus.address) as shell:
        shell.window = {"title": "专注 — 写作 🎯", "wm_class": "org.gnome.TextEditor", "pid": 7}
        backend, message = open_window_backend(_env(bus), "linux")
        assert isinstance(backend, GnomeShellBackend)
        assert message == WAYLAND_NO_INPUT_COUNTS
        try:
            assert backend.active_window() == WindowInfo("org.gnome.TextEditor", "专注 — 写作 🎯")
            shell.window = {}
            assert backend.active_window() is None
            idle = compositor_idle(backend)
            assert idle is not None and not idle.idle
            shell.idle_ms = 200_000
            backend.active_window()
            assert idle.idle and abs(idle.last_input - (time.time() - 200)) < 1
            shell.idle_ms = 300
            backend.active_window()
            assert not idle.idle and abs(idle.last_input - (time.time() - 0.3)) < 1
        finally:
            backend.close()


def test_without_the_extension_idle_comes_from_mutter_and_the_user_is_told(
    bus: SessionBus,
) -> None:
    with FakeGnome(bus.address, extension=False) as shell:
        backend, message = open_window_backend(_env(bus), "linux")
        assert message == GNOME_NO_EXTENSION
        assert "gnome-extensions enable focused-window-dbus@flexagoon.com" in message
        assert backend is not None
        try:
            assert backend.active_window() is None  # no DISPLAY: no XWayland windows either
            idle = compositor_idle(backend)
            assert idle is not None
            shell.idle_ms = 500_000
            backend.active_window()
            assert idle.idle
        finally:
            backend.close()


def test_nothing_answering_on_the_bus_leaves_the_plain_wayland_message(bus: SessionBus) -> None:
    assert open_window_backend(_env(bus), "linux") == (None, WAYLAND_NO_X)


def test_status_tells_how_to_enable_the_missing_extension(bus: SessionBus, tmp_path: Path) -> None:
    with FakeGnome(bus.address, extension=False):
        assert window_titles_note(_env(bus), "linux") == GNOME_NO_EXTENSION
        env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
        result = subprocess.run(
            [sys.executable, "-m", "focuscoach.core.cli", "--home", str(tmp_path), "status"],
            env={**env, **_env(bus)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert "Input counts: not available on Wayland" in result.stdout
        assert "Window titles: GNOME on Wayland without the Focused Window" in result.stdout
    with FakeGnome(bus.address):
        assert window_titles_note(_env(bus), "linux") is None
    assert window_titles_note({**_env(bus), "XDG_CURRENT_DESKTOP": "sway"}, "linux") is None
    assert window_titles_note({"DISPLAY": ":0"}, "linux") is None
