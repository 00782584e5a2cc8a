"""Does the model beat the simple rules at the nudge budget, on the user's held-out days?

The forecast nudge is allowed only while it does (core/coaching/forecast.py): a user gets a
budget of forecast nudges (0.5 per active hour by default), so what counts is how often the
top-scored moments within that budget are really followed by distraction, compared with the
best of the rules that need no model at all. The best rule is picked on the same held-out
moments, which favours the rules: the model has to win against their luckiest one.

Pure numpy: ``train`` calls it with the held-out examples' labels and scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from focuscoach.core.model.features import AGGREGATE_FEATURES

#: Rules that need no fitting, as (name, aggregate column, sign): a higher score = nudge first.
RULES: tuple[tuple[str, str, float], ...] = (
    ("distracting share, last 15 min", "distracting_15m", 1.0),
    ("distracting share, last 5 min", "distracting_5m", 1.0),
    ("time since the last distraction", "log_since_distracting", -1.0),
    ("switches, last 5 min", "switches_5m", 1.0),
)


def precision_at_budget(
    labels: ArrayLike, scores: ArrayLike, allowed: int, weights: ArrayLike | None = None
) -> float:
    """The (weighted) share of positives among the ``allowed`` top-scored moments (ties broken
    by order, so a constant score gets the base rate, not a lucky pick). ``weights``: how much
    each moment counts, as in training (a user's answer more than a rule's label)."""
    y = np.asarray(labels, dtype=float).reshape(-1)
    s = np.asarray(scores, dtype=float).reshape(-1)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float).reshape(-1)
    k = max(1, min(int(allowed), y.size))
    if y.size == 0:
        return math.nan
    top = np.argsort(-s, kind="stable")[:k]
    total = float(w[top].sum())
    return float((y[top] * w[top]).sum() / total) if total > 0 else float(y[top].mean())


@dataclass(frozen=True, slots=True)
class RuleCheck:
    allowed: int
    model_precision: float
    rule: str
    rule_precision: float

    @property
    def beats_rule(self) -> bool:
        return self.model_precision > self.rule_precision

    def metrics(self) -> dict[str, Any]:
        """The fields stored in model.json (read by the runtime's forecast gate)."""
        return {
            "holdout_nudges_allowed": self.allowed,
            "holdout_precision_at_budget": round(self.model_precision, 4),
            "holdout_best_rule": self.rule,
            "holdout_rule_precision_at_budget": round(self.rule_precision, 4),
            "beats_rule": self.beats_rule,
        }


def check_against_rules(
    labels: ArrayLike,
    model_scores: ArrayLike,
    aggregates: ArrayLike,
    active_hours: float,
    budget_per_hour: float = 0.5,
    weights: ArrayLike | None = None,
) -> RuleCheck:
    """Model against the best rule at the same budget on held-out moments (``aggregates``
    has the columns of features.AGGREGATE_FEATURES), each moment weighted by ``weights``."""
    agg = np.asarray(aggregates, dtype=float)
    allowed = max(1, round(budget_per_hour * active_hours))
    model = precision_at_budget(labels, model_scores, allowed, weights)
    best_name, best = "", -math.inf
    for name, column, sign in RULES:
        scores = sign * agg[:, AGGREGATE_FEATURES.index(column)]
        precision = precision_at_budget(labels, scores, allowed, weights)
        if precision > best:
            best_name, best = name, precision
    return RuleCheck(allowed, model, best_name, best)


def model_beats_rule(metrics: Mapping[str, Any]) -> bool | None:
    """What a model folder's metrics say; None when the model was never checked."""
    value = metrics.get("beats_rule")
    return value if isinstance(value, bool) else None
