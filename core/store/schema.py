"""The database schema as numbered migrations (PRAGMA user_version).

Each entry upgrades version N-1 to N and never changes once released: a new need is a new
migration, so any old database walks the same path to the current shape. Times are REAL POSIX
seconds (UTC); `start`/`stop` bound every span.

Since version 7 (core/store/schema_v7.py), text is interned (`strings`): window spans live in
`windows` with the ids of their app and title, and `window_spans` is a view that reads them
back as text (and accepts plain INSERTs). Rows imported from ActivityWatch keep their bucket (a string id) and only the
part of their event data the columns do not give back (store/events.py), so an export still
gives back exactly what was imported; natively recorded rows have NULL there.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable

from focuscoach.core.store.errors import StoreError
from focuscoach.core.store.schema_v7 import v7_interned

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


def _v4_coaching(conn: sqlite3.Connection) -> None:
    """Tasks, mood self-reports, accepted plans, the coach's log and the answers to nudges."""
    statements = (
        """
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
            estimate_min INTEGER CHECK (estimate_min IS NULL OR estimate_min > 0),
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            created REAL NOT NULL,
            done_at REAL,
            app_pattern TEXT,
            title_pattern TEXT
        )
        """,
        "CREATE INDEX tasks_status ON tasks (status, priority, due)",
        """
        CREATE TABLE mood_entries (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
            energy INTEGER CHECK (energy IS NULL OR energy BETWEEN 1 AND 5),
            note TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX mood_entries_at ON mood_entries (at)",
        """
        CREATE TABLE plans (
            date TEXT PRIMARY KEY,
            accepted_at REAL NOT NULL,
            unscheduled TEXT NOT NULL DEFAULT '[]'
        )
        """,
        """
        CREATE TABLE plan_blocks (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL REFERENCES plans (date) ON DELETE CASCADE,
            start REAL NOT NULL,
            "end" REAL NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('focus', 'break', 'meeting')),
            task_id INTEGER,
            title TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX plan_blocks_date ON plan_blocks (date, start)",
        """
        CREATE TABLE coach_events (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        )
        """,
        "CREATE INDEX coach_events_at ON coach_events (at, kind)",
        """
        CREATE TABLE nudge_labels (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            answered_at REAL NOT NULL,
            answer TEXT NOT NULL,
            distracted INTEGER NOT NULL CHECK (distracted IN (0, 1)),
            probability REAL,
            explanation TEXT NOT NULL DEFAULT '',
            task_id INTEGER
        )
        """,
        "CREATE INDEX nudge_labels_at ON nudge_labels (at)",
        """
        CREATE TABLE coach_state (
            key TEXT PRIMARY KEY,
            saved_at REAL NOT NULL,
            value TEXT NOT NULL
        )
        """,
    )
    for statement in statements:
        conn.execute(statement)


def _v5_predictions(conn: sqlite3.Connection) -> None:
    """The live detector's calls, kept for the weekly review and for judging the model."""
    conn.execute(
        """CREATE TABLE predictions (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            probability REAL NOT NULL CHECK (probability BETWEEN 0 AND 1),
            explanation TEXT NOT NULL DEFAULT '',
            spans TEXT NOT NULL DEFAULT '[]',
            model TEXT NOT NULL DEFAULT ''
        )"""
    )
    conn.execute("CREATE INDEX predictions_at ON predictions(at)")


#: PRAGMA application_id of a Focus Coach database: the bytes "FCch". SQLite keeps it at offset
#: 68 of the file's header, so a file can be recognised before SQLite is allowed to touch it.
APPLICATION_ID = int.from_bytes(b"FCch", "big")
#: The `meta` key of a random id made once per database. A -wal file carries the id of the
#: database it belongs to, which is how a stale -wal from another database is recognised.
DATABASE_ID_KEY = "database_id"


def _v6_identity(conn: sqlite3.Connection) -> None:
    """Mark the file as ours and give it an identity (see database.check_files)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
        (DATABASE_ID_KEY, secrets.token_hex(16)),
    )


def _v8_task_context(conn: sqlite3.Connection) -> None:
    """Which distracting windows are on-task for which task (core/store/context.py): judged by
    a worker process with the text encoder, read by the tray's drift rule as a plain lookup.
    The window's app and title are ids in `strings`, like `windows`' own."""
    conn.execute(
        """CREATE TABLE task_context (
            task TEXT NOT NULL,
            app INTEGER NOT NULL,
            title INTEGER NOT NULL,
            similarity REAL NOT NULL,
            on_task INTEGER NOT NULL CHECK (on_task IN (0, 1)),
            judged_at REAL NOT NULL,
            PRIMARY KEY (task, app, title)
        )"""
    )


def _v9_forgotten(conn: sqlite3.Connection) -> None:
    """The ranges `forget` deleted (core/store/queries.py), so that importing an export again
    (ActivityWatch exports hold the whole history) does not bring them back."""
    conn.execute(
        """CREATE TABLE forgotten_ranges (
            id INTEGER PRIMARY KEY,
            start REAL NOT NULL,
            stop REAL NOT NULL,
            at REAL NOT NULL
        )"""
    )


MIGRATIONS: list[Migration] = [
    _v1_activity,
    _v2_activitywatch,
    _v3_range_indexes,
    _v4_coaching,
    _v5_predictions,
    _v6_identity,
    v7_interned,
    _v8_task_context,
    _v9_forgotten,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: The version that interned text (an older file is compacted once after reaching it).
INTERNED_VERSION = 7

# Tables that hold time spans, and so are covered by range export and `forget`.
SPAN_TABLES = ("windows", "afk_spans", "input_activity", "aw_events")
# Tables of moments (`at`) that `forget` also clears: what was said or decided in that range.
POINT_TABLES = ("mood_entries", "coach_events", "nudge_labels", "predictions")


class SchemaError(StoreError):
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
