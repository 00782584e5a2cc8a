"""The recording loop driven tick by tick with a fake clock, writing to a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import ExclusionRule, RecordingSettings
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.recorder import Recorder
from focuscoach.core.recording.window import BackendUnavailable
from focuscoach.core.saferegex import compile_pattern
from focuscoach.core.store.database import open_database
from focuscoach.core.store.writer import StoreWriter
from tests.conftest import db_rows


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class ScriptedBackend:
    """Returns whatever the test put in `current`; raises when `down` is set."""

    def __init__(self) -> None:
        self.current: WindowInfo | None = None
        self.down = False
        self.calls = 0

    def active_window(self) -> WindowInfo | None:
        self.calls += 1
        if self.down:
            raise BackendUnavailable("X server went away")
        return self.current

    def close(self) -> None:
        pass


def make(tmp_path: Path, settings: RecordingSettings | None = None):  # type: ignore[no-untyped-def]
    db = tmp_path / "fc.db"
    open_database(db).close()
    writer = StoreWriter(db).start()
    clock = FakeClock()
    backend = ScriptedBackend()
    counter = InputCounter(clock=clock)
    recorder = Recorder(writer, settings or RecordingSettings(), backend, counter, clock=clock)
    return db, writer, clock, backend, counter, recorder


def run_for(recorder: Recorder, clock: FakeClock, seconds: int) -> None:
    for _ in range(seconds):
        recorder.tick()
        clock.now += 1.0


def test_switching_windows_records_contiguous_spans(tmp_path: Path) -> None:
    db, writer, clock, backend, _, recorder = make(tmp_path)
    t0 = clock.now
    backend.current = WindowInfo("XTerm", "editor")
    run_for(recorder, clock, 10)
    backend.current = WindowInfo("firefox", "专注 — 文档")
    run_for(recorder, clock, 5)
    backend.current = WindowInfo("XTerm", "editor")
    run_for(recorder, clock, 3)
    recorder.finish()
    writer.stop()
    spans = db_rows(
        db,
        "SELECT start - ?, stop - ?, app, title FROM window_spans ORDER BY start".replace(
            "?", str(t0)
        ),
    )
    assert spans == [
        (0.0, 10.0, "XTerm", "editor"),
        (10.0, 15.0, "firefox", "专注 — 文档"),
        (15.0, 18.0, "XTerm", "editor"),
    ]


def test_no_active_window_leaves_a_gap(tmp_path: Path) -> None:
    db, writer, clock, backend, _, recorder = make(tmp_path)
    backend.current = WindowInfo("a", "1")
    run_for(recorder, clock, 3)
    backend.current = None
    run_for(recorder, clock, 5)
    backend.current = WindowInfo("a", "1")
    run_for(recorder, clock, 2)
    recorder.finish()
    writer.stop()
    assert len(db_rows(db, "SELECT * FROM window_spans")) == 2


def test_backend_outage_backs_off_and_recovers(tmp_path: Path) -> None:
    db, writer, clock, backend, _, recorder = make(tmp_path)
    backend.current = WindowInfo("a", "1")
    run_for(recorder, clock, 2)
    backend.down = True
    calls = backend.calls
    run_for(recorder, clock, 20)
    # 1, 2, 4, 8 s apart: far fewer attempts than ticks.
    assert backend.calls - calls <= 5
    backend.down = False
    run_for(recorder, clock, 20)
    recorder.finish()
    writer.stop()
    assert [r[0] for r in db_rows(db, "SELECT app FROM window_spans")] == ["a", "a"]


def test_excluded_windows_never_reach_the_database(tmp_path: Path) -> None:
    settings = RecordingSettings(
        exclusions=(ExclusionRule(app=compile_pattern("keepass", ignore_case=True)),)
    )
    db, writer, clock, backend, _, recorder = make(tmp_path, settings)
    backend.current = WindowInfo("KeePassXC", "Passwords.kdbx")
    run_for(recorder, clock, 5)
    backend.current = WindowInfo("code", "main.py")
    run_for(recorder, clock, 5)
    recorder.finish()
    writer.stop()
    assert db_rows(db, "SELECT app FROM window_spans") == [("code",)]
    assert b"Passwords" not in db.read_bytes()


def test_input_counts_per_interval_and_afk_spans(tmp_path: Path) -> None:
    settings = RecordingSettings(input_interval=5.0, afk_timeout=30.0)
    db, writer, clock, backend, counter, recorder = make(tmp_path, settings)
    t0 = clock.now
    backend.current = WindowInfo("a", "1")
    for second in range(10):
        for _ in range(3):
            counter.key("k")
        if second % 2 == 0:
            counter.click(0, 0, None, True)
            counter.click(0, 0, None, False)  # releases do not count
        recorder.tick()
        clock.now += 1.0
    run_for(recorder, clock, 60)  # no input: AFK after 30 s, dated from the last input
    counter.move(1, 2)
    run_for(recorder, clock, 5)
    recorder.finish()
    writer.stop()
    intervals = db_rows(
        db, "SELECT keys, clicks, moves, scrolls FROM input_activity ORDER BY start"
    )
    assert sum(i[0] for i in intervals) == 30
    assert sum(i[1] for i in intervals) == 5
    assert sum(i[2] for i in intervals) == 1
    afk = db_rows(db, f"SELECT start - {t0}, stop - {t0}, afk FROM afk_spans ORDER BY start")
    assert [a[2] for a in afk] == [0, 1, 0]
    assert afk[1][0] == 9.0  # the last key press
    assert afk[1][1] == afk[2][0] == 70.0  # back at the first input


def test_restarted_recorder_appends(tmp_path: Path) -> None:
    db, writer, clock, backend, _, recorder = make(tmp_path)
    backend.current = WindowInfo("a", "1")
    run_for(recorder, clock, 3)
    recorder.finish()
    writer.stop()
    writer = StoreWriter(db).start()
    recorder = Recorder(writer, RecordingSettings(), backend, None, clock=clock)
    clock.now += 100
    run_for(recorder, clock, 3)
    recorder.finish()
    writer.stop()
    assert len(db_rows(db, "SELECT * FROM window_spans")) == 2
