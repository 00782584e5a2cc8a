"""Persistence of tasks, moods, plans, the coach log and labels on a real SQLite file
(core/store/tasks.py, journal.py, state.py, plans.py; plans through planning.service)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from focuscoach.core.planning.calendar import BusyInterval
from focuscoach.core.planning.planner import plan_day
from focuscoach.core.planning.service import load_plan, save_plan
from focuscoach.core.records import MoodEntry, NudgeLabel, Task, TaskStatus
from focuscoach.core.store import journal, state
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.schema import migrate

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "focuscoach.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = sqlite_utils.Database(db_path)
    migrate(database.conn)
    yield database
    database.close()


def reopen(path: Path) -> sqlite_utils.Database:
    """A second connection sees only what was committed."""
    return sqlite_utils.Database(sqlite3.connect(path))


def test_tables_are_created_idempotently(db: sqlite_utils.Database) -> None:
    migrate(db.conn)
    assert {
        "tasks",
        "mood_entries",
        "plans",
        "plan_blocks",
        "coach_events",
        "nudge_labels",
        "coach_state",
    } <= set(db.table_names())


def test_task_lifecycle(db: sqlite_utils.Database, db_path: Path) -> None:
    a = task_store.add_task(db, Task(None, "Write report", priority=2, estimate=90, created=10.0))
    b = task_store.add_task(
        db,
        Task(None, "Review PR", priority=1, due=date(2026, 3, 4), created=20.0, title_pattern="PR"),
    )
    c = task_store.add_task(
        db, Task(None, "Inbox zero", priority=2, due=date(2026, 3, 3), created=30.0)
    )
    assert a.id is not None and b.id is not None and c.id is not None
    assert task_store.get_task(db, b.id) == b
    assert b.title_pattern == "PR" and b.status is TaskStatus.OPEN
    # Planning order: priority, then due date (undated last).
    assert [t.title for t in task_store.list_tasks(db)] == [
        "Review PR",
        "Inbox zero",
        "Write report",
    ]

    done = task_store.set_task_done(db, b.id, at=100.0)
    assert done.status is TaskStatus.DONE and done.done_at == 100.0
    assert [t.id for t in task_store.list_tasks(db)] == [c.id, a.id]
    assert [t.id for t in task_store.list_tasks(db, include_done=True)] == [c.id, a.id, b.id]

    edited = task_store.update_task(db, a.id, title="Write the report", estimate=None, priority=1)
    assert (edited.title, edited.estimate, edited.priority, edited.created) == (
        "Write the report",
        None,
        1,
        10.0,
    )
    reopened = task_store.set_task_done(db, b.id, at=200.0, done=False)
    assert reopened.status is TaskStatus.OPEN and reopened.done_at is None

    task_store.delete_task(db, c.id)
    with pytest.raises(KeyError, match=f"no task with id {c.id}"):
        task_store.get_task(db, c.id)

    other = reopen(db_path)
    assert [t.title for t in task_store.list_tasks(other)] == ["Review PR", "Write the report"]
    other.close()


def test_task_errors_change_nothing(db: sqlite_utils.Database) -> None:
    t = task_store.add_task(db, Task(None, "Keep me", priority=2))
    assert t.id is not None
    with pytest.raises(ValueError, match="priority must be from 1"):
        task_store.update_task(db, t.id, priority=7)
    with pytest.raises(ValueError, match="invalid app pattern"):
        task_store.update_task(db, t.id, app_pattern="[")
    with pytest.raises(KeyError):
        task_store.update_task(db, 999, title="x")
    with pytest.raises(KeyError):
        task_store.set_task_done(db, 999, at=1.0)
    with pytest.raises(KeyError):
        task_store.delete_task(db, 999)
    assert task_store.get_task(db, t.id) == t


def test_mood_entries(db: sqlite_utils.Database) -> None:
    assert journal.latest_mood(db) is None
    first = journal.add_mood(db, MoodEntry(at=100.0, mood=4, energy=3, note="fine"))
    journal.add_mood(db, MoodEntry(at=300.0, mood=2))
    journal.add_mood(db, MoodEntry(at=200.0, mood=3, energy=5))
    assert first.id is not None
    assert [m.at for m in journal.list_moods(db)] == [100.0, 200.0, 300.0]
    assert [m.mood for m in journal.list_moods(db, since=150.0, until=300.0)] == [3]
    latest = journal.latest_mood(db)
    assert latest is not None and (latest.mood, latest.energy) == (2, None)
    earlier = journal.latest_mood(db, before=250.0)
    assert earlier is not None and earlier.at == 200.0
    assert journal.list_moods(db)[0].note == "fine"


def test_plan_round_trip_and_replace(db: sqlite_utils.Database, db_path: Path) -> None:
    day = date(2026, 3, 29)  # the DST day: offsets change inside the plan
    tasks = [Task(1, "Deep work", estimate=200)]
    busy = [
        BusyInterval(
            datetime(2026, 3, 29, 10, tzinfo=BERLIN),
            datetime(2026, 3, 29, 10, 30, tzinfo=BERLIN),
            "Call",
        )
    ]
    now = datetime(2026, 3, 29, 1, tzinfo=BERLIN)
    plan = plan_day(tasks, busy, day=day, now=now, tz=BERLIN)
    assert load_plan(db, day, BERLIN) is None
    save_plan(db, plan, accepted_at=123.0)
    other = reopen(db_path)
    loaded = load_plan(other, day, BERLIN)
    other.close()
    assert loaded is not None
    assert loaded.to_json_dict() == plan.to_json_dict()

    shorter = plan_day([Task(1, "Deep work", estimate=30)], [], day=day, now=now, tz=BERLIN)
    save_plan(db, shorter, accepted_at=456.0)
    again = load_plan(db, day, BERLIN)
    assert again is not None and again.to_json_dict() == shorter.to_json_dict()
    assert load_plan(db, date(2026, 3, 30), BERLIN) is None


def test_plan_with_unscheduled_tasks(db: sqlite_utils.Database) -> None:
    day = date(2026, 3, 3)
    tasks = [Task(1, "Huge", estimate=1000), Task(2, "Later", estimate=60, priority=4)]
    plan = plan_day(tasks, [], day=day, now=datetime(2026, 3, 3, 8, tzinfo=BERLIN), tz=BERLIN)
    save_plan(db, plan, accepted_at=1.0)
    loaded = load_plan(db, day, BERLIN)
    assert loaded is not None and loaded.unscheduled == (1, 2)


def test_coach_events_log(db: sqlite_utils.Database) -> None:
    journal.record_coach_event(db, 10.0, "break_skipped", {"break_kind": "micro", "skips_today": 1})
    journal.record_coach_event(db, 5.0, "nudge_shown", {"probability": 0.9})
    journal.record_coach_event(db, 20.0, "checkin_skipped")
    assert [e.kind for e in journal.list_coach_events(db)] == [
        "nudge_shown",
        "break_skipped",
        "checkin_skipped",
    ]
    [skip] = journal.list_coach_events(db, kinds=["break_skipped"])
    assert skip.detail == {"break_kind": "micro", "skips_today": 1} and skip.at == 10.0
    assert [e.at for e in journal.list_coach_events(db, since=6.0, until=20.0)] == [10.0]


def test_nudge_labels(db: sqlite_utils.Database, db_path: Path) -> None:
    label = NudgeLabel(
        at=100.0,
        answered_at=104.0,
        answer="not_distracted",
        distracted=False,
        probability=0.81,
        explanation="rapid switching",
        task_id=3,
    )
    journal.record_nudge_label(db, label)
    other = reopen(db_path)
    assert journal.list_nudge_labels(other) == [label]
    other.close()


def test_coach_state_snapshot(db: sqlite_utils.Database) -> None:
    assert state.load_coach_state(db, "coach") is None
    state.save_coach_state(db, "coach", 10.0, {"a": 1})
    state.save_coach_state(db, "coach", 20.0, {"a": 2})
    assert state.load_coach_state(db, "coach") == (20.0, {"a": 2})


def test_check_constraints_guard_the_tables(db: sqlite_utils.Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO mood_entries (at, mood) VALUES (1, 9)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO tasks (title, priority, created) VALUES ('x', 0, 1)")


def test_build_plan_reads_tasks_mood_and_calendars(db: sqlite_utils.Database) -> None:
    from focuscoach.core.planning.calendar import CalendarError
    from focuscoach.core.planning.service import build_plan

    ics = Path(__file__).resolve().parent.parent / "data" / "ics"
    day = date(2026, 3, 2)  # Monday: standup 10:00, lunch 12:00, New York sync 15:00
    now = datetime(2026, 3, 2, 8, 0, tzinfo=BERLIN)
    urgent = task_store.add_task(db, Task(None, "Urgent fix", priority=1, estimate=60, due=day))
    task_store.add_task(db, Task(None, "Done already", estimate=60, status=TaskStatus.DONE))
    journal.add_mood(db, MoodEntry(at=now.timestamp() - 600, mood=2, energy=2))
    plan = build_plan(
        db,
        day=day,
        now=now,
        tz=BERLIN,
        ics_paths=[ics / "weekly_standup.ics", ics / "cancelled.ics", ics / "new_york_sync.ics"],
    )
    assert plan.low_energy  # low mood + a task due today: 25-minute blocks
    rows = [
        (b.start.strftime("%H:%M"), b.end.strftime("%H:%M"), b.kind.value, b.task_id)
        for b in plan.blocks
    ]
    assert rows == [
        ("09:00", "09:25", "focus", urgent.id),
        ("09:25", "09:40", "break", None),
        ("09:40", "10:00", "focus", urgent.id),
        ("10:00", "10:30", "meeting", None),
        ("10:30", "10:45", "focus", urgent.id),
        ("12:00", "12:45", "meeting", None),
        ("15:00", "16:00", "meeting", None),
    ]
    with pytest.raises(CalendarError, match=r"broken\.ics: broken calendar"):
        build_plan(db, day=day, now=now, tz=BERLIN, ics_paths=[ics / "broken.ics"])


def test_json_forms_for_the_cli(db: sqlite_utils.Database) -> None:
    t = task_store.add_task(
        db, Task(None, "Write", priority=2, estimate=45, due=date(2026, 3, 4), created=0.5)
    )
    t = task_store.set_task_done(db, t.id or 0, at=3600.0)
    assert t.to_json_dict() == {
        "id": t.id,
        "title": "Write",
        "notes": "",
        "priority": 2,
        "estimate": 45,
        "due": "2026-03-04",
        "status": "done",
        "created": "1970-01-01T00:00:00.500000Z",
        "done_at": "1970-01-01T01:00:00.000000Z",
        "app_pattern": None,
        "title_pattern": None,
    }
    m = journal.add_mood(db, MoodEntry(at=60.0, mood=4, note="ok"))
    assert m.to_json_dict() == {
        "id": m.id,
        "at": "1970-01-01T00:01:00.000000Z",
        "mood": 4,
        "energy": None,
        "note": "ok",
    }
