"""Pure edits of today's plan (core/runtime/plan_edits.py): a block started by hand, a block
ended early, the focused time so far, and when a pause ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task
from focuscoach.core.runtime.plan_edits import (
    end_focus_block,
    focused_seconds,
    pause_end,
    with_focus_block,
)

TZ = ZoneInfo("Europe/Berlin")


def _block(h0: int, m0: int, h1: int, m1: int, kind: BlockKind) -> PlanBlock:
    day = date(2026, 4, 14)
    start = datetime(day.year, day.month, day.day, h0, m0, tzinfo=TZ)
    end = datetime(day.year, day.month, day.day, h1, m1, tzinfo=TZ)
    return PlanBlock(start, end, kind, None, kind.value)


def test_with_focus_block_cuts_planned_work_and_keeps_meetings() -> None:
    plan = Plan(
        date(2026, 4, 14),
        (
            _block(9, 0, 9, 50, BlockKind.FOCUS),
            _block(9, 50, 10, 0, BlockKind.BREAK),
            _block(10, 0, 10, 30, BlockKind.MEETING),
            _block(10, 30, 11, 20, BlockKind.FOCUS),
        ),
    )
    start = datetime(2026, 4, 14, 9, 30, tzinfo=TZ)
    task = Task(7, "Taxes")
    new = with_focus_block(plan, plan.date, start, 50, task)
    kinds = [(b.kind, b.start.strftime("%H:%M"), b.end.strftime("%H:%M")) for b in new.blocks]
    assert kinds == [
        (BlockKind.FOCUS, "09:00", "09:30"),
        (BlockKind.FOCUS, "09:30", "10:20"),
        (BlockKind.MEETING, "10:00", "10:30"),
        (BlockKind.FOCUS, "10:30", "11:20"),
    ]
    assert new.blocks[1].task_id == 7 and new.blocks[1].title == "Taxes"
    ended = end_focus_block(new, start + timedelta(minutes=10))
    assert ended.blocks[1].end == start + timedelta(minutes=10)


def test_focused_seconds_counts_only_what_has_passed() -> None:
    block = _block(9, 0, 10, 0, BlockKind.FOCUS)
    plan = Plan(date(2026, 4, 14), (block, _block(10, 0, 10, 10, BlockKind.BREAK)))
    assert focused_seconds(plan, block.start.timestamp() + 600) == 600
    assert focused_seconds(plan, block.end.timestamp() + 9999) == 3600
    assert focused_seconds(None, 0) == 0


def test_pause_end() -> None:
    now = datetime(2026, 4, 14, 22, 0, tzinfo=TZ).timestamp()
    assert pause_end("15m", now, TZ) == now + 900
    assert pause_end("1h", now, TZ) == now + 3600
    assert datetime.fromtimestamp(pause_end("tomorrow", now, TZ), UTC).astimezone(TZ) == datetime(
        2026, 4, 15, 6, 0, tzinfo=TZ
    )
    with pytest.raises(ValueError, match="unknown pause"):
        pause_end("forever", now, TZ)
