"""Migration 7: interned text, and no raw copy of mapped ActivityWatch event data.

Window spans move to `windows` with the ids of their app and title in `strings`; `window_spans`
becomes a view that reads them back as text (and accepts plain INSERTs). Imported rows keep
their bucket and only the part of their data the columns do not give back (store/events.py),
with a digest for the import's duplicate check. Like every released migration, it never
changes (core/store/schema.py lists it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from focuscoach.core.store import events
from focuscoach.core.store.strings import Interner

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


def v7_interned(conn: sqlite3.Connection) -> None:
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
