"""The numpy PR-AUC and ROC-AUC agree with scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from focuscoach.core.model.metrics import pr_auc, roc_auc


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_sklearn_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.random(500) < 0.3
    score = np.round(rng.random(500) + 0.5 * y, 1)  # coarse: many ties
    assert pr_auc(y, score) == pytest.approx(average_precision_score(y, score), abs=1e-12)
    assert roc_auc(y, score) == pytest.approx(roc_auc_score(y, score), abs=1e-12)


def test_constant_scores_give_the_base_rate() -> None:
    y = np.array([1, 0, 0, 0])
    assert pr_auc(y, np.zeros(4)) == pytest.approx(0.25)
    assert roc_auc(y, np.zeros(4)) == pytest.approx(0.5)
    assert math.isnan(pr_auc(np.zeros(3), np.arange(3)))


@pytest.mark.parametrize("seed", [0, 1])
def test_weighted_matches_sklearn(seed: int) -> None:
    """A moment's weight (a user's answer counts twice, a guess from a suggestion less)."""
    rng = np.random.default_rng(seed)
    y = rng.random(400) < 0.3
    score = np.round(rng.random(400) + 0.4 * y, 1)
    weight = rng.choice([0.2, 1.0, 2.0], size=400)
    assert pr_auc(y, score, weight) == pytest.approx(
        average_precision_score(y, score, sample_weight=weight), abs=1e-12
    )
    assert roc_auc(y, score, weight) == pytest.approx(
        roc_auc_score(y, score, sample_weight=weight), abs=1e-12
    )
    assert pr_auc(y, score, np.ones(400)) == pytest.approx(pr_auc(y, score), abs=1e-12)
