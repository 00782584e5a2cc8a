"""What the windows ask of the app: typed commands that return Futures at once (the runtime's
`App` runs them on its executor and the writer; core/runtime/data.py). The desktop never sees
a database connection: it gets records (core/records.py) and plans back."""

from __future__ import annotations

import concurrent.futures
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Protocol

from focuscoach.core.config import PlanningSettings
from focuscoach.core.planning.planner import Plan
from focuscoach.core.records import Task
from focuscoach.core.runtime.data import ExportFormat

Future = concurrent.futures.Future


class TaskCommands(Protocol):
    """The Tasks window's reads and writes."""

    def list_tasks(self, include_done: bool = False) -> Future[list[Task]]: ...

    def add_task(self, task: Task) -> Future[Task]: ...

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
    ) -> Future[Task]: ...

    def set_task_done(self, task_id: int, at: float, *, done: bool = True) -> Future[Task]: ...

    def delete_task(self, task_id: int) -> Future[None]: ...


class PlanCommands(Protocol):
    """The Plan window's reads (accepting goes to the tray, which runs App.accept_plan)."""

    def load_plan(self, day: date, tz: tzinfo | None = None) -> Future[Plan | None]: ...

    def propose_plan(
        self, day: date, now: datetime, planning: PlanningSettings, tz: tzinfo | None = None
    ) -> Future[Plan]: ...


class SettingsData(Protocol):
    """The Settings window's Data tab: export a range, delete a range (through the writer)."""

    def export(
        self, target: Path, fmt: ExportFormat, since: float | None, until: float | None
    ) -> Future[Path]: ...

    def forget_range(self, since: float, until: float) -> Future[int]: ...
