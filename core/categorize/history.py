"""What the suggester reads from the store: window and AFK spans since a time."""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categorize.suggest import Window, active_time


def spans(conn: sqlite3.Connection, since: float) -> tuple[list[WindowSpan], list[AfkSpan]]:
    """Window and AFK spans since `since`, through the store's reader per table
    (store/history.py) where there is one, else the model's reader."""
    try:
        reader = importlib.import_module("focuscoach.core.store.history")
    except ImportError:
        from focuscoach.core.model.source import load_history

        stored = load_history(conn, since, None)
        return stored.windows, stored.afk
    return list(reader.window_spans(conn, since, None)), list(reader.afk_spans(conn, since, None))


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
