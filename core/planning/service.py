"""`focuscoach plan` in one call: gather tasks, the latest mood and calendars, then plan.

The planner stays pure; this is the thin layer that reads its inputs from the store and
the .ics files, so the CLI and the tray build plans the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from os import PathLike

import sqlite_utils

from . import storage
from .calendar import busy_intervals
from .planner import Plan, PlannerSettings, plan_day


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight (23 or 25 hours on a DST day)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def build_plan(
    db: sqlite_utils.Database,
    *,
    day: date,
    now: datetime,
    tz: tzinfo,
    ics_paths: Iterable[str | PathLike[str]] = (),
    settings: PlannerSettings | None = None,
) -> Plan:
    """Plan `day` from the open tasks, the latest mood and the calendars.

    Raises CalendarError (one line) for an unreadable calendar; nothing is written.
    """
    busy = busy_intervals(ics_paths, *day_bounds(day, tz))
    tasks = storage.list_tasks(db)
    mood = storage.latest_mood(db, before=now.timestamp())
    return plan_day(tasks, busy, day=day, now=now, tz=tz, mood=mood, settings=settings)
