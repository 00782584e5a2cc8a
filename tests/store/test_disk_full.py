"""Disk full on a real (small, tmpfs) filesystem: said in one line, nothing in memory lost,
`status` keeps working, and recording resumes by itself once space is back.

Mounting needs root (as in CI); elsewhere these tests are skipped with that reason.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.cli import main
from focuscoach.core.config import RecordingSettings
from focuscoach.core.recording.recorder import Recorder
from focuscoach.core.store.database import QUICK_CHECK_KEY, open_database
from focuscoach.core.store.errors import DiskFull
from focuscoach.core.store.writer import StoreWriter
from tests.conftest import db_rows
from tests.recording.test_recorder import FakeClock, ScriptedBackend

RESUME_WITHIN_S = 30.0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB filesystem of its own, unmounted afterwards."""
    if os.geteuid() != 0:  # a skip would hide that the test did not run
        pytest.fail("mounting a small tmpfs needs root (CI runs these as root)", pytrace=False)
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)], check=True
    )
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk` with a dummy file; returns it."""
    dummy = disk / "dummy"
    fd = os.open(dummy, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        size = 1 << 16
        while size:
            try:
                os.write(fd, b"\0" * size)
            except OSError:
                size //= 2  # down to single bytes: nothing may be left
    finally:
        os.close(fd)
    return dummy


def wait_for(condition: object, timeout: float) -> float:
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.1)
    return time.monotonic() - started


def test_writer_keeps_what_it_cannot_write_and_resumes_when_space_is_back(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = small_disk / "home"
    db = home / "focuscoach.db"
    assert main(["--home", str(home), "task", "add", "before the disk filled"]) == 0
    writer = StoreWriter(db, commit_interval=0.1).start()
    dummy = fill(small_disk)
    title = "x" * 2000  # a few rows fill a page: the next commit needs new pages
    for i in range(200):
        writer.insert("window_spans", {"start": i, "stop": i + 1, "app": "a", "title": title})
    wait_for(lambda: isinstance(writer.problem, DiskFull), 10)
    assert writer.failed is None
    assert "disk full" in str(writer.problem)
    writer.insert("afk_spans", {"start": 1, "stop": 2, "afk": 0})  # still accepted

    capsys.readouterr()
    assert main(["--home", str(home), "status"]) == 0  # reading needs no space
    assert "Database:" in capsys.readouterr().out
    added = main(["--home", str(home), "task", "add", "while full"])
    err = capsys.readouterr().err
    assert added == 2, err
    assert err.count("\n") == 1 and "disk full" in err, err

    dummy.unlink()
    took = wait_for(lambda: writer.problem is None, RESUME_WITHIN_S)
    print(f"\nwriter resumed {took:.1f} s after space came back")
    writer.stop()
    assert db_rows(db, "SELECT count(*) FROM window_spans") == [(200,)]
    assert db_rows(db, "SELECT count(*) FROM afk_spans") == [(1,)]
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_recording_goes_on_through_a_full_disk_and_loses_nothing(small_disk: Path) -> None:
    db = small_disk / "focuscoach.db"
    open_database(db).close()
    writer = StoreWriter(db, commit_interval=0.05).start()
    clock = FakeClock()
    backend = ScriptedBackend()
    recorder = Recorder(writer, RecordingSettings(), backend, None, clock=clock)
    t0 = clock.now

    def record(seconds: int, title: str) -> None:
        backend.current = WindowInfo("app", title)
        for _ in range(seconds):
            recorder.tick()
            clock.now += 1.0

    record(5, "before")
    assert writer.flush()
    dummy = fill(small_disk)
    for n in range(60):  # enough new spans to need pages the disk does not have
        record(2, f"during {n} " + "y" * 900)
    wait_for(lambda: isinstance(writer.problem, DiskFull), 10)
    dummy.unlink()
    record(5, "after")
    wait_for(lambda: writer.problem is None, RESUME_WITHIN_S)
    recorder.finish()
    writer.stop()
    titles = [str(r[0])[:9] for r in db_rows(db, "SELECT title FROM window_spans ORDER BY start")]
    assert titles[0] == "before" and titles[-1] == "after"
    assert len(titles) == 62
    total = db_rows(db, f"SELECT sum(stop - start), min(start) - {t0} FROM window_spans")
    assert total == [(130.0, 0.0)]


def test_stopping_while_the_disk_is_full_says_so_in_one_line(small_disk: Path) -> None:
    db = small_disk / "focuscoach.db"
    open_database(db).close()
    writer = StoreWriter(db, commit_interval=0.05).start()
    fill(small_disk)
    for i in range(200):
        writer.insert("window_spans", {"start": i, "stop": i + 1, "app": "a", "title": "z" * 2000})
    wait_for(lambda: writer.problem is not None, 10)
    with pytest.raises(DiskFull, match=r"disk full.*could not be saved") as caught:
        writer.stop(timeout=5)
    assert "\n" not in str(caught.value)


def test_opening_on_a_full_disk_says_disk_full(small_disk: Path) -> None:
    db = small_disk / "focuscoach.db"
    open_database(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '0' WHERE key = ?", (QUICK_CHECK_KEY,))  # check due
    conn.commit()
    conn.close()
    fill(small_disk)
    # Not "disk I/O error": SQLite cannot even make its -shm index, and that is disk full.
    with pytest.raises(DiskFull, match="disk full"):
        StoreWriter(db, commit_interval=0.05).start()
