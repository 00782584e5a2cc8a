"""Interned text: every app name, window title, bucket id and leftover event data is stored
once in `strings` and referred to by its integer id (a year of history repeats a few thousand
titles hundreds of thousands of times).

An `Interner` caches ids for one transaction only: a rolled-back transaction (a full disk) or
`forget` on another connection can remove a string, so an id is never trusted across commits.
"""

from __future__ import annotations

import sqlite3


class Interner:
    """Ids of strings within one transaction on `conn` (created as needed)."""

    __slots__ = ("_conn", "_ids")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._ids: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self._ids.get(text)
        if found is None:
            found = intern(self._conn, text)
            self._ids[text] = found
        return found

    @property
    def ids(self) -> dict[str, int]:
        """The ids cached so far (read-only use: a quick look before calling)."""
        return self._ids

    def optional(self, text: str | None) -> int | None:
        return None if text is None else self(text)


def intern(conn: sqlite3.Connection, text: str) -> int:
    """The id of `text`, added when new (inside the caller's transaction)."""
    row = conn.execute("SELECT id FROM strings WHERE text = ?", (text,)).fetchone()
    if row is not None:
        return int(row[0])
    cursor = conn.execute("INSERT INTO strings (text) VALUES (?)", (text,))
    return int(cursor.lastrowid or 0)


#: Every column that refers to `strings` (table, column), for `drop_unused`.
REFERENCES = (
    ("windows", "app"),
    ("windows", "title"),
    ("windows", "bucket"),
    ("windows", "extra"),
    ("afk_spans", "bucket"),
    ("afk_spans", "extra"),
    ("input_activity", "bucket"),
    ("input_activity", "extra"),
    ("task_context", "app"),
    ("task_context", "title"),
)


def drop_unused(conn: sqlite3.Connection) -> int:
    """Delete strings no row refers to any more (after `forget`: deleted text must be gone)."""
    used = " UNION ".join(
        f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL" for table, column in REFERENCES
    )
    cursor = conn.execute(f"DELETE FROM strings WHERE id NOT IN ({used})")
    return cursor.rowcount
