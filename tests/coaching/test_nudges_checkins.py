"""Nudge and check-in policies as pure functions."""

from __future__ import annotations

import json
import random

import pytest

from focuscoach.core.coaching.checkins import (
    CheckInContext,
    CheckInPolicy,
    CheckInSettings,
    CheckInState,
)
from focuscoach.core.coaching.events import CheckInDue, NudgeAnswered, NudgeDue
from focuscoach.core.coaching.nudges import (
    NudgeAnswer,
    NudgeContext,
    NudgePolicy,
    NudgeSettings,
    NudgeState,
)

from .fakes import ScriptedScorer

T0 = 1_000_000.0
DAY = "2026-03-03"


def ctx(breakpoint_at: float | None, **kw: object) -> NudgeContext:
    fields: dict[str, object] = {
        "day": DAY,
        "in_focus_block": True,
        "quiet": False,
        "breakpoint_at": breakpoint_at,
        "task_id": 7,
        "task_title": "Write report",
    }
    fields.update(kw)
    return NudgeContext(**fields)  # type: ignore[arg-type]


def test_nudge_fires_at_a_breakpoint_above_threshold() -> None:
    policy, scorer = NudgePolicy(), ScriptedScorer(0.9)
    state, events = policy.step(NudgeState(), ctx(T0 - 3), T0, scorer)
    [nudge] = events
    assert isinstance(nudge, NudgeDue)
    assert (nudge.probability, nudge.task_id, nudge.task_title) == (0.9, 7, "Write report")
    assert nudge.explanation == "p=0.90"
    assert state.nudges_today == 1


@pytest.mark.parametrize(
    ("probability", "breakpoint_offset", "extra", "scored"),
    [
        (0.7, 3, {}, True),  # not above the threshold
        (0.9, 11, {}, False),  # too long after the switch
        (0.9, None, {}, False),  # no breakpoint at all
        (0.9, 3, {"in_focus_block": False}, False),
        (0.9, 3, {"quiet": True}, False),
        (0.9, 3, {"on_task": True}, False),
        (0.9, 3, {"distracting": True}, False),  # drift already happening: the drift rule's
    ],
)
def test_no_nudge(
    probability: float, breakpoint_offset: float | None, extra: dict[str, object], scored: bool
) -> None:
    scorer = ScriptedScorer(probability)
    bp = None if breakpoint_offset is None else T0 - breakpoint_offset
    _, events = NudgePolicy().step(NudgeState(), ctx(bp, **extra), T0, scorer)
    assert events == []
    assert bool(scorer.calls) == scored  # the model runs only when a nudge is possible


def test_outside_focus_blocks_when_configured() -> None:
    policy = NudgePolicy(NudgeSettings(only_in_focus_blocks=False))
    _, events = policy.step(NudgeState(), ctx(T0, in_focus_block=False), T0, ScriptedScorer(0.9))
    assert len(events) == 1


def test_spacing_cap_snooze_and_one_score_per_breakpoint() -> None:
    policy, scorer = NudgePolicy(NudgeSettings(daily_cap=3)), ScriptedScorer(0.95)
    state, _ = policy.step(NudgeState(), ctx(T0), T0, scorer)
    # The same breakpoint is not scored twice; a new one 5 min later is too soon.
    state, events = policy.step(state, ctx(T0), T0 + 5, scorer)
    assert events == [] and len(scorer.calls) == 1
    state, events = policy.step(state, ctx(T0 + 300), T0 + 300, scorer)
    assert events == []
    state, events = policy.step(state, ctx(T0 + 600), T0 + 600, scorer)
    assert len(events) == 1
    state, _, label = policy.answer(state, "snooze", T0 + 610)
    assert label is not None and label.distracted
    state, events = policy.step(state, ctx(T0 + 1205), T0 + 1205, scorer)
    assert events == []  # snoozed until T0 + 1210
    state, events = policy.step(state, ctx(T0 + 1215), T0 + 1215, scorer)
    assert len(events) == 1 and state.nudges_today == 3
    state, events = policy.step(state, ctx(T0 + 2000), T0 + 2000, scorer)
    assert events == []  # daily cap
    state, events = policy.step(state, ctx(T0 + 2000, day="2026-03-04"), T0 + 2000, scorer)
    assert len(events) == 1 and state.nudges_today == 1


@pytest.mark.parametrize(
    ("answer", "distracted"),
    [("back_to_task", True), ("snooze", True), ("not_distracted", False), ("I'm on it", True)],
)
def test_answers_become_labels(answer: str, distracted: bool) -> None:
    policy = NudgePolicy()
    state, _ = policy.step(NudgeState(), ctx(T0), T0, ScriptedScorer(0.8))
    state, events, label = policy.answer(state, answer, T0 + 4)
    assert label is not None
    assert (label.at, label.answered_at, label.distracted, label.probability, label.task_id) == (
        T0,
        T0 + 4,
        distracted,
        0.8,
        7,
    )
    assert label.answer == NudgeAnswer.parse(answer).value
    [answered] = events
    assert isinstance(answered, NudgeAnswered) and answered.nudge_at == T0
    # A second answer to the same nudge is not a second label.
    _, _, again = policy.answer(state, answer, T0 + 5)
    assert again is None


def test_unknown_answer_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown nudge answer 'maybe': use one of back_to_task"):
        NudgeAnswer.parse("maybe")


def test_nudge_state_survives_json() -> None:
    state, _ = NudgePolicy().step(NudgeState(), ctx(T0), T0, ScriptedScorer(0.8))
    assert NudgeState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


# --- check-ins -----------------------------------------------------------------------------


def run_checkins(
    policy: CheckInPolicy,
    rng: random.Random,
    seconds: float,
    *,
    start: float = T0,
    state: CheckInState | None = None,
    **kw: object,
) -> tuple[CheckInState, list[float]]:
    state = state or CheckInState()
    shown: list[float] = []
    fields: dict[str, object] = {"in_working_hours": True, "quiet": False}
    fields.update(kw)
    context = CheckInContext(**fields)  # type: ignore[arg-type]
    t = start
    while t < start + seconds:
        state, events = policy.step(state, context, t, rng)
        shown += [e.at for e in events if isinstance(e, CheckInDue)]
        t += 15
    return state, shown


def test_hourly_checkins_are_jittered_within_twenty_percent() -> None:
    _, shown = run_checkins(CheckInPolicy(), random.Random(1), 10 * 3600)
    gaps = [b - a for a, b in zip([T0, *shown], shown, strict=False)]
    assert 7 <= len(shown) <= 12
    assert all(0.8 * 3600 <= g <= 1.2 * 3600 + 15 for g in gaps)
    assert len({round(g) for g in gaps}) > 3  # not a metronome


def test_checkin_seeded_randomness_is_reproducible() -> None:
    a = run_checkins(CheckInPolicy(), random.Random(42), 5 * 3600)[1]
    b = run_checkins(CheckInPolicy(), random.Random(42), 5 * 3600)[1]
    assert a == b


def test_no_hourly_checkin_outside_working_hours_or_when_quiet() -> None:
    rng = random.Random(3)
    assert run_checkins(CheckInPolicy(), rng, 5 * 3600, in_working_hours=False)[1] == []
    state, shown = run_checkins(CheckInPolicy(), rng, 5 * 3600, quiet=True)
    assert shown == []
    # Deferred, not lost: it appears as soon as the meeting is over.
    _, shown = run_checkins(CheckInPolicy(), rng, 30, start=T0 + 5 * 3600, state=state)
    assert shown == [T0 + 5 * 3600]


def test_block_end_checkin_and_minimum_gap() -> None:
    policy, rng = CheckInPolicy(), random.Random(5)
    state, events = policy.step(CheckInState(), CheckInContext(True, False, True), T0, rng)
    assert [(e.at, e.reason) for e in events if isinstance(e, CheckInDue)] == [(T0, "block_end")]
    # Another block ending 10 min later asks nothing (20 min gap), and it is not kept.
    state, events = policy.step(state, CheckInContext(True, False, True), T0 + 600, rng)
    assert events == []
    state, events = policy.step(state, CheckInContext(True, False), T0 + 1300, rng)
    assert events == []


def test_block_end_checkin_waits_for_a_meeting_to_end() -> None:
    policy, rng = CheckInPolicy(), random.Random(5)
    state, events = policy.step(CheckInState(), CheckInContext(True, True, True), T0, rng)
    assert events == []
    state, events = policy.step(state, CheckInContext(True, True), T0 + 900, rng)
    assert events == []
    state, events = policy.step(state, CheckInContext(True, False), T0 + 1800, rng)
    assert [e.reason for e in events if isinstance(e, CheckInDue)] == ["block_end"]


def test_coming_back_after_a_long_absence_restarts_the_hour() -> None:
    policy, rng = CheckInPolicy(), random.Random(5)
    state, _ = policy.step(CheckInState(), CheckInContext(True, False), T0, rng)
    assert state.next_at is not None
    later = state.next_at + 3600  # overdue, but the user was away for two hours
    state, events = policy.step(state, CheckInContext(True, False, back_after_s=7200), later, rng)
    assert events == []
    assert state.next_at is not None and state.next_at >= later + 0.8 * 3600


def test_skip_and_answer_restart_the_timer() -> None:
    policy, rng = CheckInPolicy(CheckInSettings(jitter=0.0)), random.Random(0)
    state, events = policy.skip(CheckInState(), T0, rng)
    assert state.next_at == T0 + 3600 and [e.kind for e in events] == ["checkin_skipped"]
    state, events = policy.answered(state, T0 + 100, rng)
    assert state.next_at == T0 + 3700 and [e.kind for e in events] == ["checkin_answered"]
