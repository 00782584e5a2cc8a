"""The database schema as numbered migrations (PRAGMA user_version).

Each entry upgrades version N-1 to N and never changes once released: a new need is a new
migration, so any old database walks the same path to the current shape. Times are REAL POSIX
seconds (UTC); `start`/`stop` bound every span.

Since version 7, text is interned (`strings`): window spans live in `windows` with the ids of
their app and title, and `window_spans` is a view that reads them back as text (and accepts
plain INSERTs). Rows imported from ActivityWatch keep their bucket (a string id) and only the
part of their event data the columns do not give back (store/events.py), so an export still
gives back exactly what was imported; natively recorded rows have NULL there.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from focuscoach.core.store import events
from focuscoach.core.store.errors import StoreError
from focuscoach.core.store.strings import Interner

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


#: A view of `windows` with the columns of version 6 (text app, title and bucket, and `data`,
#: the event's data as imported), and its INSERT: readers, tools and tests keep the table they
#: knew. The app reads and writes through store/history.py and store/imported.py instead. A
#: row inserted with `data` keeps all of it as its leftover (shape 3: nothing carried).
WINDOW_SPANS_VIEW = (
    """CREATE VIEW window_spans AS SELECT w.id AS id, w.start AS start, w.stop AS stop,
        a.text AS app, t.text AS title, b.text AS bucket,
        CASE WHEN w.bucket IS NOT NULL THEN json_patch(json_patch(
            CASE WHEN json_valid(x.text) THEN x.text ELSE '{}' END,
            CASE WHEN w.shape & 1 THEN '{}' ELSE json_object('app', a.text) END),
            CASE WHEN w.shape & 2 THEN '{}' ELSE json_object('title', t.text) END) END AS data
        FROM windows w JOIN strings a ON a.id = w.app JOIN strings t ON t.id = w.title
        LEFT JOIN strings b ON b.id = w.bucket LEFT JOIN strings x ON x.id = w.extra""",
    """CREATE TRIGGER window_spans_insert INSTEAD OF INSERT ON window_spans BEGIN
        INSERT OR IGNORE INTO strings (text) VALUES (NEW.app), (NEW.title);
        INSERT OR IGNORE INTO strings (text) SELECT NEW.bucket WHERE NEW.bucket IS NOT NULL;
        INSERT OR IGNORE INTO strings (text) SELECT NEW.data WHERE NEW.data IS NOT NULL;
        INSERT INTO windows (id, start, stop, app, title, bucket, extra, shape) VALUES (
            NEW.id, NEW.start, NEW.stop,
            (SELECT id FROM strings WHERE text = NEW.app),
            (SELECT id FROM strings WHERE text = NEW.title),
            (SELECT id FROM strings WHERE text = NEW.bucket),
            (SELECT id FROM strings WHERE text = NEW.data),
            CASE WHEN NEW.bucket IS NOT NULL THEN 3 END);
    END""",
)

_V7_TABLES = (
    "CREATE TABLE strings (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)",
    """CREATE TABLE windows (
        id INTEGER PRIMARY KEY,
        start REAL NOT NULL,
        stop REAL NOT NULL,
        app INTEGER NOT NULL,
        title INTEGER NOT NULL,
        bucket INTEGER,
        extra INTEGER,
        shape INTEGER,
        digest INTEGER
    )""",
    """CREATE TABLE afk_spans_v7 (
        id INTEGER PRIMARY KEY,
        start REAL NOT NULL,
        stop REAL NOT NULL,
        afk INTEGER NOT NULL,
        bucket INTEGER,
        extra INTEGER,
        shape INTEGER,
        digest INTEGER
    )""",
    """CREATE TABLE input_activity_v7 (
        id INTEGER PRIMARY KEY,
        start REAL NOT NULL,
        stop REAL NOT NULL,
        keys INTEGER NOT NULL,
        clicks INTEGER NOT NULL,
        moves INTEGER NOT NULL,
        scrolls INTEGER NOT NULL,
        bucket INTEGER,
        extra INTEGER,
        shape INTEGER,
        digest INTEGER
    )""",
)
#: (new table, old table, the row's own columns besides id/start/stop/bucket/data).
_V7_COPIES = (
    ("windows", "window_spans", ("app", "title")),
    ("afk_spans_v7", "afk_spans", ("afk",)),
    ("input_activity_v7", "input_activity", ("keys", "clicks", "moves", "scrolls")),
)
#: `start` with `digest`: range reads by start, and an import's duplicate check, in one index
#: (unique: a recorded row's digest is NULL, and NULLs never clash).
SPAN_INDEXES = (
    "CREATE UNIQUE INDEX windows_start ON windows(start, digest)",
    "CREATE INDEX windows_stop ON windows(stop)",
    "CREATE UNIQUE INDEX afk_spans_start ON afk_spans(start, digest)",
    "CREATE INDEX afk_spans_stop ON afk_spans(stop)",
    "CREATE UNIQUE INDEX input_activity_start ON input_activity(start, digest)",
    "CREATE INDEX input_activity_stop ON input_activity(stop)",
)


def _v7_rows(
    conn: sqlite3.Connection, old: str, new: str, own: tuple[str, ...], strings: Interner
) -> Iterator[tuple[Any, ...]]:
    """The rows of `old` (version 6) in the shape of `new` (version 7), batch by batch."""
    windows = new == "windows"
    codec = "windows" if windows else old
    cursor = conn.execute(f"SELECT id, start, stop, {', '.join(own)}, bucket, data FROM {old}")
    app = title = ""
    while batch := cursor.fetchmany(2000):
        for row_id, start, stop, *values, bucket, data in batch:
            if windows:
                app, title = str(values[0]), str(values[1])
                ids: tuple[Any, ...] = (strings(app), strings(title))
            else:
                ids = tuple(values)
            if bucket is None:
                yield (row_id, start, stop, *ids, None, None, None, None)
                continue
            stored = events.parse_stored(data)
            if not isinstance(stored, dict):
                stored = {}
            if (
                windows
                and len(stored) == 2
                and (stored.get("app"), stored.get("title"))
                == (
                    app,
                    title,
                )
            ):
                extra, shape = None, 0  # nearly every window event: app and title only
            else:
                columns = (
                    {"app": app, "title": title} if windows else dict(zip(own, values, strict=True))
                )
                extra, shape = events.split(codec, columns, stored)
            bucket_id = strings(str(bucket))
            extra_id = -1 if extra is None else strings(extra)
            digest = events.digest(bucket_id, stop, *ids, extra_id, shape)
            yield (
                row_id,
                start,
                stop,
                *ids,
                bucket_id,
                None if extra is None else extra_id,
                shape,
                digest,
            )


def _v7_interned(conn: sqlite3.Connection) -> None:
    """Interned text, no raw copy of mapped event data, a hash for the duplicate check.

    A year of windows took 327 bytes an event (the title three times: column, JSON copy and
    the duplicate index over that copy); it takes under 100 now.
    """
    for statement in _V7_TABLES:
        conn.execute(statement)
    strings = Interner(conn)
    for new, old, own in _V7_COPIES:
        names = ", ".join(own)
        marks = ", ".join("?" for _ in range(len(own) + 7))
        conn.executemany(  # OR IGNORE: two old rows that were the same event become one
            f"INSERT OR IGNORE INTO {new} (id, start, stop, {names}, bucket, extra, shape, digest)"
            f" VALUES ({marks})",
            _v7_rows(conn, old, new, own, strings),
        )
        conn.execute(f"DROP TABLE {old}")
    conn.execute("ALTER TABLE afk_spans_v7 RENAME TO afk_spans")
    conn.execute("ALTER TABLE input_activity_v7 RENAME TO input_activity")
    for statement in (*SPAN_INDEXES, *WINDOW_SPANS_VIEW):
        conn.execute(statement)


MIGRATIONS: list[Migration] = [
    _v1_activity,
    _v2_activitywatch,
    _v3_range_indexes,
    _v4_coaching,
    _v5_predictions,
    _v6_identity,
    _v7_interned,
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
