"""End to end in a real X session: `focuscoach record` watches real xterm windows switched by
xdotool, counts typed keys without keeping them, and survives SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import recording_check
from tests.conftest import db_rows
from tests.xsession import XSession, XWindow

pytestmark = pytest.mark.x11

TITLES = {
    "ascii": "Focus test: plain ASCII editor",
    "chinese": "专注 中文标题 — 写作",
    "emoji": "Emoji 🎯 focus ✨ done",
    "long": "L" + "o" * 4998 + "g",
}
LEGACY = "旧式标题 legacy 中文"
SECRET = "zqxj plover marmalade"


@pytest.fixture(scope="module")
def xsession() -> Iterator[XSession]:
    with XSession() as session:
        yield session


@pytest.fixture(scope="module")
def windows(xsession: XSession) -> dict[str, XWindow]:
    made = {key: xsession.spawn_xterm(title) for key, title in TITLES.items()}
    made["legacy"] = xsession.spawn_xterm("placeholder")
    xsession.set_compound_text_title(made["legacy"], LEGACY)
    return made


def start_recorder(home: Path, xsession: XSession) -> subprocess.Popen[str]:
    env = {**os.environ, **xsession.env, "DISPLAY": xsession.display_name}
    return recording_check.start_recorder(home, env, timeout=20)


def test_records_real_window_switches_and_key_counts(
    xsession: XSession, windows: dict[str, XWindow], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    xsession.activate(windows["ascii"])
    recorder = start_recorder(home, xsession)
    switched: list[tuple[str, float]] = []
    for key in ["chinese", "emoji", "long", "legacy", "ascii"]:
        xsession.activate(windows[key])
        switched.append((key, time.time()))
        if key == "ascii":
            xsession.type_text(SECRET)
        time.sleep(2.5)
    recording_check.stop_recorder(recorder, timeout=10)

    db = home / "focuscoach.db"
    spans = db_rows(db, "SELECT start, stop, app, title FROM window_spans ORDER BY start")
    expected = [TITLES["ascii"], TITLES["chinese"], TITLES["emoji"], None, LEGACY, TITLES["ascii"]]
    titles = [span[3] for span in spans]
    assert len(titles) == len(expected), titles
    for got, want in zip(titles, expected, strict=True):
        if want is not None:
            assert got == want
    long_title = titles[3]
    assert isinstance(long_title, str)
    assert len(long_title) == 1000
    assert long_title.startswith("Loooo")
    assert long_title.endswith("…")
    assert {span[2] for span in spans} == {"XTerm"}
    recording_check.assert_switch_timing(spans, switched, "X11 switch")

    keys = sum(int(r[0]) for r in db_rows(db, "SELECT keys FROM input_activity"))
    assert len(SECRET) <= keys <= len(SECRET) + 4
    afk = db_rows(db, "SELECT afk FROM afk_spans")
    assert afk == [(0,)]

    for path in home.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for word in SECRET.split():
                assert word.encode() not in content, f"typed text found in {path}"


def test_sigkill_loses_at_most_seconds_and_a_restart_appends(
    xsession: XSession, windows: dict[str, XWindow], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    xsession.activate(windows["ascii"])
    recorder = start_recorder(home, xsession)
    for key in ["chinese", "emoji", "ascii", "chinese"]:
        xsession.activate(windows[key])
        time.sleep(2)
    time.sleep(4)
    killed_at = time.time()
    recorder.kill()
    recorder.communicate(timeout=10)  # reaps it and closes its pipes

    db = home / "focuscoach.db"
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]
    last = float(db_rows(db, "SELECT max(stop) FROM window_spans")[0][0])
    lost = killed_at - last
    print(f"\nSIGKILL lost {lost:.1f} s of recording")
    assert lost <= 10
    before = db_rows(db, "SELECT max(id), count(*) FROM window_spans")[0]

    again = start_recorder(home, xsession)
    xsession.activate(windows["emoji"])
    time.sleep(2)
    again.send_signal(signal.SIGINT)
    again.communicate(timeout=10)
    assert again.returncode == 0
    after = db_rows(db, "SELECT max(id), count(*) FROM window_spans")[0]
    assert after[1] > before[1]
    assert db_rows(db, "SELECT title FROM window_spans ORDER BY id DESC LIMIT 1") == [
        (TITLES["emoji"],)
    ]


def test_a_second_recorder_is_refused(
    xsession: XSession, windows: dict[str, XWindow], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    xsession.activate(windows["ascii"])
    first = start_recorder(home, xsession)
    try:
        env = {**os.environ, "DISPLAY": xsession.display_name}
        second = subprocess.run(
            [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), "record"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert second.returncode == 2
        assert "already running" in second.stderr
        status = subprocess.run(
            [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), "status"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        assert f"yes, pid {first.pid}" in status.stdout
    finally:
        first.terminate()
        first.communicate(timeout=10)


def test_the_first_run_keeps_private_browsing_out(
    xsession: XSession, windows: dict[str, XWindow], tmp_path: Path
) -> None:
    """A new home: `record` writes the suggested exclusions (config_writer.write_first_run)
    and follows them from its first second: a private browsing window is never recorded."""
    home = tmp_path / "home"
    private = xsession.spawn_xterm("Bank — Mozilla Firefox Private Browsing")
    try:
        xsession.activate(windows["ascii"])
        recorder = start_recorder(home, xsession)
        time.sleep(2.0)
        xsession.activate(private)
        time.sleep(2.5)
        xsession.activate(windows["ascii"])
        time.sleep(2.0)
        recording_check.stop_recorder(recorder, timeout=10)
    finally:
        private.kill()
    assert "private browsing|incognito" in (home / "config.toml").read_text(encoding="utf-8")
    titles = {row[0] for row in db_rows(home / "focuscoach.db", "SELECT title FROM window_spans")}
    assert titles == {TITLES["ascii"]}
