"""The forecast gate: per-user operating point under a nudge budget, and its three gates."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from focuscoach.core.active_time import active_time
from focuscoach.core.coaching.forecast import (
    ForecastInputs,
    ForecastSettings,
    answered_precision,
    breakpoint_scores,
    budget_share,
    forecast_gate,
    operating_point,
)
from focuscoach.core.records import AfkSpan, NudgeLabel, WindowSpan
from focuscoach.core.store import forecast as store_forecast
from focuscoach.core.store import journal
from focuscoach.core.store.schema import migrate


def _inputs(**changes: object) -> ForecastInputs:
    rng = np.random.default_rng(0)
    base = {
        "scores": rng.uniform(0.0, 1.0, 10_000).tolist(),
        "active_hours": 20.0,
        "switches": 800,  # 40 breakpoints an hour
        "model_beats_rule": True,
    }
    return ForecastInputs(**{**base, **changes})


def test_no_forecast_before_about_a_day_of_activity() -> None:
    gate = forecast_gate(_inputs(active_hours=7.5))
    assert not gate.open and "7.5 of 8 active hours" in gate.reason
    assert forecast_gate(_inputs(active_hours=8.0)).open


def test_a_model_never_checked_on_the_user_or_beaten_by_the_rule_does_not_forecast() -> None:
    unchecked = forecast_gate(_inputs(model_beats_rule=None))
    assert not unchecked.open and "focuscoach train" in unchecked.reason
    beaten = forecast_gate(_inputs(model_beats_rule=False))
    assert not beaten.open and "does not beat" in beaten.reason


def test_the_threshold_spends_the_budget_over_the_users_breakpoints() -> None:
    gate = forecast_gate(_inputs())
    scores = np.asarray(_inputs().scores)
    # 0.5 nudges an hour over 40 breakpoints an hour: 1.25 % of breakpoints may nudge.
    share_above = float((scores > gate.threshold).mean())
    assert 0.011 <= share_above <= 0.0126, share_above
    assert 0.98 < gate.threshold < 0.995
    # The same budget on another user's score scale gives another threshold, same share.
    shifted = forecast_gate(_inputs(scores=(scores * 0.3).tolist()))
    assert shifted.threshold < 0.3
    assert float((scores * 0.3 > shifted.threshold).mean()) == share_above


def test_not_distracted_answers_raise_the_threshold() -> None:
    thresholds = [
        forecast_gate(_inputs(answered_distracted=2, answered_not_distracted=n)).threshold
        for n in (0, 2, 6, 20)
    ]
    assert thresholds == sorted(thresholds) and thresholds[0] < thresholds[-1]
    assert answered_precision(0, 0) == 1.0
    assert answered_precision(0, 8) == 0.2


def test_a_bigger_budget_lowers_the_threshold() -> None:
    small = forecast_gate(_inputs(), ForecastSettings(budget_per_hour=0.25))
    big = forecast_gate(_inputs(), ForecastSettings(budget_per_hour=2.0))
    assert big.threshold < small.threshold


def test_no_scores_or_switches_closes_the_gate() -> None:
    assert not forecast_gate(_inputs(scores=[])).open
    assert not forecast_gate(_inputs(switches=0)).open
    assert not forecast_gate(_inputs(scores=[math.nan])).open


@settings(derandomize=True, max_examples=200)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=400),
    st.floats(8.0, 200.0),
    st.integers(1, 20_000),
    st.floats(0.05, 5.0),
)
def test_never_more_breakpoints_above_the_threshold_than_the_budget_allows(
    scores: list[float], hours: float, switches: int, budget: float
) -> None:
    inputs = ForecastInputs(scores, hours, switches, model_beats_rule=True)
    gate = forecast_gate(inputs, ForecastSettings(budget_per_hour=budget))
    assert gate.open
    share = min(1.0, budget / max(switches / hours, budget))
    above = sum(p > gate.threshold for p in scores)
    assert above <= share * len(scores) + 1e-9


def test_active_time_is_window_time_without_the_away_time_and_counts_switches() -> None:
    windows = [
        WindowSpan(0.0, 1800.0, "code", "a.py"),
        WindowSpan(1800.0, 3600.0, "firefox", "news"),
        WindowSpan(3600.0, 7200.0, "firefox", "news"),  # the same window again: no switch
        WindowSpan(7200.0, 9000.0, "code", "a.py"),
    ]
    afk = [AfkSpan(3600.0, 5400.0, True), AfkSpan(5400.0, 9000.0, False)]
    hours, switches = active_time(windows, afk, 0.0, 9000.0)
    assert hours == 2.0 and switches == 2
    # Only what falls inside the window of time asked for.
    hours, switches = active_time(windows, afk, 1800.0, 7200.0)
    assert hours == 1.0 and switches == 1


def test_the_store_gives_recent_scores_and_forecast_answers(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "focuscoach.db")
    migrate(db.conn)
    for at, p in ((10.0, 0.2), (20.0, 0.9), (40.0, 0.5)):
        db.conn.execute(
            "INSERT INTO predictions (at, probability, explanation, spans, model)"
            " VALUES (?, ?, '', '[]', 'prior')",
            (at, p),
        )
    answers: list[tuple[float, bool, float | None]] = [(11.0, True, 0.8), (21.0, False, 0.9)]
    answers.append((22.0, True, None))  # a drift nudge's answer: no probability
    for at, distracted, probability in answers:
        journal.record_nudge_label(
            db, NudgeLabel(at, at + 5, "x", distracted, probability, "", None)
        )
    assert store_forecast.recent_scores(db.conn, 0.0, 30.0) == [(10.0, 0.2), (20.0, 0.9)]
    assert store_forecast.forecast_answers(db.conn, 0.0, 30.0) == (1, 1)
    assert store_forecast.forecast_answers(db.conn, 30.0, 60.0) == (0, 0)
    db.close()


def test_the_scores_just_after_switches_stand_for_the_breakpoints() -> None:
    windows = [
        WindowSpan(0.0, 100.0, "code", "a.py"),
        WindowSpan(100.0, 200.0, "firefox", "news"),
        WindowSpan(200.0, 300.0, "firefox", "news"),  # no switch
        WindowSpan(300.0, 400.0, "code", "a.py"),
    ]
    scored = [(30.0, 0.1), (110.0, 0.8), (160.0, 0.2), (210.0, 0.3), (390.0, 0.4)]
    # After the switch at 100 s: 0.8 (10 s later); at 300 s nothing within 45 s.
    assert breakpoint_scores(windows, scored) == [0.8]
    # No score near any switch: all of them.
    assert breakpoint_scores(windows[:1], scored) == [0.1, 0.8, 0.2, 0.3, 0.4]
    # The coach never asks for a forecast in a distracting window: a switch into one sets no
    # threshold, and is no breakpoint the budget is spread over.
    scored.insert(4, (305.0, 0.6))  # in time order, as the store returns them
    assert breakpoint_scores(windows, scored) == [0.8, 0.6]

    def asks(w: WindowSpan) -> bool:
        return w.title != "news"

    assert breakpoint_scores(windows, scored, asks) == [0.6]
    assert active_time(windows, [], 0.0, 400.0)[1] == 2
    assert active_time(windows, [], 0.0, 400.0, asks)[1] == 1


def test_a_score_many_breakpoints_share_takes_none_of_a_smaller_budget() -> None:
    # A rule at its ceiling right after every switch out of a distraction: half the
    # breakpoints tie at 0; a 10 % budget cannot take half, so it takes none of them.
    scores = [0.0] * 50 + [-float(i) for i in range(1, 51)]
    threshold = operating_point(scores, 0.1)
    assert sum(p > threshold for p in scores) == 0
    # Without the tie the budget's share of the breakpoints lies above the threshold.
    distinct = [float(i) for i in range(100)]
    assert sum(p > operating_point(distinct, 0.1) for p in distinct) == 10
    assert budget_share(0.5, 5.0) == 0.1 and budget_share(0.5, 0.2) == 1.0
    assert budget_share(0.0, 5.0) == 0.0


def test_a_budget_of_nothing_closes_the_gate() -> None:
    # "0: none", as Settings says: not even a score above every past one may nudge.
    inputs = ForecastInputs([0.1, 0.2, 0.3], 20.0, 100, model_beats_rule=True)
    gate = forecast_gate(inputs, ForecastSettings(budget_per_hour=0.0))
    assert not gate.open and "off" in gate.reason
    assert operating_point([0.1, 0.2], 0.0) == math.inf
