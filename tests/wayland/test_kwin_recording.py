"""End to end on a real headless KWin (kwin_wayland --virtual, no X server): Focus Coach's
KWin script reports the active window, ext-idle-notify-v1 the idle time, and
`focuscoach record` stores the switches between real Qt windows."""

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
    WAYLAND_NO_INPUT_COUNTS,
    compositor_idle,
    open_window_backend,
)
from tests.conftest import db_rows
from tests.wayland.compositors import KWinSession

WINDOWS = {
    "fc.plain": "Focus test: plain ASCII editor",
    "fc.zh": "专注 中文标题 — 写作",
    "fc.emoji": "Emoji 🎯 focus ✨ done",
}
AFK_TIMEOUT = 10


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


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_recorder(home: Path, kwin: KWinSession) -> subprocess.Popen[str]:
    home.mkdir()
    (home / "config.toml").write_text(
        f"schema_version = 1\n\n[recording]\nafk_timeout = {AFK_TIMEOUT}\n", encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), "record"],
        env=kwin.client_env(),
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


def test_records_focus_switches_and_idle_on_kwin_without_x(
    kwin: KWinSession, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    kwin.focus(WINDOWS["fc.plain"])
    recorder = start_recorder(home, kwin)
    started = time.time()
    clock, cpu_started = time.monotonic(), _cpu_seconds(recorder.pid)
    switched: list[tuple[str, float]] = []
    for app_id in ["fc.zh", "fc.emoji", "fc.plain", "fc.zh"]:
        time.sleep(2.5)
        switched.append((app_id, kwin.focus(WINDOWS[app_id])))
    # KWin's virtual output has no input devices: nobody types, so the user goes away
    # AFK_TIMEOUT seconds after the idle timer started (when the recorder connected),
    # and comes back with a pointer move through fake input.
    time.sleep(max(0.0, started + AFK_TIMEOUT + 3 - time.time()))
    back = kwin.move_pointer()
    time.sleep(2.5)
    cpu = (_cpu_seconds(recorder.pid) - cpu_started) / (time.monotonic() - clock)
    recorder.send_signal(signal.SIGTERM)
    _out, err = recorder.communicate(timeout=15)
    assert recorder.returncode == 0, err
    print(f"\nrecorder CPU while recording on KWin: {cpu:.1%} of one core")

    db = home / "focuscoach.db"
    spans = db_rows(db, "SELECT start, stop, app, title FROM window_spans ORDER BY start")
    expected = ["fc.plain", *[app_id for app_id, _at in switched]]
    assert [(s[2], s[3]) for s in spans] == [(a, WINDOWS[a]) for a in expected]
    errors = [float(span[0]) - at for (_a, at), span in zip(switched, spans[1:], strict=True)]
    print("KWin switch timing errors (s):", ", ".join(f"{e:+.2f}" for e in errors))
    assert all(abs(e) <= 1.5 for e in errors), errors
    for before, after in itertools.pairwise(spans):
        assert before[1] == after[0]

    afk = db_rows(db, "SELECT start, stop, afk FROM afk_spans ORDER BY start")
    assert [row[2] for row in afk] == [0, 1, 0], afk
    away_at, back_at = float(afk[1][0]), float(afk[2][0])
    print(f"away dated {away_at - started:+.2f} s from the start, back {back_at - back:+.2f} s")
    assert -3.0 <= away_at - started <= 1.5
    assert abs(back_at - back) <= 1.5
    assert db_rows(db, "SELECT count(*) FROM input_activity") == [(0,)]
