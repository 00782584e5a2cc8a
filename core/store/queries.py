"""Read queries and range deletion shared by the CLI, the exports and the app."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from focuscoach.core.activity import WindowSpan
from focuscoach.core.store.schema import POINT_TABLES, SPAN_TABLES


def overlap(since: float | None, until: float | None) -> tuple[str, list[float]]:
    """SQL conditions (joined with AND, no leading keyword) for spans overlapping [since, until)."""
    clauses: list[str] = []
    params: list[float] = []
    if since is not None:
        clauses.append("stop > ?")
        params.append(since)
    if until is not None:
        clauses.append("start < ?")
        params.append(until)
    return " AND ".join(clauses) or "1", params


def window_spans(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> list[WindowSpan]:
    where, params = overlap(since, until)
    rows = conn.execute(
        f"SELECT start, stop, app, title FROM window_spans WHERE {where} ORDER BY start", params
    )
    return [WindowSpan(start, stop, app, title) for start, stop, app, title in rows]


@dataclass(frozen=True, slots=True)
class RangeCounts:
    window_spans: int
    afk_spans: int
    input_activity: int
    aw_events: int
    moments: int = 0  # mood entries, coach events, nudge answers and predictions

    @property
    def total(self) -> int:
        return (
            self.window_spans + self.afk_spans + self.input_activity + self.aw_events + self.moments
        )


def count_in_range(
    conn: sqlite3.Connection, since: float | None, until: float | None
) -> RangeCounts:
    where, params = overlap(since, until)
    counts = [
        int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0])
        for table in SPAN_TABLES
    ]
    at_where, at_params = at_range(since, until)
    moments = sum(
        int(conn.execute(f"SELECT count(*) FROM {table} WHERE {at_where}", at_params).fetchone()[0])
        for table in POINT_TABLES
    )
    windows, afk, inputs, other = counts
    return RangeCounts(windows, afk, inputs, other, moments)


def at_range(since: float | None, until: float | None) -> tuple[str, list[float]]:
    """SQL conditions for moments (`at`) in [since, until)."""
    clauses, params = ["1"], []
    if since is not None:
        clauses.append("at >= ?")
        params.append(since)
    if until is not None:
        clauses.append("at < ?")
        params.append(until)
    return " AND ".join(clauses), params


# Input intervals are counts over a few seconds: they cannot be split, so any that touches the
# range goes. Spans are cut at the range's edges, and one that covers the range is split in two.
_UNSPLITTABLE = {"input_activity"}


def forget_range(conn: sqlite3.Connection, since: float, until: float) -> RangeCounts:
    """Delete everything recorded in [since, until); returns what was touched."""
    if until <= since:
        raise ValueError("the end of the range must come after its start")
    touched = count_in_range(conn, since, until)
    conn.execute("PRAGMA secure_delete = ON")  # overwrite freed pages: deleted means gone
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in SPAN_TABLES:
            if table in _UNSPLITTABLE:
                conn.execute(f"DELETE FROM {table} WHERE stop > ? AND start < ?", (since, until))
                continue
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            copied = [c for c in columns if c not in ("id", "start")]
            names = ", ".join(copied)
            conn.execute(
                f"INSERT OR IGNORE INTO {table} (start, {names}) SELECT ?, {names} FROM {table}"
                " WHERE start < ? AND stop > ?",
                (until, since, until),
            )
            conn.execute(
                f"UPDATE OR IGNORE {table} SET stop = ? WHERE start < ? AND stop > ?",
                (since, since, since),
            )
            conn.execute(
                f"UPDATE OR IGNORE {table} SET start = ? WHERE start >= ? AND start < ? AND stop > ?",
                (until, since, until, until),
            )
            conn.execute(f"DELETE FROM {table} WHERE start >= ? AND start < ?", (since, until))
        for table in POINT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE at >= ? AND at < ?", (since, until))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return touched
