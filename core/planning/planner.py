"""The day planner: a pure function from tasks, busy time, working hours and "now" to a plan.

Rules (each one a user expectation from time-blocking tools):

- Focus blocks lie only inside working hours on the plan's date, never over a busy interval,
  never before "now" (rounded up to the next 5 minutes, so blocks start on readable times).
- Work is taken in order: priority (1 first), then due date (undated last), then age.
  The current task fills every free slot before the next task starts, splitting across
  slots and blocks as needed, so the order of focus blocks in time is the order of the list.
- A block is at most `focus_minutes` long and at least `min_block_minutes`; a task (or the
  tail of a split task) shorter than the minimum gets a minimum-length block rather than a
  sliver nobody can use.
- Two focus blocks in the same free slot always have a break between them. A meeting
  between two blocks already separates them, so no break is planned next to a meeting.
- Low-energy rule: when the latest mood check-in (at most `mood_max_age_hours` old) has
  mood or energy <= 2 AND some open task is urgent (due on the plan's date or the next day,
  or overdue), the whole day uses `low_energy_focus_minutes` / `low_energy_break_minutes`
  (default 25 / 15 instead of 50 / 10). The urgent work must still move, but shorter sprints
  with longer recovery are what a tired person can actually sustain.
- Whatever does not fit is listed in `unscheduled` (with the minutes left over), never
  silently dropped; a task may be partly scheduled and still be listed there.

All arithmetic is done in UTC and converted to the local zone at the end, so daylight-saving
days (23 or 25 hours) come out right; blocks compare as instants (`PlanBlock`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any

from ..records import MoodEntry
from .calendar import BusyInterval
from .tasks import Task, sort_key

_MINUTE = timedelta(minutes=1)


class BlockKind(StrEnum):
    FOCUS = "focus"
    BREAK = "break"
    #: Timed calendar events of the day, listed so the UI can draw the whole day and the
    #: coach knows when not to interrupt (also after a restart, from the stored plan).
    MEETING = "meeting"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    start: time = time(9, 0)
    end: time = time(17, 0)

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValueError(
                f"working hours must start before they end, got {self.start:%H:%M}-{self.end:%H:%M}"
            )

    def window(self, day: date, tz: tzinfo) -> tuple[datetime, datetime]:
        """The working window of `day` as UTC datetimes (empty if a DST gap inverts it)."""
        start = datetime.combine(day, self.start, tzinfo=tz).astimezone(UTC)
        end = datetime.combine(day, self.end, tzinfo=tz).astimezone(UTC)
        return start, max(start, end)

    def contains(self, moment: datetime, tz: tzinfo) -> bool:
        local = moment.astimezone(tz)
        start, end = self.window(local.date(), tz)
        return start <= moment < end


@dataclass(frozen=True, slots=True)
class PlannerSettings:
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    focus_minutes: int = 50
    break_minutes: int = 10
    min_block_minutes: int = 15
    low_energy_focus_minutes: int = 25
    low_energy_break_minutes: int = 15
    #: Used for tasks without an estimate, so they are planned rather than ignored.
    default_estimate_minutes: int = 30
    mood_max_age_hours: float = 12.0
    round_start_minutes: int = 5
    include_meetings: bool = True

    def __post_init__(self) -> None:
        for name in (
            "focus_minutes",
            "break_minutes",
            "min_block_minutes",
            "low_energy_focus_minutes",
            "low_energy_break_minutes",
            "default_estimate_minutes",
            "round_start_minutes",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.min_block_minutes > min(self.focus_minutes, self.low_energy_focus_minutes):
            raise ValueError("min_block_minutes must not exceed the focus block length")


def instant(moment: datetime) -> datetime:
    """`moment` with its UTC offset fixed (same instant, same wall clock, same ISO text).

    Python compares and subtracts two datetimes that share one tzinfo object (one zoneinfo
    zone) by wall clock, ignoring `fold`: on a fall-back day 01:50 EDT then sorts after
    01:00 EST, forty minutes later. With a fixed offset, wall-clock order is time order.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment!r} is not an instant: it carries no UTC offset")
    fixed = timezone(offset)
    return moment if moment.tzinfo == fixed else moment.astimezone(fixed)


@dataclass(frozen=True, slots=True)
class PlanBlock:
    """A stretch of the day. `start` and `end` are instants (see `instant`): each keeps the
    local offset it was made with, for display and JSON, but compares and subtracts as UTC
    would, so a block over a daylight-saving change is as long as it lasts."""

    start: datetime
    end: datetime
    kind: BlockKind
    task_id: int | None
    title: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", instant(self.start))
        object.__setattr__(self, "end", instant(self.end))

    @property
    def start_ts(self) -> float:
        """POSIX seconds: the order and the arithmetic of blocks are done on these."""
        return self.start.timestamp()

    @property
    def end_ts(self) -> float:
        return self.end.timestamp()

    @property
    def minutes(self) -> float:
        return (self.end_ts - self.start_ts) / 60

    def contains(self, moment: datetime) -> bool:
        return self.start_ts <= moment.timestamp() < self.end_ts

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "kind": self.kind.value,
            "task_id": self.task_id,
            "title": self.title,
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> PlanBlock:
        start = datetime.fromisoformat(data["start"])
        end = datetime.fromisoformat(data["end"])
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("plan block times must carry a UTC offset")
        task_id = data.get("task_id")
        return cls(
            start,
            end,
            BlockKind(data["kind"]),
            None if task_id is None else int(task_id),
            str(data.get("title", "")),
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """A day's plan. `blocks` are sorted by start; focus and break blocks never overlap
    each other or a meeting. `unscheduled_minutes` maps task id -> minutes that did not fit."""

    date: date
    blocks: tuple[PlanBlock, ...]
    unscheduled: tuple[int, ...] = ()
    unscheduled_minutes: tuple[tuple[int, int], ...] = ()
    low_energy: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        """The CLI/JSON contract: date, blocks (focus, break, meeting), unscheduled ids."""
        return {
            "date": self.date.isoformat(),
            "blocks": [block.to_json_dict() for block in self.blocks],
            "unscheduled": list(self.unscheduled),
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Plan:
        blocks = tuple(PlanBlock.from_json_dict(b) for b in data.get("blocks", []))
        return cls(
            date=date.fromisoformat(data["date"]),
            blocks=tuple(sorted(blocks, key=lambda b: (b.start_ts, b.end_ts))),
            unscheduled=tuple(int(i) for i in data.get("unscheduled", [])),
        )

    def of_kind(self, kind: BlockKind) -> list[PlanBlock]:
        return [b for b in self.blocks if b.kind is kind]

    def block_at(self, moment: datetime, kind: BlockKind) -> PlanBlock | None:
        for block in self.blocks:
            if block.kind is kind and block.contains(moment):
                return block
        return None


def is_urgent(task: Task, day: date) -> bool:
    """Due on `day` or the next day, or overdue."""
    return task.due is not None and task.due <= day + timedelta(days=1)


def uses_low_energy_rule(
    tasks: Iterable[Task],
    day: date,
    now: datetime,
    mood: MoodEntry | None,
    settings: PlannerSettings,
) -> bool:
    if mood is None or not mood.is_low:
        return False
    age_hours = (now.timestamp() - mood.at) / 3600
    if age_hours > settings.mood_max_age_hours:
        return False
    return any(t.is_open and is_urgent(t, day) for t in tasks)


def _round_up(moment: datetime, minutes: int) -> datetime:
    step = minutes * 60
    seconds = math.ceil(moment.timestamp() / step) * step
    return datetime.fromtimestamp(seconds, UTC)


def _free_slots(
    start: datetime, end: datetime, busy: Sequence[BusyInterval]
) -> list[tuple[datetime, datetime]]:
    clipped = sorted(
        (max(b.start.astimezone(UTC), start), min(b.end.astimezone(UTC), end))
        for b in busy
        if b.end.timestamp() > start.timestamp() and b.start.timestamp() < end.timestamp()
    )
    slots: list[tuple[datetime, datetime]] = []
    cursor = start
    for busy_start, busy_end in clipped:
        if busy_start > cursor:
            slots.append((cursor, busy_start))
        cursor = max(cursor, busy_end)
    if cursor < end:
        slots.append((cursor, end))
    return slots


def plan_day(
    tasks: Iterable[Task],
    busy: Sequence[BusyInterval],
    *,
    day: date,
    now: datetime,
    tz: tzinfo,
    mood: MoodEntry | None = None,
    settings: PlannerSettings | None = None,
) -> Plan:
    """Plan `day` (a local date in `tz`). Pure: same inputs, same plan."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    settings = settings or PlannerSettings()
    all_tasks = list(tasks)
    open_tasks = sorted((t for t in all_tasks if t.is_open), key=sort_key)
    for task in open_tasks:
        if task.id is None:
            raise ValueError(f"task {task.title!r} has no id; save it before planning")

    low_energy = uses_low_energy_rule(open_tasks, day, now, mood, settings)
    focus = timedelta(
        minutes=settings.low_energy_focus_minutes if low_energy else settings.focus_minutes
    )
    pause = timedelta(
        minutes=settings.low_energy_break_minutes if low_energy else settings.break_minutes
    )
    minimum = timedelta(minutes=settings.min_block_minutes)

    win_start, win_end = settings.working_hours.window(day, tz)
    floor = max(win_start, _round_up(now.astimezone(UTC), settings.round_start_minutes))

    # remaining[i] is in whole minutes, as estimates are.
    queue: list[tuple[Task, int]] = [
        (t, t.estimate or settings.default_estimate_minutes) for t in open_tasks
    ]
    remaining = [minutes for _, minutes in queue]
    index = 0
    blocks: list[PlanBlock] = []

    for slot_start, slot_end in _free_slots(floor, win_end, busy) if floor < win_end else []:
        cursor = slot_start
        while index < len(queue):
            room = timedelta(minutes=int((slot_end - cursor) / _MINUTE))
            if room < minimum:
                break
            task = queue[index][0]
            length = min(focus, room)
            need = timedelta(minutes=remaining[index])
            covered = min(need, length)
            if covered < length:
                length = max(covered, minimum)
            blocks.append(PlanBlock(cursor, cursor + length, BlockKind.FOCUS, task.id, task.title))
            remaining[index] -= int(covered / _MINUTE)
            if remaining[index] <= 0:
                index += 1
            cursor += length
            if index >= len(queue) or slot_end - cursor < pause + minimum:
                break
            blocks.append(PlanBlock(cursor, cursor + pause, BlockKind.BREAK, None, "Break"))
            cursor += pause

    if settings.include_meetings:
        day_start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
        for b in busy:
            if (
                not b.all_day
                and b.end.timestamp() > day_start.timestamp()
                and b.start.timestamp() < day_end.timestamp()
            ):
                blocks.append(
                    PlanBlock(
                        b.start.astimezone(UTC),
                        b.end.astimezone(UTC),
                        BlockKind.MEETING,
                        None,
                        b.summary,
                    )
                )

    local_blocks = tuple(
        PlanBlock(b.start.astimezone(tz), b.end.astimezone(tz), b.kind, b.task_id, b.title)
        for b in sorted(blocks, key=lambda b: (b.start_ts, b.end_ts, b.kind.value))
    )
    left = [
        (task.id, minutes)
        for (task, _), minutes in zip(queue, remaining, strict=True)
        if minutes > 0 and task.id is not None
    ]
    return Plan(
        date=day,
        blocks=local_blocks,
        unscheduled=tuple(task_id for task_id, _ in left),
        unscheduled_minutes=tuple(left),
        low_energy=low_energy,
    )
