"""`evaluate`'s replayed forecast nudges (core/replay_evaluation.py): the model and every rule
through the real coach, each held to the budget by its own hourly operating point."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import default_categorizer
from focuscoach.core.model import bundle
from focuscoach.core.model.baselines import RULES
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.replay_evaluation import best_rule, breakpoints, nudge_comparison


@pytest.fixture(scope="module")
def three_days() -> SimulatedHistory:
    return simulate(SimConfig(seed=11, users=1, days=3, weekend=False, chinese_share=0.0))[0]


def _compare(h: SimulatedHistory, budget: float, test_days: float | None = None) -> dict[str, Any]:
    """Trained on the first two days, tested on the rest (or on `test_days` from there)."""
    start = min(w.start for w in h.windows)
    test_since = start + 2 * 86400.0
    until = max(w.end for w in h.windows) if test_days is None else test_since + test_days * 86400
    return nudge_comparison(
        h.windows,
        h.afk,
        h.inputs,
        h.moods,
        model_dir=bundle.prior_dir(),
        categorizer=default_categorizer(),
        train_since=start,
        test_since=test_since,
        test_until=until,
        tz=UTC,
        budget_per_hour=budget,
    )


def test_breakpoints_are_switches_into_windows_where_a_forecast_can_be_asked_for() -> None:
    windows = [
        WindowSpan(0.0, 60.0, "code", "a.py"),
        WindowSpan(60.0, 120.0, "code", "a.py"),  # the same window: no switch
        WindowSpan(120.0, 180.0, "firefox", "Cats - YouTube — Mozilla Firefox"),  # distracting
        WindowSpan(180.0, 240.0, "Terminal", "bash"),
        WindowSpan(240.0, 300.0, "code", "a.py"),
    ]
    rules = default_categorizer()

    def asks(w: WindowSpan) -> bool:
        return not rules.is_distracting_window(w.app, w.title)

    assert breakpoints(windows, asks, 0.0, 300.0).tolist() == [180.0, 240.0]
    assert breakpoints(windows, asks, 200.0, 300.0).tolist() == [240.0]


def test_every_scorer_is_replayed_and_never_asked_inside_a_distracting_window(
    three_days: SimulatedHistory,
) -> None:
    wide = _compare(three_days, budget=100.0)  # every breakpoint may nudge
    assert set(wide["rules"]) == set(RULES)
    for figures in [wide["model"], *wide["rules"].values()]:
        assert figures["active_hours"] > 5 and figures["distraction_episodes"] > 0
        assert figures["already_distracted"] == 0
        # Still at least 10 min apart and at most 8 a day: the coach's own limits hold.
        assert 0 < figures["nudges_per_active_hour"] <= 6.0
    assert wide["model"]["nudges_right"] > 0


def test_a_budget_of_nothing_nudges_nobody_and_a_smaller_budget_nudges_less(
    three_days: SimulatedHistory,
) -> None:
    none = _compare(three_days, budget=0.0)
    for figures in [none["model"], *none["rules"].values()]:
        assert figures["nudges_per_active_hour"] == 0.0
    assert none["best_rule"] is None
    small, wide = _compare(three_days, budget=0.5), _compare(three_days, budget=100.0)
    assert small["model"]["nudges_per_active_hour"] < wide["model"]["nudges_per_active_hour"]
    assert 0.0 < small["model"]["threshold_at_start"] < 1.0


def test_the_best_rule_is_right_most_often_then_right_more_often() -> None:
    rules: dict[str, dict[str, Any]] = {
        "a": {"precision": 0.5, "nudges_right": 4},
        "b": {"precision": 1.0, "nudges_right": 1},
        "c": {"precision": 1.0, "nudges_right": 2},
        "d": {"precision": None, "nudges_right": 0},
    }
    assert best_rule(rules) == "c"
    assert best_rule({"d": rules["d"]}) is None


def test_an_empty_test_part_replays_nothing(three_days: SimulatedHistory) -> None:
    out = _compare(three_days, budget=0.5, test_days=0.0)
    assert out["model"]["active_hours"] == 0.0 and out["model"]["precision"] is None
    assert out["best_rule"] is None
