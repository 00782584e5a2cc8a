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

import math
from collections.abc import Sequence
from dataclasses import dataclass


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
    #: Window switches in that time (each one a natural breakpoint the coach scores).
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


def forecast_gate(inputs: ForecastInputs, settings: ForecastSettings | None = None) -> ForecastGate:
    """The threshold for forecast nudges now, or a closed gate (inf) with the reason."""
    s = settings or ForecastSettings()
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
    share = min(1.0, budget / max(breakpoints_per_hour, budget))
    index = min(len(scores) - 1, max(0, math.ceil((1.0 - share) * len(scores)) - 1))
    threshold = scores[index]
    return ForecastGate(
        threshold,
        f"threshold {threshold:.2f}: at most {budget:.2f} forecast nudges per active hour"
        f" over {inputs.active_hours:.0f} h with {breakpoints_per_hour:.0f} switches an hour",
    )
