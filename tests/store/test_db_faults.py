"""A database file that is not what it should be: refused with one line (exit 2), unchanged.

Each case was an "internal error" (exit 1) or, worse, silent data loss: a stale -wal of
another database was replayed over the user's history and then migrated.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from focuscoach.core.store.database import (
    QUICK_CHECK_KEY,
    DatabaseUnusable,
    connect,
    open_database,
)
from focuscoach.core.store.schema import APPLICATION_ID, migrate
from focuscoach.core.store.writer import StoreWriter
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def crashed_copy(source: Path, target_dir: Path, title: str) -> None:
    """`target_dir` gets `source`'s database as a crash leaves it: the main file and a -wal
    holding the last transaction (copied while the connection is still open)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(source)
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    db.conn.execute("INSERT INTO tasks (title, priority, created) VALUES (?, 1, 0)", (title,))
    shutil.copy(source, target_dir / "focuscoach.db")
    shutil.copy(f"{source}-wal", target_dir / "focuscoach.db-wal")
    db.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def assert_refused(result: CliResult, *words: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def user_db(home: Path, cli: Cli) -> Path:
    """The user's own database with a task and a mood, cleanly closed (no -wal)."""
    assert cli("task", "add", "my own task").code == 0
    assert cli("mood", "3").code == 0
    db = home / "focuscoach.db"
    assert not Path(f"{db}-wal").exists()
    return db


def test_a_stale_wal_of_another_database_is_refused_and_nothing_changes(
    user_db: Path, cli: Cli, tmp_path: Path
) -> None:
    crashed_copy(tmp_path / "other" / "focuscoach.db", tmp_path / "stale", "not mine")
    shutil.copy(tmp_path / "stale" / "focuscoach.db-wal", f"{user_db}-wal")
    before = snapshot(user_db.parent)
    for command in (("task", "list"), ("status",), ("task", "add", "x"), ("mood", "4")):
        assert_refused(cli(*command), "focuscoach.db-wal", "does not belong", str(user_db))
    assert snapshot(user_db.parent) == before  # no -shm left either

    Path(f"{user_db}-wal").unlink()  # what the message says to do
    listed = cli("task", "list")
    assert listed.code == 0 and "my own task" in listed.out and "not mine" not in listed.out


def test_a_stale_wal_is_refused_for_a_database_from_before_ids(
    home: Path, cli: Cli, tmp_path: Path
) -> None:
    db = home / "focuscoach.db"
    conn = connect(db)
    migrate(conn, target=5)  # as the previous release left it: no application id, no id
    conn.execute("INSERT INTO tasks (title, priority, created) VALUES ('my own task', 1, 0)")
    conn.close()
    crashed_copy(tmp_path / "other" / "focuscoach.db", tmp_path / "stale", "not mine")
    shutil.copy(tmp_path / "stale" / "focuscoach.db-wal", f"{db}-wal")
    before = snapshot(home)
    assert_refused(cli("task", "list"), "does not belong", "replace the database's records")
    assert snapshot(home) == before


def test_the_databases_own_wal_after_a_crash_is_replayed(
    user_db: Path, cli: Cli, tmp_path: Path
) -> None:
    crashed_copy(user_db, tmp_path / "crashed", "added just before the crash")
    for name in ("focuscoach.db", "focuscoach.db-wal"):
        shutil.copy(tmp_path / "crashed" / name, user_db.parent / name)
    listed = cli("task", "list")
    assert listed.code == 0, listed.err
    assert "my own task" in listed.out and "added just before the crash" in listed.out


def test_a_zero_length_database_beside_a_wal_is_refused(
    user_db: Path, cli: Cli, tmp_path: Path
) -> None:
    crashed_copy(user_db, tmp_path / "crashed", "in the wal")
    shutil.copy(tmp_path / "crashed" / "focuscoach.db-wal", f"{user_db}-wal")
    user_db.write_bytes(b"")  # e.g. a sync tool or a failed copy emptied it
    before = snapshot(user_db.parent)
    for command in (("status",), ("task", "add", "x")):
        assert_refused(cli(*command), "empty", "focuscoach.db-wal")
    assert snapshot(user_db.parent) == before


def test_a_wal_without_its_database_is_refused(user_db: Path, cli: Cli, tmp_path: Path) -> None:
    crashed_copy(user_db, tmp_path / "crashed", "in the wal")
    shutil.copy(tmp_path / "crashed" / "focuscoach.db-wal", f"{user_db}-wal")
    user_db.unlink()
    assert_refused(cli("task", "add", "x"), "without its database")
    assert not user_db.exists()


def test_a_zero_length_database_alone_is_set_up_by_a_writer(home: Path, cli: Cli) -> None:
    (home / "focuscoach.db").write_bytes(b"")
    assert_refused(cli("status"), "empty (0 bytes)")
    assert cli("task", "add", "first").code == 0
    assert cli("status").code == 0


def _garbage(db: Path) -> None:
    db.write_bytes(os.urandom(8192))


def _cut_mid_page(db: Path) -> None:
    db.write_bytes(db.read_bytes()[:5000])


def _cut_at_a_page(db: Path) -> None:
    db.write_bytes(db.read_bytes()[:8192])


def _folder(db: Path) -> None:
    db.unlink()
    (db / "inside").mkdir(parents=True)


def _other_application(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE notes (x)")
    conn.close()


def _other_program(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.close()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (_garbage, ["not a Focus Coach database", "garbage"]),
        (_cut_mid_page, ["damaged", "truncated"]),
        (_cut_at_a_page, ["damaged", "truncated", "pages"]),
        (_folder, ["is a folder"]),
        (_other_application, ["another application"]),
        (_other_program, ["another program"]),
    ],
)
def test_a_broken_database_is_one_line_and_exit_2_everywhere(
    user_db: Path, cli: Cli, damage: Callable[[Path], None], words: list[str]
) -> None:
    damage(user_db)
    before = snapshot(user_db.parent) if user_db.is_file() else None
    for command in (
        ("status",),
        ("task", "list"),
        ("task", "add", "x"),
        ("mood", "2"),
        ("export", "--format", "json", "--out", "-"),
    ):
        assert_refused(cli(*command), str(user_db), *words)
    if before is not None:
        assert snapshot(user_db.parent) == before


def test_a_damaged_database_fails_quick_check_and_is_not_written(user_db: Path, cli: Cli) -> None:
    conn = sqlite3.connect(user_db)
    conn.executemany(
        "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, 'a', ?)",
        [(i, i + 1, f"{i:04}" + "t" * 196) for i in range(2000)],
    )
    conn.commit()
    # The last check was more than a day ago, so the next writer checks again.
    conn.execute("UPDATE meta SET value = '0' WHERE key = ?", (QUICK_CHECK_KEY,))
    conn.commit()
    # Titles are stored once each in `strings` (schema 7): its root page points at ~100 leaves.
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'strings'")
    page = int(root.fetchone()[0])
    conn.close()
    raw = bytearray(user_db.read_bytes())
    raw[(page - 1) * 4096 + 200 : (page - 1) * 4096 + 260] = b"\xff" * 60  # inside a b-tree page
    user_db.write_bytes(bytes(raw))
    before = user_db.read_bytes()
    assert_refused(cli("task", "add", "x"), "damaged", "quick_check", ".recover")
    with pytest.raises(DatabaseUnusable, match="quick_check"):
        StoreWriter(user_db).start()
    assert user_db.read_bytes() == before


def test_quick_check_runs_at_most_once_a_day(tmp_path: Path) -> None:
    db = tmp_path / "fc.db"

    def stamp() -> float:
        conn = sqlite3.connect(db)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (QUICK_CHECK_KEY,))
            return float(row.fetchone()[0])
        finally:
            conn.close()

    open_database(db).close()
    first = stamp()
    assert abs(first - time.time()) < 60
    open_database(db).close()
    assert stamp() == first  # not checked (nor stamped) again the same day


def test_new_databases_carry_the_application_id(tmp_path: Path) -> None:
    db = tmp_path / "fc.db"
    open_database(db).close()
    assert db.read_bytes()[68:72] == b"FCch"
    assert sqlite3.connect(db).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


# Read-only: root ignores file modes, so the command runs as `nobody` there (as CI does).


@pytest.fixture
def shared_home() -> Iterator[Path]:
    """A home another user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="fc-ro-", dir="/tmp"))
    os.chmod(folder, 0o755)
    (folder / "home").mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(folder / "home", "nobody", "nogroup")
    try:
        yield folder / "home"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_as_user(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "focuscoach.core.cli", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "FOCUSCOACH_"))}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False, env=env, cwd="/"
    )


def test_a_read_only_database_is_one_line_and_status_still_works(shared_home: Path) -> None:
    assert run_as_user("--home", str(shared_home), "task", "add", "mine").returncode == 0
    db = shared_home / "focuscoach.db"
    db.chmod(0o400)
    before = db.read_bytes()
    added = run_as_user("--home", str(shared_home), "task", "add", "x")
    assert added.returncode == 2, added
    assert len(added.stderr.strip().splitlines()) == 1, added.stderr
    assert "read-only" in added.stderr and str(db) in added.stderr
    status = run_as_user("--home", str(shared_home), "status")
    assert status.returncode == 0, status.stderr
    listed = run_as_user("--home", str(shared_home), "task", "list")
    assert listed.returncode == 2 and "read-only" in listed.stderr  # task list opens to write
    assert db.read_bytes() == before
