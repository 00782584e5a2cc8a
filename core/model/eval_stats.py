"""Intervals and subsets for ``evaluate``: moments an hour apart are not independent (a
distraction episode labels several moments), so intervals come from resampling whole hours;
the hard subset is the moments with no distraction in the previous hour, where the simple
"it just happened" rules have nothing to go on."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.model.metrics import pr_auc, roc_auc

F64 = NDArray[np.floating[Any]]

#: Resamples for the 95 % intervals.
RESAMPLES = 200


def hour_bootstrap(
    times: F64, labels: F64, scores: dict[str, F64], resamples: int = RESAMPLES, seed: int = 0
) -> dict[str, dict[str, list[float]]]:
    """{name: {"pr_auc_ci": [lo, hi], "roc_auc_ci": [lo, hi]}}: 95 % percentile intervals
    from drawing whole hours with replacement (the same draws for every scorer, so their
    intervals compare like with like)."""
    hours = np.floor(np.asarray(times, float) / 3600.0).astype(np.int64)
    unique, inverse = np.unique(hours, return_inverse=True)
    members = [np.flatnonzero(inverse == k) for k in range(unique.size)]
    rng = np.random.default_rng(seed)
    y = np.asarray(labels, float)
    draws: dict[str, dict[str, list[float]]] = {n: {"pr": [], "roc": []} for n in scores}
    for _ in range(resamples):
        picked = rng.integers(0, unique.size, unique.size)
        idx = np.concatenate([members[k] for k in picked])
        yy = y[idx]
        if yy.min() == yy.max():
            continue  # a draw with one outcome has no AUC
        for name, s in scores.items():
            draws[name]["pr"].append(pr_auc(yy, s[idx]))
            draws[name]["roc"].append(roc_auc(yy, s[idx]))
    out: dict[str, dict[str, list[float]]] = {}
    for name, d in draws.items():
        out[name] = {
            "pr_auc_ci": _interval(d["pr"]),
            "roc_auc_ci": _interval(d["roc"]),
        }
    return out


def _interval(values: list[float]) -> list[float]:
    if not values:
        return [math.nan, math.nan]
    lo, hi = np.percentile(values, [2.5, 97.5])
    return [round(float(lo), 4), round(float(hi), 4)]


def hard_mask(since_distraction_s: F64) -> NDArray[np.bool_]:
    """Moments with no distraction in the previous hour."""
    return np.asarray(since_distraction_s, float) >= 3600.0


def subset_pr_auc(labels: F64, scores: F64, mask: NDArray[np.bool_]) -> float | None:
    """PR-AUC on the masked moments; None when they hold only one outcome."""
    y = np.asarray(labels, float)[mask]
    if y.size == 0 or y.min() == y.max():
        return None
    return round(pr_auc(y, np.asarray(scores, float)[mask]), 4)
