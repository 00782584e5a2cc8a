"""The worker that judges context for the live drift rule (core/categorize/task_context.py): on
real English and Chinese titles, for open tasks and the tasks of today's focus blocks, stored
once per pair, and gone with the window when its time range is forgotten."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from focuscoach.core.categories import default_categorizer
from focuscoach.core.categorize.encoder import UseEncoder
from focuscoach.core.categorize.task_context import pending, refresh
from focuscoach.core.planning.tasks import Task
from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.store import context, history, plans
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import open_database
from focuscoach.core.store.queries import forget_range

#: 2026-04-15 09:00 UTC.
T0 = 1_776_243_600.0
CODING = "Write the asyncio scheduler"
CHINESE = "学习 Python 异步编程"
TUTORIAL = ("firefox", "Python asyncio tutorial - YouTube")
CATS = ("firefox", "Funny cat compilation - YouTube")
ZH_TUTORIAL = ("Google-chrome", "Python asyncio 教程 第3集_哔哩哔哩_bilibili - Google Chrome")
ZH_CATS = ("Google-chrome", "【搞笑】猫咪合集_哔哩哔哩_bilibili - Google Chrome")
CODE = ("code", "scheduler.py - focus - Visual Studio Code")


def _store(path: Path) -> sqlite_utils.Database:
    db = open_database(path)
    windows = [CODE, TUTORIAL, CATS, ZH_TUTORIAL, ZH_CATS, CODE]
    db.conn.execute("BEGIN")
    history.insert_windows(
        db.conn,
        [(T0 + 300 * i, T0 + 300 * (i + 1), app, title) for i, (app, title) in enumerate(windows)],
    )
    db.conn.execute("COMMIT")
    task_store.add_task(db, Task(None, CODING, created=T0))
    # The Chinese task is not a task of the list: only a focus block of today's plan names it.
    day = datetime.fromtimestamp(T0, UTC).date()
    block = StoredBlock(T0, T0 + 3600, "focus", None, CHINESE)
    plans.save_plan(db, StoredPlan(day, T0, (block,)))
    return db


def test_the_worker_marks_tutorials_on_task_and_cat_videos_not(
    tmp_path: Path, encoder: UseEncoder
) -> None:
    db = _store(tmp_path / "fc.db")
    rules = default_categorizer()
    for app, title in (TUTORIAL, CATS, ZH_TUTORIAL, ZH_CATS):
        assert rules.is_distracting_window(app, title)
    tasks, windows, new = pending(db.conn, rules, T0 + 3600, UTC)
    assert tasks == [CODING, CHINESE]
    assert set(windows) == {TUTORIAL, CATS, ZH_TUTORIAL, ZH_CATS}  # the editor is not judged
    assert len(new) == 8

    done = refresh(db.conn, encoder, rules, T0 + 3600, UTC)
    assert (done.tasks, done.windows, done.judged) == (2, 4, 8)
    on_task = context.on_task_pairs(db.conn)
    assert (CODING, *TUTORIAL) in on_task
    assert (CHINESE, *ZH_TUTORIAL) in on_task
    for pair in ((CODING, *CATS), (CHINESE, *ZH_CATS), (CODING, *ZH_CATS), (CHINESE, *CATS)):
        assert pair not in on_task
    assert done.on_task == len(on_task)
    # Judged once: a second run has nothing new, and keeps what it had.
    assert refresh(db.conn, encoder, rules, T0 + 3600, UTC).judged == 0
    assert context.on_task_pairs(db.conn) == on_task
    db.close()


def test_forgetting_the_window_forgets_its_judgement(tmp_path: Path, encoder: UseEncoder) -> None:
    path = tmp_path / "fc.db"
    db = _store(path)
    refresh(db.conn, encoder, default_categorizer(), T0 + 3600, UTC)
    assert (CODING, *TUTORIAL) in context.on_task_pairs(db.conn)
    forget_range(db.conn, T0 + 300, T0 + 600)  # the tutorial's five minutes
    left = context.on_task_pairs(db.conn)
    assert not any(title == TUTORIAL[1] for _, _, title in left)
    assert (CHINESE, *ZH_TUTORIAL) in left
    assert "asyncio tutorial - YouTube" not in str(context.judged_pairs(db.conn))
    db.close()
    assert b"Python asyncio tutorial - YouTube" not in path.read_bytes()
