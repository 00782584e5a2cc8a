"""Reading activity history, and writing recorded windows: the one reader per span table.

Window spans are stored with interned text (`windows`, see store/strings.py); the recorder
still writes them by their plain columns through the writer, which comes here to turn the app
and title into string ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.store import queries
from focuscoach.core.store.queries import RangeCounts, overlap, span_tables
from focuscoach.core.store.strings import Interner, intern

SqlValue = str | int | float | None

#: Columns of `window_spans` (the view) that are string ids in `windows`.
_TEXT_COLUMNS = ("app", "title")


def _window_values(conn: sqlite3.Connection, values: Mapping[str, SqlValue]) -> dict[str, SqlValue]:
    return {
        name: intern(conn, str(value)) if name in _TEXT_COLUMNS else value
        for name, value in values.items()
    }


def insert_window(conn: sqlite3.Connection, values: Mapping[str, SqlValue]) -> int:
    """Insert a window span given as `window_spans` columns (text app and title); its id."""
    row = _window_values(conn, values)
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO windows ({names}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def update_window(conn: sqlite3.Connection, row_id: int, values: Mapping[str, SqlValue]) -> None:
    """Change columns of the window span `row_id`, given as `window_spans` columns."""
    row = _window_values(conn, values)
    columns = ", ".join(f"{name} = ?" for name in row)
    conn.execute(f"UPDATE windows SET {columns} WHERE id = ?", [*row.values(), row_id])


def insert_windows(conn: sqlite3.Connection, rows: Iterable[tuple[float, float, str, str]]) -> None:
    """Insert recorded window spans (start, stop, app, title) in bulk, in the caller's
    transaction (simulated histories, tools)."""
    strings = Interner(conn)
    conn.executemany(
        "INSERT INTO windows (start, stop, app, title) VALUES (?, ?, ?, ?)",
        ((start, stop, strings(app), strings(title)) for start, stop, app, title in rows),
    )


def window_spans(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> list[WindowSpan]:
    """Window spans overlapping [since, until), by start."""
    where, params = overlap(since, until, "w")
    try:
        rows = conn.execute(
            "SELECT w.start, w.stop, a.text, t.text FROM windows w JOIN strings a ON a.id = w.app"
            f" JOIN strings t ON t.id = w.title WHERE {where} ORDER BY w.start",
            params,
        )
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        # A database a read-only reader sees before any writer migrated it (schema < 7).
        rows = conn.execute(
            f"SELECT start, stop, app, title FROM window_spans w WHERE {where} ORDER BY start",
            params,
        )
    return [WindowSpan(start, stop, app, title) for start, stop, app, title in rows]


def afk_spans(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> list[AfkSpan]:
    """AFK spans overlapping [since, until), by start."""
    where, params = overlap(since, until)
    rows = conn.execute(
        f"SELECT start, stop, afk FROM afk_spans WHERE {where} ORDER BY start", params
    )
    return [AfkSpan(start, stop, bool(flag)) for start, stop, flag in rows]


def input_intervals(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> list[InputInterval]:
    """Input counts overlapping [since, until), by start."""
    where, params = overlap(since, until)
    rows = conn.execute(
        "SELECT start, stop, keys, clicks, moves, scrolls FROM input_activity"
        f" WHERE {where} ORDER BY start",
        params,
    )
    return [InputInterval(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class Overview:
    """What `focuscoach status` shows of the store."""

    schema_version: int
    counts: RangeCounts
    imported_buckets: int
    first: float | None  # the earliest start of any span
    last: float | None  # the latest end of any span
    latest_window: WindowSpan | None  # the window that ended last


def overview(conn: sqlite3.Connection) -> Overview:
    windows, afk, _inputs, other = span_tables(conn)
    first, last = conn.execute(
        f"SELECT min(start), max(stop) FROM (SELECT start, stop FROM {windows}"
        f" UNION ALL SELECT start, stop FROM {afk} UNION ALL SELECT start, stop FROM {other})"
    ).fetchone()
    latest = conn.execute(
        "SELECT start, stop, app, title FROM window_spans ORDER BY stop DESC LIMIT 1"
    ).fetchone()
    return Overview(
        schema_version=int(conn.execute("PRAGMA user_version").fetchone()[0]),
        counts=queries.count_in_range(conn, None, None),
        imported_buckets=int(conn.execute("SELECT count(*) FROM aw_buckets").fetchone()[0]),
        first=first,
        last=last,
        latest_window=WindowSpan(*latest) if latest else None,
    )
