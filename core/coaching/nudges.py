"""Nudge policy: when a drifting user gets a gentle "back to your task?".

Rules (interruption research: a prompt at a task boundary costs far less than one mid-thought,
and frequent prompts are ignored):

- Only during a focus block of the accepted plan (configurable), never in a meeting, in
  fullscreen, on a break or while away.
- Only at a natural breakpoint: within 10 s after a window switch, the end of an away spell or
  leaving fullscreen. Each breakpoint is scored once.
- Not when the current window matches the block's task (its app/title patterns), and not
  while the user is already in a distracting window: a forecast anticipates drift, the drift
  rule (drift.py) speaks about drift that is happening.
- The detector's probability must be above the user's operating point (forecast.py: from
  their own recent scores and a nudge budget; closed, i.e. infinite, until the gate opens);
  nudges are at least 10 min apart, at most 8 a day, and "snooze" silences them for 10 min.
- The answer becomes a training label: back to task and snooze say "I was distracted"
  (True), "not distracted" says False.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from ..records import NudgeLabel as NudgeLabel  # lives with every other record
from ..records import Score as Score  # the model's detector returns it, below the coach
from .events import CoachEvent, NudgeAnswered, NudgeDue


class DistractionScorer(Protocol):
    """The detector as the coach sees it: the probability of drifting off, and why."""

    def score(self, now: float) -> Score: ...


class NudgeAnswer(StrEnum):
    BACK_TO_TASK = "back_to_task"
    SNOOZE = "snooze"
    NOT_DISTRACTED = "not_distracted"

    @classmethod
    def parse(cls, text: str) -> NudgeAnswer:
        aliases = {"on_it": cls.BACK_TO_TASK, "im_on_it": cls.BACK_TO_TASK}
        key = text.strip().lower().replace("-", "_").replace(" ", "_").replace("'", "")
        if key in aliases:
            return aliases[key]
        try:
            return cls(key)
        except ValueError:
            choices = ", ".join(a.value for a in cls)
            raise ValueError(f"unknown nudge answer {text!r}: use one of {choices}") from None

    @property
    def distracted(self) -> bool:
        return self is not NudgeAnswer.NOT_DISTRACTED


@dataclass(frozen=True, slots=True)
class NudgeSettings:
    enabled: bool = True
    threshold: float = 0.7
    min_interval_s: float = 10 * 60
    daily_cap: int = 8
    snooze_s: float = 10 * 60
    breakpoint_window_s: float = 10.0
    only_in_focus_blocks: bool = True


@dataclass(frozen=True, slots=True)
class NudgeContext:
    day: str
    in_focus_block: bool
    #: Meeting, fullscreen, on a break or away: no interruption now.
    quiet: bool
    #: When the last natural breakpoint happened (switch, back from away, fullscreen left).
    breakpoint_at: float | None
    on_task: bool = False
    task_id: int | None = None
    task_title: str = ""
    #: The focused window is distracting (the user's categories): no forecast now.
    distracting: bool = False


@dataclass(frozen=True, slots=True)
class ShownNudge:
    at: float
    probability: float
    explanation: str
    task_id: int | None


@dataclass(frozen=True, slots=True)
class NudgeState:
    last_nudge_at: float | None = None
    snoozed_until: float | None = None
    last_scored_breakpoint: float | None = None
    shown: ShownNudge | None = None
    day: str = ""
    nudges_today: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NudgeState:
        shown = data.get("shown")
        return cls(
            last_nudge_at=data.get("last_nudge_at"),
            snoozed_until=data.get("snoozed_until"),
            last_scored_breakpoint=data.get("last_scored_breakpoint"),
            shown=None if shown is None else ShownNudge(**shown),
            day=str(data["day"]),
            nudges_today=int(data["nudges_today"]),
        )


class NudgePolicy:
    """Holds only settings; every method is a pure function of its arguments (and the scorer)."""

    def __init__(self, settings: NudgeSettings | None = None) -> None:
        self.settings = settings or NudgeSettings()

    def eligible(self, state: NudgeState, ctx: NudgeContext, now: float) -> bool:
        """Every rule but the probability: checked first, so the model runs only when needed."""
        s = self.settings
        if not s.enabled or ctx.quiet or ctx.on_task or ctx.distracting:
            return False
        if not math.isfinite(s.threshold):  # the forecast gate is closed: nothing to ask
            return False
        if s.only_in_focus_blocks and not ctx.in_focus_block:
            return False
        bp = ctx.breakpoint_at
        if bp is None or not 0 <= now - bp <= s.breakpoint_window_s:
            return False
        if bp == state.last_scored_breakpoint:
            return False
        nudges_today = state.nudges_today if state.day == ctx.day else 0
        if nudges_today >= s.daily_cap:
            return False
        if state.snoozed_until is not None and now < state.snoozed_until:
            return False
        return state.last_nudge_at is None or now - state.last_nudge_at >= s.min_interval_s

    def step(
        self, state: NudgeState, ctx: NudgeContext, now: float, scorer: DistractionScorer
    ) -> tuple[NudgeState, list[CoachEvent]]:
        if state.day != ctx.day:
            state = replace(state, day=ctx.day, nudges_today=0)
        if not self.eligible(state, ctx, now):
            return state, []
        state = replace(state, last_scored_breakpoint=ctx.breakpoint_at)
        score = scorer.score(now)
        if not score.probability > self.settings.threshold:
            return state, []
        shown = ShownNudge(now, score.probability, score.explanation, ctx.task_id)
        state = replace(state, last_nudge_at=now, nudges_today=state.nudges_today + 1, shown=shown)
        event = NudgeDue(now, score.probability, score.explanation, ctx.task_id, ctx.task_title)
        return state, [event]

    def answer(
        self, state: NudgeState, answer: NudgeAnswer | str, now: float
    ) -> tuple[NudgeState, list[CoachEvent], NudgeLabel | None]:
        """Turn the answer to the last nudge into a label; None if no nudge is waiting."""
        parsed = answer if isinstance(answer, NudgeAnswer) else NudgeAnswer.parse(answer)
        shown = state.shown
        if shown is None:
            return state, [], None
        label = NudgeLabel(
            at=shown.at,
            answered_at=now,
            answer=parsed.value,
            distracted=parsed.distracted,
            probability=shown.probability,
            explanation=shown.explanation,
            task_id=shown.task_id,
        )
        snoozed = now + self.settings.snooze_s if parsed is NudgeAnswer.SNOOZE else None
        state = replace(state, shown=None, snoozed_until=snoozed or state.snoozed_until)
        return state, [NudgeAnswered(now, parsed.value, parsed.distracted, shown.at)], label
