"""What can be wrong with the database, said in one line the user can act on.

The store raises these instead of SQLite's own errors so that every caller (the CLI's exit
status 2, the tray's message box) can show the problem without a traceback, and so that a
real bug (exit 1) stays distinguishable from a file the user has to look at.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

# SQLite's primary result codes (sqlite3.h); Python exposes them as `sqlite_errorcode`.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class StoreError(RuntimeError):
    """The database cannot be used as it is; the message says what, which file, what to do."""


class DatabaseUnusable(StoreError):
    """Not a database of ours, damaged, unreadable, read-only or not a file: nothing was changed."""


class DiskFull(StoreError):
    """No space left where the database lives; what was not written is kept in memory."""


def describe(exc: BaseException, path: Path) -> StoreError | None:
    """The user-facing error for an SQLite error about `path`, or None for a real bug.

    Only conditions of the file or the machine are translated (disk full, read-only, damaged,
    cannot open); a syntax error or a missing table stays a bug.
    """
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError) and exc.errno is not None:
        import errno

        if exc.errno == errno.ENOSPC:
            return DiskFull(disk_full_message(path))
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return DatabaseUnusable(read_only_message(path))
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if code == SQLITE_FULL:
        return DiskFull(disk_full_message(path))
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return DatabaseUnusable(read_only_message(path))
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseUnusable(damaged_message(path, str(exc)))
    if code == SQLITE_CANTOPEN:
        return DatabaseUnusable(
            f"cannot open the database {path}: check that it and its folder exist and are yours"
        )
    if code == SQLITE_IOERR:
        if _no_space_left(path):  # e.g. the -shm index could not grow: ENOSPC as an I/O error
            return DiskFull(disk_full_message(path))
        return DatabaseUnusable(
            f"the disk failed while using the database {path} ({exc}): check the disk, then retry"
        )
    return None


def _no_space_left(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def disk_full_message(path: Path, *, resumes: bool = False) -> str:
    then = "recording resumes by itself" if resumes else "then retry"
    return f"disk full: no space left for the database {path}; free some space ({then})"


def read_only_message(path: Path) -> str:
    return (
        f"the database {path} (or its folder) is read-only: make both writable by you "
        f"(chmod u+w), or use another --home"
    )


def damaged_message(path: Path, detail: str) -> str:
    detail = " ".join(detail.replace("*** in database main ***", "").split())  # one line
    return (
        f"the database {path} is damaged ({detail}); nothing was changed: keep a copy, "
        f"then rescue what is readable with `sqlite3 {path} .recover | sqlite3 rescued.db`"
    )
