"""The quiet signals at their OS boundary: /proc with a real process holding a fake camera,
pactl/gsettings/xfconf-query as stand-in scripts, SHQueryUserNotificationState as a fake."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.quiet import Probe, QuietSignals, QuietState, Signal, default_signals
from focuscoach.core.quiet.calls import (
    CameraInUse,
    MeetingRules,
    MicrophoneInUse,
    parse_source_outputs_json,
    parse_source_outputs_text,
)
from focuscoach.core.quiet.dnd import GnomeDnd, XfceDnd
from focuscoach.core.quiet.fullscreen import (
    QUNS_ACCEPTS_NOTIFICATIONS,
    QUNS_BUSY,
    QUNS_PRESENTATION_MODE,
    QUNS_RUNNING_D3D_FULL_SCREEN,
    WindowsNotificationState,
)

# --- the composite ----------------------------------------------------------------------


def test_probe_polls_at_most_once_per_interval_and_unknown_is_not_quiet() -> None:
    calls: list[float] = []
    answers = iter([True, None, False])

    def read(_w: WindowInfo | None) -> bool | None:
        calls.append(1)
        return next(answers)

    signals = QuietSignals([Probe(Signal.IN_CALL, "in a call (camera)", read, 10.0)])
    assert signals.read(100.0) == QuietState(in_call=True, reasons=("in a call (camera)",))
    assert signals.read(109.0).in_call  # cached
    assert len(calls) == 1
    assert signals.read(110.0) == QuietState()  # unknown: not quiet
    assert signals.read(120.0) == QuietState()
    assert len(calls) == 3


def test_a_failing_probe_is_unknown_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_w: WindowInfo | None) -> bool | None:
        raise OSError("no bus")

    signals = QuietSignals([Probe(Signal.DND, "Do Not Disturb", broken, 0.0)])
    for t in range(3):
        assert not signals.read(float(t)).quiet
    assert sum("failed" in r.message for r in caplog.records) == 1


def test_describe_for_the_tooltip() -> None:
    state = QuietState(in_call=True, dnd=True, reasons=("in a call (camera)", "Do Not Disturb"))
    assert state.describe() == "Quiet: in a call (camera), Do Not Disturb"
    assert QuietState().describe() == ""


# --- fullscreen on Windows --------------------------------------------------------------


def _fake_query(state: int, hresult: int = 0) -> Any:
    def query(pointer: Any) -> int:
        ctypes.cast(pointer, ctypes.POINTER(ctypes.c_int)).contents.value = state
        return hresult

    return query


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (QUNS_BUSY, True),
        (QUNS_RUNNING_D3D_FULL_SCREEN, True),
        (QUNS_PRESENTATION_MODE, True),
        (QUNS_ACCEPTS_NOTIFICATIONS, False),
        (6, False),  # QUNS_QUIET_TIME: the first hour after setup, not a fullscreen app
    ],
)
def test_windows_notification_state(state: int, expected: bool) -> None:
    assert WindowsNotificationState(_fake_query(state))() is expected


def test_windows_failure_is_unknown() -> None:
    assert WindowsNotificationState(_fake_query(QUNS_BUSY, hresult=-2147467259))() is None


def test_no_windows_api_here_is_unknown() -> None:
    assert sys.platform != "win32"  # the tests run on Linux: no shell32 here
    assert WindowsNotificationState()() is None


# --- camera -----------------------------------------------------------------------------


def test_a_process_holding_the_fake_camera_is_a_call(tmp_path: Path) -> None:
    device = tmp_path / "video0"
    device.write_bytes(b"")
    probe = CameraInUse(str(tmp_path / "video*"))
    assert probe() is False
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(device)!r}); import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while not probe() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert probe.holders() == [holder.pid]
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert probe() is False


def test_our_own_process_holding_the_camera_does_not_count(tmp_path: Path) -> None:
    device = tmp_path / "video0"
    device.write_bytes(b"")
    with device.open("rb"):
        assert CameraInUse(str(tmp_path / "video*"))() is False
        assert CameraInUse(str(tmp_path / "video*"), own_pid=-1)() is True


def test_no_proc_is_unknown(tmp_path: Path) -> None:
    assert CameraInUse(str(tmp_path / "video*"), proc=tmp_path / "nope")() is None


# --- microphone -------------------------------------------------------------------------

OUTPUTS_TEXT = """Source Output #41
\tDriver: PipeWire
\tClient: 40
\tSource: 2
\tCorked: no
\tMute: no
\tProperties:
\t\tmedia.name = "Peak detect"
\t\tapplication.name = "PulseAudio Volume Control"
Source Output #57
\tDriver: PipeWire
\tSource: 3
\tCorked: no
\tProperties:
\t\tmedia.name = "WEBRTC VoiceEngine"
\t\tapplication.name = "Firefox"
Source Output #58
\tSource: 3
\tCorked: yes
\tProperties:
\t\tapplication.name = "Chromium"
"""

SOURCES_SHORT = (
    "2\talsa_output.pci-0000_00_1f.3.analog-stereo.monitor\tPipeWire\ts32le 2ch 48000Hz\tIDLE\n"
    "3\talsa_input.pci-0000_00_1f.3.analog-stereo\tPipeWire\ts32le 2ch 48000Hz\tRUNNING\n"
)


def test_parse_text_listing() -> None:
    streams = parse_source_outputs_text(OUTPUTS_TEXT)
    assert [(s["source"], s["corked"]) for s in streams] == [
        ("2", False),
        ("3", False),
        ("3", True),
    ]
    assert streams[1]["properties"]["application.name"] == "Firefox"


def test_parse_json_listing_and_garbage() -> None:
    data = [{"index": 1, "source": 3, "corked": False, "properties": {"media.name": "x"}}]
    assert parse_source_outputs_json(json.dumps(data)) == [
        {"corked": False, "source": 3, "properties": {"media.name": "x"}}
    ]
    assert parse_source_outputs_json('[{"format": "pcm, "broken}]') is None
    assert parse_source_outputs_json("{}") is None


def _fake_pactl(tmp_path: Path, outputs_json: str | None, outputs_text: str) -> str:
    (tmp_path / "outputs.json").write_text(outputs_json or "")
    (tmp_path / "outputs.txt").write_text(outputs_text)
    (tmp_path / "sources.txt").write_text(SOURCES_SHORT)
    script = tmp_path / "pactl"
    json_rc = 0 if outputs_json is not None else 1
    script.write_text(
        "#!/bin/sh\n"
        f'[ "$LC_ALL" = C ] || exit 3\n'
        f'case "$*" in\n'
        f'  "-f json list source-outputs") cat {tmp_path}/outputs.json; exit {json_rc};;\n'
        f'  "list source-outputs") cat {tmp_path}/outputs.txt;;\n'
        f'  "list short sources") cat {tmp_path}/sources.txt;;\n'
        "  *) exit 2;;\n"
        "esac\n"
    )
    script.chmod(0o755)
    return str(script)


@pytest.fixture(autouse=True)
def _a_sound_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in pactl needs no server; the probe asks only where one could answer."""
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/stand-in")


def test_no_sound_server_socket_is_unknown_without_running_pactl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PULSE_SERVER")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    ran = tmp_path / "ran"
    script = _script(tmp_path, "pactl", f"touch {ran}; echo '[]'")
    assert MicrophoneInUse(script)() is None
    assert not ran.exists()


def test_microphone_from_the_text_listing(tmp_path: Path) -> None:
    probe = MicrophoneInUse(_fake_pactl(tmp_path, None, OUTPUTS_TEXT))
    assert probe() is True  # Firefox records from the real input
    only_meter_and_corked = OUTPUTS_TEXT.replace(
        "Source: 3\n\tCorked: no", "Source: 2\n\tCorked: no"
    )
    probe = MicrophoneInUse(_fake_pactl(tmp_path, None, only_meter_and_corked))
    assert probe() is False  # the level meter, a monitor, a corked stream: not a call


def test_microphone_from_json(tmp_path: Path) -> None:
    streams = [
        {"source": 2, "corked": False, "properties": {"application.name": "OBS"}},  # monitor
        {"source": 3, "corked": False, "properties": {"stream.monitor": "true"}},
        {"source": 3, "corked": False, "properties": {"application.process.id": str(os.getpid())}},
    ]
    probe = MicrophoneInUse(_fake_pactl(tmp_path, json.dumps(streams), ""))
    assert probe() is False
    streams.append({"source": 3, "corked": False, "properties": {"application.name": "zoom"}})
    probe = MicrophoneInUse(_fake_pactl(tmp_path, json.dumps(streams), ""))
    assert probe() is True


def test_no_pactl_is_unknown(tmp_path: Path) -> None:
    assert MicrophoneInUse(str(tmp_path / "no-pactl"))() is None


# --- meeting rules ----------------------------------------------------------------------


def test_meeting_rules_match_app_or_title_case_insensitively() -> None:
    rules = MeetingRules(["zoom meeting", r"meet\.google\.com"])
    assert rules(WindowInfo("zoom", "Zoom Meeting")) is True
    assert rules(WindowInfo("Firefox", "Standup - meet.google.com - Mozilla Firefox")) is True
    assert rules(WindowInfo("Firefox", "meetXgoogle.com")) is False
    assert rules(None) is None


# --- DND by command-line tools ----------------------------------------------------------


def _script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def test_gnome_show_banners(tmp_path: Path) -> None:
    expect = "org.gnome.desktop.notifications show-banners"
    off = _script(tmp_path, "gs-off", f'[ "$*" = "get {expect}" ] && echo false')
    on = _script(tmp_path, "gs-on", "echo true")
    broken = _script(tmp_path, "gs-broken", "echo 'No such schema' >&2; exit 1")
    assert GnomeDnd(off)() is True
    assert GnomeDnd(on)() is False
    assert GnomeDnd(broken)() is None
    assert GnomeDnd(str(tmp_path / "missing"))() is None


def test_xfce_do_not_disturb(tmp_path: Path) -> None:
    on = _script(tmp_path, "xq-on", '[ "$*" = "-c xfce4-notifyd -p /do-not-disturb" ] && echo true')
    assert XfceDnd(on)() is True
    assert XfceDnd(_script(tmp_path, "xq-off", "echo false"))() is False
    assert XfceDnd(_script(tmp_path, "xq-none", "exit 1"))() is None


def test_default_signals_per_platform() -> None:
    assert default_signals(platform="darwin").probes == []
    windows = default_signals(platform="win32", meeting_patterns=["zoom"])
    assert [p.signal for p in windows.probes] == [Signal.IN_CALL, Signal.FULLSCREEN]
    linux = {p.reason for p in default_signals(platform="linux", display_name=":0").probes}
    assert {"fullscreen", "in a call (camera)", "in a call (microphone)"} <= linux
    assert "Do Not Disturb" in linux


def test_the_platform_probes_see_a_process_holding_the_fake_camera(tmp_path: Path) -> None:
    device = tmp_path / "video0"
    device.write_bytes(b"")
    signals = default_signals(camera_glob=str(tmp_path / "video*"), platform="linux")
    try:
        assert not signals.read(0.0).in_call
        with subprocess.Popen(
            [sys.executable, "-c", f"f = open({str(device)!r}); import sys; sys.stdin.read()"],
            stdin=subprocess.PIPE,
        ) as holder:
            t = 100.0
            deadline = time.monotonic() + 10
            while not (state := signals.read(t)).in_call and time.monotonic() < deadline:
                t += 10.0
                time.sleep(0.05)
            assert state.in_call and "in a call (camera)" in state.reasons
            assert holder.stdin is not None
            holder.stdin.close()
    finally:
        signals.close()
