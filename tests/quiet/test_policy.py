"""The quiet policy with a fake clock: one interruption at a time, calm after each, no
check-in right after a break, nothing while fullscreen / in a call / under Do Not Disturb,
breaks deferred and nudges dropped (never burst out afterwards)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from focuscoach.core.coaching.breaks import BreakSettings
from focuscoach.core.coaching.checkins import CheckInSettings
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.events import (
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakStarted,
    CheckInDue,
    CoachEvent,
    NudgeDue,
)
from focuscoach.core.coaching.nudges import NudgeSettings
from focuscoach.core.coaching.quiet import Interruption, QuietGate, QuietSettings
from tests.coaching.fakes import EventLog, ScriptedScorer

T0 = datetime(2026, 3, 3, 10, 0, tzinfo=UTC).timestamp()  # a Tuesday, in working hours
NOTICES = (BreakDue, NudgeDue, CheckInDue)

SHORT = CoachSettings(
    breaks=BreakSettings(
        micro_interval_s=420, micro_duration_s=20, long_interval_s=10**6, postpone_s=90
    ),
    nudges=NudgeSettings(min_interval_s=30, only_in_focus_blocks=False, daily_cap=10**6),
    checkins=CheckInSettings(interval_s=90, jitter=0.0, min_gap_s=0, at_block_end=False),
)


def coach(settings: CoachSettings = SHORT) -> tuple[Coach, EventLog]:
    c = Coach(settings, tz=UTC, scorer=ScriptedScorer(0.95), rng=random.Random(3))
    log = EventLog()
    c.subscribe(log)
    return c, log


def notices(log: EventLog) -> list[CoachEvent]:
    return [e for e in log.events if isinstance(e, NOTICES)]


# --- the gate on its own ----------------------------------------------------------------


def test_the_gate_holds_during_a_waiting_notice_an_open_window_and_the_calm_gap() -> None:
    gate = QuietGate(QuietSettings(calm_gap_s=120, notice_timeout_s=240))
    assert gate.hold(Interruption.NUDGE, 0.0) is None
    gate.note(NudgeDue(0.0, 0.9, "", None, ""))
    assert gate.hold(Interruption.BREAK, 100.0) == "a nudge notice is waiting for an answer"
    assert gate.hold(Interruption.BREAK, 239.0) is not None
    assert gate.hold(Interruption.BREAK, 240.0) is None  # ignored: gone after the timeout
    gate.window_opened(300.0)
    assert gate.hold(Interruption.CHECKIN, 1000.0) == "a Focus Coach window is open"
    gate.window_closed(1000.0)
    assert gate.hold(Interruption.CHECKIN, 1119.0) == "calm after the last interruption"
    assert gate.hold(Interruption.CHECKIN, 1120.0) is None
    assert gate.hold(Interruption.BREAK, 2000.0, on_break=True) == "on a break"


def test_a_window_never_reported_closed_stops_holding_after_its_timeout() -> None:
    gate = QuietGate(QuietSettings(window_timeout_s=900))
    gate.window_opened(0.0)
    assert gate.hold(Interruption.NUDGE, 899.0) == "a Focus Coach window is open"
    assert gate.hold(Interruption.NUDGE, 900.0) is None


def test_a_check_in_waits_five_minutes_after_a_break() -> None:
    gate = QuietGate()
    gate.note(BreakEnded(1000.0, BreakKind.MICRO))
    assert gate.hold(Interruption.NUDGE, 1120.0) is None
    assert gate.hold(Interruption.CHECKIN, 1299.0) == "just back from a break"
    assert gate.hold(Interruption.CHECKIN, 1300.0) is None


# --- the coach with the gate, over a simulated stretch -----------------------------------


def run(
    c: Coach,
    start: float,
    seconds: float,
    obs: Callable[[float], Observation],
    *,
    answer: bool = True,
    step: float = 5.0,
) -> None:
    """Observe every `step` seconds; the user answers every notice 20 s after it came."""
    now = start
    due: list[tuple[float, CoachEvent]] = []
    while now < start + seconds:
        for event in c.observe(obs(now), now):
            if isinstance(event, NOTICES):
                due.append((now + 20, event))
        if answer:
            for at, event in [d for d in due if d[0] <= now]:
                due.remove((at, event))
                if isinstance(event, BreakDue):
                    c.start_break(now)
                elif isinstance(event, NudgeDue):
                    c.answer_nudge("back_to_task", now)
                else:
                    c.checkin_answered(now)
        now += step


def restless(now: float) -> Observation:
    """A new window every 20 s: a breakpoint the detector calls a drift each time."""
    return Observation(active=True, app="firefox", title=f"tab {int(now) // 20}")


def test_an_hour_of_short_intervals_never_stacks_interruptions() -> None:
    c, log = coach()
    run(c, T0, 3600, restless)
    shown = notices(log)
    kinds = {type(e) for e in shown}
    assert kinds == set(NOTICES), kinds  # every kind came, through the gate
    gaps = [b.at - a.at for a, b in itertools.pairwise(shown)]
    assert min(gaps) >= 120, gaps  # never two within the calm gap
    breaks = list(zip(log.of(BreakStarted), log.of(BreakEnded), strict=False))
    assert breaks
    for started, ended in breaks:
        assert not [e for e in shown if started.at <= e.at <= ended.at]  # none during a break
        assert not [e for e in log.of(CheckInDue) if ended.at <= e.at < ended.at + 300]


def test_without_the_gate_the_same_hour_would_stack_them() -> None:
    off = replace(SHORT, quiet=QuietSettings(0.0, 0.0, 0.0))
    c, log = coach(off)
    run(c, T0, 3600, restless)
    shown = notices(log)
    assert min(b.at - a.at for a, b in itertools.pairwise(shown)) < 120


def signal_test(quiet: Observation) -> None:
    """Ten minutes under `quiet`: nothing at all; then one deferred break, no burst."""
    c, log = coach()

    def obs(now: float) -> Observation:
        return replace(quiet, title=f"tab {int(now) // 20}")

    run(c, T0, 600, obs)
    assert notices(log) == []
    run(c, T0 + 600, 30, restless, answer=False)
    shown = notices(log)
    assert [type(e) for e in shown] == [BreakDue]  # the break was deferred, not dropped
    assert shown[0].at - (T0 + 600) <= 5
    # ...and what else was due (nudges at every switch, the check-in) was not burst out.
    assert not log.of(NudgeDue)


def test_fullscreen_holds_everything_and_the_break_comes_after() -> None:
    signal_test(Observation(active=True, app="mpv", fullscreen=True))


def test_a_call_holds_everything_and_the_break_comes_after() -> None:
    signal_test(Observation(active=True, app="zoom", in_meeting=True))


def test_do_not_disturb_holds_everything_and_the_break_comes_after() -> None:
    signal_test(Observation(active=True, app="firefox", dnd=True))


def test_nudges_held_by_the_calm_gap_are_dropped_not_delivered_later() -> None:
    c, log = coach(replace(SHORT, checkins=CheckInSettings(enabled=False)))
    run(c, T0, 30, restless, answer=False)  # the first switch (at 20 s) is a drift
    assert [type(e) for e in notices(log)] == [NudgeDue]
    c.answer_nudge("back_to_task", T0 + 30)
    # Switches keep coming during the calm gap: none of them nudges...
    run(c, T0 + 30, 110, restless, answer=False)
    assert len(log.of(NudgeDue)) == 1
    # ...and the last switch (5 s before the calm ends, then one window for two minutes)
    # brings no stale nudge afterwards either...
    run(c, T0 + 140, 130, lambda now: Observation(active=True, app="editor"), answer=False)
    assert len(log.of(NudgeDue)) == 1
    # ...while a fresh drift after the calm is nudged again.
    run(c, T0 + 270, 30, restless, answer=False)
    assert len(log.of(NudgeDue)) == 2


def test_the_gate_is_set_in_config_toml() -> None:
    from focuscoach.core import config
    from focuscoach.core.coaching.from_settings import coach_settings

    settings = config.parse({"quiet": {"calm_gap_s": 30, "checkin_after_break_s": 0}})
    assert coach_settings(settings).quiet == QuietSettings(
        calm_gap_s=30, checkin_after_break_s=0, notice_timeout_s=240
    )
