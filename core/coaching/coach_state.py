"""The coach's settings, what it observes and what it saves: the records `Coach` works on,
kept apart from the policy code (coach.py) so each module stays readable."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..planning.planner import WorkingHours
from .breaks import (
    BreakSettings,
    BreakState,
)
from .checkins import (
    CheckInSettings,
    CheckInState,
)
from .drift import DriftSettings
from .nudges import (
    NudgeSettings,
    NudgeState,
)
from .quiet import QuietSettings

STATE_VERSION = 1


#: The drift rule's "block" between focus blocks, when nudges may come outside them.
OUTSIDE_BLOCKS = (0.0, float("inf"))


@dataclass(frozen=True, slots=True)
class CoachSettings:
    breaks: BreakSettings = field(default_factory=BreakSettings)
    nudges: NudgeSettings = field(default_factory=NudgeSettings)
    checkins: CheckInSettings = field(default_factory=CheckInSettings)
    quiet: QuietSettings = field(default_factory=QuietSettings)
    #: The drift nudge's rule; it applies once the caller sets `Coach.drift` (it needs the
    #: user's categories).
    drift: DriftSettings = field(default_factory=DriftSettings)
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    #: Steps come every ~15 s (tick) or on every window/AFK change; a longer silence means
    #: the machine slept or the app was down.
    max_gap_s: float = 90.0


@dataclass(frozen=True, slots=True)
class Observation:
    """What the recorders see right now."""

    active: bool = True
    app: str = ""
    title: str = ""
    fullscreen: bool = False
    #: From a meeting detector (e.g. a call app); accepted-plan meetings count on their own.
    in_meeting: bool = False
    #: Do Not Disturb is on (core.quiet): held like a meeting.
    dnd: bool = False


@dataclass(frozen=True, slots=True)
class CoachState:
    last_at: float | None = None
    last_obs: Observation = field(default_factory=Observation)
    away_s: float = 0.0
    last_breakpoint_at: float | None = None
    #: (start, end) of the focus block announced with BlockStarted and not yet ended.
    current_block: tuple[float, float] | None = None
    breaks: BreakState = field(default_factory=BreakState)
    nudges: NudgeState = field(default_factory=NudgeState)
    checkins: CheckInState = field(default_factory=CheckInState)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CoachState:
        """Raise ValueError for a snapshot of another version (start afresh then)."""
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"coach state version {data.get('version')!r} is not supported")
        block = data.get("current_block")
        return cls(
            last_at=data.get("last_at"),
            last_obs=Observation(**data["last_obs"]),
            away_s=float(data["away_s"]),
            last_breakpoint_at=data.get("last_breakpoint_at"),
            current_block=None if block is None else (float(block[0]), float(block[1])),
            breaks=BreakState.from_dict(data["breaks"]),
            nudges=NudgeState.from_dict(data["nudges"]),
            checkins=CheckInState.from_dict(data["checkins"]),
        )
