"""tests.conftest.db_rows, the helper that reads a database another process is writing: a
database not created yet, created without its schema yet, or locked is "not yet", until the
helper's deadline (a recorder under load once lost that race: "no such table: window_spans")."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import db_rows

SCHEMA_DELAY_S = 0.5


def _later(delay: float, action: object) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        action()  # type: ignore[operator]

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _add_schema(db: Path) -> None:
    """The table and its first row in one transaction, so a reader sees both or neither.
    (Without an explicit BEGIN, sqlite3 commits the CREATE TABLE on its own, and a reader
    could see the table still empty: that failed a full run here once.)"""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.executescript(
            "BEGIN;"
            " CREATE TABLE window_spans (start REAL, title TEXT);"
            " INSERT INTO window_spans VALUES (1.0, 'first');"
            " COMMIT;"
        )
    finally:
        conn.close()


def test_waits_for_a_schema_another_writer_adds_after_creating_the_file(tmp_path: Path) -> None:
    db = tmp_path / "focuscoach.db"
    sqlite3.connect(db).close()  # the file exists, empty: no table yet
    assert db.exists()
    writer = _later(SCHEMA_DELAY_S, lambda: _add_schema(db))
    started = time.monotonic()
    assert db_rows(db, "SELECT title FROM window_spans") == [("first",)]
    assert time.monotonic() - started >= SCHEMA_DELAY_S * 0.8
    writer.join()


def test_waits_for_a_database_not_created_yet_and_never_creates_it(tmp_path: Path) -> None:
    db = tmp_path / "focuscoach.db"
    seen_missing: list[bool] = []

    def create() -> None:
        seen_missing.append(not db.exists())  # the helper did not make an empty file
        _add_schema(db)

    writer = _later(SCHEMA_DELAY_S, create)
    assert db_rows(db, "SELECT count(*) FROM window_spans") == [(1,)]
    writer.join()
    assert seen_missing == [True]


def test_waits_out_a_writer_holding_an_exclusive_lock(tmp_path: Path) -> None:
    db = tmp_path / "focuscoach.db"
    _add_schema(db)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO window_spans VALUES (2.0, 'second')")
    writer = _later(SCHEMA_DELAY_S, lambda: holder.execute("COMMIT"))
    assert db_rows(db, "SELECT count(*) FROM window_spans", timeout=10) == [(2,)]
    writer.join()
    holder.close()


def test_gives_up_at_its_deadline_with_the_last_error(tmp_path: Path) -> None:
    db = tmp_path / "focuscoach.db"
    sqlite3.connect(db).close()
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="no such table: window_spans"):
        db_rows(db, "SELECT * FROM window_spans", timeout=0.5)
    assert 0.5 <= time.monotonic() - started < 5


def test_a_real_error_is_not_waited_for(tmp_path: Path) -> None:
    db = tmp_path / "focuscoach.db"
    _add_schema(db)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="syntax error"):
        db_rows(db, "SELEC nothing", timeout=10)
    assert time.monotonic() - started < 2
