"""The one thread that writes to the database.

Everything the app records goes through this queue, so SQLite never sees two writers from
this process. Work is committed at least every `commit_interval` seconds (default 1 s): a
SIGKILL loses at most that much plus what was still queued, and WAL keeps the file intact.

Open spans (the window that still has focus, the current AFK state) are written through
`upsert`: the recorder names a span with its own token, the first upsert inserts the row and
later ones only move its end. Repeated updates of one span within a batch collapse into one.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from focuscoach.core.store.database import connect
from focuscoach.core.store.schema import migrate

log = logging.getLogger("focuscoach.store")

SqlValue = str | int | float | None


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


_Op = _Insert | _Upsert | _Forget | _Call | _Flush
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

    def start(self) -> StoreWriter:
        conn = connect(self._path)
        migrate(conn)
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

    def forget(self, token: object) -> None:
        """The span is closed: later upserts with this token start a new row."""
        self._put(_Forget(token))

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until everything queued so far is committed."""
        done = threading.Event()
        self._put(_Flush(done))
        return done.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Commit what is queued and close the connection."""
        if self._thread is None:
            return
        self._queue.put(_STOP)
        self._thread.join(timeout)
        self._thread = None
        if self._error is not None:
            raise RuntimeError("the database writer failed") from self._error

    @property
    def failed(self) -> BaseException | None:
        return self._error

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
        stopping = False
        while not stopping:
            timeout = max(0.0, self._commit_interval - (time.monotonic() - last_commit))
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
            due = time.monotonic() - last_commit >= self._commit_interval
            if pending and (due or waiters or stopping or len(pending) >= self._max_batch):
                self._commit(conn, pending)
                pending = []
                last_commit = time.monotonic()
            if not pending:
                for event in waiters:
                    event.set()
                waiters = []

    def _commit(self, conn: sqlite3.Connection, ops: list[_Op]) -> None:
        # Collapse repeated updates of one open span: only its latest values matter. A forget
        # ends a span, so updates on either side of it belong to different rows.
        generation: dict[object, int] = {}
        latest: dict[tuple[object, int], int] = {}
        for index, op in enumerate(ops):
            if isinstance(op, _Upsert):
                latest[(op.token, generation.get(op.token, 0))] = index
            elif isinstance(op, _Forget):
                generation[op.token] = generation.get(op.token, 0) + 1
        generation.clear()
        conn.execute("BEGIN")
        try:
            for index, op in enumerate(ops):
                if isinstance(op, _Insert):
                    _insert(conn, op.table, op.values)
                elif isinstance(op, _Upsert):
                    if latest[(op.token, generation.get(op.token, 0))] == index:
                        self._apply_upsert(conn, op)
                elif isinstance(op, _Forget):
                    generation[op.token] = generation.get(op.token, 0) + 1
                    self._rowids.pop(op.token, None)
                elif isinstance(op, _Call):
                    op.func(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _apply_upsert(self, conn: sqlite3.Connection, op: _Upsert) -> None:
        known = self._rowids.get(op.token)
        if known is not None and known[0] == op.table:
            columns = ", ".join(f"{name} = ?" for name in op.values)
            conn.execute(
                f"UPDATE {op.table} SET {columns} WHERE id = ?", [*op.values.values(), known[1]]
            )
        else:
            self._rowids[op.token] = (op.table, _insert(conn, op.table, op.values))


def _insert(conn: sqlite3.Connection, table: str, values: Mapping[str, SqlValue]) -> int:
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid or 0)
