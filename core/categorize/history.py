"""What the suggester reads from the store: window and AFK spans since a time, focus blocks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categorize.context import FocusBlock
from focuscoach.core.categorize.suggest import Window, active_time


def spans(conn: sqlite3.Connection, since: float) -> tuple[list[WindowSpan], list[AfkSpan]]:
    """Window and AFK spans since `since`, through the store's reader per table."""
    from focuscoach.core.store import history as reader

    return list(reader.window_spans(conn, since, None)), list(reader.afk_spans(conn, since, None))


def focus_blocks(conn: sqlite3.Connection) -> list[FocusBlock]:
    """The planned focus blocks with their task's title (the block's own title without a
    task), in time order."""
    rows = conn.execute(
        'SELECT b.start, b."end", COALESCE(t.title, b.title) FROM plan_blocks b'
        " LEFT JOIN tasks t ON t.id = b.task_id WHERE b.kind = 'focus' ORDER BY b.start"
    ).fetchall()
    return [FocusBlock(float(s), float(e), str(title or "")) for s, e, title in rows]


def recent_time(database: Path, since: float) -> dict[Window, float]:
    """Active seconds per (app, title) since `since`; empty without a database."""
    from focuscoach.core.store.database import open_database

    if not database.exists():
        return {}
    db = open_database(database, readonly=True)
    try:
        windows, afk = spans(db.conn, since)
    finally:
        db.close()
    return active_time(windows, afk)
