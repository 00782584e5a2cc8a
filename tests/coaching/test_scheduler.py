"""The APScheduler wiring for real (short intervals), and the rebuild after a restart."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from focuscoach.core.coaching.breaks import BreakSettings
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.events import (
    BlockEnded,
    BlockStarted,
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakStarted,
    CoachEvent,
    Resumed,
)
from focuscoach.core.coaching.quiet import QUIET_OFF
from focuscoach.core.coaching.scheduler import (
    STATE_KEY,
    CoachRunner,
    SqliteCoachPersistence,
    restore_coach,
)
from focuscoach.core.planning.calendar import BusyInterval
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.service import save_plan
from focuscoach.core.store import journal
from focuscoach.core.store import state as saved_state
from focuscoach.core.store.schema import migrate

from .fakes import EventLog, ScriptedScorer

BERLIN = ZoneInfo("Europe/Berlin")


class WaitingLog(EventLog):
    """An EventLog the test thread can wait on while the scheduler thread fills it."""

    def __init__(self) -> None:
        super().__init__()
        self._cond = threading.Condition()

    def __call__(self, event: CoachEvent) -> None:
        with self._cond:
            super().__call__(event)
            self._cond.notify_all()

    def wait_for(self, cls: type[CoachEvent], count: int = 1, timeout: float = 5.0) -> None:
        with self._cond:
            ok = self._cond.wait_for(lambda: len(self.of(cls)) >= count, timeout)
        assert ok, f"no {cls.__name__} within {timeout} s; got {self.kinds()}"


def focus_plan(start: float, end: float, day: date | None = None) -> Plan:
    s = datetime.fromtimestamp(start, UTC)
    e = datetime.fromtimestamp(end, UTC)
    block = PlanBlock(s, e, BlockKind.FOCUS, 1, "Write report")
    return Plan(day or s.date(), (block,))


@pytest.fixture
def runners() -> Iterator[list[CoachRunner]]:
    """Every runner a test starts is shut down, so no scheduler thread outlives it."""
    made: list[CoachRunner] = []
    yield made
    for runner in made:
        runner.shutdown()
        assert not runner.running


def test_block_edges_fire_from_their_own_jobs(runners: list[CoachRunner]) -> None:
    now = time.time()
    plan = focus_plan(now + 0.4, now + 0.9)
    coach = Coach(tz=UTC, plan=plan)
    log = WaitingLog()
    coach.subscribe(log)
    # A tick far in the future: only the date jobs can announce the block in time.
    runner = CoachRunner(coach, tick_s=600)
    runners.append(runner)
    assert runner.scheduled_block_times() == []
    runner.start()
    assert [t.timestamp() for t in runner.scheduled_block_times()] == [
        pytest.approx(now + 0.4),
        pytest.approx(now + 0.9),
    ]
    log.wait_for(BlockStarted)
    log.wait_for(BlockEnded)
    [started] = log.of(BlockStarted)
    [ended] = log.of(BlockEnded)
    assert now + 0.4 <= started.at < now + 0.9
    assert ended.at >= now + 0.9
    assert runner.scheduled_block_times() == []


def test_periodic_tick_drives_break_reminders(runners: list[CoachRunner]) -> None:
    settings = CoachSettings(
        breaks=BreakSettings(micro_interval_s=0.3, micro_duration_s=0.1, long_interval_s=60)
    )
    coach = Coach(settings, tz=UTC)
    log = WaitingLog()
    coach.subscribe(log)
    runner = CoachRunner(coach, observe=lambda: Observation(active=True), tick_s=0.05)
    runners.append(runner)
    runner.start()
    log.wait_for(BreakDue)
    runner.start_break()
    log.wait_for(BreakStarted)
    log.wait_for(BreakEnded)
    runner.shutdown()
    count = len(log.events)
    time.sleep(0.2)
    assert len(log.events) == count, "nothing runs after shutdown"


def test_wall_clock_jump_counts_as_away_not_as_work(runners: list[CoachRunner]) -> None:
    offset = [0.0]
    settings = CoachSettings(breaks=BreakSettings(micro_interval_s=30), max_gap_s=1.0)
    coach = Coach(settings, tz=UTC)
    log = WaitingLog()
    coach.subscribe(log)
    runner = CoachRunner(
        coach,
        observe=lambda: Observation(active=True),
        tick_s=0.05,
        clock=lambda: time.time() + offset[0],
    )
    runners.append(runner)
    runner.start()
    time.sleep(0.2)
    offset[0] = 3 * 3600.0  # the laptop "slept" three hours between two ticks
    log.wait_for(Resumed)
    time.sleep(0.2)
    [resumed] = log.of(Resumed)
    assert isinstance(resumed, Resumed) and resumed.gap_s == pytest.approx(3 * 3600, abs=5)
    assert log.of(BreakDue) == []  # three hours were not counted as active time
    assert coach.state.breaks.micro_active_s < 5


def test_set_plan_schedules_only_edges_still_ahead() -> None:
    now = 1_800_000_000.0
    runner = CoachRunner(Coach(tz=UTC), clock=lambda: now)
    runner.set_plan(focus_plan(now - 600, now + 600))
    assert [t.timestamp() for t in runner.scheduled_block_times()] == [now + 600]
    runner.set_plan(focus_plan(now + 60, now + 120))
    assert [t.timestamp() for t in runner.scheduled_block_times()] == [now + 60, now + 120]
    runner.set_plan(None)
    assert runner.scheduled_block_times() == []


def test_new_day_loads_its_plan() -> None:
    clock = [datetime(2026, 3, 3, 23, 59, 50, tzinfo=BERLIN).timestamp()]
    asked: list[date] = []
    tomorrow = focus_plan(clock[0] + 9 * 3600, clock[0] + 10 * 3600, date(2026, 3, 4))

    def loader(day: date) -> tuple[Plan | None, list[object]]:
        asked.append(day)
        return tomorrow, []

    coach = Coach(tz=BERLIN)
    runner = CoachRunner(coach, plan_loader=loader, clock=lambda: clock[0])  # type: ignore[arg-type]
    runner.tick()
    assert asked == []
    clock[0] += 15
    runner.tick()
    assert asked == [date(2026, 3, 4)] and coach.plan is tomorrow


# --- restart ---------------------------------------------------------------------------------


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def run_for(runner: CoachRunner, clock: Clock, seconds: float, step: float = 15.0) -> None:
    end = clock.now + seconds
    while clock.now + step <= end:
        clock.now += step
        runner.tick()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "focuscoach.sqlite"
    db = sqlite_utils.Database(path)
    migrate(db.conn)
    db.close()
    return path


def start_runner(
    path: Path, clock: Clock, scorer: ScriptedScorer | None = None
) -> tuple[CoachRunner, WaitingLog, Callable[[], None]]:
    db = sqlite_utils.Database(path)
    coach = restore_coach(db, tz=BERLIN, now=clock(), scorer=scorer, rng=random.Random(1))
    db.close()
    log = WaitingLog()
    coach.subscribe(log)
    persistence = SqliteCoachPersistence.open(path)
    runner = CoachRunner(coach, persistence=persistence, clock=clock)
    return runner, log, persistence.close


def test_restart_resumes_plan_timers_and_counts(db_path: Path) -> None:
    t0 = datetime(2026, 3, 3, 9, 0, tzinfo=BERLIN).timestamp()
    db = sqlite_utils.Database(db_path)
    plan = focus_plan(t0, t0 + 50 * 60, date(2026, 3, 3))
    save_plan(db, plan, accepted_at=t0 - 3600)
    db.close()
    clock = Clock(t0)
    work = Observation(active=True, app="libreoffice", title="report.odt")

    runner, log, close = start_runner(db_path, clock, ScriptedScorer(0.9))
    runner.push(work)
    assert log.kinds() == ["block_started"]
    run_for(runner, clock, 20 * 60)
    assert log.kinds()[-1] == "break_due"
    assert runner.skip_break()
    run_for(runner, clock, 2 * 60)  # the calm after an interruption (coaching.quiet)
    runner.push(Observation(active=True, app="firefox", title="news"))
    assert log.kinds()[-1] == "nudge_shown"
    label = runner.answer_nudge("not_distracted")
    assert label is not None and not label.distracted
    runner.push(work)
    run_for(runner, clock, 5 * 60)
    runner.shutdown()
    close()

    # A quick restart (30 s later): same block, same timers, same skip count.
    clock.now += 30
    runner, log, close = start_runner(db_path, clock)
    assert runner.coach.plan is not None
    assert [
        (b.start.timestamp(), b.end.timestamp(), b.task_id) for b in runner.coach.plan.blocks
    ] == [(t0, t0 + 50 * 60, 1)]
    assert runner.coach.skips_today == 1 and runner.coach.nudges_today == 1
    runner.tick()
    assert log.kinds() == []  # no second BlockStarted, nothing replayed
    # The micro timer continues: 20 min after the skip, not 20 min after the restart.
    run_for(runner, clock, 14 * 60)
    assert log.kinds() == ["break_due"]
    due = log.of(BreakDue)[0]
    skip_at = t0 + 20 * 60
    assert skip_at + 20 * 60 <= due.at <= skip_at + 20 * 60 + 60
    runner.shutdown()
    close()

    # Everything went to the store.
    db = sqlite_utils.Database(db_path)
    kinds = [e.kind for e in journal.list_coach_events(db)]
    assert kinds == [
        "block_started",
        "break_due",
        "break_skipped",
        "nudge_shown",
        "nudge_answered",
        "break_due",
    ]
    [stored] = journal.list_nudge_labels(db)
    assert stored == label
    saved = saved_state.load_coach_state(db, STATE_KEY)
    assert saved is not None and saved[0] == clock.now
    db.close()


def test_restart_after_a_long_downtime_resets_timers_not_counts(db_path: Path) -> None:
    t0 = datetime(2026, 3, 3, 9, 0, tzinfo=BERLIN).timestamp()
    clock = Clock(t0)
    runner, log, close = start_runner(db_path, clock)
    runner.push(Observation(active=True))
    run_for(runner, clock, 20 * 60)
    assert runner.skip_break()
    run_for(runner, clock, 19 * 60)
    runner.shutdown()
    close()

    clock.now += 2 * 3600
    runner, log, close = start_runner(db_path, clock)
    runner.tick()
    assert log.kinds() == ["resumed", "break_away"]
    assert runner.coach.skips_today == 1
    assert runner.coach.state.breaks.micro_active_s == 0
    run_for(runner, clock, 19 * 60)
    assert log.of(BreakDue) == []
    runner.shutdown()
    close()


def test_unusable_saved_state_starts_fresh(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = sqlite_utils.Database(db_path)
    saved_state.save_coach_state(db, STATE_KEY, 1.0, {"version": 999})
    with caplog.at_level(logging.WARNING, logger="focuscoach.coaching"):
        coach = restore_coach(db, tz=BERLIN, now=2.0)
    db.close()
    assert coach.state.last_at is None
    assert "fresh coach timers" in caplog.text


def test_a_failing_subscriber_does_not_stop_the_coach(caplog: pytest.LogCaptureFixture) -> None:
    coach = Coach(tz=UTC, plan=focus_plan(100.0, 200.0))
    log = EventLog()

    def broken(event: CoachEvent) -> None:
        raise RuntimeError("tray went away")

    coach.subscribe(broken)
    unsubscribe = coach.subscribe(log)
    with caplog.at_level(logging.ERROR, logger="focuscoach.coaching"):
        coach.observe(Observation(), 150.0)
    assert log.kinds() == ["block_started"]
    assert "subscriber failed" in caplog.text
    unsubscribe()
    coach.observe(Observation(), 250.0)
    assert log.kinds() == ["block_started"]


def test_coach_state_round_trips_through_json() -> None:
    import json

    from focuscoach.core.coaching.coach import CoachState

    coach = Coach(tz=UTC, plan=focus_plan(0.0, 3000.0), scorer=ScriptedScorer(0.9))
    for step in range(0, 1300, 10):
        coach.observe(Observation(app="a" if step < 600 else "b"), float(step))
    assert coach.postpone_break(1291.0)
    data = json.loads(json.dumps(coach.state.to_dict()))
    assert CoachState.from_dict(data) == coach.state
    assert timedelta(seconds=coach.state.breaks.micro_active_s) == timedelta(seconds=1290)


def test_calendar_meetings_hold_reminders_back_without_a_plan() -> None:
    t0 = datetime(2026, 3, 3, 9, 0, tzinfo=BERLIN)
    # The calendar alone: the quiet gate would hold the long break behind a check-in that
    # the unseeded coach may show between 09:45 and 09:50.
    coach = Coach(CoachSettings(quiet=QUIET_OFF), tz=BERLIN)
    coach.set_calendar(
        [
            BusyInterval(t0 + timedelta(minutes=15), t0 + timedelta(minutes=45), "Call"),
            BusyInterval(t0 - timedelta(hours=9), t0 + timedelta(hours=15), "Offsite", True),
        ]
    )
    log = EventLog()
    coach.subscribe(log)
    now = t0.timestamp()
    while now <= t0.timestamp() + 50 * 60:
        coach.observe(Observation(active=True), now)
        now += 15
    # Micro break due at 09:20, inside the call: shown when the call ends at 09:45.
    # The all-day offsite does not silence anything: the long break comes at 09:50.
    assert [(e.at - t0.timestamp(), e.break_kind) for e in log.of(BreakDue)] == [
        (45 * 60, BreakKind.MICRO),
        (50 * 60, BreakKind.LONG),
    ]
