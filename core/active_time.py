"""How much present time and how many window switches a stretch of records holds: what the
forecast gate's budget is spread over (runtime) and what `train` checks the model at (model)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from focuscoach.core.records import AfkSpan, WindowSpan


def active_time(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    since: float,
    until: float,
    into: Callable[[WindowSpan], bool] | None = None,
) -> tuple[float, int]:
    """(present hours with a window recorded, window switches) in [since, until): window
    time minus the away time inside it; a switch is a change of (app, title), counted only
    into windows that ``into`` accepts when it is given."""

    def clipped(start: float, end: float) -> float:
        return max(0.0, min(end, until) - max(start, since))

    spans = sorted(windows, key=lambda w: w.start)
    window_s = sum(clipped(w.start, w.end) for w in spans)
    away = sorted((a.start, a.end) for a in afk if a.afk)
    away_s, i = 0.0, 0
    for w in spans:  # away time overlapping recorded windows (both lists are by start)
        while i < len(away) and away[i][1] <= w.start:
            i += 1
        j = i
        while j < len(away) and away[j][0] < w.end:
            lo, hi = max(w.start, away[j][0], since), min(w.end, away[j][1], until)
            away_s += max(0.0, hi - lo)
            j += 1
    switches = sum(
        1
        for prev, cur in itertools.pairwise(spans)
        if since <= cur.start < until
        and (prev.app, prev.title) != (cur.app, cur.title)
        and (into is None or into(cur))
    )
    return max(0.0, window_s - away_s) / 3600.0, switches
