"""The quiet signals on a real desktop: Xvfb + openbox windows, dunst on a private bus."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from focuscoach.core import config
from focuscoach.core.coaching.events import BreakDue, CoachEvent
from focuscoach.core.paths import resolve
from focuscoach.core.quiet import default_signals
from focuscoach.core.quiet.dnd import FreedesktopDnd
from focuscoach.core.quiet.fullscreen import X11Fullscreen
from focuscoach.core.runtime import App
from tests.desktop.x11app import Desktop
from tests.fakes import FixedScorer, scripted_runtime
from tests.xsession import XSession


def _eventually(check: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{check} did not hold within {timeout}s")
        time.sleep(0.1)


def test_a_fullscreen_xterm_is_fullscreen_and_a_normal_one_is_not() -> None:
    with XSession() as x:
        normal = x.spawn_xterm("normal window")
        full = x.spawn_xterm("fullscreen film", extra_args=["-fullscreen"])
        probe = X11Fullscreen(x.display_name)
        try:
            x.activate(full)
            _eventually(lambda: probe() is True)
            x.activate(normal)
            _eventually(lambda: probe() is False)
            x.activate(full)
            _eventually(lambda: probe() is True)
        finally:
            probe.close()


def test_a_paused_dunst_is_do_not_disturb(monkeypatch: pytest.MonkeyPatch) -> None:
    with XSession() as x, Desktop(x, tray=False) as desktop:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.env["DBUS_SESSION_BUS_ADDRESS"])
        probe = FreedesktopDnd()
        try:
            assert probe() is False
            desktop.run("dunstctl", "set-paused", "true")
            assert probe() is True
            signals = default_signals(display_name=x.display_name, platform="linux")
            try:
                state = signals.read(0.0)
            finally:
                signals.close()
            assert state.dnd and "Do Not Disturb" in state.reasons
            desktop.run("dunstctl", "set-paused", "false")
            assert probe() is False
        finally:
            probe.close()


def test_no_notification_server_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    with XSession() as x, Desktop(x, tray=False, notifications=False) as desktop:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.env["DBUS_SESSION_BUS_ADDRESS"])
        probe = FreedesktopDnd()
        try:
            assert probe() is None
        finally:
            probe.close()


def test_a_fullscreen_window_holds_the_break_in_the_running_app(tmp_path: Path) -> None:
    """The platform's own probes (default_signals) on a real X session: a fullscreen xterm in
    focus holds a due micro break; focusing a normal window brings it, once."""
    with XSession() as x:
        normal = x.spawn_xterm("normal window")
        full = x.spawn_xterm("fullscreen film", extra_args=["-fullscreen"])
        x.activate(full)
        settings = config.parse(
            {
                "recording": {"poll_interval": 0.1},
                "detector": {"interval_s": 1.0, "tick_s": 1.0},
                "breaks": {"micro_interval_s": 5, "micro_duration_s": 5},
                "nudges": {"enabled": False},
                "checkins": {"enabled": False},
            }
        )
        paths = resolve(tmp_path / "home")
        paths.ensure()
        signals = default_signals(
            display_name=x.display_name,
            camera_glob=str(tmp_path / "no-camera*"),
            interval_s=0.5,
            platform="linux",
        )
        runtime = scripted_runtime(
            paths,
            settings,
            scorer=FixedScorer(0.1),
            quiet=signals,
        )
        app = App(runtime).start()
        events: list[CoachEvent] = []
        app.subscribe(events.append)
        try:
            _eventually(lambda: runtime.status().quiet == ("fullscreen",))
            time.sleep(8.0)  # the micro break is due after 5 s of activity...
            assert not [e for e in events if isinstance(e, BreakDue)]  # ...and held
            x.activate(normal)
            left = time.monotonic()
            _eventually(lambda: any(isinstance(e, BreakDue) for e in events))
            assert time.monotonic() - left < 5
            assert len([e for e in events if isinstance(e, BreakDue)]) == 1
        finally:
            app.close()


def test_do_not_disturb_holds_the_break_in_the_running_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dunst paused (its Do Not Disturb) on a real session bus holds a due micro break; it
    comes once dunst is unpaused."""
    with XSession() as x, Desktop(x, tray=False) as desktop:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.env["DBUS_SESSION_BUS_ADDRESS"])
        desktop.run("dunstctl", "set-paused", "true")
        settings = config.parse(
            {
                "recording": {"poll_interval": 0.1},
                "detector": {"interval_s": 1.0, "tick_s": 1.0},
                "breaks": {"micro_interval_s": 5, "micro_duration_s": 5},
                "nudges": {"enabled": False},
                "checkins": {"enabled": False},
            }
        )
        paths = resolve(tmp_path / "home")
        paths.ensure()
        runtime = scripted_runtime(
            paths,
            settings,
            scorer=FixedScorer(0.1),
            quiet=default_signals(
                display_name=x.display_name,
                camera_glob=str(tmp_path / "no-camera*"),
                interval_s=0.5,
                platform="linux",
            ),
        )
        app = App(runtime).start()
        events: list[CoachEvent] = []
        app.subscribe(events.append)
        try:
            _eventually(lambda: "Do Not Disturb" in runtime.status().quiet)
            time.sleep(8.0)
            assert not [e for e in events if isinstance(e, BreakDue)]
            desktop.run("dunstctl", "set-paused", "false")
            _eventually(lambda: any(isinstance(e, BreakDue) for e in events))
            assert len([e for e in events if isinstance(e, BreakDue)]) == 1
        finally:
            app.close()
