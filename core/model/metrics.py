"""PR-AUC (average precision) and ROC-AUC in numpy, so that model selection needs no sklearn.

Both follow scikit-learn's definitions (average_precision_score, roc_auc_score), ties included;
``tests/model/test_metrics.py`` checks them against it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def _sorted_counts(y: ArrayLike, score: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative true and false positives at each distinct threshold, highest first."""
    yt = np.asarray(y, dtype=float).reshape(-1)
    sc = np.asarray(score, dtype=float).reshape(-1)
    order = np.argsort(-sc, kind="mergesort")
    yt, sc = yt[order], sc[order]
    distinct = np.where(np.diff(sc))[0]
    ends = np.r_[distinct, yt.size - 1]
    tps = np.cumsum(yt)[ends]
    fps = (1 + ends) - tps
    return tps, fps


def pr_auc(y: ArrayLike, score: ArrayLike) -> float:
    """Average precision: sum over thresholds of (recall step) * precision. NaN without
    positives."""
    tps, fps = _sorted_counts(y, score)
    if tps.size == 0 or tps[-1] == 0:
        return float("nan")
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    steps = np.diff(np.r_[0.0, recall])
    return float(np.sum(steps * precision))


def roc_auc(y: ArrayLike, score: ArrayLike) -> float:
    """Area under the ROC curve (trapezoids, so ties count half). NaN with one class only."""
    tps, fps = _sorted_counts(y, score)
    if tps.size == 0 or tps[-1] == 0 or fps[-1] == 0:
        return float("nan")
    tpr = np.r_[0.0, tps / tps[-1]]
    fpr = np.r_[0.0, fps / fps[-1]]
    return float(np.trapezoid(tpr, fpr))
