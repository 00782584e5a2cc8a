"""Context judgements: which (app, title) the rules call distracting is on-task for a task.

A worker process with the text encoder (core/categorize/task_context.py: `train` and the
background `focuscoach categories context`) judges pairs and writes them here; the tray's drift
rule and `replay` only read the on-task ones, a plain lookup. Negative judgements are kept too,
so that a pair is judged once and the tray can count what is new.

The window's app and title are ids in `strings`, as in `windows`; `forget` drops a judgement
whose window is no longer recorded (store/queries.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

#: (task, app, title): a window that is on-task while working on that task.
OnTaskPair = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Judgement:
    task: str
    app: str
    title: str
    similarity: float
    on_task: bool


def _has_table(conn: sqlite3.Connection) -> bool:
    """A read-only reader may see a database no writer has migrated yet (schema < 8)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'task_context'"
    ).fetchone()
    return row is not None


_PAIRS_SQL = (
    "SELECT c.task, a.text, t.text FROM task_context c JOIN strings a ON a.id = c.app"
    " JOIN strings t ON t.id = c.title"
)


def _pairs(conn: sqlite3.Connection, where: str = "") -> frozenset[OnTaskPair]:
    if not _has_table(conn):
        return frozenset()
    rows = conn.execute(_PAIRS_SQL + where)
    return frozenset((str(task), str(app), str(title)) for task, app, title in rows)


def on_task_pairs(conn: sqlite3.Connection) -> frozenset[OnTaskPair]:
    """Every (task, app, title) judged on-task."""
    return _pairs(conn, " WHERE c.on_task = 1")


def judged_pairs(conn: sqlite3.Connection) -> frozenset[OnTaskPair]:
    """Every (task, app, title) judged, on-task or not."""
    return _pairs(conn)


def save_judgements(conn: sqlite3.Connection, judged: Iterable[Judgement], at: float) -> int:
    """Store judgements in a transaction of their own (an autocommit connection); a pair
    judged again is replaced. A window whose text is no longer stored (forgotten meanwhile) is
    skipped. Returns how many were stored."""
    stored = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for j in judged:
            app = conn.execute("SELECT id FROM strings WHERE text = ?", (j.app,)).fetchone()
            title = conn.execute("SELECT id FROM strings WHERE text = ?", (j.title,)).fetchone()
            if app is None or title is None:
                continue
            conn.execute(
                "INSERT OR REPLACE INTO task_context"
                " (task, app, title, similarity, on_task, judged_at) VALUES (?, ?, ?, ?, ?, ?)",
                (j.task, app[0], title[0], j.similarity, int(j.on_task), at),
            )
            stored += 1
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return stored


def current_tasks(conn: sqlite3.Connection, days: Sequence[date]) -> list[str]:
    """The tasks to judge windows against: open tasks' titles, and the tasks (or the block's
    own title) of the focus blocks planned on `days` (today and tomorrow). Without blanks,
    each once, in that order."""
    titles = [str(r[0]) for r in conn.execute("SELECT title FROM tasks WHERE status = 'open'")]
    if days:
        marks = ", ".join("?" for _ in days)
        for task_title, block_title in conn.execute(
            "SELECT t.title, b.title FROM plan_blocks b LEFT JOIN tasks t ON t.id = b.task_id"
            f" WHERE b.kind = 'focus' AND b.date IN ({marks}) ORDER BY b.start",
            [d.isoformat() for d in days],
        ):
            # The block's own title is what the running coach knows (a task renamed later).
            titles += [str(task_title or ""), str(block_title or "")]
    return [t for t in dict.fromkeys(titles) if t.strip()]
