"""End to end on a real headless sway with no X server: `focuscoach record` follows focus
between real foot windows through wlr-foreign-toplevel, and away/back through the
compositor's idle notifications; no input counts are written (Wayland has none to give)."""

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
    _WithCompositorIdle,
    compositor_idle,
    open_window_backend,
)
from focuscoach.core.recording.wayland.idle import CompositorIdle
from focuscoach.core.recording.wayland.wlroots import WlrootsBackend, WlrootsFullscreen
from focuscoach.core.recording.window import BackendUnavailable
from focuscoach.core.recording.x11 import X11Backend
from tests.conftest import db_rows
from tests.wayland.compositors import SwaySession

WINDOWS = {
    "fc.plain": "Focus test: plain ASCII editor",
    "fc.zh": "专注 中文标题 — 写作",
    "fc.emoji": "Emoji 🎯 focus ✨ done",
}
AFK_TIMEOUT = 10  # the smallest the settings allow


@pytest.fixture(scope="module")
def sway() -> Iterator[SwaySession]:
    with SwaySession() as session:
        for app_id, title in WINDOWS.items():
            session.spawn_foot(title, app_id)
        yield session


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_recorder(home: Path, sway: SwaySession) -> subprocess.Popen[str]:
    home.mkdir()
    (home / "config.toml").write_text(
        f"schema_version = 1\n\n[recording]\nafk_timeout = {AFK_TIMEOUT}\n", encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), "record"],
        env=sway.client_env(),
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
    home = tmp_path / "home"
    sway.focus("fc.plain")
    sway.press_key()
    recorder = start_recorder(home, sway)
    started, cpu_started = time.monotonic(), _cpu_seconds(recorder.pid)
    switched: list[tuple[str, float]] = []
    for app_id in ["fc.zh", "fc.emoji", "fc.plain", "fc.zh"]:
        time.sleep(2.5)
        switched.append((app_id, sway.focus(app_id)))
        last_input = sway.press_key()  # a focus change by swaymsg is not input
    # Away: no input for AFK_TIMEOUT seconds (focus changes by swaymsg are not input).
    db = home / "focuscoach.db"
    deadline = time.monotonic() + AFK_TIMEOUT + 10
    while not db_rows(db, "SELECT count(*) FROM afk_spans WHERE afk = 1")[0][0]:
        assert time.monotonic() < deadline, "never went away"
        time.sleep(0.2)
    time.sleep(1.0)
    back = sway.press_key()
    time.sleep(2.5)
    cpu = (_cpu_seconds(recorder.pid) - cpu_started) / (time.monotonic() - started)
    recorder.send_signal(signal.SIGTERM)
    _out, err = recorder.communicate(timeout=15)
    assert recorder.returncode == 0, err
    print(f"\nrecorder CPU while recording on sway: {cpu:.1%} of one core")

    spans = db_rows(db, "SELECT start, stop, app, title FROM window_spans ORDER BY start")
    expected = ["fc.plain", *[app_id for app_id, _at in switched]]
    assert [(s[2], s[3]) for s in spans] == [(a, WINDOWS[a]) for a in expected]
    errors = [float(span[0]) - at for (_a, at), span in zip(switched, spans[1:], strict=True)]
    print("switch timing errors (s):", ", ".join(f"{e:+.2f}" for e in errors))
    assert all(abs(e) <= 1.5 for e in errors), errors
    for before, after in itertools.pairwise(spans):
        assert before[1] == after[0]  # focus moved straight on: no gaps

    afk = db_rows(db, "SELECT start, stop, afk FROM afk_spans ORDER BY start")
    assert [row[2] for row in afk] == [0, 1, 0], afk
    away_at, back_at = float(afk[1][0]), float(afk[2][0])
    print(f"away dated {away_at - last_input:+.2f} s, back {back_at - back:+.2f} s off")
    assert abs(away_at - last_input) <= 1.5
    assert abs(back_at - back) <= 1.5
    # Wayland gives no key or click counts: nothing is written, rather than zeros.
    assert db_rows(db, "SELECT count(*) FROM input_activity") == [(0,)]


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
