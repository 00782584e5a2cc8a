"""The break lifecycle: a break ended early ("Back to work", "End break") is over everywhere,
in the policy, the coach's quiet gate and the running app, and no "Break over" follows."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from focuscoach.core import config
from focuscoach.core.coaching.breaks import BreakPolicy, BreakSettings, BreakState
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.events import BreakEnded, BreakKind, BreakStarted, CoachEvent
from focuscoach.core.paths import resolve
from focuscoach.core.runtime import App, AppState
from tests.fakes import FixedScorer, scripted_runtime
from tests.support.waiting import until


def _until(condition: Callable[[], object], timeout: float = 15.0) -> None:
    until(condition, timeout)


def test_ending_a_break_early_rests_its_timers_once() -> None:
    policy = BreakPolicy(BreakSettings())
    state = BreakState(micro_active_s=900.0, long_active_s=2000.0)
    state, started = policy.start_break(state, 1000.0, BreakKind.LONG)
    assert [type(e) for e in started] == [BreakStarted]
    state, ended = policy.end_break(state, 1010.0)
    assert ended == [BreakEnded(1010.0, BreakKind.LONG, early=True)]
    assert state.on_break is None
    assert (state.micro_active_s, state.long_active_s) == (0.0, 0.0)
    again, none = policy.end_break(state, 1020.0)  # nothing runs: nothing happens
    assert (again, none) == (state, [])


def test_the_coach_never_says_break_over_after_an_early_end() -> None:
    coach = Coach(CoachSettings(), tz=UTC)
    events: list[CoachEvent] = []
    coach.subscribe(events.append)
    coach.observe(Observation(app="editor", title="report"), 0.0)
    coach.start_break(10.0, BreakKind.MICRO)
    assert coach.state.breaks.on_break is not None
    coach.end_break(12.0)
    assert coach.state.breaks.on_break is None
    for now in range(13, 60, 5):  # well past when the 20 s break would have run out
        coach.tick(float(now))
    ended = [e for e in events if isinstance(e, BreakEnded)]
    assert ended == [BreakEnded(12.0, BreakKind.MICRO, early=True)]
    assert coach.quiet.last_break_end == 12.0  # the gate counts calm from the real end


def test_end_break_through_the_app_ends_it_for_the_tray(tmp_path: Path) -> None:
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"micro_duration_s": 6},
            "nudges": {"enabled": False},
            "checkins": {"enabled": False},
        }
    )
    paths = resolve(tmp_path / "home")
    paths.ensure()
    app = App(
        scripted_runtime(
            paths,
            settings,
            scorer=FixedScorer(0.1),
        )
    ).start()
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    try:
        assert app.end_break().result(timeout=10) is False  # no break runs
        app.take_break(BreakKind.MICRO).result(timeout=10)
        assert app.status().state is AppState.BREAK
        assert app.end_break().result(timeout=10) is True
        assert app.status().state is AppState.RECORDING
        assert app.status().break_end is None
        time.sleep(8.0)  # past the break's 6 s: the coach ticks every second
        assert [e for e in events if isinstance(e, BreakEnded)] == [
            e for e in events if isinstance(e, BreakEnded) and e.early
        ]
        assert len([e for e in events if isinstance(e, BreakEnded)]) == 1
    finally:
        app.close()
