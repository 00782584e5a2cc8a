"""Statistics of a hand-built week in Berlin whose answers are worked out by hand.

Week 2026-W13 runs from Monday 23 March to Sunday 29 March 2026; on that Sunday clocks go
from 02:00 to 03:00 (CET to CEST), so the Sunday has 23 hours.
"""

from __future__ import annotations

import sqlite3
import statistics
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core.categories import default_categorizer
from focuscoach.core.reports.summary import WeeklyReport, build_report, headlines, tables
from focuscoach.core.reports.week import Week
from focuscoach.core.store.database import connect, open_database
from focuscoach.core.store.schema import migrate

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week(2026, 13)
MIN = 60.0
HOUR = 3600.0


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> float:
    """Local Berlin wall time on March `day`, 2026."""
    return datetime(2026, 3, day, hour, minute, second, tzinfo=BERLIN).timestamp()


WINDOWS = [
    # Monday 23: a morning in the editor with half an hour away from the keyboard.
    (at(23, 9), at(23, 12), "code", "main.py — parser"),
    (at(23, 12), at(23, 12, 20), "Slack", "#general"),
    (at(23, 12, 20), at(23, 12, 30), "code", "main.py — parser"),
    # After lunch: one YouTube episode with a 40 s glance at the editor inside it.
    (at(23, 13), at(23, 13, 10), "firefox", "Cats - YouTube — Mozilla Firefox"),
    (at(23, 13, 10), at(23, 13, 10, 40), "code", "main.py — parser"),
    (at(23, 13, 10, 40), at(23, 13, 15), "firefox", "Cats - YouTube — Mozilla Firefox"),
    # 20 s of Reddit: distraction time, but too short to be an episode.
    (at(23, 14), at(23, 14, 0, 20), "firefox", "r/python - Reddit"),
    (at(23, 14, 0, 20), at(23, 15), "code", "notes.py — <script>alert(1)</script>"),
    # Tuesday 24: an hour of chat. Wednesday 25: nothing at all.
    (at(24, 10), at(24, 11), "Slack", "#team"),
    # Thursday 26 to Friday 27: work across midnight.
    (at(26, 23, 30), at(27, 0, 30), "code", "other.py"),
    # Sunday 29: 01:30 CET to 03:30 CEST is one real hour.
    (at(29, 1, 30), at(29, 3, 30), "code", "other.py"),
    # The week before: one hour on Monday 16 March.
    (at(16, 9), at(16, 10), "code", "main.py — parser"),
]
AFK = [
    (at(23, 9), at(23, 10), 0),
    (at(23, 10), at(23, 10, 30), 1),
    (at(23, 10, 30), at(23, 12), 0),
]
MOODS = [  # (at, mood, energy)
    (at(23, 17), 4, 3),
    (at(24, 17), 2, 2),
    (at(27, 17), 3, 4),
    (at(29, 17), 5, None),
]


def build_db(path: Path) -> None:
    db = open_database(path)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO window_spans (start, stop, app, title) VALUES (?,?,?,?)", WINDOWS)
    conn.executemany("INSERT INTO afk_spans (start, stop, afk) VALUES (?,?,?)", AFK)
    conn.executemany("INSERT INTO mood_entries (at, mood, energy) VALUES (?,?,?)", MOODS)
    conn.executemany(
        "INSERT INTO tasks (id, title, priority, estimate_min, status, created, done_at,"
        " app_pattern, title_pattern) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (1, "Write the parser", 1, 150, "open", at(20, 9), None, None, "main\\.py"),
            (2, "Release notes", 2, None, "done", at(20, 9), at(23, 16), None, None),
            (3, "Old task", 3, None, "done", at(20, 9), at(10, 9), None, None),
        ],
    )
    conn.execute("INSERT INTO plans (date, accepted_at) VALUES ('2026-03-23', ?)", (at(23, 8),))
    conn.executemany(
        'INSERT INTO plan_blocks (date, start, "end", kind, task_id, title) VALUES (?,?,?,?,?,?)',
        [
            ("2026-03-23", at(23, 9), at(23, 11), "focus", 1, "Write the parser"),
            ("2026-03-23", at(23, 11), at(23, 11, 10), "break", None, ""),
            ("2026-03-23", at(23, 14), at(23, 15), "focus", 2, "Release notes"),
        ],
    )
    events = [
        (at(23, 10, 5), "break_started"),
        (at(23, 11, 5), "break_started"),
        (at(24, 10, 30), "break_away"),
        (at(23, 12, 5), "break_postponed"),
        (at(23, 14, 30), "break_skipped"),
        (at(23, 14, 31), "break_due"),  # not a break taken: ignored
        (at(23, 13, 5), "nudge_shown"),
        (at(23, 13, 12), "nudge_shown"),
        (at(24, 10, 40), "nudge_shown"),
        (at(16, 9, 30), "break_skipped"),  # the week before
    ]
    conn.executemany("INSERT INTO coach_events (at, kind) VALUES (?, ?)", events)
    conn.executemany(
        "INSERT INTO nudge_labels (at, answered_at, answer, distracted) VALUES (?,?,?,?)",
        [
            (at(23, 13, 5), at(23, 13, 6), "back_to_task", 1),
            (at(24, 10, 40), at(24, 10, 41), "not_distracted", 0),
        ],
    )
    conn.executemany(
        "INSERT INTO predictions (at, probability) VALUES (?, ?)",
        [(at(23, 13, 5), 0.9), (at(23, 13, 6), 0.2), (at(24, 10, 40), 0.75)],
    )
    conn.execute("COMMIT")
    db.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> WeeklyReport:
    path = tmp_path_factory.mktemp("week") / "focuscoach.db"
    build_db(path)
    conn = connect(path, readonly=True)
    try:
        return build_report(conn, WEEK, BERLIN, default_categorizer(), now=at(30, 9))
    finally:
        conn.close()


def test_week_bounds_follow_the_daylight_saving_change() -> None:
    start, end = WEEK.bounds(BERLIN)
    assert start == at(23, 0)
    assert end - start == 7 * 24 * HOUR - HOUR
    days = WEEK.day_bounds(BERLIN)
    assert [round((b - a) / HOUR) for a, b in days] == [24, 24, 24, 24, 24, 24, 23]


def test_monday_with_an_afk_stretch(report: WeeklyReport) -> None:
    monday = report.current.days[0]
    # Editor 9-12 minus 30 min away (150), Slack 20, editor 10 + 0:40 + 59:40,
    # YouTube 10 + 4:20, Reddit 0:20.
    assert monday.active_s == pytest.approx(255 * MIN)
    assert monday.focus_s == pytest.approx((150 + 10) * MIN + 40 + 59 * MIN + 40)
    assert monday.other_s == pytest.approx(20 * MIN)
    assert monday.distraction_s == pytest.approx(14 * MIN + 40)
    assert monday.episodes == 1  # the YouTube run; the 20 s of Reddit is too short
    assert monday.longest_stretch_s == pytest.approx(90 * MIN)  # 10:30-12:00, after the AFK
    # Switches: to Slack, back to code, code inside YouTube, back to YouTube, Reddit -> code.
    # Returns after half an hour of nothing are not switches.
    assert monday.switches == 5
    assert monday.fragmentation == pytest.approx(5 / (255 / 60))


def test_score_follows_its_documented_formula(report: WeeklyReport) -> None:
    monday = report.current.days[0]
    focus = (160 + 2 / 3 + 59 + 2 / 3) * MIN
    deep = (60 + 90 + 59 + 2 / 3) * MIN  # stretches of at least 25 min
    expected = 50 * focus / (255 * MIN) + 30 * deep / focus + 20 * (1 - (5 / (255 / 60)) / 120)
    assert monday.score == pytest.approx(expected)
    score = report.current.score
    assert score is not None and 0 <= score <= 100
    assert report.current.days[2].score is None  # an empty day has no score


def test_empty_day_and_days_across_midnight_and_dst(report: WeeklyReport) -> None:
    days = report.current.days
    tuesday, wednesday, thursday, friday, saturday, sunday = days[1:]
    assert tuesday.active_s == pytest.approx(HOUR) and tuesday.focus_s == 0
    assert wednesday.active_s == 0 and wednesday.episodes == 0
    assert wednesday.longest_stretch_s == 0 and wednesday.fragmentation is None
    assert thursday.focus_s == pytest.approx(30 * MIN)
    assert friday.focus_s == pytest.approx(30 * MIN)
    assert saturday.active_s == 0
    # 01:30 to 03:30 on the clock, one real hour: 30 min in hour 1, none in the skipped hour
    # 2, 30 min in hour 3.
    assert sunday.focus_s == pytest.approx(HOUR)
    assert sunday.longest_stretch_s == pytest.approx(HOUR)
    row = report.current.heatmap[6]
    assert row[1] == pytest.approx(30 * MIN) and row[2] == 0 and row[3] == pytest.approx(30 * MIN)
    assert sum(map(sum, report.current.heatmap)) == pytest.approx(report.current.focus_s)


def test_heatmap_places_monday_morning(report: WeeklyReport) -> None:
    row = report.current.heatmap[0]
    assert row[9] == pytest.approx(HOUR)
    assert row[10] == pytest.approx(30 * MIN)  # away 10:00-10:30
    assert row[13] == pytest.approx(40)


def test_week_totals_categories_apps_and_titles(report: WeeklyReport) -> None:
    week = report.current
    assert week.active_s == pytest.approx(255 * MIN + HOUR + HOUR + HOUR)
    assert week.longest_stretch_s == pytest.approx(90 * MIN)
    categories = dict(week.categories)
    assert categories["Work › Programming"] == pytest.approx(week.focus_s)
    assert categories["Communication › Chat"] == pytest.approx(80 * MIN)
    assert categories["Distracting › Video"] == pytest.approx(14 * MIN + 20)
    assert categories["Distracting › Social"] == pytest.approx(20)
    assert week.apps[0][0] == "code"
    assert week.titles[0][:2] == ("code", "main.py — parser")


def test_mood_energy_and_their_correlation(report: WeeklyReport) -> None:
    days = report.current.days
    assert [d.mood for d in days] == [4, 2, None, None, 3, None, 5]
    assert [d.energy for d in days] == [3, 2, None, None, 4, None, None]
    focus_hours = [days[i].focus_s / HOUR for i in (0, 1, 4, 6)]
    expected = statistics.correlation([4, 2, 3, 5], focus_hours)
    assert report.current.mood_focus.n == 4
    assert report.current.mood_focus.r == pytest.approx(expected)
    assert report.current.energy_focus.n == 3
    energy_hours = [days[i].focus_s / HOUR for i in (0, 1, 4)]
    assert report.current.energy_focus.r == pytest.approx(
        statistics.correlation([3, 2, 4], energy_hours)
    )


def test_tasks_planned_against_actual(report: WeeklyReport) -> None:
    tasks = {t.id: t for t in report.current.tasks or []}
    assert set(tasks) == {1, 2}  # the task finished weeks ago is not this week's
    parser = tasks[1]
    assert parser.planned_s == pytest.approx(2 * HOUR)
    # Every active second in a window whose title matches main.py, wherever it was planned.
    assert parser.actual_s == pytest.approx((150 + 10) * MIN + 40)
    assert parser.estimate_s == 150 * MIN
    notes = tasks[2]  # no patterns: focused time inside its own block, 14:00-15:00
    assert notes.planned_s == pytest.approx(HOUR)
    assert notes.actual_s == pytest.approx(59 * MIN + 40)
    assert notes.done


def test_breaks_nudges_and_false_alarms(report: WeeklyReport) -> None:
    week = report.current
    assert week.breaks is not None and week.nudges is not None
    assert (week.breaks.taken, week.breaks.postponed, week.breaks.skipped) == (3, 1, 1)
    assert (week.nudges.shown, week.nudges.answered, week.nudges.not_distracted) == (3, 2, 1)
    assert week.nudges.false_alarm_rate == pytest.approx(0.5)
    assert (week.predictions, week.alerts) == (3, 2)


def test_comparison_with_the_week_before(report: WeeklyReport) -> None:
    before = report.previous
    assert before.week == Week(2026, 12)
    assert before.focus_s == pytest.approx(HOUR)
    assert before.breaks is not None and before.breaks.skipped == 1
    assert before.nudges is None and before.tasks is not None
    rows = {h.label: h for h in headlines(report)}
    focused = rows["Focused time"]
    assert focused.previous == pytest.approx(HOUR)
    assert focused.change.startswith("▲") and focused.verdict == "better"
    assert rows["Breaks skipped"].change == "same"
    assert rows["Nudge false-alarm rate"].previous is None


def test_a_week_in_progress_is_compared_with_the_same_days_before(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    build_db(path)
    conn = connect(path, readonly=True)
    try:
        # Monday 23 March, 09:30: half an hour of week 13, against Monday 16 to 09:30.
        report = build_report(conn, WEEK, BERLIN, now=at(23, 9, 30))
        over = build_report(conn, WEEK, BERLIN, now=at(30, 9))
    finally:
        conn.close()
    assert report.so_far and report.days_begun == 1 and not over.so_far
    assert report.current.focus_s == pytest.approx(30 * MIN)
    assert report.previous.focus_s == pytest.approx(30 * MIN)
    assert report.previous.breaks is None  # its one skip came at 09:30, not before
    focused = {h.label: h for h in headlines(report)}["Focused time"]
    assert focused.change == "same" and focused.verdict == ""
    [compare, days, *_] = tables(report)
    assert "so far" in compare.title and "same days" in compare.title
    assert compare.headers[1:3] == ("2026-W13 so far", "2026-W12 same days")
    assert days.rows[0][1] == "30 min"
    assert all(set(row[1:]) == {"–"} for row in days.rows[1:])  # days still to come
    assert "so far" not in tables(over)[0].title
    assert all("–" not in row[1:4] for row in tables(over)[1].rows)
    assert report.first_week == over.first_week == Week(2026, 12)
    assert build_report(None, WEEK, BERLIN).first_week is None


def test_empty_week_is_a_friendly_empty_state(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    build_db(path)
    conn = connect(path, readonly=True)
    report = build_report(conn, Week(2026, 30), BERLIN)
    conn.close()
    assert report.empty
    assert report.current.score is None and not report.current.tasks
    assert all(d.active_s == 0 for d in report.current.days)
    nothing = build_report(None, WEEK, BERLIN)
    assert nothing.empty and nothing.previous.empty


def test_sources_that_do_not_exist_yet_read_as_no_data(tmp_path: Path) -> None:
    # A database from before the coaching tables (schema 3): windows, but no moods, tasks...
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.executemany("INSERT INTO window_spans (start, stop, app, title) VALUES (?,?,?,?)", WINDOWS)
    conn.close()
    ro = connect(path, readonly=True)
    report = build_report(ro, WEEK, BERLIN)
    ro.close()
    assert report.current.active_s == pytest.approx(255 * MIN + 3 * HOUR + 30 * MIN)
    week = report.current
    assert week.tasks is None and week.breaks is None and week.nudges is None
    assert not week.has_mood and week.mood_focus.r is None and week.predictions is None


@pytest.mark.parametrize(
    "table", ["window_spans", "afk_spans", "mood_entries", "coach_events", "nudge_labels"]
)
def test_week_queries_use_index_ranges(tmp_path: Path, table: str) -> None:
    from focuscoach.core.store.week import span_overlap_sql

    path = tmp_path / "plan.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    if table.endswith("_spans"):
        sql = span_overlap_sql(table, "start, stop")
        params: dict[str, float] = {"a": 1.0, "b": 2.0, "cover": 3.0}
    else:
        sql = f"SELECT * FROM {table} WHERE at >= :a AND at < :b"
        params = {"a": 1.0, "b": 2.0}
    plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    conn.close()
    assert "SEARCH" in plan and f"SCAN {table}" not in plan, plan
