"""Idle time from the compositor as the recorder's AFK logic reads it, and which backend a
Wayland session gets when no compositor answers (no compositor needed here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from focuscoach.core.recording.afk import AfkState, afk_state
from focuscoach.core.recording.backends import (
    WAYLAND_NO_X,
    WAYLAND_WITH_XWAYLAND,
    compositor_idle,
    input_counts_note,
    open_window_backend,
)
from focuscoach.core.recording.wayland.idle import CompositorIdle
from focuscoach.core.recording.x11 import X11Backend


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_active_means_input_within_the_idle_timer() -> None:
    clock = Clock()
    idle = CompositorIdle(clock, timeout=5.0)
    assert idle.last_input == 995.0
    clock.now = 2000.0
    assert idle.last_input == 1995.0
    assert not idle.idle


def test_idle_is_dated_from_the_last_input_and_resume_from_the_input() -> None:
    clock = Clock()
    idle = CompositorIdle(clock, timeout=5.0)
    clock.now = 1100.0
    idle.idled()  # no input since 1095
    clock.now = 1300.0
    assert idle.idle and idle.last_input == 1095.0
    idle.resumed(at=1298.0)
    assert not idle.idle and idle.last_input == 1298.0
    clock.now = 1400.0
    assert idle.last_input == 1395.0


def test_idle_right_after_resume_is_not_dated_before_it() -> None:
    clock = Clock()
    idle = CompositorIdle(clock, timeout=5.0)
    idle.resumed(at=1001.0)
    idle.idled(at=1003.0)  # a compositor that reports early cannot move input backwards
    assert idle.last_input == 1001.0


def test_afk_spans_come_out_as_with_counted_input() -> None:
    clock = Clock()
    idle = CompositorIdle(clock, timeout=5.0)
    state = AfkState(afk=False, since=1000.0)
    timeline = []
    for t in range(1000, 1400):
        clock.now = float(t)
        if t == 1105:
            idle.idled()  # last input at 1100
        if t == 1300:
            idle.resumed()
        state = afk_state(state, idle.last_input, clock.now, timeout=180.0)
        timeline.append(state)
    assert AfkState(afk=True, since=1100.0) in timeline
    assert timeline[-1] == AfkState(afk=False, since=1300.0)
    assert not any(s.afk for s in timeline[:280])  # away only 180 s after the last input


def test_no_counts_so_no_input_intervals_are_written() -> None:
    idle = CompositorIdle(Clock())
    idle.idled()
    idle.resumed()
    assert idle.drain().total == 0  # the recorder writes an interval only for counts > 0
    assert CompositorIdle.counts_available is False


def test_no_compositor_socket_falls_back_to_xwayland_or_nothing(tmp_path: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert open_window_backend({**env, "XDG_SESSION_TYPE": "wayland"}, "linux") == (
        None,
        WAYLAND_NO_X,
    )
    backend, message = open_window_backend({**env, "DISPLAY": ":5"}, "linux")
    assert isinstance(backend, X11Backend) and message == WAYLAND_WITH_XWAYLAND
    assert compositor_idle(backend) is None


def test_a_socket_without_a_compositor_falls_back(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "wayland-3"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))  # bound, never listening: connecting fails at once
        backend, message = open_window_backend(
            {"WAYLAND_DISPLAY": str(path), "XDG_SESSION_TYPE": "wayland"}, "linux"
        )
    assert (backend, message) == (None, WAYLAND_NO_X)


@pytest.mark.parametrize(
    ("env", "platform", "available"),
    [
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({}, "win32", True),
        ({}, "darwin", True),
    ],
)
def test_status_says_whether_input_counts_can_be_recorded(
    env: dict[str, str], platform: str, available: bool
) -> None:
    note = input_counts_note(env, platform)
    assert ("not available on Wayland" not in note) is available
