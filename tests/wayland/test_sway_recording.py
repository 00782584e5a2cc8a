"""End to end on a real headless sway with no X server: `focuscoach record` follows focus
between real foot windows through wlr-foreign-toplevel, and away/back through the
compositor's idle notifications; no input counts are written (Wayland has none to give)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.backends import (
    _WithCompositorIdle,
    compositor_idle,
    open_window_backend,
)
from focuscoach.core.recording.wayland.idle import CompositorIdle
from focuscoach.core.recording.wayland.wlroots import WlrootsBackend, WlrootsFullscreen
from focuscoach.core.recording.window import BackendUnavailable
from focuscoach.core.recording.x11 import X11Backend
from tests.wayland.compositors import SwaySession
from tests.wayland.recording import WINDOWS, Recording


@pytest.fixture(scope="module")
def sway() -> Iterator[SwaySession]:
    with SwaySession() as session:
        for app_id, title in WINDOWS.items():
            session.spawn_foot(title, app_id)
        yield session


def test_the_backend_sees_focus_titles_and_idle_protocol(sway: SwaySession) -> None:
    backend, message = open_window_backend(sway.client_env(), "linux")
    try:
        assert isinstance(backend, WlrootsBackend)
        assert message is not None and "not available" in message
        assert backend.idle_protocol in ("ext_idle_notifier_v1", "org_kde_kwin_idle")
        for app_id, title in [*WINDOWS.items(), *WINDOWS.items()]:
            sway.focus(app_id)
            deadline = time.monotonic() + 2
            while backend.active_window() != WindowInfo(app_id, title):
                assert time.monotonic() < deadline, (backend.active_window(), app_id, title)
                time.sleep(0.01)
    finally:
        if backend is not None:
            backend.close()


def test_records_focus_switches_and_idle_on_sway_without_x(
    sway: SwaySession, tmp_path: Path
) -> None:
    sway.focus("fc.plain")
    sway.press_key()
    recording = Recording(tmp_path / "home", sway.client_env())
    # Each switch is followed by a key press: a focus change by swaymsg is not input.
    recording.switch(sway.focus, sway.press_key)
    # Away: no input for AFK_TIMEOUT seconds (focus changes by swaymsg are not input).
    back = recording.come_back(sway.press_key)
    recording.stop("sway")

    away_at, back_at = recording.check("sway")
    last_input = recording.last_input
    print(f"away dated {away_at - last_input:+.2f} s, back {back_at - back:+.2f} s off")
    assert abs(away_at - last_input) <= 1.5
    assert abs(back_at - back) <= 1.5


def test_idle_only_connection_for_compositors_without_a_window_list(sway: SwaySession) -> None:
    # KWin's case: idle time from the compositor, windows from XWayland (unreachable here).
    idle = CompositorIdle(timeout=1.0)
    conn = WlrootsBackend(sway.display, idle, windows=False).start()
    both = _WithCompositorIdle(X11Backend(":4711"), conn)
    try:
        assert compositor_idle(both) is idle
        assert conn.active_window() is None
        deadline = time.monotonic() + 5
        while not idle.idle:
            assert time.monotonic() < deadline, "never idle"
            time.sleep(0.05)
        pressed = sway.press_key()
        while idle.idle:
            assert time.monotonic() < deadline + 5, "never resumed"
            time.sleep(0.05)
        assert abs(idle.last_input - pressed) < 0.5
        with pytest.raises(BackendUnavailable):
            both.active_window()
    finally:
        both.close()


def test_fullscreen_quiet_signal_follows_the_focused_toplevel(sway: SwaySession) -> None:
    probe = WlrootsFullscreen(sway.display)
    try:
        sway.focus("fc.zh")
        sway.swaymsg('[app_id="fc.zh"] fullscreen enable')
        deadline = time.monotonic() + 5
        while probe() is not True:
            assert time.monotonic() < deadline, "never fullscreen"
            time.sleep(0.05)
        sway.swaymsg('[app_id="fc.zh"] fullscreen disable')
        while probe() is not False:
            assert time.monotonic() < deadline + 5, "still fullscreen"
            time.sleep(0.05)
    finally:
        probe.close()
    assert WlrootsFullscreen("/nonexistent/wayland-9")() is None  # unknown, not "no"
