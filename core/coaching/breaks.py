"""Break policy: when to remind the user to rest. Pure: (state, context, now) -> (state, events).

Rules (defaults after Workrave/Stretchly and the 20-20-20 eye rule):

- Micro break: 20 s after every 20 min of *active* time. Long break: 5 min after every 50 min
  of active time, or, while a plan is running (now inside one of its focus or break blocks),
  at the plan's break blocks instead of the timer (if the user was active at least 20 min
  since the last long rest; someone just back from lunch needs no break).
- Time away from the keyboard is rest: an away spell at least as long as a micro break resets
  the micro timer; one at least as long as a long break resets both. A clock jump (suspend)
  arrives here as away time, so waking up never produces a stale reminder.
- One reminder is pending at a time; a due long break replaces a due micro break.
- A reminder is not shown while the user is away, in fullscreen or in a meeting; it waits and
  appears as soon as that ends.
- Postpone (5 min) up to 3 times per reminder. An ignored reminder comes back after the same
  5 min and uses up one postpone; when none are left it stays quiet until the user acts or
  takes the rest by stepping away.
- A break ends when its time is up, or earlier when the user says so (`end_break`); either
  way its timers start again and it ends once.
- Skip resets that break's timer (no immediate re-nag) and counts toward the day's skips.
- A running break (the break screen) can be skipped too: it ends now, its timers start again
  and it counts as skipped. It can be postponed only in its first part (30 %, Stretchly's
  default `breakPostponableDurationPercent`): it ends now and its reminder comes back after the
  postpone time, using up one of the reminder's postpones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from .events import (
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakPostponed,
    BreakSkipped,
    BreakStarted,
    BreakTakenAway,
    CoachEvent,
)


@dataclass(frozen=True, slots=True)
class BreakSettings:
    enabled: bool = True
    micro_interval_s: float = 20 * 60
    micro_duration_s: float = 20
    long_interval_s: float = 50 * 60
    long_duration_s: float = 5 * 60
    postpone_s: float = 5 * 60
    max_postpones: int = 3
    follow_plan: bool = True
    #: A planned break is only suggested after this much activity since the last long rest:
    #: back from lunch into a break block, nobody needs to be told to rest.
    planned_break_min_active_s: float = 20 * 60
    #: A running break can be postponed only in this first part of it (as in Stretchly):
    #: later, most of the rest is taken and ending it is "Skip" or "Back to work".
    postponable_fraction: float = 0.3

    def duration(self, kind: BreakKind) -> float:
        return self.micro_duration_s if kind is BreakKind.MICRO else self.long_duration_s


@dataclass(frozen=True, slots=True)
class Elapsed:
    """The time since the previous step and whether the user counted as present during it."""

    seconds: float
    active: bool


@dataclass(frozen=True, slots=True)
class BreakContext:
    day: str
    elapsed: Elapsed
    active: bool
    fullscreen: bool = False
    in_meeting: bool = False
    #: Now is inside a focus or break block of the accepted plan.
    in_plan: bool = False
    #: (start, end) of the plan's break block containing now, if any.
    planned_break: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class PendingBreak:
    kind: BreakKind
    duration_s: float
    #: When to show it (again); None: do not show again on its own.
    next_at: float | None
    postpones: int = 0
    shown: bool = False
    planned: bool = False


@dataclass(frozen=True, slots=True)
class OnBreak:
    kind: BreakKind
    started: float
    until: float
    #: Postpones already used by the reminder this break came from.
    postpones: int = 0


@dataclass(frozen=True, slots=True)
class RunningBreak:
    """What the break screen shows of the running break."""

    kind: BreakKind
    started: float
    until: float
    #: Until when Postpone is offered; None: not at all (no postpones left).
    postpone_until: float | None
    postpones_left: int
    skips_today: int


@dataclass(frozen=True, slots=True)
class BreakState:
    micro_active_s: float = 0.0
    long_active_s: float = 0.0
    away_s: float = 0.0
    pending: PendingBreak | None = None
    on_break: OnBreak | None = None
    #: Start of the last planned break block that produced a reminder (each only once).
    last_planned_break: float | None = None
    day: str = ""
    skips_today: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BreakState:
        pending = data.get("pending")
        on_break = data.get("on_break")
        return cls(
            micro_active_s=float(data["micro_active_s"]),
            long_active_s=float(data["long_active_s"]),
            away_s=float(data["away_s"]),
            pending=None
            if pending is None
            else PendingBreak(
                kind=BreakKind(pending["kind"]),
                duration_s=float(pending["duration_s"]),
                next_at=pending["next_at"],
                postpones=int(pending["postpones"]),
                shown=bool(pending["shown"]),
                planned=bool(pending["planned"]),
            ),
            on_break=None
            if on_break is None
            else OnBreak(
                BreakKind(on_break["kind"]),
                on_break["started"],
                on_break["until"],
                int(on_break.get("postpones", 0)),
            ),
            last_planned_break=data.get("last_planned_break"),
            day=str(data["day"]),
            skips_today=int(data["skips_today"]),
        )


Result = tuple[BreakState, list[CoachEvent]]
#: The user's answer to a reminder or a running break: (state, now) -> (state, events, done).
BreakAnswer = Callable[[BreakState, float], tuple[BreakState, list[CoachEvent], bool]]


class BreakPolicy:
    """Holds only settings; every method is a pure function of its arguments."""

    def __init__(self, settings: BreakSettings | None = None) -> None:
        self.settings = settings or BreakSettings()

    def step(self, state: BreakState, ctx: BreakContext, now: float) -> Result:
        s = self.settings
        events: list[CoachEvent] = []
        if state.day != ctx.day:
            state = replace(state, day=ctx.day, skips_today=0)

        if state.on_break is not None:
            if now < state.on_break.until:
                return state, events
            kind = state.on_break.kind
            state = self._rested(replace(state, on_break=None, away_s=0.0), kind)
            events.append(BreakEnded(now, kind))
            return state, events  # timers start again from the next step

        state = self._account(state, ctx.elapsed, now, events)
        if not s.enabled:
            return replace(state, pending=None), events
        state = self._create(state, ctx, now)
        return self._show(state, ctx, now, events)

    def _rested(self, state: BreakState, kind: BreakKind) -> BreakState:
        """Reset the timers a break of `kind` satisfies (a long break satisfies both)."""
        pending = state.pending
        if pending is not None and (kind is BreakKind.LONG or pending.kind is kind):
            pending = None
        if kind is BreakKind.LONG:
            return replace(state, micro_active_s=0.0, long_active_s=0.0, pending=pending)
        return replace(state, micro_active_s=0.0, pending=pending)

    def _account(
        self, state: BreakState, elapsed: Elapsed, now: float, events: list[CoachEvent]
    ) -> BreakState:
        s = self.settings
        if elapsed.active:
            return replace(
                state,
                micro_active_s=state.micro_active_s + elapsed.seconds,
                long_active_s=state.long_active_s + elapsed.seconds,
                away_s=0.0,
            )
        before = state.away_s
        away = before + elapsed.seconds
        state = replace(state, away_s=away)
        if before < s.long_duration_s <= away:
            owed = state.long_active_s > 0 or state.pending is not None
            state = self._rested(state, BreakKind.LONG)
            if owed:
                events.append(BreakTakenAway(now, BreakKind.LONG, away))
        elif before < s.micro_duration_s <= away:
            owed = state.pending is not None and state.pending.kind is BreakKind.MICRO
            state = self._rested(state, BreakKind.MICRO)
            if owed:
                events.append(BreakTakenAway(now, BreakKind.MICRO, away))
        return state

    def _create(self, state: BreakState, ctx: BreakContext, now: float) -> BreakState:
        s = self.settings
        pending = state.pending
        no_long_pending = pending is None or pending.kind is BreakKind.MICRO
        plan_mode = s.follow_plan and ctx.in_plan
        planned = ctx.planned_break if s.follow_plan else None
        if planned is not None and planned[0] != state.last_planned_break and no_long_pending:
            start, end = planned
            state = replace(state, last_planned_break=start)
            if state.long_active_s >= s.planned_break_min_active_s:
                pending = PendingBreak(BreakKind.LONG, end - start, now, planned=True)
                return replace(state, pending=pending)
        if not plan_mode and no_long_pending and state.long_active_s >= s.long_interval_s:
            return replace(state, pending=PendingBreak(BreakKind.LONG, s.long_duration_s, now))
        if pending is None and state.micro_active_s >= s.micro_interval_s:
            return replace(state, pending=PendingBreak(BreakKind.MICRO, s.micro_duration_s, now))
        return state

    def _show(
        self, state: BreakState, ctx: BreakContext, now: float, events: list[CoachEvent]
    ) -> Result:
        s = self.settings
        p = state.pending
        if p is None or p.next_at is None or now < p.next_at:
            return state, events
        if not ctx.active or ctx.fullscreen or ctx.in_meeting:
            return state, events  # deferred: shown as soon as the user can take it
        if p.shown:  # shown before and ignored: that was an implicit postpone
            if p.postpones >= s.max_postpones:
                return replace(state, pending=replace(p, next_at=None)), events
            p = replace(p, postpones=p.postpones + 1)
        events.append(BreakDue(now, p.kind, p.duration_s, s.max_postpones - p.postpones, p.planned))
        return replace(state, pending=replace(p, shown=True, next_at=now + s.postpone_s)), events

    # --- the user's answers ------------------------------------------------------------

    def start_break(self, state: BreakState, now: float, kind: BreakKind | None = None) -> Result:
        """Start the pending break (or a manual one of `kind`, long by default)."""
        if state.on_break is not None:
            return state, []
        p = state.pending
        if kind is None:
            kind = p.kind if p is not None else BreakKind.LONG
        same = p is not None and p.kind is kind
        duration = p.duration_s if p is not None and same else self.settings.duration(kind)
        postpones = p.postpones if p is not None and same else 0
        state = replace(state, pending=None, on_break=OnBreak(kind, now, now + duration, postpones))
        return state, [BreakStarted(now, kind, now + duration)]

    def end_break(self, state: BreakState, now: float) -> Result:
        """End the running break now ("Back to work"): the rest taken counts as that break
        (its timers start again, as when it runs out), and no later step ends it a second
        time. Nothing happens when no break runs."""
        on_break = state.on_break
        if on_break is None:
            return state, []
        state = self._rested(replace(state, on_break=None, away_s=0.0), on_break.kind)
        return state, [BreakEnded(now, on_break.kind, early=True)]

    def postpone(self, state: BreakState, now: float) -> tuple[BreakState, list[CoachEvent], bool]:
        """Postpone the pending reminder; False when there is none or no postpones are left."""
        s = self.settings
        p = state.pending
        if p is None or p.postpones >= s.max_postpones:
            return state, [], False
        until = now + s.postpone_s
        p = replace(p, postpones=p.postpones + 1, next_at=until, shown=False)
        left = s.max_postpones - p.postpones
        return replace(state, pending=p), [BreakPostponed(now, p.kind, until, left)], True

    def skip(self, state: BreakState, now: float) -> tuple[BreakState, list[CoachEvent], bool]:
        """Skip the pending reminder; False when there is none."""
        p = state.pending
        if p is None:
            return state, [], False
        state = self._rested(state, p.kind)
        state = replace(state, pending=None, skips_today=state.skips_today + 1)
        return state, [BreakSkipped(now, p.kind, state.skips_today)], True

    # --- the running break (the break screen) -------------------------------------------

    def running(self, state: BreakState) -> RunningBreak | None:
        """The running break as the break screen shows it; None when no break runs."""
        b = state.on_break
        if b is None:
            return None
        s = self.settings
        left = max(0, s.max_postpones - b.postpones)
        postpone_until = b.started + s.postponable_fraction * (b.until - b.started)
        return RunningBreak(
            b.kind,
            b.started,
            b.until,
            postpone_until if left > 0 else None,
            left,
            state.skips_today,
        )

    def postpone_running(
        self, state: BreakState, now: float
    ) -> tuple[BreakState, list[CoachEvent], bool]:
        """End the running break now and bring its reminder back after the postpone time,
        using up one postpone; only in the break's first part and while postpones are left
        (else False and nothing changes). Its timers do not restart: the rest was not taken."""
        b = state.on_break
        offer = self.running(state)
        if b is None or offer is None or offer.postpone_until is None:
            return state, [], False
        if now >= offer.postpone_until:
            return state, [], False
        until = now + self.settings.postpone_s
        pending = PendingBreak(b.kind, b.until - b.started, until, postpones=b.postpones + 1)
        state = replace(state, on_break=None, away_s=0.0, pending=pending)
        left = self.settings.max_postpones - pending.postpones
        ended = BreakEnded(now, b.kind, early=True)
        return state, [ended, BreakPostponed(now, b.kind, until, left)], True

    def skip_running(
        self, state: BreakState, now: float
    ) -> tuple[BreakState, list[CoachEvent], bool]:
        """End the running break now, counted as skipped: its timers start again (no
        immediate re-nag, as Skip on a reminder). False when no break runs."""
        b = state.on_break
        if b is None:
            return state, [], False
        state = self._rested(replace(state, on_break=None, away_s=0.0), b.kind)
        state = replace(state, skips_today=state.skips_today + 1)
        ended = BreakEnded(now, b.kind, early=True)
        return state, [ended, BreakSkipped(now, b.kind, state.skips_today)], True
