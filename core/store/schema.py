"""The database schema as numbered migrations (PRAGMA user_version).

Each entry upgrades version N-1 to N and never changes once released: a new need is a new
migration, so any old database walks the same path to the current shape. Times are REAL POSIX
seconds (UTC); `start`/`stop` bound every span. Rows imported from ActivityWatch keep their
bucket id and their original event data as canonical JSON (`data`), so an export gives back
exactly what was imported; natively recorded rows have both NULL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _v1_activity(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE window_spans (
            id INTEGER PRIMARY KEY,
            start REAL NOT NULL,
            stop REAL NOT NULL,
            app TEXT NOT NULL,
            title TEXT NOT NULL
        );
        CREATE INDEX window_spans_start ON window_spans(start);
        CREATE TABLE afk_spans (
            id INTEGER PRIMARY KEY,
            start REAL NOT NULL,
            stop REAL NOT NULL,
            afk INTEGER NOT NULL
        );
        CREATE INDEX afk_spans_start ON afk_spans(start);
        CREATE TABLE input_activity (
            id INTEGER PRIMARY KEY,
            start REAL NOT NULL,
            stop REAL NOT NULL,
            keys INTEGER NOT NULL,
            clicks INTEGER NOT NULL,
            moves INTEGER NOT NULL,
            scrolls INTEGER NOT NULL
        );
        CREATE INDEX input_activity_start ON input_activity(start);
        """,
    )


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would break the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2_activitywatch(conn: sqlite3.Connection) -> None:
    statements = [
        """CREATE TABLE aw_buckets (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            client TEXT,
            hostname TEXT,
            created TEXT,
            extra TEXT NOT NULL DEFAULT '{}'
        )""",
        """CREATE TABLE aw_events (
            id INTEGER PRIMARY KEY,
            bucket TEXT NOT NULL REFERENCES aw_buckets(id),
            start REAL NOT NULL,
            stop REAL NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX aw_events_dedupe ON aw_events(bucket, start, stop, data)",
        "CREATE INDEX aw_events_start ON aw_events(start)",
    ]
    for table in ("window_spans", "afk_spans", "input_activity"):
        statements += [
            f"ALTER TABLE {table} ADD COLUMN bucket TEXT REFERENCES aw_buckets(id)",
            f"ALTER TABLE {table} ADD COLUMN data TEXT",
            f"CREATE UNIQUE INDEX {table}_dedupe ON {table}(bucket, start, stop, data)"
            " WHERE bucket IS NOT NULL",
        ]
    for statement in statements:
        conn.execute(statement)


def _v3_range_indexes(conn: sqlite3.Connection) -> None:
    # Range queries ask for spans overlapping [a, b): `stop > a AND start < b`. An index on
    # stop lets recent ranges (the usual case) be found without reading older history.
    for table in ("window_spans", "afk_spans", "input_activity", "aw_events"):
        conn.execute(f"CREATE INDEX {table}_stop ON {table}(stop)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


MIGRATIONS: list[Migration] = [_v1_activity, _v2_activitywatch, _v3_range_indexes]
SCHEMA_VERSION = len(MIGRATIONS)

# Tables that hold time spans, and so are covered by range export and `forget`.
SPAN_TABLES = ("window_spans", "afk_spans", "input_activity", "aw_events")


class SchemaError(RuntimeError):
    """The database was written by a newer Focus Coach, or is not ours."""


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to `target`, one transaction per step; returns the old version."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        raise SchemaError(
            f"the database has schema version {current}, newer than this Focus Coach "
            f"understands ({SCHEMA_VERSION}); upgrade the app"
        )
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return current
