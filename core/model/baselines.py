"""The baselines the attention model is measured against in ``evaluate`` (issue 13).

Rules that need no fitting (a higher score = more likely to drift next): the base rate,
window switches in the last 5 minutes, the time since the last distraction (shorter = more
likely) and the share of distracting time in the last 5, 15 and 30 minutes. Models fitted on
the training part's window aggregates (features.AGGREGATE_FEATURES plus the 30-minute share):
a logistic regression and gradient boosting, the strongest simple learner measured on these
logs. Training side: imports scikit-learn.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.model.features import History

F64 = NDArray[np.floating[Any]]

RULES = (
    "switch_rate",
    "since_distraction",
    "distracting_5m",
    "distracting_15m",
    "distracting_30m",
)
FITTED = ("logistic", "gradient_boosting")


def rule_scores(history: History, times: F64) -> dict[str, F64]:
    """Each rule's score at each moment (only what happened before it is used)."""
    ts = np.asarray(times, dtype=float)
    scores: dict[str, F64] = {
        "switch_rate": np.array([history.switches_between(t - 300.0, t) for t in ts], float),
        "since_distraction": -np.array([history.since_distracting(t) for t in ts], float),
    }
    for minutes in (5, 15, 30):
        window = 60.0 * minutes
        scores[f"distracting_{minutes}m"] = history.dist_cum.between(ts - window, ts) / window
    return scores


def _table(history: History, times: F64) -> F64:
    ts = np.asarray(times, dtype=float)
    share_30m = history.dist_cum.between(ts - 1800.0, ts) / 1800.0
    return np.column_stack([history.aggregates(ts), share_30m])


def fitted_scores(
    history: History, train_times: F64, y_train: F64, test_times: F64, seed: int = 0
) -> dict[str, F64]:
    """The fitted baselines' probabilities on the test moments (fitted on the train ones)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x_train, x_test = _table(history, train_times), _table(history, test_times)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    logistic.fit(x_train, y_train)
    boosting = HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0,
        early_stopping=True, validation_fraction=0.15, random_state=seed,
    )  # fmt: skip
    boosting.fit(x_train, y_train)
    return {
        "logistic": np.asarray(logistic.predict_proba(x_test)[:, 1], float),
        "gradient_boosting": np.asarray(boosting.predict_proba(x_test)[:, 1], float),
    }
