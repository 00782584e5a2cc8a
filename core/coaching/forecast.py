"""When the model may forecast (issue 13): a per-user operating point under a nudge budget.

A fixed threshold means different things per person (measured: 0.5 % of one user's scores
exceed 0.7, 21-23 % of two others'), so the forecast nudge's threshold comes from the user's
own recent scores instead: the score that the budget's share of their natural breakpoints
would have exceeded. Three gates come before it:

- history: no forecast until about a day of active time is recorded (``min_active_h``);
- the model: only while the user's trained model beat the best simple rule at the same
  budget on their own held-out days (``train`` checks it; the shipped prior was never checked
  on this user, so it does not forecast; the drift rule nudges meanwhile);
- the answers: every "I wasn't distracted" in the look-back lowers the budget (a smoothed
  precision of the recent answers), so the threshold moves up for this user.

Pure: the runtime gathers the figures from the store and applies ``threshold`` to the nudge
policy's settings (``math.inf`` when the gate is closed).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from focuscoach.core.activity import WindowSpan


@dataclass(frozen=True, slots=True)
class ForecastSettings:
    #: At most this many forecast nudges per active hour, on average.
    budget_per_hour: float = 0.5
    #: Active (present, recorded) hours needed before the first forecast.
    min_active_h: float = 8.0
    #: How far back scores, switches and answers count.
    lookback_days: float = 7.0


@dataclass(frozen=True, slots=True)
class ForecastInputs:
    """What the store knows over the look-back window."""

    #: The detector's probabilities (one every ~30 s while recording).
    scores: Sequence[float]
    #: Present time with a window recorded, in hours.
    active_hours: float
    #: Window switches in that time (each one a natural breakpoint the coach scores), into
    #: windows where a forecast can be asked for (not distracting ones) when that is known.
    switches: int
    #: Answers to forecast nudges: (said "distracted", said "not distracted").
    answered_distracted: int = 0
    answered_not_distracted: int = 0
    #: Did the active model beat the best simple rule on the user's held-out days?
    #: None: never checked (the shipped prior, or a model from before the check).
    model_beats_rule: bool | None = None


@dataclass(frozen=True, slots=True)
class ForecastGate:
    threshold: float
    reason: str

    @property
    def open(self) -> bool:
        return math.isfinite(self.threshold)


def answered_precision(distracted: int, not_distracted: int) -> float:
    """The share of forecast nudges the user confirmed, smoothed so that no answers means 1
    (nothing to correct yet) and each "not distracted" pulls it down."""
    return (distracted + 2.0) / (distracted + not_distracted + 2.0)


def budget_share(budget_per_hour: float, breakpoints_per_hour: float) -> float:
    """The share of breakpoints that may lead to a nudge under the budget."""
    if budget_per_hour <= 0.0:
        return 0.0
    return min(1.0, budget_per_hour / max(breakpoints_per_hour, budget_per_hour))


def operating_point(scores: Sequence[float], share: float) -> float:
    """The threshold that at most ``share`` of ``scores`` lie above (the coach nudges above
    it): equal scores are all above it or all below, so a value that many moments share (a
    rule at its ceiling) never takes more than the share; no share, no threshold (inf), so
    that not even a score above every past one nudges. ``scores`` must not be empty."""
    if share <= 0.0:
        return math.inf
    ordered = sorted(scores)
    index = min(len(ordered) - 1, max(0, math.ceil((1.0 - share) * len(ordered)) - 1))
    return ordered[index]


def forecast_gate(inputs: ForecastInputs, settings: ForecastSettings | None = None) -> ForecastGate:
    """The threshold for forecast nudges now, or a closed gate (inf) with the reason."""
    s = settings or ForecastSettings()
    if s.budget_per_hour <= 0.0:
        return ForecastGate(math.inf, "forecast nudges are off (a budget of 0 per hour)")
    if inputs.active_hours < s.min_active_h:
        return ForecastGate(
            math.inf,
            f"forecasts start after about a day of activity"
            f" ({inputs.active_hours:.1f} of {s.min_active_h:.0f} active hours recorded)",
        )
    if inputs.model_beats_rule is None:
        return ForecastGate(
            math.inf,
            "forecasts wait until a model trained on your history beats the simple rule on"
            " your recent days (focuscoach train)",
        )
    if not inputs.model_beats_rule:
        return ForecastGate(
            math.inf, "your model does not beat the simple rule on your recent days: no forecasts"
        )
    scores = sorted(float(p) for p in inputs.scores if math.isfinite(p))
    if not scores or inputs.switches <= 0:
        return ForecastGate(math.inf, "no recent scores to set your threshold from")
    budget = s.budget_per_hour * answered_precision(
        inputs.answered_distracted, inputs.answered_not_distracted
    )
    breakpoints_per_hour = inputs.switches / inputs.active_hours
    # The share of breakpoints that may lead to a nudge; a score sampled every ~30 s stands
    # for the score at a breakpoint (they are drawn from the same moments of work).
    threshold = operating_point(scores, budget_share(budget, breakpoints_per_hour))
    return ForecastGate(
        threshold,
        f"threshold {threshold:.2f}: at most {budget:.2f} forecast nudges per active hour"
        f" over {inputs.active_hours:.0f} h with {breakpoints_per_hour:.0f} switches an hour",
    )


#: A stored score this soon after a window switch stands for the score at that breakpoint.
BREAKPOINT_REACH_S = 45.0


def breakpoint_scores(
    windows: Sequence[WindowSpan],
    scored: Sequence[tuple[float, float]],
    asks: Callable[[WindowSpan], bool] | None = None,
) -> list[float]:
    """The detector's score just after each window switch (the first stored call within
    BREAKPOINT_REACH_S): forecasts are scored at breakpoints, and moments right after a
    switch score higher than the day's average, so the threshold is set on those. ``asks``
    says whether the coach would ask for a forecast in a window at all (it never does in a
    distracting one, where scores run highest): switches into other windows are left out,
    so that the budget is spent where forecasts can happen. All the scores when no switch
    has one (a store older than a day of scoring)."""
    times = [at for at, _ in scored]
    found: list[float] = []
    for prev, cur in itertools.pairwise(sorted(windows, key=lambda w: w.start)):
        if (prev.app, prev.title) == (cur.app, cur.title):
            continue
        if asks is not None and not asks(cur):
            continue
        k = bisect.bisect_left(times, cur.start)
        if k < len(times) and times[k] - cur.start <= BREAKPOINT_REACH_S:
            found.append(scored[k][1])
    return found or [p for _, p in scored]
