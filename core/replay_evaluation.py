"""Replayed nudges for `evaluate` (issue 13): what the model's forecast nudges would have been
on the test part of a log, at the operating point the app would have set, next to each simple
rule given the same nudge budget.

Both run through the real coach (core.replay) as `replay --assume-focus` does, with the drift
rule off, so every nudge is a forecast and the figures say how well the score itself picks its
moments. Each operating point is set as the app sets the model's (coaching/forecast.py, the
runtime's hourly gate check): every hour, the budget's share of the breakpoints of the week
before (switches into windows where a forecast can be asked for: not distracting ones), from
the scores at those breakpoints. Scores need no labels, so the test part's own past scores
count as soon as they lie in the past, as a running app's stored scores do. The app keeps the
first stored score (one every 30 s) after each switch; here each score is computed at the
breakpoint itself, the same way for the model and the rules. Only the gate's other conditions
(a day of history, the held-out check) are left out: they decide *whether* to forecast, and
what `evaluate` measures is how well it would.

A rule's score is its value at the moment, from what had happened before it (model/baselines);
a value that many breakpoints share (the time since a distraction that has just ended is 0 at
every switch out of it) takes none of the budget when it would take more than all of it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path
from typing import Any

import numpy as np

from focuscoach.core.active_time import active_time
from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.coaching.coach_state import CoachSettings
from focuscoach.core.coaching.drift import DriftSettings
from focuscoach.core.coaching.forecast import ForecastSettings, budget_share, operating_point
from focuscoach.core.coaching.nudges import Score
from focuscoach.core.model.baselines import RULES, rule_scores
from focuscoach.core.model.features import History
from focuscoach.core.replay import replay
from focuscoach.core.replay_history import HistoryScorer, ReplayHistory

#: The figures each replay reports (core.replay_result), for forecast nudges.
FIGURES = (
    "nudges_per_active_hour",
    "precision",
    "nudges_right",
    "false_alarms_per_active_hour",
    "already_distracted",
    "distraction_episodes",
    "episodes_caught",
    "episodes_caught_share",
    "median_delay_s",
    "episodes_anticipated",
)


class RuleScorer:
    """One no-fit rule as the coach's scorer: its value at the moment, higher = nudge first."""

    def __init__(self, history: History, name: str) -> None:
        self.history = history
        self.name = name

    def score(self, now: float, *_context: Any, **_named: Any) -> Score:
        value = rule_scores(self.history, np.array([now]))[self.name][0]
        return Score(float(value), self.name)


def breakpoints(
    windows: Sequence[WindowSpan], asks: Callable[[WindowSpan], bool], since: float, until: float
) -> np.ndarray:
    """When the coach would ask for a forecast in [since, until): at each switch into a window
    it asks in (as active_time counts them)."""
    ordered = sorted(windows, key=lambda w: w.start)
    return np.array(
        [
            cur.start
            for prev, cur in itertools.pairwise(ordered)
            if since <= cur.start < until
            and (prev.app, prev.title) != (cur.app, cur.title)
            and asks(cur)
        ],
        dtype=float,
    )


def nudge_comparison(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    inputs: Sequence[InputInterval],
    moods: Sequence[tuple[float, float]],
    *,
    model_dir: str | Path,
    categorizer: Categorizer,
    train_since: float,
    test_since: float,
    test_until: float,
    tz: tzinfo,
    budget_per_hour: float = 0.5,
) -> dict[str, Any]:
    """Replayed forecast nudges on [test_since, test_until) of the model in `model_dir` and of
    every no-fit rule, each at the operating point its own past scores (from `train_since`
    on, a week at most) give under `budget_per_hour`."""
    from focuscoach.core.model.serving import Detector

    detector = Detector(model_dir, categorizer)
    features = History(windows, afk, inputs, moods, categorizer, detector.feature_config)

    def asks(w: WindowSpan) -> bool:
        return not categorizer.is_distracting_window(w.app, w.title)

    moments = breakpoints(windows, asks, train_since, test_until)
    lookback = ForecastSettings().lookback_days * 86400.0
    shares: dict[int, float] = {}

    def share_before(hour: int) -> float:
        """The budget's share of the breakpoints in the look-back before this hour."""
        if hour not in shares:
            since, until = max(train_since, hour * 3600.0 - lookback), hour * 3600.0
            hours, switches = active_time(windows, afk, since, until, asks)
            shares[hour] = budget_share(budget_per_hour, switches / hours) if hours > 0 else 0.0
        return shares[hour]

    def operating_points(scores: np.ndarray) -> Callable[[float], float]:
        """The threshold in force at each moment: set every hour, as the app's gate check
        does, from the scores at the breakpoints of the look-back before that hour."""
        cache: dict[int, float] = {}

        def at(now: float) -> float:
            hour = int(now // 3600.0)
            if hour not in cache:
                lo = int(np.searchsorted(moments, hour * 3600.0 - lookback))
                hi = int(np.searchsorted(moments, hour * 3600.0))
                window = scores[lo:hi].tolist()
                cache[hour] = operating_point(window, share_before(hour)) if window else math.inf
            return cache[hour]

        return at

    history = ReplayHistory.of(windows, afk, inputs, moods)
    settings = CoachSettings(drift=replace(DriftSettings(), enabled=False))

    def replayed(scorer: Any, scores: np.ndarray) -> dict[str, Any]:
        thresholds = operating_points(scores)
        result = replay(
            history,
            settings=settings,
            tz=tz,
            since=test_since,
            until=test_until,
            scorer=scorer,
            categorizer=categorizer,
            assume_focus=True,
            forecast_threshold=thresholds,
        )
        # An empty range replays nothing and has no figures.
        forecast = result.figures.get("by_kind", {}).get("forecast", {})
        out = {"threshold_at_start": _rounded(thresholds(test_since))}
        out.update({name: forecast.get(name) for name in FIGURES})
        out["active_hours"] = round(result.active_hours, 2)
        return out

    probabilities, _ = detector.run(features.features(moments))
    model = replayed(HistoryScorer(detector, history), probabilities.astype(float))
    at_moments = rule_scores(features, moments)
    rules = {name: replayed(RuleScorer(features, name), at_moments[name]) for name in RULES}
    return {
        "budget_per_hour": budget_per_hour,
        "lookback_days": lookback / 86400.0,
        "model": model,
        "rules": rules,
        "best_rule": best_rule(rules),
    }


def _rounded(level: float) -> float | None:
    return round(level, 4) if math.isfinite(level) else None


def best_rule(rules: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The rule whose nudges were right most often (then: more of them right); picked on the
    same test part, which favours the rules."""
    ranked = [
        (r["precision"], r["nudges_right"] or 0, name)
        for name, r in rules.items()
        if r["precision"] is not None
    ]
    return max(ranked)[2] if ranked else None
