"""Today (core/reports/today.py) on fixed rows and a fake clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from focuscoach.core.categories import default_categorizer
from focuscoach.core.planning.tasks import Task, TaskStatus
from focuscoach.core.records import AfkSpan, CoachLogEntry, StoredBlock, StoredPlan, WindowSpan
from focuscoach.core.reports.today import compute_today, day_bounds
from tests.conftest import Cli

TZ = timezone(timedelta(hours=8))
DAY = date(2026, 4, 14)


def at(hour: int, minute: int = 0) -> float:
    return datetime(2026, 4, 14, hour, minute, tzinfo=TZ).timestamp()


TASKS = [
    Task(id=1, title="Write report", app_pattern="^code$", created=at(7)),
    Task(id=2, title="Read paper", created=at(7)),  # no patterns
    Task(id=3, title="Old thing", status=TaskStatus.DONE, done_at=at(7), created=at(6)),
    Task(id=4, title="Someday", created=at(7)),
]
PLAN = StoredPlan(
    date=DAY,
    accepted_at=at(8),
    blocks=(
        StoredBlock(at(9), at(10), "focus", 1, "Write report"),
        StoredBlock(at(10), at(10, 10), "break", None, "Break"),
        StoredBlock(at(10, 10), at(11), "focus", 2, "Read paper"),
        StoredBlock(at(11), at(11, 30), "meeting", None, "Standup"),
        StoredBlock(at(13), at(14), "focus", 1, "Write report"),
    ),
)
WINDOWS = [
    WindowSpan(at(9), at(9, 40), "code", "report.tex"),
    WindowSpan(at(9, 40), at(9, 50), "firefox", "YouTube - cats"),
    WindowSpan(at(9, 50), at(10), "code", "report.tex"),
    WindowSpan(at(10, 10), at(10, 30), "Slack", "general"),  # Communication: not focused
    WindowSpan(at(10, 30), at(10, 45), "vim", "notes"),  # Work › Programming
    WindowSpan(at(10, 45), at(10, 50), "firefox", "Reddit"),
]
COACH = [
    CoachLogEntry(at(10, 0), "break_started", {"break_kind": "long", "until": at(10, 10)}),
    CoachLogEntry(at(10, 5), "break_ended", {"break_kind": "long"}),
    CoachLogEntry(at(10, 20), "break_skipped", {"break_kind": "micro", "skips_today": 1}),
    CoachLogEntry(at(10, 40), "break_away", {"break_kind": "micro", "away_s": 60.0}),
    CoachLogEntry(at(10, 41), "break_postponed", {"break_kind": "micro", "until": 0}),
]


def today_at(now: float, **rows: object) -> object:
    data: dict[str, object] = {
        "windows": WINDOWS,
        "plan": PLAN,
        "tasks": TASKS,
        "coach": COACH,
    }
    data.update(rows)
    return compute_today(DAY, now, TZ, default_categorizer(), **data)  # type: ignore[arg-type]


def test_focused_time_against_the_plan_so_far() -> None:
    today = compute_today(
        DAY, at(10, 55), TZ, default_categorizer(), windows=WINDOWS, plan=PLAN, tasks=TASKS
    )
    # code 40 + 10 min, vim 15 min; YouTube and Reddit distract; Slack is other.
    assert today.focused_s == 65 * 60
    assert today.distraction_s == 15 * 60
    assert today.active_s == 100 * 60
    assert today.planned_focus_s == (60 + 50 + 60) * 60
    assert today.planned_so_far_s == (60 + 45) * 60
    assert today.has_plan


def test_current_and_next_block_with_time_left() -> None:
    today = compute_today(DAY, at(10, 55), TZ, default_categorizer(), plan=PLAN)
    assert today.current is not None and today.current.task_id == 2
    assert today.current.seconds == 5 * 60
    assert today.next is not None and today.next.kind == "meeting"
    assert today.next.title == "Standup" and today.next.seconds == 5 * 60
    evening = compute_today(DAY, at(18), TZ, default_categorizer(), plan=PLAN)
    assert evening.current is None and evening.next is None
    assert evening.planned_so_far_s == evening.planned_focus_s


def test_breaks_from_the_coach_log() -> None:
    today = compute_today(DAY, at(11), TZ, default_categorizer(), coach=COACH)
    assert (today.breaks.taken, today.breaks.skipped, today.breaks.postponed) == (2, 1, 1)
    spans = [(s.start, s.end, s.what) for s in today.break_spans]
    # The long break ended early; the away break ran for its minute before it was logged.
    assert spans == [(at(10), at(10, 5), "long"), (at(10, 39), at(10, 40), "micro")]
    # Nothing after `now` is read, even when it is in the log.
    early = compute_today(DAY, at(10, 3), TZ, default_categorizer(), coach=COACH)
    assert early.breaks.taken == 1
    assert [(s.start, s.end) for s in early.break_spans] == [(at(10), at(10, 3))]


def test_timeline_colours_windows_by_category_and_marks_blocks_and_away() -> None:
    windows = [
        WindowSpan(at(9), at(9, 10), "code", "a.py"),
        WindowSpan(at(9, 10), at(9, 20), "code", "b.py"),  # same category: one stretch
        WindowSpan(at(9, 20), at(9, 30), "firefox", "YouTube"),
    ]
    afk = [AfkSpan(at(9, 25), at(9, 40), True)]
    today = compute_today(
        DAY, at(12), TZ, default_categorizer(), windows=windows, afk=afk, plan=PLAN
    )
    assert [(s.start, s.end, s.what, s.label) for s in today.windows] == [
        (at(9), at(9, 20), "focus", "Work › Programming"),
        (at(9, 20), at(9, 25), "distraction", "Distracting › Video"),
    ]
    assert [(s.start, s.end) for s in today.away] == [(at(9, 25), at(9, 40))]
    assert [s.what for s in today.blocks] == ["focus", "break", "focus", "meeting", "focus"]
    assert today.distractions == [("Distracting › Video", 5 * 60.0)]


def test_top_distractions_by_time() -> None:
    today = today_at(at(12))
    assert today.distractions == [  # type: ignore[attr-defined]
        ("Distracting › Video", 10 * 60.0),
        ("Distracting › Social", 5 * 60.0),
    ]


def test_per_task_time_is_on_task_windows_during_its_blocks() -> None:
    extra = [*WINDOWS, WindowSpan(at(12), at(12, 30), "code", "report.tex")]  # outside blocks
    today = compute_today(
        DAY, at(13, 30), TZ, default_categorizer(), windows=extra, plan=PLAN, tasks=TASKS
    )
    rows = {t.id: t for t in today.tasks}
    # Task 1 (patterns: app code): 50 min in its 9:00 block, none at 12:00 (no block then),
    # and its 13:00 block has no windows yet.
    assert rows[1].spent_s == 50 * 60 and rows[1].planned_s == 120 * 60
    # Task 2 has no patterns: focused time during its block (vim, 15 min).
    assert rows[2].spent_s == 15 * 60 and rows[2].planned_s == 50 * 60
    assert rows[4].planned_s == 0 and rows[4].spent_s == 0
    assert 3 not in rows  # done, and not planned today
    assert [t.id for t in today.tasks][:2] == [1, 2]


def test_an_empty_day_and_a_future_now() -> None:
    empty = compute_today(DAY, at(6, 5), TZ, default_categorizer())
    assert (empty.focused_s, empty.planned_focus_s, empty.current, empty.next) == (
        0.0,
        0.0,
        None,
        None,
    )
    assert not empty.has_plan and empty.tasks == []
    before = compute_today(DAY, at(6, 5), TZ, default_categorizer(), windows=WINDOWS, plan=PLAN)
    assert before.focused_s == 0 and before.windows == []
    assert before.next is not None and before.next.seconds == (2 * 3600 + 55 * 60)


def test_json_fields_are_stable_and_local() -> None:
    today = compute_today(
        DAY,
        at(10, 55),
        TZ,
        default_categorizer(),
        windows=WINDOWS,
        plan=PLAN,
        tasks=TASKS,
        coach=COACH,
    )
    data = today.to_json(TZ)
    assert list(data) == [
        "date",
        "now",
        "has_plan",
        "focused_s",
        "planned_focus_s",
        "planned_so_far_s",
        "active_s",
        "distraction_s",
        "current_block",
        "next_block",
        "breaks",
        "timeline",
        "top_distractions",
        "tasks",
    ]
    assert data["date"] == "2026-04-14" and data["now"] == "2026-04-14T10:55:00+08:00"
    assert data["current_block"]["left_s"] == 300
    assert data["next_block"]["starts_in_s"] == 300
    assert data["timeline"]["blocks"][0] == {
        "start": "2026-04-14T09:00:00+08:00",
        "end": "2026-04-14T10:00:00+08:00",
        "kind": "focus",
        "title": "Write report",
    }
    assert data["breaks"] == {"taken": 2, "skipped": 1, "postponed": 1}


def test_day_bounds_follow_the_local_zone() -> None:
    start, end = day_bounds(DAY, TZ)
    assert start == at(0) and end - start == 86400


# --- `focuscoach today` against a real store -------------------------------------------------


def _local(hour: int, minute: int = 0) -> float:
    from focuscoach.core.timeutil import local_zone

    return datetime(2026, 4, 14, hour, minute, tzinfo=local_zone()).timestamp()


def _seed(home: Path) -> None:
    from focuscoach.core.store import history, journal, plans
    from focuscoach.core.store import tasks as task_store
    from focuscoach.core.store.database import open_database

    db = open_database(home / "focuscoach.db")
    try:
        task_store.add_task(
            db, Task(id=None, title="Write \x1b]0;report", app_pattern="^code$", created=_local(7))
        )
        plans.save_plan(
            db,
            StoredPlan(
                date=DAY,
                accepted_at=_local(8),
                blocks=(
                    StoredBlock(_local(9), _local(10), "focus", 1, "Write \x1b]0;report"),
                    StoredBlock(_local(11), _local(11, 30), "meeting", None, "Standup"),
                ),
            ),
        )
        with db.conn:
            history.insert_windows(
                db.conn,
                [
                    (_local(9), _local(9, 40), "code", "report.tex"),
                    (_local(9, 40), _local(9, 50), "firefox", "YouTube"),
                ],
            )
        journal.record_coach_event(
            db, _local(9, 50), "break_started", {"break_kind": "micro", "until": _local(9, 51)}
        )
    finally:
        db.close()


@pytest.fixture
def at_nine_fifty_five(monkeypatch: pytest.MonkeyPatch) -> None:
    from focuscoach.core.cli import today

    monkeypatch.setattr(today, "clock", lambda: _local(9, 55))


@pytest.mark.usefixtures("at_nine_fifty_five")
def test_cli_today_text(cli: Cli, home: Path) -> None:
    _seed(home)
    result = cli("today")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Today, Tue 2026-04-14 (as of 09:55)"
    assert lines[1] == "Focused: 40 min of 1 h 00 min planned (55 min planned so far)"
    assert lines[2] == "Now: focus 09:00-10:00 Write \\x1b]0;report, 5 min left"
    assert lines[3] == "Next: meeting 11:00-11:30 Standup, in 1 h 05 min"
    assert lines[4] == "Breaks: 1 taken, 0 skipped, 0 postponed"
    assert "  09:00  ########!!    40 / 10 /  0" in lines
    assert "  09:50-09:51  micro" in lines
    assert "        10 min  Distracting › Video" in lines
    assert "\x1b" not in result.out
    assert any(line.startswith("     1        40 min / 1 h 00 min") for line in lines)


@pytest.mark.usefixtures("at_nine_fifty_five")
def test_cli_today_json(cli: Cli, home: Path) -> None:
    _seed(home)
    data = cli("today", "--json").json()
    assert data["date"] == "2026-04-14"
    assert (data["focused_s"], data["planned_focus_s"], data["distraction_s"]) == (2400, 3600, 600)
    assert data["current_block"]["task_id"] == 1 and data["current_block"]["left_s"] == 300
    assert data["next_block"]["title"] == "Standup"
    assert data["breaks"]["taken"] == 1
    assert [w["category"] for w in data["timeline"]["windows"]] == [
        "Work › Programming",
        "Distracting › Video",
    ]
    assert data["tasks"] == [
        {"id": 1, "title": "Write \x1b]0;report", "planned_s": 3600, "spent_s": 2400, "done": False}
    ]
    assert data["top_distractions"] == [{"category": "Distracting › Video", "seconds": 600}]


@pytest.mark.usefixtures("at_nine_fifty_five")
def test_cli_today_on_an_empty_home_creates_nothing(cli: Cli, home: Path) -> None:
    result = cli("today")
    assert result.code == 0, result.err
    assert "Focused: 0 min (no plan accepted for this day)" in result.out
    assert not (home / "focuscoach.db").exists()
    assert cli("today", "--json").json()["tasks"] == []


@pytest.mark.usefixtures("at_nine_fifty_five")
def test_cli_today_refuses_bad_input_in_one_line(cli: Cli, home: Path) -> None:
    bad = cli("today", "--date", "someday")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    assert "invalid date" in bad.err and bad.out == ""
    far = cli("today", "--date", "2300-01-01")
    assert far.code == 2 and "outside" in far.err
    (home / "categories.json").write_text("{not json", encoding="utf-8")
    broken = cli("today")
    assert broken.code == 2 and "not valid JSON" in broken.err
    assert len(broken.err.strip().splitlines()) == 1
