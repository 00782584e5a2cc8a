"""A write that waits for its commit, through the store's single writer: what App commands
(on the app's executor) and tests use when they need the result of a change."""

from __future__ import annotations

import concurrent.futures
import sqlite3
from collections.abc import Callable
from typing import TypeVar

import sqlite_utils

from focuscoach.core.store.writer import StoreWriter

T = TypeVar("T")


def write_committed(
    writer: StoreWriter,
    func: Callable[[sqlite_utils.Database], T],
    timeout: float = 10.0,
    *,
    checkpoint: bool = False,
) -> T:
    """Run `func` on the writer thread and wait until it is committed; its result or its
    exception comes back here. A failing `func` is rolled back alone: the writer and the
    recording it also carries go on. `checkpoint` empties the WAL after the commit (a
    deletion: nothing deleted stays behind in the -wal)."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()

    def call(conn: sqlite3.Connection) -> None:
        # A batch that failed to commit (disk full) is run again: answer only once.
        conn.execute("SAVEPOINT ui_write")
        try:
            result = func(sqlite_utils.Database(conn))
        except Exception as exc:
            conn.execute("ROLLBACK TO ui_write")
            conn.execute("RELEASE ui_write")
            if not future.done():
                future.set_exception(exc)
            return
        conn.execute("RELEASE ui_write")
        if not future.done():
            future.set_result(result)

    writer.call(call)
    if checkpoint:
        writer.checkpoint()
    writer.flush(timeout)
    return future.result(timeout)
