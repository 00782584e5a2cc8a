"""The model against the best simple rule at the nudge budget (what gates forecasts)."""

from __future__ import annotations

import numpy as np

from focuscoach.core.model.features import AGGREGATE_FEATURES
from focuscoach.core.model.rule_check import (
    check_against_rules,
    model_beats_rule,
    precision_at_budget,
)


def test_precision_at_budget_counts_the_top_moments() -> None:
    labels = [0, 1, 0, 1, 1, 0]
    scores = [0.1, 0.9, 0.2, 0.8, 0.3, 0.7]
    assert precision_at_budget(labels, scores, 2) == 1.0
    assert precision_at_budget(labels, scores, 3) == 2 / 3
    # A constant score is no better than taking moments in order.
    assert precision_at_budget(labels, [0.5] * 6, 2) == 0.5


def _aggregates(n: int, rule_signal: np.ndarray) -> np.ndarray:
    agg = np.zeros((n, len(AGGREGATE_FEATURES)))
    agg[:, AGGREGATE_FEATURES.index("distracting_15m")] = rule_signal
    return agg


def test_a_model_that_ranks_better_than_every_rule_beats_them() -> None:
    rng = np.random.default_rng(1)
    labels = (rng.uniform(size=2000) < 0.2).astype(float)
    model = labels + rng.normal(0, 0.3, labels.size)
    rule = labels + rng.normal(0, 1.5, labels.size)
    check = check_against_rules(labels, model, _aggregates(labels.size, rule), active_hours=40)
    assert check.allowed == 20
    assert check.beats_rule and check.model_precision > check.rule_precision
    assert check.rule == "distracting share, last 15 min"
    assert model_beats_rule(check.metrics()) is True


def test_a_model_no_better_than_the_rule_does_not_beat_it() -> None:
    rng = np.random.default_rng(2)
    labels = (rng.uniform(size=2000) < 0.2).astype(float)
    noise = rng.normal(0, 1.0, labels.size)
    check = check_against_rules(labels, noise, _aggregates(labels.size, labels), 40)
    assert not check.beats_rule and check.rule_precision == 1.0
    assert model_beats_rule(check.metrics()) is False
    assert model_beats_rule({"prior": True}) is None


def test_moments_count_by_their_weight() -> None:
    """A false alarm at a moment the user answered ("I wasn't distracted", weight 2) costs
    twice what one on a rule's label does; one on a guessed label (weight 0.2) costs less."""
    labels = [1, 0, 1, 0]
    scores = [0.9, 0.8, 0.1, 0.2]
    assert precision_at_budget(labels, scores, 2) == 0.5
    assert precision_at_budget(labels, scores, 2, [1.0, 2.0, 1.0, 1.0]) == 1 / 3
    assert precision_at_budget(labels, scores, 2, [1.0, 0.2, 1.0, 1.0]) == 1 / 1.2
    assert precision_at_budget(labels, scores, 2, [0.0, 0.0, 1.0, 1.0]) == 0.5  # no weight
