"""The [quiet] settings reach the running app's own signals (no probes injected): a process
holding the configured (fake) camera device holds every prompt, and a window matching a
meeting rule counts as a meeting while it has focus."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from focuscoach.core import config, config_writer
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.events import BreakDue, CoachEvent
from focuscoach.core.paths import resolve
from focuscoach.core.quiet import signals_for
from focuscoach.core.runtime import App, Runtime
from tests.fakes import FixedScorer, ScriptedBackend
from tests.support.waiting import until


def _until(condition: Callable[[], object], timeout: float = 20.0) -> None:
    until(condition, timeout)


@pytest.fixture(autouse=True)
def no_desktop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the probes under test can hold: no display, no session bus, no sound server."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP", "PULSE_SERVER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))


def _app(tmp_path: Path, quiet: Mapping[str, object], backend: ScriptedBackend) -> App:
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"micro_interval_s": 5, "micro_duration_s": 5},
            "nudges": {"enabled": False},
            "checkins": {"enabled": False},
            "quiet": quiet,
        }
    )
    paths = resolve(tmp_path / "home")
    paths.ensure()
    runtime = Runtime(
        paths,
        settings,
        backend_factory=lambda: (backend, None),
        input_monitor=False,
        scorer=FixedScorer(0.1),
    )
    return App(runtime).start()


def test_the_settings_round_trip_through_config_toml() -> None:
    raw = {"quiet": {"meetings": [{"app": "zoom"}], "camera_devices": ["/tmp/cam*"]}}
    settings = config.parse(raw)
    assert [r.app.pattern for r in settings.coaching.meeting_rules if r.app] == ["zoom"]
    assert settings.coaching.camera_devices == (Path("/tmp/cam*"),)
    text = config_writer.to_toml(settings)
    assert 'meetings = [{app = "zoom"}]' in text and 'camera_devices = ["/tmp/cam*"]' in text
    assert config.parse(tomllib.loads(text)) == settings
    assert config.Settings().coaching.camera_devices == (Path("/dev/video*"),)
    with pytest.raises(config.ConfigError, match=r"quiet\.meetings\[0\]\.app"):
        config.parse({"quiet": {"meetings": [{"app": "(unclosed"}]}})


def test_the_configured_camera_device_held_open_holds_the_break(tmp_path: Path) -> None:
    camera = tmp_path / "video0"
    camera.write_bytes(b"")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(camera)!r}); import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    # The "call" is on before the app starts (a child Python takes a while to open the file on
    # a loaded machine; the camera probe then reads every 10 s, after the break was due).
    _until(lambda: _holds(holder.pid, camera))
    app = _app(tmp_path, {"camera_devices": [str(tmp_path / "video*")]}, ScriptedBackend())
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    try:
        _until(lambda: "in a call (camera)" in app.status().quiet)
        time.sleep(8.0)  # the micro break is due after 5 s of activity...
        assert not [e for e in events if isinstance(e, BreakDue)]  # ...and held
        holder.communicate(b"", timeout=10)  # the "call" ends: the device is let go
        _until(lambda: any(isinstance(e, BreakDue) for e in events), timeout=25.0)
        assert "in a call (camera)" not in app.status().quiet
        assert len([e for e in events if isinstance(e, BreakDue)]) == 1
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdin is not None:
            holder.stdin.close()
        app.close()


def _holds(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` open."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(fd) == str(path):
                return True
        except OSError:
            continue
    return False


def test_an_unconfigured_camera_is_not_watched(tmp_path: Path) -> None:
    camera = tmp_path / "video0"
    camera.write_bytes(b"")
    with camera.open():  # held, but not a configured device
        signals = signals_for(config.Settings(), platform="linux")
        try:
            assert "in a call (camera)" not in signals.read(0.0).reasons
        finally:
            signals.close()


def test_a_meeting_rule_holds_while_its_window_has_focus(tmp_path: Path) -> None:
    backend = ScriptedBackend()
    backend.window = WindowInfo("zoom", "Zoom Meeting")
    quiet = {"meetings": [{"app": "^zoom$"}, {"title": r"meet\.google\.com"}]}
    app = _app(tmp_path, quiet, backend)
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    try:
        _until(lambda: app.status().quiet == ("in a meeting",))
        time.sleep(7.0)
        assert not [e for e in events if isinstance(e, BreakDue)]
        backend.window = WindowInfo("firefox", "meet.google.com/abc-defg-hij — Firefox")
        time.sleep(1.0)
        assert app.status().quiet == ("in a meeting",)
        backend.window = WindowInfo("editor", "report.md")
        _until(lambda: any(isinstance(e, BreakDue) for e in events))
        assert app.status().quiet == ()
    finally:
        app.close()
