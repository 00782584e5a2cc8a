"""Postpone and Skip of a *running* break (the break screen), with a fake clock: pure policy
functions, the coach around them, and the `[breaks] screen` setting's config.toml round trip."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from focuscoach.core import config, config_writer
from focuscoach.core.coaching.breaks import BreakPolicy, BreakSettings, BreakState
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.events import (
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakPostponed,
    BreakSkipped,
    CoachEvent,
)
from tests.coaching.test_breaks import MIN, TICK, Sim


def _on_long_break(sim: Sim) -> float:
    """50 active minutes, then the due long break is started; returns its start."""
    sim.run(50 * MIN)
    assert sim.state.pending is not None and sim.state.pending.kind is BreakKind.LONG
    sim.state, _ = sim.policy.start_break(sim.state, sim.now)
    return sim.now


def test_postpone_is_offered_only_in_the_first_thirty_percent() -> None:
    sim = Sim()
    start = _on_long_break(sim)
    offer = sim.policy.running(sim.state)
    assert offer is not None
    assert offer.postpone_until == start + 0.3 * 5 * MIN  # 90 s into a 5 min break
    assert offer.postpones_left == 3 and offer.skips_today == 0
    late = start + 0.3 * 5 * MIN
    state, events, ok = sim.policy.postpone_running(sim.state, late)
    assert (state, events, ok) == (sim.state, [], False)  # too late: nothing changes


def test_postponing_a_running_break_brings_its_reminder_back_later() -> None:
    sim = Sim()
    start = _on_long_break(sim)
    sim.state, events, ok = sim.policy.postpone_running(sim.state, start + 30)
    assert ok
    assert events == [
        BreakEnded(start + 30, BreakKind.LONG, early=True),
        BreakPostponed(start + 30, BreakKind.LONG, start + 30 + 5 * MIN, 2),
    ]
    assert sim.state.on_break is None
    assert sim.state.long_active_s >= 50 * MIN  # not rested: the break was not taken
    sim.now = start + 30
    assert sim.due(sim.run(5 * MIN - TICK)) == []
    [due] = sim.due(sim.run(TICK))
    assert due.break_kind is BreakKind.LONG and due.postpones_left == 2
    assert due.duration_s == 5 * MIN


def test_a_running_break_uses_up_its_reminders_postpones() -> None:
    sim = Sim(policy=BreakPolicy(BreakSettings(max_postpones=1)))
    sim.run(50 * MIN)
    sim.state, _, ok = sim.policy.postpone(sim.state, sim.now)  # the reminder's only one
    assert ok
    sim.run(5 * MIN)
    sim.state, _ = sim.policy.start_break(sim.state, sim.now)
    offer = sim.policy.running(sim.state)
    assert offer is not None and offer.postpone_until is None and offer.postpones_left == 0
    _, events, ok = sim.policy.postpone_running(sim.state, sim.now + 1)
    assert (events, ok) == ([], False)


def test_skipping_a_running_break_ends_it_counted_and_rested() -> None:
    sim = Sim()
    start = _on_long_break(sim)
    sim.state, events, ok = sim.policy.skip_running(sim.state, start + 200)
    assert ok
    assert events == [
        BreakEnded(start + 200, BreakKind.LONG, early=True),
        BreakSkipped(start + 200, BreakKind.LONG, 1),
    ]
    assert sim.state.on_break is None and sim.state.skips_today == 1
    assert (sim.state.micro_active_s, sim.state.long_active_s) == (0, 0)  # no re-nag
    sim.now = start + 200
    assert not [e for e in sim.run(5 * MIN) if isinstance(e, BreakEnded | BreakDue)]
    # Nothing runs any more: a second Skip does nothing.
    again, none, ok = sim.policy.skip_running(sim.state, sim.now)
    assert (again, none, ok) == (sim.state, [], False)


def test_the_skip_count_is_per_day() -> None:
    sim = Sim()
    start = _on_long_break(sim)
    sim.state, _, _ = sim.policy.skip_running(sim.state, start + 1)
    sim.state, _ = sim.policy.start_break(sim.state, sim.now + 2, BreakKind.MICRO)
    offer = sim.policy.running(sim.state)
    assert offer is not None and offer.skips_today == 1
    sim.state, _ = sim.policy.end_break(sim.state, sim.now + 3)
    sim.day = "2026-03-04"
    sim.run(TICK)
    assert sim.state.skips_today == 0


def test_running_break_state_survives_json() -> None:
    sim = Sim()
    sim.run(50 * MIN)
    sim.state, _, _ = sim.policy.postpone(sim.state, sim.now)
    sim.run(5 * MIN)
    sim.state, _ = sim.policy.start_break(sim.state, sim.now)
    assert sim.state.on_break is not None and sim.state.on_break.postpones == 1
    data = json.loads(json.dumps(sim.state.to_dict()))
    assert BreakState.from_dict(data) == sim.state
    del data["on_break"]["postpones"]  # a state saved before the break screen
    assert BreakState.from_dict(data).on_break is not None


def test_the_coach_answers_on_the_break_screen() -> None:
    coach = Coach(CoachSettings(), tz=UTC)
    events: list[CoachEvent] = []
    coach.subscribe(events.append)
    coach.observe(Observation(app="editor", title="report"), 0.0)
    assert coach.running_break() is None
    assert coach.skip_running_break(5.0) is False
    coach.start_break(10.0, BreakKind.MICRO)
    assert coach.postpone_running_break(20.0) is False  # 10 s into a 20 s break: too late
    assert coach.skip_running_break(20.0) is True
    assert coach.state.breaks.on_break is None and coach.skips_today == 1
    coach.start_break(30.0, BreakKind.MICRO)
    assert coach.postpone_running_break(31.0) is True
    assert coach.state.breaks.pending is not None
    for now in range(32, 60, 5):  # past the break's end: no second end, no "Break over"
        coach.tick(float(now))
    ended = [e for e in events if isinstance(e, BreakEnded)]
    assert ended == [
        BreakEnded(20.0, BreakKind.MICRO, early=True),
        BreakEnded(31.0, BreakKind.MICRO, early=True),
    ]


def test_the_screen_setting_round_trips_through_config_toml(tmp_path: Path) -> None:
    assert config.Settings().coaching.break_screen is False  # off by default
    on = config.parse({"breaks": {"screen": True}})
    assert on.coaching.break_screen is True
    path = tmp_path / "config.toml"
    config_writer.save(path, on)
    assert "screen = true" in path.read_text(encoding="utf-8")
    assert config.load(path) == on
