"""The recorded history as replay sees it (core.replay): windows, time away, input and moods
in time order; the observations the coach would have had; and the detector scoring a moment
from what had happened before it.

Focus Coach's own windows are dropped as the recorder drops them (the window before
continues). What the history cannot tell is assumed absent: no fullscreen, call or Do Not
Disturb.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.appinfo import OWN_APPS
from focuscoach.core.coaching.coach import Observation
from focuscoach.core.coaching.nudges import Score

#: As the live detector: no score when nothing was recorded for this long (away).
STALE_S = 120.0
#: How far back the detector reads time away and mood (its break timer caps at 8 h).
LOOKBACK_S = 8 * 3600.0


@dataclass(slots=True)
class ReplayHistory:
    """The recorded activity, in time order, as replay and its scorer read it."""

    windows: list[WindowSpan]
    afk: list[AfkSpan] = field(default_factory=list)
    inputs: list[InputInterval] = field(default_factory=list)
    moods: list[tuple[float, float]] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        windows: Iterable[WindowSpan],
        afk: Iterable[AfkSpan] = (),
        inputs: Iterable[InputInterval] = (),
        moods: Iterable[tuple[float, float]] = (),
    ) -> ReplayHistory:
        """Sorted, with Focus Coach's own windows dropped (the window before continues)."""
        kept: list[WindowSpan] = []
        for w in sorted(windows, key=lambda w: (w.start, w.end)):
            if w.app.casefold() in OWN_APPS:
                if kept and kept[-1].end < w.end:
                    last = kept[-1]
                    kept[-1] = WindowSpan(last.start, w.end, last.app, last.title)
                continue
            kept.append(w)
        return cls(
            kept,
            sorted(afk, key=lambda a: a.start),
            sorted(inputs, key=lambda i: i.start),
            sorted(moods),
        )


class HistoryScorer:
    """The detector scoring a moment of the history from what had happened before it."""

    def __init__(self, detector: Any, history: ReplayHistory) -> None:
        self.detector = detector
        self.history = history
        self._n = 4 * int(detector.feature_config.n_spans)
        self._starts = [w.start for w in history.windows]
        self._afk_starts = [a.start for a in history.afk]
        self._input_starts = [i.start for i in history.inputs]
        self._mood_times = [m[0] for m in history.moods]
        self.calls = 0

    def score(self, now: float, *_context: Any, **_named: Any) -> Score:
        h = self.history
        hi = bisect.bisect_left(self._starts, now)
        if hi == 0:
            return Score(0.0, "no recent activity")
        recent = [_cut(w, now) for w in h.windows[max(0, hi - self._n) : hi]]
        if now - max(w.end for w in recent) > STALE_S:
            return Score(0.0, "no recent activity")
        lo = bisect.bisect_left(self._afk_starts, now - LOOKBACK_S - 86400.0)
        afk = [_cut_afk(a, now) for a in h.afk[lo : bisect.bisect_left(self._afk_starts, now)]]
        first = recent[0].start
        lo = bisect.bisect_left(self._input_starts, first - 3600.0)
        hi_in = bisect.bisect_left(self._input_starts, now)
        inputs = [x for x in h.inputs[lo:hi_in] if x.end > first and x.end <= now]
        m = bisect.bisect_left(self._mood_times, now)
        mood = h.moods[m - 1][1] if m and h.moods[m - 1][0] >= now - LOOKBACK_S else None
        self.calls += 1
        prediction = self.detector.predict(recent, afk, inputs, now, mood=mood)
        return Score(float(prediction.probability), str(prediction.explanation))


def _cut(w: WindowSpan, now: float) -> WindowSpan:
    return w if w.end <= now else WindowSpan(w.start, now, w.app, w.title)


def _cut_afk(a: AfkSpan, now: float) -> AfkSpan:
    return a if a.end <= now else AfkSpan(a.start, now, a.afk)


def _away_intervals(afk: Sequence[AfkSpan]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a in afk:
        if not a.afk or a.end <= a.start:
            continue
        if merged and a.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], a.end))
        else:
            merged.append((a.start, a.end))
    return merged


def observations(
    history: ReplayHistory, since: float, until: float
) -> list[tuple[float, Observation]]:
    """When what the coach sees changes in [since, until): (time, observation), in order.
    Present means in a recorded window and not in a span of time away; a window lasts until
    it ends or the next one starts."""
    windows = history.windows
    segments: list[tuple[float, float, str, str]] = []
    for i, w in enumerate(windows):
        end = w.end if i + 1 == len(windows) else min(w.end, windows[i + 1].start)
        if end > w.start:
            segments.append((w.start, end, w.app, w.title))
    away = _away_intervals(history.afk)
    points = sorted(
        {since}
        | {t for s, e, _, _ in segments for t in (s, e) if since < t < until}
        | {t for s, e in away for t in (s, e) if since < t < until}
    )
    result: list[tuple[float, Observation]] = []
    si = ai = 0
    for t in points:
        while si < len(segments) and segments[si][1] <= t:
            si += 1
        while ai < len(away) and away[ai][1] <= t:
            ai += 1
        seg = segments[si] if si < len(segments) and segments[si][0] <= t else None
        is_away = ai < len(away) and away[ai][0] <= t
        if seg is None:
            obs = Observation(active=False)
        else:
            obs = Observation(active=not is_away, app=seg[2], title=seg[3])
        if not result or result[-1][1] != obs:
            result.append((t, obs))
    return result
