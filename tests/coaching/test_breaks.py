"""The break policy, step by step with a fake clock (pure functions, no threads)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from focuscoach.core.coaching.breaks import (
    BreakContext,
    BreakPolicy,
    BreakSettings,
    BreakState,
    Elapsed,
)
from focuscoach.core.coaching.events import (
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakPostponed,
    BreakSkipped,
    BreakStarted,
    BreakTakenAway,
    CoachEvent,
)

MIN = 60.0
TICK = 15.0


@dataclass
class Sim:
    """Steps the policy every 15 s, remembering the previous activity like the coach does."""

    policy: BreakPolicy = field(default_factory=BreakPolicy)
    state: BreakState = field(default_factory=BreakState)
    now: float = 1_000_000.0
    was_active: bool = True
    events: list[CoachEvent] = field(default_factory=list)
    day: str = "2026-03-03"

    def run(
        self,
        seconds: float,
        *,
        active: bool = True,
        fullscreen: bool = False,
        in_meeting: bool = False,
        in_plan: bool = False,
        planned_break: tuple[float, float] | None = None,
    ) -> list[CoachEvent]:
        new: list[CoachEvent] = []
        self.was_active = active  # the change happens at the start of the run
        end = self.now + seconds
        while self.now < end:
            self.now += TICK
            ctx = BreakContext(
                day=self.day,
                elapsed=Elapsed(TICK, self.was_active),
                active=active,
                fullscreen=fullscreen,
                in_meeting=in_meeting,
                in_plan=in_plan,
                planned_break=planned_break,
            )
            self.state, evs = self.policy.step(self.state, ctx, self.now)
            self.was_active = active
            new.extend(evs)
        self.events.extend(new)
        return new

    def due(self, events: list[CoachEvent]) -> list[BreakDue]:
        return [e for e in events if isinstance(e, BreakDue)]


def test_micro_break_after_twenty_active_minutes() -> None:
    sim = Sim()
    assert sim.run(19 * MIN + 45) == []
    [due] = sim.due(sim.run(TICK))
    assert (due.break_kind, due.duration_s, due.postpones_left, due.planned) == (
        BreakKind.MICRO,
        20,
        3,
        False,
    )
    assert due.at == sim.now


def test_away_time_is_rest() -> None:
    sim = Sim()
    sim.run(15 * MIN)
    sim.run(30, active=False)  # >= 20 s away: the micro timer starts again
    assert sim.state.micro_active_s == 0
    assert sim.run(19 * MIN) == []
    assert sim.due(sim.run(2 * MIN))[0].break_kind is BreakKind.MICRO


def test_short_away_does_not_reset() -> None:
    sim = Sim(policy=BreakPolicy(BreakSettings(micro_duration_s=60)))
    sim.run(15 * MIN)
    sim.run(30, active=False)  # < 60 s
    assert sim.state.micro_active_s == 15 * MIN
    assert sim.due(sim.run(5 * MIN + TICK))


def test_long_break_replaces_micro_and_long_away_resets_both() -> None:
    sim = Sim(policy=BreakPolicy(BreakSettings(max_postpones=0)))
    sim.run(49 * MIN + 45)
    events = sim.run(TICK)
    [due] = sim.due(events)
    assert due.break_kind is BreakKind.LONG and due.duration_s == 5 * MIN
    assert sim.state.pending is not None and sim.state.pending.kind is BreakKind.LONG
    got = sim.run(5 * MIN, active=False)
    taken = [e for e in got if isinstance(e, BreakTakenAway)]
    assert [(e.break_kind, e.away_s) for e in taken] == [(BreakKind.LONG, 5 * MIN)]
    assert sim.state.pending is None
    assert (sim.state.micro_active_s, sim.state.long_active_s) == (0, 0)


def test_postpone_comes_back_after_five_minutes_and_is_limited() -> None:
    sim = Sim()
    sim.run(20 * MIN)
    for left in (2, 1, 0):
        sim.state, events, ok = sim.policy.postpone(sim.state, sim.now)
        assert ok
        [postponed] = events
        assert isinstance(postponed, BreakPostponed) and postponed.postpones_left == left
        assert sim.run(5 * MIN - TICK) == []
        [due] = sim.due(sim.run(TICK))
        assert due.postpones_left == left
    sim.state, events, ok = sim.policy.postpone(sim.state, sim.now)
    assert not ok and events == []


def test_ignored_reminder_returns_a_limited_number_of_times() -> None:
    sim = Sim()
    sim.run(20 * MIN)
    events = sim.run(60 * MIN)
    assert [(e.break_kind, e.postpones_left) for e in sim.due(events)][:3] == [
        (BreakKind.MICRO, 2),
        (BreakKind.MICRO, 1),
        (BreakKind.MICRO, 0),
    ]
    # Then silence until the long break is due at 50 min of activity.
    assert [e.break_kind for e in sim.due(events)] == [BreakKind.MICRO] * 3 + [BreakKind.LONG] * 4


def test_skip_counts_and_restarts_the_timer() -> None:
    sim = Sim()
    sim.run(20 * MIN)
    sim.state, events, ok = sim.policy.skip(sim.state, sim.now)
    assert ok and [type(e) for e in events] == [BreakSkipped]
    assert isinstance(events[0], BreakSkipped) and events[0].skips_today == 1
    assert sim.run(19 * MIN) == []
    assert sim.due(sim.run(2 * MIN))
    sim.state, events, ok = sim.policy.skip(sim.state, sim.now)
    assert isinstance(events[0], BreakSkipped) and events[0].skips_today == 2
    sim.state, events, ok = sim.policy.skip(sim.state, sim.now)
    assert not ok and events == []
    sim.day = "2026-03-04"
    sim.run(TICK)
    assert sim.state.skips_today == 0


def test_no_reminder_in_fullscreen_or_meeting_until_it_ends() -> None:
    sim = Sim()
    sim.run(18 * MIN)
    assert sim.run(10 * MIN, fullscreen=True) == []
    [due] = sim.due(sim.run(TICK))
    assert due.break_kind is BreakKind.MICRO
    sim.state, _, _ = sim.policy.skip(sim.state, sim.now)
    sim.run(18 * MIN)
    assert sim.run(40 * MIN, in_meeting=True) == []
    [due] = sim.due(sim.run(TICK))
    assert due.break_kind is BreakKind.LONG  # 58 min active by now


def test_no_reminder_while_away() -> None:
    sim = Sim(policy=BreakPolicy(BreakSettings(micro_duration_s=10 * MIN)))
    sim.run(20 * MIN)
    sim.state, _, _ = sim.policy.postpone(sim.state, sim.now)
    assert sim.run(3 * MIN) == []
    # The postponed reminder comes due while the user is away (too briefly to count as rest).
    assert sim.run(4 * MIN, active=False) == []
    assert sim.state.pending is not None
    [due] = sim.due(sim.run(TICK))
    assert due.at == sim.now


def test_taking_a_break() -> None:
    sim = Sim()
    sim.run(50 * MIN)
    sim.state, events = sim.policy.start_break(sim.state, sim.now)
    [started] = events
    assert isinstance(started, BreakStarted) and started.until == sim.now + 5 * MIN
    assert sim.run(5 * MIN - TICK) == []
    ended = sim.run(TICK)
    assert [type(e) for e in ended] == [BreakEnded]
    assert (sim.state.micro_active_s, sim.state.long_active_s) == (0, 0)
    assert sim.run(19 * MIN) == []


def test_manual_micro_break_keeps_the_long_timer() -> None:
    sim = Sim()
    sim.run(10 * MIN)
    sim.state, _ = sim.policy.start_break(sim.state, sim.now, BreakKind.MICRO)
    sim.run(30)
    assert sim.state.micro_active_s == 0 and sim.state.long_active_s == 10 * MIN


def test_plan_mode_uses_planned_breaks_not_the_timer() -> None:
    sim = Sim()
    # 55 min inside a focus block: micro breaks, but no long break from the timer.
    events = sim.run(55 * MIN, in_plan=True)
    assert {e.break_kind for e in sim.due(events)} == {BreakKind.MICRO}
    start = sim.now
    block = (start, start + 10 * MIN)
    [due] = sim.due(sim.run(TICK, in_plan=True, planned_break=block))
    assert due.break_kind is BreakKind.LONG and due.planned and due.duration_s == 10 * MIN
    # Shown once per planned break, even if ignored (then the normal re-show rules).
    sim.state, _ = sim.policy.start_break(sim.state, sim.now)
    assert sim.run(9 * MIN, in_plan=True, planned_break=block) == []


def test_disabled_policy_is_silent() -> None:
    sim = Sim(policy=BreakPolicy(BreakSettings(enabled=False)))
    assert sim.run(3 * 60 * MIN) == []


def test_state_survives_json() -> None:
    sim = Sim()
    sim.run(20 * MIN)
    sim.state, _, _ = sim.policy.postpone(sim.state, sim.now)
    data = json.loads(json.dumps(sim.state.to_dict()))
    assert BreakState.from_dict(data) == sim.state


def test_planned_break_is_not_suggested_right_after_a_long_rest() -> None:
    sim = Sim()
    sim.run(10 * MIN, in_plan=True)
    sim.run(6 * MIN, active=False)  # rested: both timers reset
    sim.run(5 * MIN, in_plan=True)
    block = (sim.now, sim.now + 10 * MIN)
    assert sim.due(sim.run(10 * MIN, in_plan=True, planned_break=block)) == []
