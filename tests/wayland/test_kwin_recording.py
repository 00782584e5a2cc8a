"""End to end on a real headless KWin (kwin_wayland --virtual, no X server): Focus Coach's
KWin script reports the active window, ext-idle-notify-v1 the idle time, and
`focuscoach record` stores the switches between real Qt windows."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.backends import (
    WAYLAND_NO_INPUT_COUNTS,
    compositor_fullscreen,
    compositor_idle,
    open_window_backend,
)
from tests.wayland.compositors import KWinSession
from tests.wayland.recording import AFK_TIMEOUT, WINDOWS, Recording


@pytest.fixture(scope="module")
def kwin() -> Iterator[KWinSession]:
    with KWinSession() as session:
        for app_id, title in WINDOWS.items():
            session.spawn_window(title, app_id)
            time.sleep(1.0)
        yield session


def _wait_for(backend: object, want: WindowInfo, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while (got := backend.active_window()) != want:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, (got, want)
        time.sleep(0.02)


def test_the_kwin_script_reports_focus_and_unloads(kwin: KWinSession) -> None:
    backend, message = open_window_backend(kwin.client_env(), "linux")
    assert backend is not None and message == WAYLAND_NO_INPUT_COUNTS
    try:
        assert kwin.script_loaded(f"focuscoach_{os.getpid()}")
        idle = compositor_idle(backend)
        assert idle is not None
        for app_id, title in [*WINDOWS.items(), *WINDOWS.items()]:
            kwin.focus(title)
            _wait_for(backend, WindowInfo(app_id, title))
    finally:
        backend.close()
    assert not kwin.script_loaded(f"focuscoach_{os.getpid()}")  # unloaded on close()


def test_the_kwin_script_reports_fullscreen_for_the_quiet_signal(kwin: KWinSession) -> None:
    """Plasma's Wayland session: the recorder's own script says when the active window goes
    fullscreen (and back), which holds every prompt (core.runtime.quiet_loop)."""
    backend, _ = open_window_backend(kwin.client_env(), "linux")
    assert backend is not None
    reads = compositor_fullscreen(backend)
    assert reads is not None
    app_id, title = next(iter(WINDOWS.items()))
    try:
        kwin.focus(title)
        _wait_for(backend, WindowInfo(app_id, title))
        assert reads() is False
        for on in (True, False):
            kwin.set_fullscreen(title, on)
            deadline = time.monotonic() + 5.0
            while reads() is not on:
                assert time.monotonic() < deadline, f"fullscreen never became {on}"
                time.sleep(0.05)
    finally:
        backend.close()


def test_records_focus_switches_and_idle_on_kwin_without_x(
    kwin: KWinSession, tmp_path: Path
) -> None:
    kwin.focus(WINDOWS["fc.plain"])
    recording = Recording(tmp_path / "home", kwin.client_env())
    started = recording.started
    recording.switch(lambda app_id: kwin.focus(WINDOWS[app_id]))
    # KWin's virtual output has no input devices: nobody types, so the user goes away
    # AFK_TIMEOUT seconds after the idle timer started (when the recorder connected),
    # and comes back with a pointer move through fake input.
    back = recording.come_back(kwin.move_pointer, away_at=started + AFK_TIMEOUT + 3)
    recording.stop("KWin")

    away_at, back_at = recording.check("KWin")
    print(f"away dated {away_at - started:+.2f} s from the start, back {back_at - back:+.2f} s")
    assert -3.0 <= away_at - started <= 1.5
    assert abs(back_at - back) <= 1.5
