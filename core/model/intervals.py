"""Interval arithmetic on sorted numpy arrays, shared by the label and feature builders.

Everything here answers "how much of X happened before time x" with a piecewise-linear
cumulative function, so a quantity over any window [a, b] is F(b) - F(a) and depends only on
what lies before b: that is what keeps the features free of the future.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]


def union(starts: Iterable[float], ends: Iterable[float]) -> tuple[F64, F64]:
    """Merge possibly overlapping intervals into disjoint, sorted ones (touching ones join)."""
    s = np.asarray(list(starts) if not isinstance(starts, np.ndarray) else starts, dtype=float)
    e = np.asarray(list(ends) if not isinstance(ends, np.ndarray) else ends, dtype=float)
    if s.size == 0:
        return np.zeros(0), np.zeros(0)
    order = np.argsort(s, kind="stable")
    s, e = s[order], np.maximum(e[order], s[order])
    # A new group starts where the start lies beyond every earlier end.
    running_end = np.maximum.accumulate(e)
    new_group = np.empty(s.size, dtype=bool)
    new_group[0] = True
    new_group[1:] = s[1:] > running_end[:-1]
    group = np.cumsum(new_group) - 1
    out_s = s[new_group]
    out_e = np.full(out_s.size, -np.inf)
    np.maximum.at(out_e, group, running_end)
    return out_s, out_e


class Cumulative:
    """F(x) = the measure of disjoint intervals (optionally weighted by a count spread evenly
    over each interval) that lies before x. Evaluated with np.interp: vectorised and exact."""

    def __init__(self, starts: F64, ends: F64, amounts: F64 | None = None) -> None:
        if starts.size == 0:
            self._x = np.array([0.0, 1.0])
            self._y = np.array([0.0, 0.0])
            self._ends = np.zeros(0)
            self._through = np.zeros(1)
            return
        lengths = ends - starts
        amount = lengths if amounts is None else amounts
        before = np.concatenate([[0.0], np.cumsum(amount)[:-1]])
        self._x = np.empty(2 * starts.size)
        self._y = np.empty(2 * starts.size)
        self._x[0::2], self._x[1::2] = starts, ends
        self._y[0::2], self._y[1::2] = before, before + amount
        # Zero-length intervals carrying an amount would make interp ambiguous; nudge them.
        self._x[1::2] = np.maximum(self._x[1::2], self._x[0::2] + 1e-6)
        self._x = np.maximum.accumulate(self._x)
        self._ends = self._x[1::2]
        self._through = np.concatenate([[0.0], before + amount])

    def between_known(self, a: F64, b: F64, t: float) -> F64:
        """Like between(), counting only intervals that ended by t: a count recorded for an
        interval still open at t (a minute of input that is not over) is not known at t."""
        cap = self._through[int(np.searchsorted(self._ends, t, side="right"))]
        return np.asarray(np.minimum(self(b), cap) - np.minimum(self(a), cap), dtype=float)

    def __call__(self, x: F64 | float) -> F64:
        return np.asarray(np.interp(x, self._x, self._y), dtype=float)

    def between(self, a: F64 | float, b: F64 | float) -> F64:
        return np.asarray(self(b) - self(a), dtype=float)


def disjoint_counts(starts: F64, ends: F64, counts: F64) -> tuple[F64, F64, F64]:
    """Sort intervals carrying counts and trim overlaps (a later interval starts where the
    earlier ended, its count scaled down), so that Cumulative sees disjoint intervals."""
    if starts.size == 0:
        return starts, ends, counts
    order = np.argsort(starts, kind="stable")
    new_s, new_e, scale = trim_sorted(starts[order], ends[order])
    return new_s, new_e, counts[order].astype(float) * scale


def trim_sorted(starts: F64, ends: F64) -> tuple[F64, F64, F64]:
    """(starts, ends, share kept) for intervals sorted by start: each starts where
    the ones before it ended, keeping that share of its length (an empty one inside another
    keeps none). disjoint_counts scales one column of counts by it, features.py several."""
    e = np.maximum(ends, starts)
    prev_end = np.concatenate([[-np.inf], np.maximum.accumulate(e)[:-1]])
    new_s = np.maximum(starts, prev_end)
    length = e - starts
    kept = np.clip(e - new_s, 0.0, None)
    scale = np.where(length > 0, kept / np.where(length > 0, length, 1.0), 1.0)
    scale = np.where((length == 0) & (new_s > starts), 0.0, scale)
    return new_s, np.maximum(e, new_s), scale
