"""Half-open time ranges [start, stop): merging and cutting, for what counts time inside or
outside a set of ranges (away time in active-time sums, on-task context in its task's blocks,
the ranges `forget` deleted when an import is written)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

Range = tuple[float, float]


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Disjoint ranges in time order: overlapping or touching ones joined, empty ones dropped."""
    merged: list[Range] = []
    for start, stop in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def cut(
    start: float, stop: float, ranges: Sequence[Range], starts: Sequence[float] | None = None
) -> list[tuple[float, float, bool]]:
    """[start, stop) in parts (part start, part stop, inside one of `ranges`?), in order.
    `ranges` are disjoint and in time order (`merge`); `starts`, their starts, saves
    building that list per call. A span of no length inside a range is one part inside."""
    starts = [lo for lo, _ in ranges] if starts is None else starts
    parts: list[tuple[float, float, bool]] = []
    cursor = start
    i = max(bisect_right(starts, start) - 1, 0)
    while i < len(ranges) and ranges[i][0] < stop:
        lo, hi = ranges[i]
        if hi > cursor:
            if lo > cursor:
                parts.append((cursor, lo, False))
            parts.append((max(lo, cursor), min(hi, stop), True))
            cursor = max(cursor, hi)
        i += 1
    if cursor < stop:
        parts.append((cursor, stop, False))
    elif not parts:  # a span of no length outside every range
        parts.append((start, stop, False))
    return parts
