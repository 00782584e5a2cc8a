"""Pure edits of today's plan that the user makes by hand, and the pause menu's end times.

Kept apart from the threads so they are tested as functions; the App applies them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock_time

from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task


def with_focus_block(
    plan: Plan | None, day: date, start: datetime, minutes: float, task: Task | None
) -> Plan:
    """Today's plan with a focus block started by hand at `start`.

    Planned focus and break blocks that overlap the new one are cut short or dropped
    (the user's choice wins over the planner's); meetings stay, they are facts.
    """
    # In UTC: adding to a zoned time adds wall-clock time, wrong across a DST change.
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    block = PlanBlock(
        start, end, BlockKind.FOCUS, task.id if task else None, task.title if task else ""
    )
    kept: list[PlanBlock] = []
    for b in plan.blocks if plan else ():
        if b.kind is BlockKind.MEETING or b.end_ts <= block.start_ts or b.start_ts >= block.end_ts:
            kept.append(b)
        elif b.start_ts < block.start_ts:
            kept.append(replace(b, end=start))
    blocks = sorted([*kept, block], key=lambda b: (b.start_ts, b.end_ts))
    return Plan(
        date=day,
        blocks=tuple(blocks),
        unscheduled=plan.unscheduled if plan else (),
        unscheduled_minutes=plan.unscheduled_minutes if plan else (),
        low_energy=plan.low_energy if plan else False,
    )


def end_focus_block(plan: Plan, now: datetime) -> Plan:
    """The plan with the focus block running at `now` ending now."""
    blocks = tuple(
        replace(b, end=now) if b.kind is BlockKind.FOCUS and b.contains(now) else b
        for b in plan.blocks
    )
    return replace(plan, blocks=tuple(b for b in blocks if b.end_ts > b.start_ts))


def focused_seconds(plan: Plan | None, now: float) -> float:
    """Focus-block time of the plan that has already passed (the tooltip's "focused today")."""
    if plan is None:
        return 0.0
    return sum(max(0.0, min(now, b.end_ts) - b.start_ts) for b in plan.of_kind(BlockKind.FOCUS))


def pause_end(choice: str, now: float, tz: tzinfo) -> float:
    """When a pause chosen in the menu ends: "15m", "1h" or "tomorrow" (next local 06:00)."""
    if choice == "15m":
        return now + 15 * 60
    if choice == "1h":
        return now + 3600
    if choice == "tomorrow":
        today = datetime.fromtimestamp(now, tz).date()
        return datetime.combine(today + timedelta(days=1), clock_time(6, 0), tzinfo=tz).timestamp()
    raise ValueError(f"unknown pause {choice!r}: use 15m, 1h or tomorrow")
