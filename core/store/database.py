"""Opening the database: private file modes, WAL, and the schema brought up to date."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from focuscoach.core.store.schema import migrate

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: callers open transactions explicitly with BEGIN.

    Readers pass readonly=True and get their own connection; WAL keeps them from blocking
    the single writer.
    """
    if readonly:
        conn = sqlite3.connect(
            f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
    else:
        _create_private(path)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a killed process loses nothing committed; only a power cut can
        # lose the last transactions, and the file is never corrupted.
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_database(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """The store at `path`, created and migrated as needed (read-only: must already exist)."""
    if readonly and not path.exists():
        raise FileNotFoundError(f"no database at {path}")
    conn = connect(path, readonly=readonly)
    if not readonly:
        migrate(conn)
    return sqlite_utils.Database(conn)


def _create_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
