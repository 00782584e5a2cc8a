"""`focuscoach plan` in one call: gather tasks, the latest mood and calendars, then plan.

The planner stays pure; this is the thin layer that reads its inputs from the store and
the .ics files, so the CLI and the tray build plans the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from os import PathLike

from ..records import StoredBlock, StoredPlan
from ..store import journal, plans, tasks
from ..store.handles import Database
from .calendar import busy_intervals
from .planner import BlockKind, Plan, PlanBlock, PlannerSettings, plan_day


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight (23 or 25 hours on a DST day)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def build_plan(
    db: Database,
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
    open_tasks = tasks.list_tasks(db)
    mood = journal.latest_mood(db, before=now.timestamp())
    return plan_day(open_tasks, busy, day=day, now=now, tz=tz, mood=mood, settings=settings)


def save_plan(db: Database, plan: Plan, accepted_at: float) -> None:
    """Store `plan` as the accepted plan of its date, replacing an earlier one."""
    blocks = tuple(
        StoredBlock(b.start.timestamp(), b.end.timestamp(), b.kind.value, b.task_id, b.title)
        for b in plan.blocks
    )
    plans.save_plan(db, StoredPlan(plan.date, accepted_at, blocks, tuple(plan.unscheduled)))


def load_plan(db: Database, day: date, tz: tzinfo) -> Plan | None:
    """The accepted plan of `day` with times in `tz`, or None if none was accepted."""
    stored = plans.load_plan(db, day)
    if stored is None:
        return None
    blocks = tuple(
        PlanBlock(
            datetime.fromtimestamp(b.start, UTC).astimezone(tz),
            datetime.fromtimestamp(b.end, UTC).astimezone(tz),
            BlockKind(b.kind),
            b.task_id,
            b.title,
        )
        for b in stored.blocks
    )
    return Plan(date=day, blocks=blocks, unscheduled=stored.unscheduled)
