"""Breaks taken, skipped and postponed, counted from the coach log that a real coach wrote.

The break screen's Skip and Postpone end a *running* break: the coach logs break_ended and
break_skipped (or break_postponed) at that instant (core/coaching/breaks.py). Such a break
was not taken; it counted once as taken and once as skipped before (Today and the weekly
review alike). "Back to work" ends a break early and keeps it taken (the rest counts).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from focuscoach.core.categories import default_categorizer
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.events import BreakKind
from focuscoach.core.coaching.scheduler import CoachRunner, SqliteCoachPersistence
from focuscoach.core.reports.break_log import count_breaks
from focuscoach.core.reports.summary import build_report
from focuscoach.core.reports.today import load_today
from focuscoach.core.reports.week import Week
from focuscoach.core.store.database import connect, open_database

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 3, 4)  # a Wednesday
WORK = Observation(active=True, app="code", title="report.tex")


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def _run(runner: CoachRunner, clock: Clock, seconds: float) -> None:
    end = clock.now + seconds
    while clock.now + 15 <= end:
        clock.now += 15
        runner.tick()


def _a_day_of_breaks(path: Path) -> float:
    """A real coach on a fake clock, logging into a real store: four breaks started on the
    break screen (one runs out, one ends with "Back to work", one is skipped, one postponed),
    one reminder skipped. Returns the clock at the end."""
    open_database(path).close()
    clock = Clock(datetime(2026, 3, 4, 9, 0, tzinfo=BERLIN).timestamp())
    persistence = SqliteCoachPersistence.open(path)
    runner = CoachRunner(Coach(CoachSettings(), tz=BERLIN), persistence=persistence, clock=clock)
    try:
        runner.push(WORK)
        runner.start_break(BreakKind.MICRO)  # runs out: taken
        _run(runner, clock, 5 * 60)
        runner.start_break(BreakKind.LONG)  # "Back to work" after a minute: taken
        _run(runner, clock, 60)
        assert runner.end_break()
        _run(runner, clock, 10 * 60)
        runner.start_break(BreakKind.LONG)  # Skip on the break screen: skipped, not taken
        _run(runner, clock, 30)
        assert runner.skip_running_break()
        _run(runner, clock, 10 * 60)
        runner.start_break(BreakKind.LONG)  # Postpone on the break screen: not taken
        _run(runner, clock, 30)
        assert runner.postpone_running_break()
        _run(runner, clock, 60)
        assert runner.inspect(lambda coach: coach.state.breaks.pending) is not None
        assert runner.skip_break()  # the postponed reminder, skipped
        _run(runner, clock, 60)
    finally:
        persistence.close()
    return clock.now


def test_a_break_skipped_on_the_break_screen_counts_as_skipped_not_taken(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    now = _a_day_of_breaks(path)
    db = open_database(path, readonly=True)
    try:
        kinds = [row["kind"] for row in db.query("SELECT kind FROM coach_events ORDER BY id")]
        today = load_today(db, DAY, now, BERLIN, default_categorizer())
    finally:
        db.close()
    assert kinds.count("break_started") == 4 and kinds.count("break_skipped") == 2
    breaks = today.breaks
    assert (breaks.taken, breaks.skipped, breaks.postponed) == (2, 2, 1)
    # The timeline still shows each break for the time it ran.
    assert [round(s.end - s.start) for s in today.break_spans] == [20, 60, 30, 30]


def test_the_weekly_review_counts_the_same_breaks(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    now = _a_day_of_breaks(path)
    conn = connect(path, readonly=True)
    try:
        report = build_report(conn, Week.containing(now, BERLIN), BERLIN, now=now)
    finally:
        conn.close()
    breaks = report.current.breaks
    assert breaks is not None
    assert (breaks.taken, breaks.skipped, breaks.postponed) == (2, 2, 1)


def test_counting_rules_on_log_rows() -> None:
    """(at, kind) rows as the store returns them: entries of one instant in any order."""
    rows = [
        (10.0, "break_started"),
        (40.0, "break_skipped"),  # logged just before its break_ended here: same instant
        (40.0, "break_ended"),
        (100.0, "break_started"),  # no break_ended (the app quit): taken
        (500.0, "break_skipped"),  # a reminder skipped later, not this break's end
        (600.0, "break_away"),
        (700.0, "break_started"),
        (720.0, "break_ended"),
        (720.0, "break_postponed"),
    ]
    assert count_breaks(rows) == (2, 2, 1)
    assert count_breaks([]) == (0, 0, 0)
