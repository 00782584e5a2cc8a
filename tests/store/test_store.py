from __future__ import annotations

import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from focuscoach.core.paths import resolve
from focuscoach.core.store.database import connect, open_database
from focuscoach.core.store.schema import SCHEMA_VERSION, SchemaError, migrate
from focuscoach.core.store.writer import StoreWriter


def test_database_and_folder_are_private(tmp_path: Path) -> None:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    open_database(paths.database).close()
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700


def test_new_database_is_current_and_in_wal_mode(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fc.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"windows", "strings", "afk_spans", "input_activity", "aw_buckets", "aw_events"} <= set(
        db.table_names()
    )
    assert "window_spans" in db.view_names()  # the text view of `windows` (schema 7)


def test_migration_from_version_1_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, target=1)
    conn.execute("INSERT INTO window_spans (start, stop, app, title) VALUES (1, 2, 'a', 'b')")
    conn.execute("INSERT INTO afk_spans (start, stop, afk) VALUES (1, 2, 1)")
    conn.close()

    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute(
        "SELECT start, stop, app, title, bucket, data FROM window_spans"
    ).fetchall() == [(1.0, 2.0, "a", "b", None, None)]
    # Since schema 7 the view window_spans reads `windows`: its start index is also the
    # import's duplicate check (unique on start and digest).
    indexes = {r[1]: r[2] for r in db.execute("PRAGMA index_list(windows)")}
    assert indexes == {"windows_start": 1, "windows_stop": 0}


def test_each_migration_step_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, target=1)
    conn.execute("CREATE TABLE aw_buckets (x)")  # makes migration 2 fail halfway
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(window_spans)")]
    assert "bucket" not in columns


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        open_database(path)


def test_writer_commits_within_the_interval_without_a_flush(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    open_database(path).close()
    writer = StoreWriter(path, commit_interval=0.3).start()
    writer.insert("afk_spans", {"start": 1, "stop": 2, "afk": 0})
    reader = connect(path, readonly=True)
    deadline = time.monotonic() + 3
    while reader.execute("SELECT count(*) FROM afk_spans").fetchone()[0] == 0:
        assert time.monotonic() < deadline, "not committed within the commit interval"
        time.sleep(0.05)
    writer.stop()


def test_upserts_of_one_span_collapse_into_one_row(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    open_database(path).close()
    writer = StoreWriter(path).start()
    for end in range(1, 50):
        writer.upsert("afk_spans", "tok", {"start": 0, "stop": end, "afk": 0})
    writer.flush()
    writer.upsert("afk_spans", "tok", {"start": 0, "stop": 99, "afk": 0})
    writer.forget("tok")
    writer.upsert("afk_spans", "tok", {"start": 100, "stop": 101, "afk": 1})
    writer.stop()
    rows = sqlite3.connect(path).execute("SELECT start, stop, afk FROM afk_spans ORDER BY start")
    assert rows.fetchall() == [(0.0, 99.0, 0), (100.0, 101.0, 1)]


def test_writer_reports_a_failure_to_the_next_caller(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    open_database(path).close()
    writer = StoreWriter(path).start()
    writer.insert("no_such_table", {"x": 1})
    writer.flush(timeout=2)
    with pytest.raises(RuntimeError, match="writer failed"):
        writer.insert("afk_spans", {"start": 1, "stop": 2, "afk": 0})


def test_readers_are_not_blocked_by_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    open_database(path).close()
    writer = StoreWriter(path, commit_interval=0.05).start()
    stop = threading.Event()

    def write() -> None:
        i = 0
        while not stop.is_set():
            writer.insert("afk_spans", {"start": i, "stop": i + 1, "afk": 0})
            i += 1
            time.sleep(0.001)

    thread = threading.Thread(target=write)
    thread.start()
    reader = connect(path, readonly=True)
    try:
        for _ in range(50):
            reader.execute("SELECT count(*) FROM afk_spans").fetchone()
    finally:
        stop.set()
        thread.join()
        writer.stop()
