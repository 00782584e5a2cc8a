"""PR-AUC (average precision) and ROC-AUC in numpy, so that model selection needs no sklearn.

Both follow scikit-learn's definitions (average_precision_score, roc_auc_score), ties included;
``tests/model/test_metrics.py`` checks them against it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def _sorted_counts(
    y: ArrayLike, score: ArrayLike, weight: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative (weighted) true and false positives at each distinct threshold, highest
    first."""
    yt = np.asarray(y, dtype=float).reshape(-1)
    sc = np.asarray(score, dtype=float).reshape(-1)
    w = np.ones_like(yt) if weight is None else np.asarray(weight, dtype=float).reshape(-1)
    order = np.argsort(-sc, kind="mergesort")
    yt, sc, w = yt[order], sc[order], w[order]
    distinct = np.where(np.diff(sc))[0]
    ends = np.r_[distinct, yt.size - 1]
    tps = np.cumsum(yt * w)[ends]
    fps = np.cumsum((1.0 - yt) * w)[ends]
    return tps, fps


def pr_auc(y: ArrayLike, score: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
    """Average precision: sum over thresholds of (recall step) * precision. NaN without
    positives. `sample_weight`: how much each moment counts (a label the user gave counts
    more than one a rule inferred), as scikit-learn's."""
    tps, fps = _sorted_counts(y, score, sample_weight)
    if tps.size == 0 or tps[-1] == 0:
        return float("nan")
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    steps = np.diff(np.r_[0.0, recall])
    return float(np.sum(steps * precision))


def roc_auc(y: ArrayLike, score: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
    """Area under the ROC curve (trapezoids, so ties count half). NaN with one class only."""
    tps, fps = _sorted_counts(y, score, sample_weight)
    if tps.size == 0 or tps[-1] == 0 or fps[-1] == 0:
        return float("nan")
    tpr = np.r_[0.0, tps / tps[-1]]
    fpr = np.r_[0.0, fps / fps[-1]]
    return float(np.trapezoid(tpr, fpr))
