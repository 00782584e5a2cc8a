"""The app's background half without a display: recording through a scripted window backend,
the coach wired to the writer, labels stored, pause, focus blocks, and the recorder lock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.events import BlockStarted, CoachEvent, NudgeDue
from focuscoach.core.engine import (
    AppState,
    Engine,
    RecorderBusy,
    end_focus_block,
    focused_seconds,
    pause_end,
    with_focus_block,
)
from focuscoach.core.lockfile import LockFile
from focuscoach.core.paths import resolve
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task
from tests.conftest import db_rows
from tests.fakes import EXPLANATION, FixedScorer, ScriptedBackend

TZ = ZoneInfo("Europe/Berlin")


def _settings(**coaching: object) -> config.Settings:
    base = {
        "recording": {"poll_interval": 0.1},
        "detector": {"interval_s": 1.0, "tick_s": 1.0},
        "nudges": {"only_in_focus_blocks": False, "min_interval_s": 0.0, "threshold": 0.5},
    }
    for key, value in coaching.items():
        section, name = key.split("__")
        base.setdefault(section, {})[name] = value  # type: ignore[index]
    return config.parse(base)


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def engine(tmp_path: Path, backend: ScriptedBackend) -> Iterator[Engine]:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    eng = Engine(
        paths,
        _settings(),
        backend_factory=lambda: (backend, None),
        input_monitor=False,
        scorer=FixedScorer(0.9),
    )
    eng.start()
    yield eng
    eng.stop()


def _until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_records_windows_and_a_switch_becomes_a_nudge_whose_answer_is_stored(
    engine: Engine, backend: ScriptedBackend
) -> None:
    events: list[CoachEvent] = []
    engine.subscribe(events.append)
    _until(lambda: engine.scorer.score(time.time()).probability == 0.9)  # detector has run
    backend.window = WindowInfo("browser", "news")
    _until(lambda: any(isinstance(e, NudgeDue) for e in events))
    nudge = next(e for e in events if isinstance(e, NudgeDue))
    assert nudge.explanation == EXPLANATION
    label = engine.answer_nudge("not_distracted")
    assert label is not None and label.distracted is False
    db = engine.paths.database
    assert db_rows(db, "SELECT answer, distracted FROM nudge_labels") == [("not_distracted", 0)]
    engine.writer.flush()  # type: ignore[union-attr]
    titles = [r[0] for r in db_rows(db, "SELECT title FROM window_spans ORDER BY start")]
    assert titles[:2] == ["report.md", "news"]
    kinds = {r[0] for r in db_rows(db, "SELECT kind FROM coach_events")}
    assert {"nudge_shown", "nudge_answered"} <= kinds


def test_pause_stops_recording_and_resume_starts_again(
    engine: Engine, backend: ScriptedBackend
) -> None:
    _until(lambda: engine.status().state is AppState.RECORDING)
    engine.pause_recording("15m")
    assert engine.status().state is AppState.PAUSED
    assert engine.observation().active is False
    time.sleep(0.3)
    engine.writer.flush()  # type: ignore[union-attr]
    db = engine.paths.database
    stop = db_rows(db, "SELECT max(stop) FROM window_spans")[0][0]
    backend.window = WindowInfo("chat", "secret")
    time.sleep(0.5)
    engine.writer.flush()  # type: ignore[union-attr]
    assert db_rows(db, "SELECT max(stop) FROM window_spans")[0][0] == stop
    assert "secret" not in {r[0] for r in db_rows(db, "SELECT title FROM window_spans")}
    engine.resume_recording()
    _until(
        lambda: (
            engine.writer.flush() and ("secret",) in db_rows(db, "SELECT title FROM window_spans")
        )
    )  # type: ignore[union-attr]


def test_a_focus_block_started_by_hand_is_stored_and_announced(engine: Engine) -> None:
    events: list[CoachEvent] = []
    engine.subscribe(events.append)
    task = engine.write(
        lambda db: __import__("focuscoach.core.planning.storage", fromlist=["x"]).add_task(
            db, Task(None, "Write report", created=time.time())
        )
    )
    engine.start_focus_block(25, task.id)
    status = engine.status()
    assert status.state is AppState.FOCUS and status.block_title == "Write report"
    assert any(isinstance(e, BlockStarted) and e.task_id == task.id for e in events)
    assert db_rows(engine.paths.database, "SELECT kind, task_id FROM plan_blocks") == [
        ("focus", task.id)
    ]
    engine.stop_focus_block()
    assert engine.status().state is AppState.RECORDING


def test_a_failing_write_changes_nothing_and_recording_goes_on(engine: Engine) -> None:
    def bad(db: object) -> None:
        db.execute("INSERT INTO mood_entries (at, mood) VALUES (1, 3)")  # type: ignore[attr-defined]
        raise ValueError("nope")

    with pytest.raises(ValueError, match="nope"):
        engine.write(bad)
    assert db_rows(engine.paths.database, "SELECT count(*) FROM mood_entries") == [(0,)]
    with pytest.raises(ValueError, match="mood"):
        engine.log_mood(9, None)
    entry = engine.log_mood(4, 2, " fine ")
    assert (entry.mood, entry.energy, entry.note) == (4, 2, "fine")
    assert engine.writer is not None and engine.writer.failed is None


def test_the_recorder_lock_keeps_out_a_second_recorder(tmp_path: Path) -> None:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    held = LockFile(paths.data_dir / "recorder.lock")
    assert held.acquire()
    try:
        engine = Engine(
            paths, config.Settings(), backend_factory=lambda: (None, None), input_monitor=False
        )
        with pytest.raises(RecorderBusy, match="already running"):
            engine.start()
    finally:
        held.release()


def _block(h0: int, m0: int, h1: int, m1: int, kind: BlockKind) -> PlanBlock:
    day = date(2026, 4, 14)
    start = datetime(day.year, day.month, day.day, h0, m0, tzinfo=TZ)
    end = datetime(day.year, day.month, day.day, h1, m1, tzinfo=TZ)
    return PlanBlock(start, end, kind, None, kind.value)


def test_with_focus_block_cuts_planned_work_and_keeps_meetings() -> None:
    plan = Plan(
        date(2026, 4, 14),
        (
            _block(9, 0, 9, 50, BlockKind.FOCUS),
            _block(9, 50, 10, 0, BlockKind.BREAK),
            _block(10, 0, 10, 30, BlockKind.MEETING),
            _block(10, 30, 11, 20, BlockKind.FOCUS),
        ),
    )
    start = datetime(2026, 4, 14, 9, 30, tzinfo=TZ)
    task = Task(7, "Taxes")
    new = with_focus_block(plan, plan.date, start, 50, task)
    kinds = [(b.kind, b.start.strftime("%H:%M"), b.end.strftime("%H:%M")) for b in new.blocks]
    assert kinds == [
        (BlockKind.FOCUS, "09:00", "09:30"),
        (BlockKind.FOCUS, "09:30", "10:20"),
        (BlockKind.MEETING, "10:00", "10:30"),
        (BlockKind.FOCUS, "10:30", "11:20"),
    ]
    assert new.blocks[1].task_id == 7 and new.blocks[1].title == "Taxes"
    ended = end_focus_block(new, start + timedelta(minutes=10))
    assert ended.blocks[1].end == start + timedelta(minutes=10)


def test_focused_seconds_counts_only_what_has_passed() -> None:
    block = _block(9, 0, 10, 0, BlockKind.FOCUS)
    plan = Plan(date(2026, 4, 14), (block, _block(10, 0, 10, 10, BlockKind.BREAK)))
    assert focused_seconds(plan, block.start.timestamp() + 600) == 600
    assert focused_seconds(plan, block.end.timestamp() + 9999) == 3600
    assert focused_seconds(None, 0) == 0


def test_pause_end() -> None:
    now = datetime(2026, 4, 14, 22, 0, tzinfo=TZ).timestamp()
    assert pause_end("15m", now, TZ) == now + 900
    assert pause_end("1h", now, TZ) == now + 3600
    assert datetime.fromtimestamp(pause_end("tomorrow", now, TZ), UTC).astimezone(TZ) == datetime(
        2026, 4, 15, 6, 0, tzinfo=TZ
    )
    with pytest.raises(ValueError, match="unknown pause"):
        pause_end("forever", now, TZ)
