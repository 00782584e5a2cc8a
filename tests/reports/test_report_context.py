"""Context in the review, Today and the daily summary (issue 12, "use it everywhere"): a video
judged close in meaning to a task of the day (core/categorize/task_context.py, stored in the
task_context table) is focus inside that task's blocks, as it is for the drift rule; outside
them, unjudged, or judged off-task, it stays a distraction. The judgements are written through the store, as the worker
writes them (the worker itself is tested in tests/categorize/test_task_context.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from focuscoach.core.categories import default_categorizer
from focuscoach.core.planning.tasks import Task
from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.reports.summary import build_report
from focuscoach.core.reports.today import load_today
from focuscoach.core.reports.week import Week
from focuscoach.core.store import context, history, plans
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import open_database
from focuscoach.core.timeutil import local_zone

TZ = local_zone()
DAY = date(2026, 4, 14)  # a Tuesday
TASK = "Write the asyncio scheduler"
CODE = ("code", "scheduler.py - focus - Visual Studio Code")
TUTORIAL = ("firefox", "Python asyncio tutorial - YouTube — Mozilla Firefox")
CATS = ("firefox", "Funny cat compilation - YouTube — Mozilla Firefox")


def _day(path: Path, evening: int = 0) -> tuple[Database, float]:
    """10 min of code, 10 of the tutorial, 5 of code, 10 of cats, 5 of code in a focus block;
    then `evening` minutes of the tutorial again, an hour after the block."""
    start = datetime(DAY.year, DAY.month, DAY.day, 9, 0, tzinfo=TZ).timestamp()
    db = open_database(path)
    rows, t = [], start
    for (app, title), minutes in [(CODE, 10), (TUTORIAL, 10), (CODE, 5), (CATS, 10), (CODE, 5)]:
        rows.append((t, t + minutes * 60.0, app, title))
        t += minutes * 60.0
    block_end = t
    if evening:
        rows.append((t + 3600, t + 3600 + evening * 60.0, *TUTORIAL))
        t += 3600 + evening * 60.0
    db.conn.execute("BEGIN")
    history.insert_windows(db.conn, rows)
    db.conn.execute("COMMIT")
    task = task_store.add_task(db, Task(None, TASK, created=start))
    block = StoredBlock(start, block_end, "focus", task.id, TASK)
    plans.save_plan(db, StoredPlan(DAY, start, (block,)))
    return db, t


def _judge(db: Database, on_task: bool) -> None:
    judged = [
        context.Judgement(TASK, *TUTORIAL, similarity=0.44, on_task=on_task),
        context.Judgement(TASK, *CATS, similarity=0.08, on_task=False),
    ]
    assert context.save_judgements(db.conn, judged, at=0.0) == 2


def _distraction_minutes(db: Database, now: float) -> tuple[float, float]:
    """(Today's distracting minutes, the week's) for the day."""
    rules = default_categorizer()
    today = load_today(db, DAY, now, TZ, rules)
    report = build_report(db.conn, Week.of(DAY), TZ, categorizer=rules, now=now + 86400 * 7)
    return sum(s for _n, s in today.distractions) / 60, report.current.distraction_s / 60


def test_a_tutorial_judged_on_task_is_focus_in_today_and_the_review(tmp_path: Path) -> None:
    db, end = _day(tmp_path / "focuscoach.db")
    try:
        before = _distraction_minutes(db, end)
        assert before == (20.0, 20.0)  # both videos, nothing judged yet
        _judge(db, on_task=True)
        assert _distraction_minutes(db, end) == (10.0, 10.0)  # the cats only
    finally:
        db.close()


def test_a_video_judged_off_task_stays_a_distraction(tmp_path: Path) -> None:
    db, end = _day(tmp_path / "focuscoach.db")
    try:
        _judge(db, on_task=False)
        assert _distraction_minutes(db, end) == (20.0, 20.0)
    finally:
        db.close()


def test_a_judgement_for_another_task_does_not_count(tmp_path: Path) -> None:
    db, end = _day(tmp_path / "focuscoach.db")
    try:
        other = context.Judgement("Learn Rust", *TUTORIAL, similarity=0.5, on_task=True)
        context.save_judgements(db.conn, [other], at=0.0)
        assert _distraction_minutes(db, end) == (20.0, 20.0)
    finally:
        db.close()


def test_a_tutorial_judged_on_task_is_focus_only_in_its_tasks_blocks(tmp_path: Path) -> None:
    """The same tutorial watched for 15 minutes in the evening, outside any block of the
    task, is a distraction there (as the drift rule, which asks about the block running)."""
    db, end = _day(tmp_path / "focuscoach.db", evening=15)
    try:
        assert _distraction_minutes(db, end) == (35.0, 35.0)
        _judge(db, on_task=True)
        assert _distraction_minutes(db, end) == (25.0, 25.0)  # the cats and the evening
    finally:
        db.close()


def test_context_splits_a_piece_at_its_tasks_block_edges() -> None:
    from focuscoach.core.reports.pieces import Kind, Piece, context_spans, in_context, task_blocks
    from focuscoach.core.store.week import PlanBlockRow

    blocks = [
        PlanBlockRow(100.0, 200.0, "focus", 1, "old title"),
        PlanBlockRow(200.0, 250.0, "break", None, ""),
        PlanBlockRow(300.0, 400.0, "focus", None, "Read"),
    ]
    named = task_blocks(blocks, {1: TASK})
    assert named == [(100.0, 200.0, TASK), (300.0, 400.0, "Read")]
    spans = context_spans({(TASK, *TUTORIAL), ("Other task", *CATS)}, named)
    assert spans == {TUTORIAL: [(100.0, 200.0)]}
    category = ("Distracting", "Video")
    video = Piece(50.0, 250.0, Kind.DISTRACTION, *TUTORIAL, category)
    cats = Piece(120.0, 130.0, Kind.DISTRACTION, *CATS, category)
    assert [(p.start, p.stop, p.kind) for p in in_context([video, cats], spans)] == [
        (50.0, 100.0, Kind.DISTRACTION),
        (100.0, 200.0, Kind.FOCUS),
        (200.0, 250.0, Kind.DISTRACTION),
        (120.0, 130.0, Kind.DISTRACTION),
    ]
