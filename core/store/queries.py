"""Read queries and range deletion shared by the CLI, the exports and the app."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from focuscoach.core.ranges import merge
from focuscoach.core.store import events, strings
from focuscoach.core.store.schema import POINT_TABLES, SPAN_TABLES
from focuscoach.core.timeutil import TIME_MAX, TIME_MIN


def open_edges(since: float | None, until: float | None) -> tuple[float | None, float | None]:
    """A range whose edge is at (or beyond) the end of the stored range is open on that side:
    "until 2200-01-01" must also reach a row that somehow lies beyond it, so that it can be
    exported and forgotten."""
    if since is not None and since <= TIME_MIN:
        since = None
    if until is not None and until >= TIME_MAX:
        until = None
    return since, until


def overlap(since: float | None, until: float | None, alias: str = "") -> tuple[str, list[float]]:
    """SQL conditions (joined with AND, no leading keyword) for spans overlapping [since, until);
    `alias` qualifies the columns ("t" gives t.stop, t.start)."""
    since, until = open_edges(since, until)
    prefix = f"{alias}." if alias else ""
    clauses: list[str] = []
    params: list[float] = []
    if since is not None:
        clauses.append(f"{prefix}stop > ?")
        params.append(since)
    if until is not None:
        clauses.append(f"{prefix}start < ?")
        params.append(until)
    return " AND ".join(clauses) or "1", params


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


def span_tables(conn: sqlite3.Connection) -> tuple[str, ...]:
    """SPAN_TABLES as this database has them: a read-only reader may meet a database no
    writer has migrated yet, whose window spans are still the table `window_spans`."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'windows'").fetchone():
        return SPAN_TABLES
    return tuple("window_spans" if t == "windows" else t for t in SPAN_TABLES)


def count_in_range(
    conn: sqlite3.Connection, since: float | None, until: float | None
) -> RangeCounts:
    where, params = overlap(since, until)
    counts = [
        int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0])
        for table in span_tables(conn)
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
    since, until = open_edges(since, until)
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


def forgotten_ranges(conn: sqlite3.Connection) -> list[tuple[float, float]]:
    """The ranges `forget` deleted, merged and in time order (none in a database from before
    schema 9, which kept no record of them)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'forgotten_ranges'").fetchone():
        return []
    rows = conn.execute("SELECT start, stop FROM forgotten_ranges")
    return merge((float(start), float(stop)) for start, stop in rows)


def forget_range(conn: sqlite3.Connection, since: float, until: float) -> RangeCounts:
    """Delete everything recorded in [since, until) in a transaction of its own (a connection
    in autocommit mode); returns what was touched. See `forget_in_transaction`."""
    if until <= since:
        raise ValueError("the end of the range must come after its start")
    conn.execute("PRAGMA secure_delete = ON")  # overwrite freed pages: deleted means gone
    conn.execute("BEGIN IMMEDIATE")
    try:
        touched = forget_in_transaction(conn, since, until)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return touched


def forget_in_transaction(
    conn: sqlite3.Connection, since: float, until: float, at: float | None = None
) -> RangeCounts:
    """Delete everything recorded in [since, until) inside the caller's transaction (the
    writer thread's: `writer.call(lambda conn: forget_in_transaction(conn, a, b))`); returns
    what was touched. Freed pages are overwritten (secure_delete), forgotten text leaves
    `strings` too.

    An edge at the end of the stored range (TIME_MIN, TIME_MAX) is open, so that a row lying
    outside it (stored by an older version) can still be forgotten.

    The range, up to `at` (now: what is recorded later was not forgotten), is kept in
    the table `forgotten_ranges`: an import of an export that still holds it leaves it out
    (read by `forgotten_ranges`, used by core/interop/aw_import.py).
    """
    if until <= since:
        raise ValueError("the end of the range must come after its start")
    conn.execute("PRAGMA secure_delete = ON")
    touched = count_in_range(conn, since, until)
    at = time.time() if at is None else at
    if min(until, at) > since:
        conn.execute(
            "INSERT INTO forgotten_ranges (start, stop, at) VALUES (?, ?, ?)",
            (since, min(until, at), at),
        )
    lo, hi = open_edges(since, until)
    # Rows starting in the range go; a span reaching into it from either side is cut.
    starts_in = (
        " AND ".join(
            [
                *(["start >= ?"] if lo is not None else []),
                *(["start < ?"] if hi is not None else []),
            ]
        )
        or "1"
    )
    starts_params = [v for v in (lo, hi) if v is not None]
    for table in SPAN_TABLES:
        if table in _UNSPLITTABLE:
            where, params = overlap(lo, hi)
            conn.execute(f"DELETE FROM {table} WHERE {where}", params)
            continue
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        copied = [c for c in columns if c not in ("id", "start")]
        names = ", ".join(copied)
        if lo is not None and hi is not None:
            conn.execute(
                f"INSERT OR IGNORE INTO {table} (start, {names}) SELECT ?, {names}"
                f" FROM {table} WHERE start < ? AND stop > ?",
                (hi, lo, hi),
            )
        moved: list[int] = []
        if lo is not None:
            if table in events.OWN:  # imported rows whose end moves need a new digest
                moved = [
                    row[0]
                    for row in conn.execute(
                        f"SELECT id FROM {table} WHERE start < ? AND stop > ?"
                        " AND bucket IS NOT NULL",
                        (lo, lo),
                    )
                ]
            conn.execute(
                f"UPDATE OR IGNORE {table} SET stop = ? WHERE start < ? AND stop > ?",
                (lo, lo, lo),
            )
        if hi is not None:
            conn.execute(
                f"UPDATE OR IGNORE {table} SET start = ? WHERE {starts_in} AND stop > ?",
                (hi, *starts_params, hi),
            )
        conn.execute(f"DELETE FROM {table} WHERE {starts_in}", starts_params)
        events.refresh_digests(conn, table, moved)
    # A judgement about a window no longer recorded goes with it (store/context.py).
    conn.execute(
        "DELETE FROM task_context WHERE (app, title) NOT IN (SELECT app, title FROM windows)"
    )
    strings.drop_unused(conn)  # a forgotten title must not stay behind in `strings`
    at_where, at_params = at_range(lo, hi)
    for table in POINT_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE {at_where}", at_params)
    return touched
