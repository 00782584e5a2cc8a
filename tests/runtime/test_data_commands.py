"""The App's data commands (core/runtime/data.py), what the desktop asks instead of the store:
typed records back in Futures, writes on the one writer, a deleted range gone from the files."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from focuscoach.core import config
from focuscoach.core.paths import resolve
from focuscoach.core.planning.planner import BlockKind
from focuscoach.core.records import Task
from focuscoach.core.runtime import App, Runtime
from focuscoach.core.store import queries
from tests.fakes import FixedScorer, ScriptedBackend

SECRET = "zebra-secret-4711"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "planning": {"day_start": "00:00", "day_end": "23:59"},
        }
    )
    backend = ScriptedBackend()
    running = App(
        Runtime(
            paths,
            settings,
            backend_factory=lambda: (backend, None),
            input_monitor=False,
            scorer=FixedScorer(0.1),
        )
    ).start()
    yield running
    running.close()


def test_tasks_round_trip_as_records(app: App) -> None:
    added = app.add_task(Task(None, "Write the report", estimate=90, created=1.0)).result(10)
    assert added.id is not None and added.title == "Write the report"
    updated = app.update_task(
        added.id,
        title="Write the final report",
        priority=1,
        estimate=60,
        due=date(2026, 5, 1),
        app_pattern="code",
        title_pattern=None,
    ).result(10)
    assert (updated.title, updated.priority, updated.estimate, updated.due) == (
        "Write the final report",
        1,
        60,
        date(2026, 5, 1),
    )
    assert [t.id for t in app.list_tasks().result(10)] == [added.id]
    done = app.set_task_done(added.id, 5.0).result(10)
    assert not done.is_open and done.done_at == 5.0
    assert app.list_tasks().result(10) == []
    assert [t.id for t in app.list_tasks(include_done=True).result(10)] == [added.id]
    assert app.set_task_done(added.id, 6.0, done=False).result(10).is_open
    with pytest.raises(ValueError):  # refused like Task(): nothing stored
        app.update_task(
            added.id,
            title="",
            priority=1,
            estimate=None,
            due=None,
            app_pattern=None,
            title_pattern=None,
        ).result(10)
    assert app.list_tasks().result(10)[0].title == "Write the final report"
    app.delete_task(added.id).result(10)
    with pytest.raises(KeyError, match="no task with id"):
        app.delete_task(added.id).result(10)
    assert app.list_tasks(include_done=True).result(10) == []


def test_a_proposed_plan_once_accepted_is_the_one_loaded(app: App) -> None:
    app.add_task(Task(None, "Taxes", estimate=60, created=1.0)).result(10)
    midnight = datetime.combine(date.today(), datetime.min.time(), tzinfo=app.tz)
    now = midnight.replace(hour=10).astimezone(UTC)
    day = midnight.date()
    assert app.load_plan(day).result(10) is None
    plan = app.propose_plan(day, now, app.settings.planning).result(10)
    assert [b.title for b in plan.blocks if b.kind is BlockKind.FOCUS] == ["Taxes", "Taxes"]
    app.accept_plan(plan).result(10)
    loaded = app.load_plan(day, app.tz).result(10)
    assert loaded is not None and loaded.blocks == plan.blocks
    bad = config.parse({"planning": {"calendars": [str(app.paths.data_dir / "missing.ics")]}})
    with pytest.raises(Exception, match=r"missing\.ics"):
        app.propose_plan(day, now, bad.planning).result(10)


def _store_secret(app: App, now: float) -> None:
    app.write(
        lambda db: db.execute(
            "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, 'ed', ?)",
            [now - 7200, now - 7100, SECRET],
        )
    ).result(10)


def test_forget_range_runs_on_the_one_writer_and_leaves_no_trace(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deletion the Settings window asks for: forget_in_transaction on the writer thread,
    no second writing connection, and the title gone from the database and its -wal."""
    now = time.time()
    _store_secret(app, now)
    database = app.paths.database
    assert SECRET.encode() in database.read_bytes() + Path(f"{database}-wal").read_bytes()
    threads: list[str] = []
    real_forget = queries.forget_in_transaction

    def forget_spy(
        conn: sqlite3.Connection, since: float, until: float, at: float | None = None
    ) -> Any:
        threads.append(threading.current_thread().name)
        return real_forget(conn, since, until, at)

    opened: list[str] = []
    real_connect = sqlite3.connect

    def connect_spy(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(str(target))
        conn: sqlite3.Connection = real_connect(target, *args, **kwargs)
        return conn

    monkeypatch.setattr(queries, "forget_in_transaction", forget_spy)
    monkeypatch.setattr(sqlite3, "connect", connect_spy)
    assert app.forget_range(now - 3 * 3600, now - 3600).result(30) >= 1
    monkeypatch.undo()
    assert threads == ["focuscoach-db-writer"]
    assert [t for t in opened if "mode=ro" not in t] == []  # only read-only ones, if any
    rows = app.read(lambda db: list(db.query("SELECT title FROM window_spans"))).result(10)
    assert SECRET not in [r["title"] for r in rows]
    wal = Path(f"{database}-wal")
    assert SECRET.encode() not in database.read_bytes()
    assert not wal.exists() or SECRET.encode() not in wal.read_bytes()
    with pytest.raises(ValueError, match="must come after"):
        app.forget_range(now, now - 1).result(10)


def test_export_writes_a_private_file_after_what_was_recorded(app: App, tmp_path: Path) -> None:
    now = time.time()
    _store_secret(app, now)
    target = tmp_path / "out.json"
    assert app.export(target, "json", now - 3 * 3600, None).result(10) == target
    assert SECRET in target.read_text() and stat.S_IMODE(target.stat().st_mode) == 0o600
    csv = tmp_path / "out.csv"
    assert SECRET in app.export(csv, "csv", None, None).result(10).read_text()
