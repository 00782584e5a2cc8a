"""The one thread that writes to the database.

Everything the app records goes through this queue, so SQLite never sees two writers from
this process. Work is committed at least every `commit_interval` seconds (default 1 s): a
SIGKILL loses at most that much plus what was still queued, and WAL keeps the file intact.

Open spans (the window that still has focus, the current AFK state) are written through
`upsert`: the recorder names a span with its own token, the first upsert inserts the row and
later ones only move its end. Repeated updates of one span within a batch collapse into one.

When a commit fails because of the disk or the file (disk full, a read-only remount, a lock held
too long), nothing queued is dropped: the batch stays in memory, `problem` says what is wrong
(logged once, one line), and the commit is retried every few seconds (at most
`MAX_RETRY_DELAY`), so recording resumes by itself soon after space comes back. Any other error
is a bug: the writer stops and reports it to the next caller.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from focuscoach.core.store import history
from focuscoach.core.store.database import connect, prepare_for_writing
from focuscoach.core.store.errors import (
    SQLITE_BUSY,
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_LOCKED,
    SQLITE_PERM,
    SQLITE_READONLY,
    DiskFull,
    StoreError,
    describe,
    disk_full_message,
)

log = logging.getLogger("focuscoach.store")

SqlValue = str | int | float | None

#: Retries after a failed commit wait 0.5, 1, 2, 4, then 5 s: recording resumes within
#: seconds of space coming back.
FIRST_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 5.0
#: What is worth retrying: conditions of the disk or the file, not of the code.
_RETRYABLE = {
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_READONLY,
    SQLITE_PERM,
    SQLITE_BUSY,
    SQLITE_LOCKED,
    SQLITE_CANTOPEN,
}


@dataclass(frozen=True, slots=True)
class _Insert:
    table: str
    values: Mapping[str, SqlValue]


@dataclass(frozen=True, slots=True)
class _Upsert:
    table: str
    token: object
    values: Mapping[str, SqlValue]


@dataclass(frozen=True, slots=True)
class _Forget:
    token: object


@dataclass(frozen=True, slots=True)
class _Call:
    func: Callable[[sqlite3.Connection], Any]


@dataclass(slots=True)
class _Flush:
    done: threading.Event


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    """Once its batch is committed, move the WAL into the database file and empty it."""


_Op = _Insert | _Upsert | _Forget | _Call | _Flush | _Checkpoint
_STOP = object()


class StoreWriter:
    """Serialises all writes onto one connection in one background thread."""

    def __init__(self, path: Path, commit_interval: float = 1.0, max_batch: int = 5000) -> None:
        self._path = path
        self._commit_interval = commit_interval
        self._max_batch = max_batch
        self._queue: queue.Queue[object] = queue.Queue()
        self._rowids: dict[object, tuple[str, int]] = {}
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._problem: StoreError | None = None
        self._unsaved = 0

    def start(self) -> StoreWriter:
        conn = connect(self._path)
        try:
            prepare_for_writing(conn, self._path)
        except BaseException:
            conn.close()
            raise
        self._thread = threading.Thread(
            target=self._run, args=(conn,), name="focuscoach-db-writer", daemon=True
        )
        self._thread.start()
        return self

    def insert(self, table: str, values: Mapping[str, SqlValue]) -> None:
        self._put(_Insert(table, dict(values)))

    def upsert(self, table: str, token: object, values: Mapping[str, SqlValue]) -> None:
        """Insert the span named `token` the first time, update its columns afterwards."""
        self._put(_Upsert(table, token, dict(values)))

    def call(self, func: Callable[[sqlite3.Connection], Any]) -> None:
        """Run `func(conn)` inside the writer's transaction (for rare, bulk work)."""
        self._put(_Call(func))

    def checkpoint(self) -> None:
        """After the next commit, copy the WAL into the database file and truncate it: after
        a deletion, what was deleted must not stay behind in the -wal (`forget_range` does the
        same on its own connection)."""
        self._put(_Checkpoint())

    def forget(self, token: object) -> None:
        """The span is closed: later upserts with this token start a new row."""
        self._put(_Forget(token))

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until everything queued so far is committed."""
        done = threading.Event()
        self._put(_Flush(done))
        return done.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Commit what is queued and close the connection.

        Raises the StoreError (e.g. DiskFull) when the last commit still failed: what was kept
        in memory is then lost, and the caller says so.
        """
        if self._thread is None:
            return
        self._queue.put(_STOP)
        self._thread.join(timeout)
        self._thread = None
        if self._error is not None:
            raise RuntimeError("the database writer failed") from self._error
        if self._problem is not None and self._unsaved:
            raise type(self._problem)(
                f"{self._problem} ({self._unsaved} changes could not be saved)"
            )

    @property
    def failed(self) -> BaseException | None:
        return self._error

    @property
    def problem(self) -> StoreError | None:
        """Why the last commit failed (disk full...) while the writer keeps retrying; None
        once a commit succeeds again."""
        return self._problem

    def _put(self, op: _Op) -> None:
        if self._error is not None:
            raise RuntimeError("the database writer failed") from self._error
        self._queue.put(op)

    def _run(self, conn: sqlite3.Connection) -> None:
        try:
            self._loop(conn)
        except BaseException as exc:  # logged, then reported to the next caller
            log.exception("database writer stopped")
            self._error = exc
        finally:
            conn.close()

    def _loop(self, conn: sqlite3.Connection) -> None:
        pending: list[_Op] = []
        waiters: list[threading.Event] = []
        last_commit = time.monotonic()
        retry_at = 0.0
        retry_delay = 0.0
        stopping = False
        while not stopping:
            now = time.monotonic()
            due_at = retry_at if retry_delay else last_commit + self._commit_interval
            timeout = max(0.0, due_at - now)
            try:
                item = self._queue.get(timeout=timeout if pending else None)
            except queue.Empty:
                item = None
            while item is not None:
                if item is _STOP:
                    stopping = True
                elif isinstance(item, _Flush):
                    waiters.append(item.done)
                else:
                    pending.append(item)  # type: ignore[arg-type]
                if stopping or len(pending) >= self._max_batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    item = None
            now = time.monotonic()
            if retry_delay:
                due = now >= retry_at or stopping
            else:
                due = now - last_commit >= self._commit_interval
                due = due or bool(waiters) or stopping or len(pending) >= self._max_batch
            if pending and due:
                try:
                    self._commit(conn, pending)
                except sqlite3.Error as exc:
                    problem = _retryable(exc, self._path)
                    if problem is None:
                        raise
                    pending = _compact(pending)
                    self._unsaved = len(pending)
                    if self._problem is None or str(self._problem) != str(problem):
                        log.warning("%s", problem)  # once, one line; retried below
                    self._problem = problem
                    retry_delay = min(MAX_RETRY_DELAY, max(FIRST_RETRY_DELAY, retry_delay * 2))
                    retry_at = time.monotonic() + retry_delay
                    continue
                if self._problem is not None:
                    log.info("the database is writable again: %d changes saved", len(pending))
                self._problem = None
                self._unsaved = 0
                retry_delay = 0.0
                pending = []
                last_commit = time.monotonic()
            if not pending:
                for event in waiters:
                    event.set()
                waiters = []

    def _commit(self, conn: sqlite3.Connection, ops: list[_Op]) -> None:
        # The row ids of open spans change only when the transaction commits: a failed batch
        # is retried whole, and its inserts must then happen again.
        rowids = dict(self._rowids)
        conn.execute("BEGIN")
        try:
            for op in _compact(ops):
                if isinstance(op, _Insert):
                    _insert(conn, op.table, op.values)
                elif isinstance(op, _Upsert):
                    _apply_upsert(conn, rowids, op)
                elif isinstance(op, _Forget):
                    rowids.pop(op.token, None)
                elif isinstance(op, _Call):
                    op.func(conn)
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (disk full does): ROLLBACK would then fail
            # with "no transaction is active" and hide the real error.
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        self._rowids = rowids
        if any(isinstance(op, _Checkpoint) for op in ops):
            # Committed already: a failure here must not make the batch run again.
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                log.warning("cannot empty the write-ahead log of %s", self._path, exc_info=True)


def _compact(ops: list[_Op]) -> list[_Op]:
    """The ops with repeated updates of one open span collapsed: only its latest values
    matter. A forget ends a span, so updates on either side of it belong to different rows."""
    generation: dict[object, int] = {}
    latest: dict[tuple[object, int], int] = {}
    for index, op in enumerate(ops):
        if isinstance(op, _Upsert):
            latest[(op.token, generation.get(op.token, 0))] = index
        elif isinstance(op, _Forget):
            generation[op.token] = generation.get(op.token, 0) + 1
    generation.clear()
    kept: list[_Op] = []
    for index, op in enumerate(ops):
        if isinstance(op, _Upsert):
            if latest[(op.token, generation.get(op.token, 0))] != index:
                continue
        elif isinstance(op, _Forget):
            generation[op.token] = generation.get(op.token, 0) + 1
        kept.append(op)
    return kept


def _apply_upsert(
    conn: sqlite3.Connection, rowids: dict[object, tuple[str, int]], op: _Upsert
) -> None:
    known = rowids.get(op.token)
    if known is not None and known[0] == op.table and op.table == "window_spans":
        history.update_window(conn, known[1], op.values)
    elif known is not None and known[0] == op.table:
        columns = ", ".join(f"{name} = ?" for name in op.values)
        conn.execute(
            f"UPDATE {op.table} SET {columns} WHERE id = ?", [*op.values.values(), known[1]]
        )
    else:
        rowids[op.token] = (op.table, _insert(conn, op.table, op.values))


def _retryable(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The problem to report while retrying, or None when `exc` is a bug."""
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if code not in _RETRYABLE:
        return None
    if code == SQLITE_FULL:
        return DiskFull(disk_full_message(path, resumes=True))
    return describe(exc, path) or StoreError(f"the database {path} is busy ({exc}); retrying")


def _insert(conn: sqlite3.Connection, table: str, values: Mapping[str, SqlValue]) -> int:
    if table == "window_spans":  # a view of interned text: written through its table
        return history.insert_window(conn, values)
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid or 0)
