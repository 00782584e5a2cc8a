"""What the tray shows (its icon and tooltip), derived from the coach and the pause.

`coach_status` is a pure function of the coach; the Runtime calls it under the runner's lock
(`CoachRunner.inspect`) so plan, break and timers are read as one consistent snapshot while the
scheduler thread may be ticking.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import ClassVar

from focuscoach.core.coaching.coach import Coach
from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.coaching.scheduler import CoachRunner
from focuscoach.core.planning.planner import BlockKind
from focuscoach.core.runtime.plan_edits import focused_seconds


class AppState(StrEnum):
    RECORDING = "recording"
    FOCUS = "focus"
    BREAK = "break"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class Status:
    """What the tray shows: its icon (state) and tooltip."""

    state: AppState
    block_title: str = ""
    block_end: float | None = None
    break_end: float | None = None
    paused_until: float | None = None
    focused_today_s: float = 0.0
    # Why the detector is not using the user's trained model (a broken file): shown, not hidden.
    model_warning: str | None = None
    #: Why the coach keeps quiet now (core.quiet reasons: "fullscreen", "in a call (camera)").
    quiet: tuple[str, ...] = ()
    #: Why forecast nudges are off (about a day of history first, the model's check...).
    forecast_note: str | None = None


@dataclass(frozen=True, slots=True)
class StatusChanged(CoachEvent):
    """Not from the coach: the runtime's own note that the tray's state may have changed."""

    kind: ClassVar[str] = "status_changed"


def coach_status(coach: Coach, now: float) -> Status:
    """The status while recording (not paused); call it under the runner's lock."""
    focused = focused_seconds(coach.plan, now)
    on_break = coach.state.breaks.on_break
    if on_break is not None and now < on_break.until:
        return Status(AppState.BREAK, break_end=on_break.until, focused_today_s=focused)
    block = (
        coach.plan.block_at(datetime.fromtimestamp(now, UTC), BlockKind.FOCUS)
        if coach.plan
        else None
    )
    if block is not None:
        return Status(
            AppState.FOCUS,
            block_title=block.title,
            block_end=block.end_ts,
            focused_today_s=focused,
        )
    return Status(AppState.RECORDING, focused_today_s=focused)


def tray_status(
    now: float,
    runner: CoachRunner | None,
    paused_until: float | None,
    model_warning: str | None,
    forecast_note: str | None,
    quiet: tuple[str, ...],
) -> Status:
    """The whole status: the pause (a focus block goes on while recording pauses, so the tray
    still offers to end it), else the coach's (read under its runner's lock), with the notes."""
    if paused_until is not None and now < paused_until:
        inner = runner.inspect(lambda c: coach_status(c, now)) if runner else None
        status = Status(
            AppState.PAUSED,
            paused_until=paused_until,
            block_title=inner.block_title if inner is not None else "",
            block_end=inner.block_end if inner is not None else None,
        )
    elif runner is None:
        status = Status(AppState.RECORDING)
    else:
        status = runner.inspect(lambda coach: coach_status(coach, now))
    return replace(status, model_warning=model_warning, forecast_note=forecast_note, quiet=quiet)
