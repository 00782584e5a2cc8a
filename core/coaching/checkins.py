"""Mood check-ins: ask "how are you doing?" at the end of a focus block and about hourly.

Rules:

- At the end of every focus block of the accepted plan (a natural pause), and about every
  60 min during working hours, with +-20 % jitter from an injected `random.Random` so the
  question does not become a metronome people tune out.
- Never in a meeting, in fullscreen or while away: it waits until that ends. A block-end
  check-in that cannot be shown before the user has been away 15 min is dropped.
- At most one check-in per 20 min (a block ending just after an hourly one asks nothing).
- Coming back after 15 min or more away (lunch, a suspended laptop) starts the hourly timer
  afresh instead of greeting the user with an overdue question.
- Answering, skipping, or logging a mood by hand all restart the hourly timer.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace
from typing import Any

from .events import CheckInAnswered, CheckInDue, CheckInSkipped, CoachEvent


@dataclass(frozen=True, slots=True)
class CheckInSettings:
    enabled: bool = True
    interval_s: float = 60 * 60
    jitter: float = 0.2
    at_block_end: bool = True
    min_gap_s: float = 20 * 60
    reset_after_away_s: float = 15 * 60


@dataclass(frozen=True, slots=True)
class CheckInContext:
    in_working_hours: bool
    #: Meeting, fullscreen or away.
    quiet: bool
    #: A focus block ended during this step (and not during a clock jump).
    block_ended: bool = False
    #: The user is back now after this many seconds away (0 if not just back).
    back_after_s: float = 0.0


@dataclass(frozen=True, slots=True)
class CheckInState:
    next_at: float | None = None
    last_shown_at: float | None = None
    block_end_pending: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckInState:
        return cls(
            next_at=data.get("next_at"),
            last_shown_at=data.get("last_shown_at"),
            block_end_pending=bool(data.get("block_end_pending", False)),
        )


class CheckInPolicy:
    """Holds settings only; randomness comes in as an argument so tests can seed it."""

    def __init__(self, settings: CheckInSettings | None = None) -> None:
        self.settings = settings or CheckInSettings()

    def _next(self, now: float, rng: random.Random) -> float:
        j = self.settings.jitter
        return now + self.settings.interval_s * rng.uniform(1 - j, 1 + j)

    def step(
        self, state: CheckInState, ctx: CheckInContext, now: float, rng: random.Random
    ) -> tuple[CheckInState, list[CoachEvent]]:
        s = self.settings
        if not s.enabled:
            return state, []
        if state.next_at is None:
            state = replace(state, next_at=self._next(now, rng))
        if ctx.back_after_s >= s.reset_after_away_s:
            state = replace(state, next_at=self._next(now, rng), block_end_pending=False)
        if ctx.block_ended and s.at_block_end:
            state = replace(state, block_end_pending=True)
        hourly = ctx.in_working_hours and state.next_at is not None and now >= state.next_at
        if not (state.block_end_pending or hourly) or ctx.quiet:
            return state, []
        if state.last_shown_at is not None and now - state.last_shown_at < s.min_gap_s:
            return replace(state, block_end_pending=False), []
        reason = "block_end" if state.block_end_pending else "hourly"
        state = CheckInState(next_at=self._next(now, rng), last_shown_at=now)
        return state, [CheckInDue(now, reason)]

    def skip(
        self, state: CheckInState, now: float, rng: random.Random
    ) -> tuple[CheckInState, list[CoachEvent]]:
        return replace(state, next_at=self._next(now, rng)), [CheckInSkipped(now)]

    def answered(
        self, state: CheckInState, now: float, rng: random.Random
    ) -> tuple[CheckInState, list[CoachEvent]]:
        """The user logged a mood (through the check-in or by hand)."""
        state = replace(state, next_at=self._next(now, rng), last_shown_at=now)
        return state, [CheckInAnswered(now)]
