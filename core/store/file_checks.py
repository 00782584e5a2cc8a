"""Checking a database file (and its -wal) before SQLite sees it.

SQLite replays whatever -wal lies next to a database and a migration would then rewrite the
result, so a stale -wal from another database, or a garbage file, would silently cost the user
their history. `check_files` makes sure the file really is this user's Focus Coach database
(its header, its application id and identity, a -wal that belongs to it); problems come out as
`StoreError`s with one line naming the file and what to do.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from focuscoach.core.store.errors import (
    DatabaseUnusable,
    damaged_message,
    read_only_message,
)
from focuscoach.core.store.schema import APPLICATION_ID, DATABASE_ID_KEY

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_HEADER_SIZE = 32


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


@dataclass(frozen=True, slots=True)
class Header:
    """The fields of an SQLite file header that say what the file is."""

    page_size: int
    page_count: int | None  # None when SQLite itself would not trust it (offset 28 vs 92)
    schema_cookie: int
    user_version: int
    application_id: int


def read_header(raw: bytes) -> Header | None:
    """The header of an SQLite database, or None when `raw` does not start like one."""
    if len(raw) < HEADER_SIZE or raw[:16] != SQLITE_MAGIC:
        return None
    (page_size,) = struct.unpack(">H", raw[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return None
    change_counter, page_count = struct.unpack(">II", raw[24:32])
    (valid_for,) = struct.unpack(">I", raw[92:96])
    cookie, user_version, app_id = (
        struct.unpack(">I", raw[40:44])[0],
        struct.unpack(">i", raw[60:64])[0],
        struct.unpack(">I", raw[68:72])[0],
    )
    return Header(
        page_size=page_size,
        page_count=page_count if change_counter == valid_for and page_count else None,
        schema_cookie=cookie,
        user_version=user_version,
        application_id=app_id,
    )


def check_files(path: Path, *, readonly: bool) -> None:
    """Refuse (DatabaseUnusable, nothing changed) what SQLite would misread or damage.

    A folder or special file in the database's place, an unreadable, garbage or truncated
    file, another application's database, a zero-length database next to a non-empty -wal
    (SQLite would delete the -wal), and a -wal that belongs to another database.
    """
    wal = wal_path(path)
    wal_size = _wal_size(wal, path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if wal_size:
            raise DatabaseUnusable(
                f"{wal} is there without its database {path} (SQLite would delete it): "
                f"put the database back, or move {wal.name} away; nothing was changed"
            ) from None
        return
    except OSError as exc:
        raise DatabaseUnusable(f"cannot reach the database {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseUnusable(
            f"{path} is a folder, not a database file: move it away (a new database is then "
            "created), or use another --home"
        )
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseUnusable(f"{path} is not a regular file: move it away, or use another --home")
    try:
        with path.open("rb") as handle:
            raw = handle.read(HEADER_SIZE)
    except PermissionError:
        raise DatabaseUnusable(
            f"cannot read the database {path} (permission denied): it must be readable and "
            "writable by you"
        ) from None
    if not raw:
        if wal_size:
            raise DatabaseUnusable(
                f"the database {path} is empty (0 bytes) but {wal.name} beside it holds "
                f"{wal_size} bytes (SQLite would delete them): restore the database from a "
                f"backup, or move both away; nothing was changed"
            )
        if readonly:
            raise DatabaseUnusable(
                f"the database {path} is empty (0 bytes): nothing is stored yet; recording or "
                "any command that stores something sets it up"
            )
        _check_writable(path, readonly)
        return
    header = read_header(raw)
    if header is None:
        what = "truncated" if len(raw) < HEADER_SIZE else "not an SQLite database"
        raise DatabaseUnusable(_not_ours(path, f"{what}: garbage, encrypted or cut short"))
    if header.application_id not in (0, APPLICATION_ID):
        raise DatabaseUnusable(
            _not_ours(path, f"it belongs to another application (id 0x{header.application_id:08x})")
        )
    if header.application_id == 0 and header.user_version == 0 and header.schema_cookie:
        raise DatabaseUnusable(_not_ours(path, "an SQLite database of another program"))
    if info.st_size % header.page_size:
        raise DatabaseUnusable(damaged_message(path, "truncated: not a whole number of pages"))
    _check_writable(path, readonly)
    if wal_size:
        _check_wal(path, wal, header)
    elif header.page_count is not None and info.st_size < header.page_count * header.page_size:
        # Without a -wal the file alone must hold every page its header counts.
        raise DatabaseUnusable(
            damaged_message(
                path, f"truncated: {info.st_size // header.page_size} of {header.page_count} pages"
            )
        )


def _not_ours(path: Path, reason: str) -> str:
    return (
        f"{path} is not a Focus Coach database ({reason}); nothing was changed: move it "
        "away (a new database is then created), or use another --home"
    )


def _wal_size(wal: Path, path: Path) -> int:
    try:
        info = wal.stat()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise DatabaseUnusable(f"cannot reach {wal}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseUnusable(
            f"{wal} is not a regular file, so the database {path} cannot be opened: move it away"
        )
    return info.st_size


def _check_writable(path: Path, readonly: bool) -> None:
    # SQLite would open a read-only file read-only without a word and fail at the first
    # write; a writer also needs the folder for its -wal and -shm files.
    if not readonly and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise DatabaseUnusable(read_only_message(path))


@dataclass(frozen=True, slots=True)
class _Identity:
    application_id: int
    user_version: int
    schema_version: int
    database_id: str | None
    first_rows: dict[str, tuple[object, ...]]  # the oldest row of each table of records


#: Where the user's own records live (see the end of _compare_views), with columns that every
#: schema version has (window_spans became a view of the same columns in version 7).
_RECORD_TABLES = {
    "window_spans": "id, start, stop, app, title",
    "afk_spans": "id, start, stop, afk",
    "input_activity": "id, start, stop, keys, clicks, moves, scrolls",
    "tasks": "*",
    "mood_entries": "*",
}


def _identity(uri: str) -> _Identity:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:

        def pragma(name: str) -> int:
            return int(conn.execute(f"PRAGMA {name}").fetchone()[0])

        database_id: str | None = None
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (DATABASE_ID_KEY,))
            found = row.fetchone()
            database_id = str(found[0]) if found else None
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        }
        first_rows: dict[str, tuple[object, ...]] = {}
        for name, columns in _RECORD_TABLES.items():
            if name in tables:
                row = conn.execute(f"SELECT {columns} FROM {name} ORDER BY id LIMIT 1").fetchone()
                if row is not None:
                    first_rows[name] = tuple(row)
        return _Identity(
            pragma("application_id"),
            pragma("user_version"),
            pragma("schema_version"),
            database_id,
            first_rows,
        )
    finally:
        conn.close()


def _check_wal(path: Path, wal: Path, header: Header) -> None:
    """Compare the database as its main file has it with what its -wal would make of it.

    SQLite keeps nothing in a -wal that names its database, so a leftover -wal of another
    database is replayed as if it were this one's. It is recognised here by what it changes:
    another application id, a database id (meta) other than the main file's, or a schema or
    schema version older than the main file's. Both views are opened read-only, so neither
    file is changed (SQLite may create the -shm index beside them).
    """
    try:
        with wal.open("rb") as handle:
            raw = handle.read(WAL_HEADER_SIZE)
    except PermissionError:
        raise DatabaseUnusable(f"cannot read {wal} (permission denied)") from None
    if len(raw) < WAL_HEADER_SIZE:
        return  # SQLite ignores a -wal without a whole header: nothing in it was committed
    magic, _version, page_size = struct.unpack(">III", raw[:12])

    def foreign(reason: str) -> DatabaseUnusable:
        return DatabaseUnusable(
            f"{wal} does not belong to the database {path} ({reason}); nothing was changed: "
            f"if {path.name} is the right database, move {wal.name} away; otherwise put back "
            "the database it belongs to"
        )

    if magic not in WAL_MAGICS:
        raise foreign("it is not an SQLite -wal file")
    if page_size != header.page_size:
        raise foreign(f"its pages are {page_size} bytes, the database's {header.page_size}")
    shm = path.with_name(path.name + "-shm")
    shm_was_there = shm.exists()
    try:
        _compare_views(path, header, foreign)
    except DatabaseUnusable:
        if not shm_was_there:  # made by the read-only look: leave the folder as it was
            shm.unlink(missing_ok=True)
        raise


def _compare_views(path: Path, header: Header, foreign: Callable[[str], DatabaseUnusable]) -> None:
    uri = path.as_uri()
    try:
        main: _Identity | None = _identity(f"{uri}?immutable=1")  # the main file alone
    except sqlite3.Error:
        main = None  # e.g. a checkpoint was cut short: the -wal still holds the whole truth
    try:
        combined = _identity(f"{uri}?mode=ro")
    except sqlite3.Error as exc:
        raise foreign(f"together they do not read as a database: {exc}") from None
    if combined.application_id not in (0, APPLICATION_ID):
        raise foreign(
            f"it holds another application's database (id 0x{combined.application_id:08x})"
        )
    if header.application_id == APPLICATION_ID and combined.application_id != APPLICATION_ID:
        raise foreign("it holds a database that is not Focus Coach's")
    if combined.user_version < header.user_version or (
        combined.schema_version < header.schema_cookie
    ):
        raise foreign("it holds an older schema than the database")
    if main is not None and main.database_id and combined.database_id != main.database_id:
        raise foreign("it was written by another Focus Coach database")
    if main is not None and not main.database_id:
        # A database from before database ids: a -wal of its own keeps its oldest records
        # (only a crash right after forgetting exactly them would be a false alarm).
        for table, row in main.first_rows.items():
            if combined.first_rows.get(table) != row:
                raise foreign(f"it would replace the database's records in {table}")
