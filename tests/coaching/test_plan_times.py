"""Plan blocks are instants: daylight-saving days in America/New_York.

2026-11-01 (fall back): 01:59:59 EDT is followed by 01:00:00 EST, so the hour 01:00-02:00
happens twice. Python compares and subtracts two datetimes with the same zoneinfo by wall
clock, so 01:50 EDT -> 01:20 EST (30 minutes) used to read as a block ending before it starts.
2026-03-08 (spring forward): 02:00 EST jumps to 03:00 EDT.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core.coaching.coach import Coach, Observation
from focuscoach.core.coaching.events import BlockEnded, BlockStarted
from focuscoach.core.planning.planner import (
    BlockKind,
    Plan,
    PlanBlock,
    PlannerSettings,
    WorkingHours,
    instant,
    plan_day,
)
from focuscoach.core.planning.tasks import Task
from focuscoach.core.runtime.plan_edits import end_focus_block, focused_seconds, with_focus_block

NEW_YORK = ZoneInfo("America/New_York")
FALL_BACK = date(2026, 11, 1)
SPRING_FORWARD = date(2026, 3, 8)


def fall(hh: int, mm: int, *, second: bool = False) -> datetime:
    """A wall-clock time on the fall-back day; `second` picks the repeated hour (EST)."""
    return datetime(2026, 11, 1, hh, mm, fold=1 if second else 0, tzinfo=NEW_YORK)


def spring(hh: int, mm: int) -> datetime:
    return datetime(2026, 3, 8, hh, mm, tzinfo=NEW_YORK)


def focus(start: datetime, end: datetime, task_id: int | None = 1) -> PlanBlock:
    return PlanBlock(start, end, BlockKind.FOCUS, task_id, "Taxes")


def test_a_block_over_the_repeated_hour_is_30_minutes_and_starts_before_it_ends() -> None:
    start, end = fall(1, 50), fall(1, 20, second=True)
    assert start.isoformat() == "2026-11-01T01:50:00-04:00"
    assert end.isoformat() == "2026-11-01T01:20:00-05:00"
    block = focus(start, end)
    assert block.minutes == 30
    assert block.start < block.end and block.start_ts < block.end_ts
    assert block.end - block.start == timedelta(minutes=30)
    assert block.end_ts - block.start_ts == 1800
    # Inside: 01:55 EDT and 01:10 EST; outside: 01:40 EDT (before) and 01:25 EST (after).
    assert block.contains(fall(1, 55)) and block.contains(fall(1, 10, second=True))
    assert not block.contains(fall(1, 40)) and not block.contains(fall(1, 25, second=True))
    # Display and JSON keep the local offsets the block was made with.
    data = json.loads(json.dumps(block.to_json_dict()))
    assert (data["start"], data["end"]) == (start.isoformat(), end.isoformat())
    assert PlanBlock.from_json_dict(data) == block
    assert block.start.astimezone(NEW_YORK).strftime("%H:%M %Z") == "01:50 EDT"
    assert block.end.astimezone(NEW_YORK).strftime("%H:%M %Z") == "01:20 EST"


def test_block_times_are_fixed_offset_instants() -> None:
    block = focus(fall(1, 50), fall(1, 20, second=True))
    assert block.start.tzinfo == timezone(timedelta(hours=-4))
    assert block.end.tzinfo == timezone(timedelta(hours=-5))
    assert instant(block.start) is block.start  # already fixed: kept as is
    assert block == focus(fall(1, 50).astimezone(UTC), fall(1, 20, second=True).astimezone(UTC))
    with pytest.raises(ValueError, match="no UTC offset"):
        focus(datetime(2026, 11, 1, 1, 50), datetime(2026, 11, 1, 2, 20))


def test_plans_sort_blocks_by_instant() -> None:
    late = focus(fall(1, 10, second=True), fall(1, 40, second=True), 2)  # 06:10 UTC
    early = focus(fall(1, 30), fall(1, 50), 1)  # 05:30 UTC
    plan = Plan.from_json_dict(
        {"date": "2026-11-01", "blocks": [late.to_json_dict(), early.to_json_dict()]}
    )
    assert [b.task_id for b in plan.blocks] == [1, 2]


def test_planning_the_fall_back_day_works() -> None:
    settings = PlannerSettings(working_hours=WorkingHours(time(0, 30), time(3, 0)))
    now = datetime(2026, 10, 31, 23, 0, tzinfo=NEW_YORK)
    plan = plan_day(
        [Task(1, "Taxes", estimate=180)], [], day=FALL_BACK, now=now, tz=NEW_YORK, settings=settings
    )
    # 00:30 EDT to 03:00 EST is 3.5 hours of real time: 50 + 10 + 50 + 10 + 50 + 10 + 30.
    summary = [(b.kind.value, b.start.isoformat(), b.minutes) for b in plan.blocks]
    assert summary == [
        ("focus", "2026-11-01T00:30:00-04:00", 50),
        ("break", "2026-11-01T01:20:00-04:00", 10),
        ("focus", "2026-11-01T01:30:00-04:00", 50),  # ends 01:20 EST
        ("break", "2026-11-01T01:20:00-05:00", 10),
        ("focus", "2026-11-01T01:30:00-05:00", 50),
        ("break", "2026-11-01T02:20:00-05:00", 10),
        ("focus", "2026-11-01T02:30:00-05:00", 30),
    ]
    assert plan.unscheduled == ()
    for block in plan.blocks:
        assert block.start < block.end
    for first, second in itertools.pairwise(plan.blocks):
        assert first.end == second.start
    assert plan.block_at(fall(1, 10, second=True), BlockKind.FOCUS) is plan.blocks[2]
    assert plan.block_at(fall(1, 40), BlockKind.FOCUS) is plan.blocks[2]
    assert plan.block_at(fall(1, 10), BlockKind.FOCUS) is plan.blocks[0]  # the first 01:10


def test_planning_the_spring_forward_day_works() -> None:
    settings = PlannerSettings(working_hours=WorkingHours(time(1, 0), time(4, 0)))
    now = datetime(2026, 3, 7, 23, 0, tzinfo=NEW_YORK)
    plan = plan_day(
        [Task(1, "Taxes", estimate=200)],
        [],
        day=SPRING_FORWARD,
        now=now,
        tz=NEW_YORK,
        settings=settings,
    )
    # 01:00 EST to 04:00 EDT is 2 hours of real time.
    summary = [(b.kind.value, b.start.isoformat(), b.end.isoformat()) for b in plan.blocks]
    assert summary == [
        ("focus", "2026-03-08T01:00:00-05:00", "2026-03-08T01:50:00-05:00"),
        ("break", "2026-03-08T01:50:00-05:00", "2026-03-08T03:00:00-04:00"),
        ("focus", "2026-03-08T03:00:00-04:00", "2026-03-08T03:50:00-04:00"),
    ]
    assert [b.minutes for b in plan.blocks] == [50, 10, 50]
    assert dict(plan.unscheduled_minutes) == {1: 100}


def test_a_block_over_the_skipped_hour_is_as_long_as_it_lasts() -> None:
    block = focus(spring(1, 30), spring(3, 30))
    assert block.minutes == 60 and block.end - block.start == timedelta(hours=1)


def test_a_hand_started_block_on_the_fall_back_day_lasts_what_was_asked() -> None:
    planned = Plan(
        FALL_BACK,
        (
            focus(fall(1, 0), fall(1, 50), 5),
            PlanBlock(fall(1, 50), fall(1, 0, second=True), BlockKind.BREAK, None, "Break"),
            focus(fall(1, 0, second=True), fall(1, 50, second=True), 5),
        ),
    )
    new = with_focus_block(planned, FALL_BACK, fall(1, 50), 30, Task(7, "Taxes"))
    summary = [(b.task_id, b.start.isoformat(), b.end.isoformat()) for b in new.blocks]
    assert summary == [
        (5, "2026-11-01T01:00:00-04:00", "2026-11-01T01:50:00-04:00"),
        (7, "2026-11-01T01:50:00-04:00", "2026-11-01T01:20:00-05:00"),
    ]
    assert new.blocks[1].minutes == 30
    # Ending it at 01:05 EST leaves 15 minutes, and the focus time counts real seconds.
    ended = end_focus_block(new, fall(1, 5, second=True))
    assert ended.blocks[1].minutes == 15
    assert focused_seconds(ended, fall(1, 5, second=True).timestamp()) == (50 + 15) * 60
    assert focused_seconds(new, fall(1, 10, second=True).timestamp()) == (50 + 20) * 60
    assert focused_seconds(new, fall(1, 55).timestamp()) == (50 + 5) * 60


def test_a_hand_started_block_over_the_skipped_hour_lasts_what_was_asked() -> None:
    new = with_focus_block(None, SPRING_FORWARD, spring(1, 45), 30, None)
    (block,) = new.blocks
    assert block.end.astimezone(NEW_YORK).isoformat() == "2026-03-08T03:15:00-04:00"
    assert block.minutes == 30
    assert focused_seconds(new, spring(3, 5).timestamp()) == 20 * 60


def test_the_coach_follows_a_block_over_the_repeated_hour() -> None:
    block = focus(fall(1, 50), fall(1, 20, second=True))
    coach = Coach(tz=NEW_YORK, plan=Plan(FALL_BACK, (block,)))
    events = coach.observe(Observation(app="Code"), fall(1, 55).timestamp())
    events += coach.observe(Observation(app="Code"), fall(1, 10, second=True).timestamp())
    events += coach.observe(Observation(app="Code"), fall(1, 20, second=True).timestamp())
    kinds = [(type(e), e.start, e.end) for e in events if isinstance(e, BlockStarted | BlockEnded)]
    assert kinds == [
        (BlockStarted, block.start_ts, block.end_ts),
        (BlockEnded, block.start_ts, block.end_ts),
    ]
