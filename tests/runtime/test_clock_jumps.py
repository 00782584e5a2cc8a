"""Wall-clock jumps while recording: no negative span, no span over time that did not pass,
and a clean split at the jump (found: a -3 h jump stored a span of -10,796 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import RecordingSettings
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.recorder import Recorder
from focuscoach.core.store.database import open_database
from focuscoach.core.store.writer import StoreWriter
from tests.conftest import db_rows
from tests.recording.test_recorder import ScriptedBackend

HOUR = 3600.0


class JumpingClock:
    """A wall clock that can be set (jump) and a monotonic clock that only moves forward."""

    def __init__(self, wall: float = 1_000_000.0) -> None:
        self.wall = wall
        self.mono = 50.0

    def __call__(self) -> float:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def record_across(tmp_path: Path, jump: float):  # type: ignore[no-untyped-def]
    db = tmp_path / "fc.db"
    open_database(db).close()
    writer = StoreWriter(db).start()
    clock = JumpingClock()
    backend = ScriptedBackend()
    counter = InputCounter(clock=clock)
    settings = RecordingSettings(input_interval=5.0, afk_timeout=60.0)
    recorder = Recorder(writer, settings, backend, counter, clock=clock, monotonic=clock.monotonic)
    backend.current = WindowInfo("editor", "notes.txt")
    t0 = clock.wall
    for _ in range(30):  # 30 s of typing in one window
        counter.key("k")
        recorder.tick()
        clock.advance(1.0)
    last_good = clock.wall - 1.0
    clock.wall += jump  # the clock is set; one second really passes
    for _ in range(30):  # the same window, 30 s more
        counter.key("k")
        recorder.tick()
        clock.advance(1.0)
    recorder.finish()
    writer.stop()
    return db, t0, last_good, clock.wall


@pytest.mark.parametrize("jump", [-3 * HOUR, 2 * HOUR])
def test_a_clock_jump_splits_spans_cleanly(tmp_path: Path, jump: float) -> None:
    db, t0, last_good, end = record_across(tmp_path, jump)
    for table in ("window_spans", "afk_spans", "input_activity"):
        rows = db_rows(db, f"SELECT start, stop FROM {table} ORDER BY id")
        assert rows, table
        for start, stop in rows:
            assert 0 <= float(stop) - float(start) <= 31, (table, rows)
    windows = db_rows(db, "SELECT start, stop FROM window_spans ORDER BY id")
    assert windows == [(t0, last_good), (last_good + 1 + jump, end)]
    total = db_rows(db, "SELECT sum(stop - start) FROM window_spans")[0][0]
    assert total == pytest.approx(59.0)  # the real time, less the second of the jump
    afk = db_rows(db, "SELECT afk, start, stop FROM afk_spans ORDER BY id")
    assert [a[0] for a in afk] == [0, 0]  # typing all along: never away
    assert afk[0][2] == last_good and afk[1][1] == last_good + 1 + jump
    keys = db_rows(db, "SELECT sum(keys) FROM input_activity")[0][0]
    assert keys == 60
    future = db_rows(db, f"SELECT count(*) FROM window_spans WHERE stop > {end}")
    assert future == [(0,)] or jump < 0  # after +2 h nothing lies beyond the clock


def test_a_backward_jump_never_stores_a_negative_total(tmp_path: Path) -> None:
    db, *_ = record_across(tmp_path, -3 * HOUR)
    assert db_rows(db, "SELECT min(stop - start) >= 0 FROM window_spans") == [(1,)]
    assert db_rows(db, "SELECT min(stop - start) >= 0 FROM input_activity") == [(1,)]


def test_a_suspend_is_time_away_not_a_jump(tmp_path: Path) -> None:
    """The boot clock keeps counting while suspended: wall and monotonic move together."""
    db = tmp_path / "fc.db"
    open_database(db).close()
    writer = StoreWriter(db).start()
    clock = JumpingClock()
    counter = InputCounter(clock=clock)
    settings = RecordingSettings(afk_timeout=60.0)
    recorder = Recorder(writer, settings, None, counter, clock=clock, monotonic=clock.monotonic)
    for _ in range(10):
        counter.key("k")
        recorder.tick()
        clock.advance(1.0)
    last_key = clock.wall - 1.0
    clock.advance(HOUR)  # suspended for an hour
    recorder.tick()
    clock.advance(1.0)
    counter.key("k")
    recorder.tick()
    recorder.finish()
    writer.stop()
    afk = db_rows(db, "SELECT afk, start, stop FROM afk_spans ORDER BY id")
    assert [a[0] for a in afk] == [0, 1, 0]
    assert afk[1][1] == last_key and afk[1][2] == clock.wall  # away all through the suspend
