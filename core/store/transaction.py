"""Write transactions for the store's record modules (tasks, journal, plans, state).

They take a `sqlite_utils.Database`: the writer thread hands its connection wrapped in one,
and owns the outer transaction (a SAVEPOINT) when there is one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite_utils (and numpy) cost a tenth of a second to import
    import sqlite_utils


@contextlib.contextmanager
def atomic(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction, committed at the end (sqlite-utils 4 `atomic`, else the connection)."""
    atomic = getattr(db, "atomic", None)
    if atomic is not None:
        with atomic():
            yield
    else:  # sqlite-utils 3.x
        with db.conn:
            yield


def write(db: sqlite_utils.Database, sql: str, params: Any) -> sqlite3.Cursor:
    with atomic(db):
        return db.execute(sql, params)
