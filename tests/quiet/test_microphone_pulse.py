"""The microphone signal against a real PulseAudio server (a null sink and a null source on
a private socket): a recording from the source is a call, one from a sink's monitor is not."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from focuscoach.core.quiet.calls import MicrophoneInUse
from tests.xsession import require_tools


def _eventually(check: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{check} did not hold within {timeout}s")
        time.sleep(0.1)


@pytest.fixture
def pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    require_tools("pulseaudio", "pactl", "parecord")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_SERVER": f"unix:{runtime}/pulse/native",
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    log = (tmp_path / "pulseaudio.log").open("wb")
    server = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--log-target=stderr",
            "-L",
            "module-native-protocol-unix",
            "-L",
            "module-null-sink sink_name=speakers",
            "-L",
            "module-null-source source_name=mic",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _eventually(
            lambda: subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0
        )
        monkeypatch.setenv("PULSE_SERVER", env["PULSE_SERVER"])
        monkeypatch.setenv("XDG_RUNTIME_DIR", env["XDG_RUNTIME_DIR"])
        monkeypatch.setenv("HOME", env["HOME"])
        yield env
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


@contextlib.contextmanager
def recording(env: dict[str, str], device: str) -> Iterator[None]:
    proc = subprocess.Popen(
        ["parecord", "-d", device, os.devnull],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_recording_from_a_source_is_a_call_and_from_a_monitor_is_not(
    pulse: dict[str, str],
) -> None:
    probe = MicrophoneInUse()
    assert probe() is False
    with recording(pulse, "speakers.monitor"):
        _eventually(lambda: probe.streams())
        assert probe() is False  # recording what is played (a level meter, OBS): no call
    with recording(pulse, "mic"):
        _eventually(lambda: probe() is True)
    _eventually(lambda: probe() is False)


def test_without_a_server_the_microphone_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tools("pactl")
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/none")
    assert MicrophoneInUse()() is None
