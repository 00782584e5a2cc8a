"""End to end on a real headless gnome-shell 43 (no X server): the Focused Window D-Bus
interface (served by Focus Coach's test extension, tests/wayland/gnome_extension) gives the
focused window, Mutter's IdleMonitor the idle time, and `focuscoach record` stores both;
without the extension the user is told how to enable it and idle still comes from Mutter."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sqlite3
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
    compositor_idle,
    open_window_backend,
)
from focuscoach.core.recording.wayland.gnome import GnomeShellBackend
from tests.conftest import db_rows
from tests.wayland.compositors import GnomeSession

WINDOWS = {
    "fc.plain": "Focus test: plain ASCII editor",
    "fc.zh": "专注 中文标题 — 写作",
    "fc.emoji": "Emoji 🎯 focus ✨ done",
}
AFK_TIMEOUT = 10


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


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def start_recorder(home: Path, gnome: GnomeSession) -> subprocess.Popen[str]:
    home.mkdir()
    (home / "config.toml").write_text(
        f"schema_version = 1\n\n[recording]\nafk_timeout = {AFK_TIMEOUT}\n", encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), "record"],
        env=gnome.client_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    db = home / "focuscoach.db"
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        with contextlib.suppress(sqlite3.OperationalError):
            if db_rows(db, "SELECT count(*) FROM window_spans", timeout=1)[0][0] > 0:
                return proc
        time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"the recorder wrote nothing: {proc.communicate()}")


def test_records_focus_switches_and_idle_on_gnome_without_x(
    gnome: GnomeSession, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    gnome.focus(WINDOWS["fc.plain"])
    gnome.nudge()
    recorder = start_recorder(home, gnome)
    clock, cpu_started = time.monotonic(), _cpu_seconds(recorder.pid)
    switched: list[tuple[str, float]] = []
    for app_id in ["fc.zh", "fc.emoji", "fc.plain", "fc.zh"]:
        time.sleep(2.5)
        switched.append((app_id, gnome.focus(WINDOWS[app_id])))
        last_input = gnome.nudge()  # activating a window from the shell is not input
    db = home / "focuscoach.db"
    deadline = time.monotonic() + AFK_TIMEOUT + 10
    while not db_rows(db, "SELECT count(*) FROM afk_spans WHERE afk = 1")[0][0]:
        assert time.monotonic() < deadline, "never went away"
        time.sleep(0.2)
    time.sleep(1.0)
    back = gnome.nudge()
    time.sleep(2.5)
    cpu = (_cpu_seconds(recorder.pid) - cpu_started) / (time.monotonic() - clock)
    recorder.send_signal(signal.SIGTERM)
    _out, err = recorder.communicate(timeout=15)
    assert recorder.returncode == 0, err
    print(f"\nrecorder CPU while recording on GNOME: {cpu:.1%} of one core")

    spans = db_rows(db, "SELECT start, stop, app, title FROM window_spans ORDER BY start")
    expected = ["fc.plain", *[app_id for app_id, _at in switched]]
    assert [(s[2], s[3]) for s in spans] == [(a, WINDOWS[a]) for a in expected]
    errors = [float(span[0]) - at for (_a, at), span in zip(switched, spans[1:], strict=True)]
    print("GNOME switch timing errors (s):", ", ".join(f"{e:+.2f}" for e in errors))
    assert all(abs(e) <= 1.5 for e in errors), errors
    for before, after in itertools.pairwise(spans):
        assert before[1] == after[0]

    afk = db_rows(db, "SELECT start, stop, afk FROM afk_spans ORDER BY start")
    assert [row[2] for row in afk] == [0, 1, 0], afk
    away_at, back_at = float(afk[1][0]), float(afk[2][0])
    print(f"away dated {away_at - last_input:+.2f} s, back {back_at - back:+.2f} s off")
    assert abs(away_at - last_input) <= 1.5
    assert abs(back_at - back) <= 1.5
    assert db_rows(db, "SELECT count(*) FROM input_activity") == [(0,)]


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
