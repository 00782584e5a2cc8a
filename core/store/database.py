"""Opening the database: private file modes, WAL, and the schema brought up to date.

Before SQLite may change anything, `check_files` (core/store/file_checks.py) makes sure the
file and its -wal really are this user's Focus Coach database; nothing is created, replayed or
migrated first.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from focuscoach.core.store.errors import (
    DatabaseUnusable,
    StoreError,
    damaged_message,
    describe,
)
from focuscoach.core.store.file_checks import check_files as check_files
from focuscoach.core.store.file_checks import wal_path as wal_path
from focuscoach.core.store.schema import (
    INTERNED_VERSION,
    migrate,
)

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000

#: `PRAGMA quick_check` reads every page: 0.17 s on a year of history (61 MB, warm cache).
#: Writers run it when they open the database, at most once a day (the time of the last clean
#: check is kept in `meta`), so a damaged file is never written to for more than a day unseen
#: while `focuscoach task add` and friends stay instant.
QUICK_CHECK_EVERY_S = 24 * 3600.0
QUICK_CHECK_KEY = "quick_check_ok_at"


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: callers open transactions explicitly with BEGIN.

    Readers pass readonly=True and get their own connection; WAL keeps them from blocking
    the single writer. A writer's connection is only made after `check_files` passed.
    """
    if readonly:
        conn = sqlite3.connect(
            f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
    else:
        check_files(path, readonly=False)
        _create_private(path)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode: a killed process loses nothing committed; only a power cut
            # can lose the last transactions, and the file is never corrupted.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise describe(exc, path) or exc from exc
    return conn


def open_database(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """The store at `path`, created and migrated as needed (read-only: must already exist)."""
    if readonly:
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(f"no database at {path}")
        check_files(path, readonly=True)
    conn = connect(path, readonly=readonly)
    if not readonly:
        try:
            prepare_for_writing(conn, path)
        except BaseException:
            conn.close()
            raise
    # Imported here: sqlite_utils (with numpy) costs a tenth of a second, which readers that
    # only `connect` (the report) need not pay.
    import sqlite_utils

    return sqlite_utils.Database(conn)


def prepare_for_writing(conn: sqlite3.Connection, path: Path, now: float | None = None) -> None:
    """The daily quick_check, then the migrations: a damaged file is never migrated or written."""
    moment = time.time() if now is None else now
    try:
        checked = _quick_check_if_due(conn, path, moment)
        before = migrate(conn)
        if 0 < before < INTERNED_VERSION:
            _compact_once(conn)
        if checked:
            # Best effort: on a full disk the writer must still start (and keep in memory).
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (QUICK_CHECK_KEY, str(moment)),
                )
    except sqlite3.Error as exc:
        raise describe(exc, path) or exc from exc


def _compact_once(conn: sqlite3.Connection) -> None:
    """After the move to interned text (schema 7) most of an old file is free pages (a year
    of history: 171 MB, of which 44 MB still used): give them back, once. Best effort: VACUUM
    needs room for a copy, and a full disk only means the file stays large until later."""
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("VACUUM")


def _quick_check_if_due(conn: sqlite3.Connection, path: Path, now: float) -> bool:
    """Run quick_check unless a clean one is less than a day old; True when it ran."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if has_meta:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (QUICK_CHECK_KEY,)).fetchone()
        with contextlib.suppress(TypeError, ValueError):
            if row is not None and 0 <= now - float(row[0]) < QUICK_CHECK_EVERY_S:
                return False
    problems = conn.execute("PRAGMA quick_check(1)").fetchall()
    if problems != [("ok",)]:
        raise DatabaseUnusable(damaged_message(path, f"quick_check: {problems[0][0]}"))
    return True


def _create_private(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise describe(exc, path) or exc from exc


__all__ = [
    "BUSY_TIMEOUT_MS",
    "DatabaseUnusable",
    "StoreError",
    "check_files",
    "connect",
    "open_database",
    "prepare_for_writing",
    "wal_path",
]
