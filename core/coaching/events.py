"""What the coach tells the outside world: plain, immutable event records.

The desktop layer turns them into notifications; the store logs them (`kind` + `detail()`)
for the weekly review. Times are POSIX seconds (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar


class BreakKind(StrEnum):
    MICRO = "micro"
    LONG = "long"


@dataclass(frozen=True, slots=True)
class CoachEvent:
    at: float
    kind: ClassVar[str] = "event"

    def detail(self) -> dict[str, Any]:
        """Every field but `at`, JSON-ready, for the coach log."""
        return {
            f.name: (v.value if isinstance(v, StrEnum) else v)
            for f in fields(self)
            if f.name != "at"
            for v in [getattr(self, f.name)]
        }


@dataclass(frozen=True, slots=True)
class BlockStarted(CoachEvent):
    kind: ClassVar[str] = "block_started"
    start: float
    end: float
    task_id: int | None
    title: str


@dataclass(frozen=True, slots=True)
class BlockEnded(CoachEvent):
    kind: ClassVar[str] = "block_ended"
    start: float
    end: float
    task_id: int | None
    title: str


@dataclass(frozen=True, slots=True)
class BreakDue(CoachEvent):
    """Show a break reminder. `postpones_left` == 0 means: offer no "later" button."""

    kind: ClassVar[str] = "break_due"
    break_kind: BreakKind
    duration_s: float
    postpones_left: int
    planned: bool


@dataclass(frozen=True, slots=True)
class BreakStarted(CoachEvent):
    kind: ClassVar[str] = "break_started"
    break_kind: BreakKind
    until: float


@dataclass(frozen=True, slots=True)
class BreakEnded(CoachEvent):
    """The break is over: it ran out, or the user ended it (`early`: "Back to work")."""

    kind: ClassVar[str] = "break_ended"
    break_kind: BreakKind
    early: bool = False


@dataclass(frozen=True, slots=True)
class BreakPostponed(CoachEvent):
    kind: ClassVar[str] = "break_postponed"
    break_kind: BreakKind
    until: float
    postpones_left: int


@dataclass(frozen=True, slots=True)
class BreakSkipped(CoachEvent):
    kind: ClassVar[str] = "break_skipped"
    break_kind: BreakKind
    skips_today: int


@dataclass(frozen=True, slots=True)
class BreakTakenAway(CoachEvent):
    """Time away from the keyboard was long enough to count as this break."""

    kind: ClassVar[str] = "break_away"
    break_kind: BreakKind
    away_s: float


@dataclass(frozen=True, slots=True)
class NudgeDue(CoachEvent):
    kind: ClassVar[str] = "nudge_shown"
    probability: float
    explanation: str
    task_id: int | None
    task_title: str


@dataclass(frozen=True, slots=True)
class NudgeAnswered(CoachEvent):
    kind: ClassVar[str] = "nudge_answered"
    answer: str
    distracted: bool
    nudge_at: float


@dataclass(frozen=True, slots=True)
class CheckInDue(CoachEvent):
    """Ask for mood and energy. `reason` is "block_end" or "hourly"."""

    kind: ClassVar[str] = "checkin_shown"
    reason: str


@dataclass(frozen=True, slots=True)
class CheckInSkipped(CoachEvent):
    kind: ClassVar[str] = "checkin_skipped"


@dataclass(frozen=True, slots=True)
class CheckInAnswered(CoachEvent):
    kind: ClassVar[str] = "checkin_answered"


@dataclass(frozen=True, slots=True)
class Resumed(CoachEvent):
    """The clock jumped (suspend, sleep, app not running); the gap was treated as time away."""

    kind: ClassVar[str] = "resumed"
    gap_s: float
