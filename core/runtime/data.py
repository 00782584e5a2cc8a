"""The user's data as the windows ask for it: typed commands that return Futures at once.

The desktop neither speaks SQL nor imports the store (import-linter contracts in
pyproject.toml): it asks the `App` for tasks, plans, an export or a deletion, and gets the
records of core/records.py back on the main thread (desktop/ops.py). Reads run on the app's executor
on a read-only connection; writes, a deleted time range included, go through the one writer.

`DataCommands` is mixed into `App` (app.py), which gives it `runtime` and `submit`.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import sqlite_utils

from focuscoach.core import files
from focuscoach.core.categories import Categorizer
from focuscoach.core.config import PlanningSettings
from focuscoach.core.interop import activitywatch, export
from focuscoach.core.planning.from_settings import planner_settings
from focuscoach.core.planning.planner import Plan
from focuscoach.core.planning.service import build_plan, load_plan
from focuscoach.core.records import Task
from focuscoach.core.reports.summary import WeeklyReport, build_report
from focuscoach.core.reports.week import Week
from focuscoach.core.runtime.store_access import write_committed
from focuscoach.core.store import queries
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import connect

if TYPE_CHECKING:
    from focuscoach.core.runtime.lifecycle import Runtime

log = logging.getLogger("focuscoach.runtime")

T = TypeVar("T")
Future = concurrent.futures.Future
ExportFormat = Literal["json", "csv", "activitywatch"]

#: How long a deletion may keep the writer (a year's range on a large database takes a while).
FORGET_TIMEOUT_S = 300.0


class DataCommands:
    """Tasks, plans, export and deletion for the windows; every method returns a Future."""

    runtime: Runtime

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        raise NotImplementedError  # App's executor

    # --- tasks ---------------------------------------------------------------------------

    def list_tasks(self, include_done: bool = False) -> Future[list[Task]]:
        """Open tasks (or all) in planning order."""

        def run() -> list[Task]:
            with self.runtime.read() as db:
                return task_store.list_tasks(db, include_done=include_done)

        return self.submit(run)

    def add_task(self, task: Task) -> Future[Task]:
        """Store `task` (its id is ignored); the Future holds it with its new id."""
        return self.submit(lambda: self.runtime.write(lambda db: task_store.add_task(db, task)))

    def update_task(
        self,
        task_id: int,
        *,
        title: str,
        priority: int,
        estimate: int | None,
        due: date | None,
        app_pattern: str | None,
        title_pattern: str | None,
    ) -> Future[Task]:
        """Change what the task form edits (ValueError or KeyError in the Future: nothing
        stored)."""

        def change(db: sqlite_utils.Database) -> Task:
            return task_store.update_task(
                db,
                task_id,
                title=title,
                priority=priority,
                estimate=estimate,
                due=due,
                app_pattern=app_pattern,
                title_pattern=title_pattern,
            )

        return self.submit(lambda: self.runtime.write(change))

    def set_task_done(self, task_id: int, at: float, *, done: bool = True) -> Future[Task]:
        """Complete the task at `at`, or reopen it (done=False)."""
        return self.submit(
            lambda: self.runtime.write(
                lambda db: task_store.set_task_done(db, task_id, at, done=done)
            )
        )

    def delete_task(self, task_id: int) -> Future[None]:
        return self.submit(
            lambda: self.runtime.write(lambda db: task_store.delete_task(db, task_id))
        )

    # --- plans ---------------------------------------------------------------------------

    def load_plan(self, day: date, tz: tzinfo | None = None) -> Future[Plan | None]:
        """The accepted plan of `day` (times in `tz`, by default the app's), or None."""
        zone = tz or self.runtime.tz

        def run() -> Plan | None:
            with self.runtime.read() as db:
                return load_plan(db, day, zone)

        return self.submit(run)

    def propose_plan(
        self, day: date, now: datetime, planning: PlanningSettings, tz: tzinfo | None = None
    ) -> Future[Plan]:
        """A new proposal for `day` from the open tasks, the latest mood and the calendars;
        CalendarError or ValueError (settings the planner refuses) in the Future."""
        zone = tz or self.runtime.tz

        def run() -> Plan:
            settings = planner_settings(planning)
            with self.runtime.read() as db:
                return build_plan(
                    db,
                    day=day,
                    now=now,
                    tz=zone,
                    ics_paths=planning.calendars,
                    settings=settings,
                )

        return self.submit(run)

    # --- export and deletion ---------------------------------------------------------------

    def export(
        self, target: Path, fmt: ExportFormat, since: float | None, until: float | None
    ) -> Future[Path]:
        """Commit what was recorded, then write the range to `target` (0600, through a rename;
        a link or FIFO is refused with ValueError/OSError in the Future)."""

        def run() -> Path:
            self.runtime.flush()
            with self.runtime.read() as db:
                text = export_text(db.conn, fmt, since, until)
            files.write_private(target, text.encode("utf-8"))
            return target

        return self.submit(run)

    def forget_range(self, since: float, until: float) -> Future[int]:
        """Delete everything recorded in [since, until) on the writer thread (the one writing
        connection; the same `forget_in_transaction` as `focuscoach forget`), then empty the
        WAL; the Future holds how many records went."""

        at = self.runtime.clock()

        def forget(db: sqlite_utils.Database) -> int:
            return queries.forget_in_transaction(db.conn, since, until, at).total

        def run() -> int:
            writer = self.runtime.writer
            if writer is None:
                raise RuntimeError("the runtime is not running")
            # Then the WAL is emptied: what was deleted is gone from the -wal file too.
            return write_committed(writer, forget, FORGET_TIMEOUT_S, checkpoint=True)

        return self.submit(run)


def export_text(
    conn: sqlite3.Connection, fmt: ExportFormat, since: float | None, until: float | None
) -> str:
    """The export's text in `fmt`, as `focuscoach export` writes it to a file."""
    if fmt == "csv":
        return export.export_csv(conn, since, until)
    if fmt == "json":
        return json.dumps(export.export_json(conn, since, until), ensure_ascii=False) + "\n"
    buckets = activitywatch.export_buckets(conn, since, until)
    return json.dumps(buckets, ensure_ascii=False) + "\n"


def weekly_report(
    database: Path, week: Week, tz: tzinfo, categorizer: Categorizer, now: float
) -> WeeklyReport:
    """The review of `week` on a read-only connection of its own (WAL: the writer is never held
    up). Blocking: for a worker thread. No database yet, or one that cannot be opened, gives
    the empty report (the problem is logged)."""
    conn: sqlite3.Connection | None = None
    if database.exists():
        try:
            conn = connect(database, readonly=True)
        except sqlite3.Error:
            log.exception("cannot open %s for the review", database)
    try:
        return build_report(conn, week, tz, categorizer, now=now)
    finally:
        if conn is not None:
            conn.close()
