"""What replay (core.replay) found: every prompt the coach would have shown, and the figures
issue 13 judges it by.

A nudge is *right* when the user is in a distracting window then, or spends at least 30 s in
one that starts within the next 5 minutes. A distraction episode is a run of distracting
windows (gaps under 30 s joined) of at least 2 minutes; it is *caught* when a nudge comes
within its first 3 minutes, and its delay is the time from its start to that nudge (the median
over caught episodes is reported); it is *anticipated* when a nudge comes in the 5 minutes
before it starts (what a forecast can do). The figures are given for all nudges and for each
kind (drift, forecast) on its own.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from focuscoach.core.categories import Categorizer
from focuscoach.core.replay_history import ReplayHistory
from focuscoach.core.timeutil import to_iso

#: A nudge is right if the user is distracted then, or within this long after it...
RIGHT_WITHIN_S = 5 * 60.0
#: ...spends at least this long in one distracting window.
RIGHT_DWELL_S = 30.0
#: Distraction episodes (issue 13): at least 2 min, nudged within their first 3 min.
EPISODE_MIN_S = 2 * 60.0
EPISODE_CAUGHT_S = 3 * 60.0
#: Distracting windows closer than this belong to one episode.
EPISODE_GAP_S = 30.0
#: The nudge kinds the coach has (core.coaching: the drift rule and the model's forecast).
NUDGE_KINDS = ("drift", "forecast")


@dataclass(slots=True)
class ReplayResult:
    since: float
    until: float
    assume_focus: bool
    active_s: float = 0.0
    nudges: list[dict[str, Any]] = field(default_factory=list)
    breaks: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    #: In time order: (at, "nudge" | "break" | "checkin", the JSON entry).
    prompts: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    #: The drift rule's settings in force (None: no drift rule in this replay).
    drift: dict[str, Any] | None = None
    #: The forecast gate at the start ({"threshold": None when closed, "reason"}); None when
    #: the caller's own scorer was used.
    forecast: dict[str, Any] | None = None
    steps: int = 0
    scored: int = 0
    seconds: float = 0.0

    @property
    def active_hours(self) -> float:
        return self.active_s / 3600.0

    def to_json(self) -> dict[str, Any]:
        return {
            "since": to_iso(self.since),
            "until": to_iso(self.until),
            "assume_focus": self.assume_focus,
            "drift": self.drift,
            "forecast": self.forecast,
            "active_hours": round(self.active_hours, 4),
            "nudges": self.nudges,
            "breaks": self.breaks,
            "checkins": self.checkins,
            **self.figures,
            "steps": self.steps,
            "scored": self.scored,
            "seconds": round(self.seconds, 3),
        }


def figures(
    result: ReplayResult, history: ReplayHistory, categorizer: Categorizer | None
) -> dict[str, Any]:
    """Nudges per active hour always; precision, false alarms and episodes caught when the
    history has category labels (some window in the range counts as distracting); the same
    for each kind of nudge under "by_kind"."""
    hours = result.active_hours
    at = {id(entry): t for t, kind, entry in result.prompts if kind == "nudge"}
    times = {
        kind: [at[id(n)] for n in result.nudges if n["kind"] == kind and id(n) in at]
        for kind in NUDGE_KINDS
    }
    every = sorted(t for kind in NUDGE_KINDS for t in times[kind])
    spans = _distracting_spans(result, history, categorizer)
    out: dict[str, Any] = {
        "nudge_kinds": {kind: len(times[kind]) for kind in NUDGE_KINDS if times[kind]},
        **_nudge_figures(every, spans, result),
        "breaks_per_active_hour": round(len(result.breaks) / hours, 4) if hours > 0 else None,
        "distracted_share": None,
    }
    out["by_kind"] = {kind: _nudge_figures(times[kind], spans, result) for kind in NUDGE_KINDS}
    if spans is not None and result.active_s:
        distracted = sum(min(e, result.until) - max(s, result.since) for s, e in spans)
        out["distracted_share"] = round(distracted / result.active_s, 4)
    return out


def _distracting_spans(
    result: ReplayResult, history: ReplayHistory, categorizer: Categorizer | None
) -> list[tuple[float, float]] | None:
    """The distracting windows in the range, or None when nothing there is labelled so."""
    if categorizer is None:
        return None
    spans = [
        (w.start, w.end)
        for w in history.windows
        if w.end > result.since
        and w.start < result.until
        and categorizer.is_distracting_window(w.app, w.title)
    ]
    return spans or None


def _nudge_figures(
    nudge_times: Sequence[float],
    spans: list[tuple[float, float]] | None,
    result: ReplayResult,
) -> dict[str, Any]:
    hours = result.active_hours
    n = len(nudge_times)
    out: dict[str, Any] = {
        "nudges_per_active_hour": round(n / hours, 4) if hours > 0 else None,
        "precision": None,
        "nudges_right": None,
        "already_distracted": None,
        "false_alarms_per_active_hour": None,
        "distraction_episodes": None,
        "episodes_caught": None,
        "episodes_caught_share": None,
        "median_delay_s": None,
        "episodes_anticipated": None,
    }
    if spans is None:
        return out
    starts = [s for s, _ in spans]
    right = already = 0
    for t in nudge_times:
        i = bisect.bisect_right(starts, t)
        now_in = i > 0 and spans[i - 1][1] > t
        later = False
        for s, e in spans[i : bisect.bisect_right(starts, t + RIGHT_WITHIN_S, lo=i)]:
            if e - max(s, t) >= RIGHT_DWELL_S:
                later = True
                break
        already += now_in
        right += now_in or later
    long_ones = [(s, e) for s, e in episodes(spans) if e - s >= EPISODE_MIN_S]
    ordered = sorted(nudge_times)
    # Each caught episode's delay: from its start to the first nudge within its first 3 min.
    delays = []
    for s, _ in long_ones:
        first = bisect.bisect_left(ordered, s)
        if first < len(ordered) and ordered[first] <= s + EPISODE_CAUGHT_S:
            delays.append(ordered[first] - s)
    caught = len(delays)
    # A forecast is never asked for inside a distracting window, so it cannot catch an
    # episode: it can come before one (within the 5 minutes a nudge counts as right for).
    anticipated = sum(
        1
        for s, _ in long_ones
        if bisect.bisect_left(ordered, s) > bisect.bisect_left(ordered, s - RIGHT_WITHIN_S)
    )
    out.update(
        precision=round(right / n, 4) if n else None,
        nudges_right=right,
        already_distracted=already,
        false_alarms_per_active_hour=round((n - right) / hours, 4) if hours > 0 else None,
        distraction_episodes=len(long_ones),
        episodes_caught=caught,
        episodes_caught_share=round(caught / len(long_ones), 4) if long_ones else None,
        median_delay_s=round(statistics.median(delays), 1) if delays else None,
        episodes_anticipated=anticipated,
    )
    return out


def episodes(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Distracting spans (in start order) joined into episodes across gaps under 30 s."""
    out: list[tuple[float, float]] = []
    for s, e in spans:
        if out and s - out[-1][1] <= EPISODE_GAP_S:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
