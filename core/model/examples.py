"""Training examples: candidate moments and their onset-of-distraction labels.

Candidate moments (where a nudge could help, and the coach's "natural breakpoints"):

* only while the user is in a *non-distracting* window span and not AFK: the question is the
  onset of distraction, not its continuation;
* one second after the start of each *run* of the same window (consecutive spans with the same
  app and title and gaps of at most 5 s, so that re-focus events of one window are one run),
  i.e. right after a switch;
* then every 60 s while the run lasts, so long stretches of work are represented too.

Label of a moment t (weak, from the category rules): at least 30 s of distracting window time
(union of distracting spans, so overlaps count once) in (t, t + 5 min]. Moments whose 5-minute
horizon runs past the end of the observed history (or past ``until``) are dropped: their label
is unknown.

User feedback overrides weak labels. A nudge answer at time ``a`` concerns the prediction made
just before it, so it labels every candidate moment t with ``a - 300 s <= t <= a + 60 s``
(the nudge's look-ahead window, plus a minute for a late answer): "I wasn't distracted" makes
them negative, "back to task" / "snooze" (the user admits the drift) positive. When several
answers cover a moment, the closest one wins. Feedback examples weigh twice as much as weak ones.

Suggestions the user has not answered (core/categorize, passed in by ``train`` as a map from
(app, title) to (distracting, confidence)) label with low weight. A window the rules leave
uncategorised that a sure suggestion calls distracting counts as distracting time for the
labels, and its moments are not candidates (as for rule-distracting windows). A moment positive
only thanks to such windows weighs ``suggestion_weight`` (0.3) times their confidence (averaged
over their time in its horizon), against 1 for rule labels and 2 for answers; an answer still
overrides it. A suggestion that a window is *not* distracting changes nothing: uncategorised
time already counts as not distracting.

Context: ``on_task`` names window spans the rules call distracting that were close in meaning to
the task the user had planned then (a programming tutorial on a video site during a coding
task; core/categorize/context.py decides). They count as work for the labels and the
candidates, like any non-distracting window.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categories import UNCATEGORIZED, Categorizer, default_categorizer
from focuscoach.core.model.intervals import Cumulative, union

#: (app, title) -> (distracting, confidence): unanswered category suggestions for windows the
#: rules leave uncategorised.
Suggested = Mapping[tuple[str, str], tuple[bool, float]]


@dataclass(frozen=True, slots=True)
class Feedback:
    """A user's answer to a nudge: distracted=False for "I wasn't distracted"."""

    time: float
    distracted: bool


@dataclass(frozen=True, slots=True)
class LabelConfig:
    horizon_s: float = 300.0
    min_distracted_s: float = 30.0
    grid_s: float = 60.0
    switch_delay_s: float = 1.0
    run_gap_s: float = 5.0
    feedback_before_s: float = 300.0
    feedback_after_s: float = 60.0
    feedback_weight: float = 2.0
    suggestion_weight: float = 0.3


@dataclass(slots=True)
class Examples:
    times: NDArray[np.float64]
    labels: NDArray[np.float32]  # 1.0 = distraction onset within the horizon
    weights: NDArray[np.float32]
    from_feedback: NDArray[np.bool_]
    #: Positive only through windows a suggestion (not a rule) calls distracting.
    from_suggestion: NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.times.size)

    @property
    def positives(self) -> int:
        return int(self.labels.sum())

    def subset(self, mask: NDArray[np.bool_] | NDArray[np.intp]) -> Examples:
        return Examples(
            self.times[mask],
            self.labels[mask],
            self.weights[mask],
            self.from_feedback[mask],
            self.from_suggestion[mask],
        )


def _as_feedback(items: Sequence[Feedback | tuple[float, bool]]) -> list[Feedback]:
    return [f if isinstance(f, Feedback) else Feedback(float(f[0]), bool(f[1])) for f in items]


def suggested_distracting(
    cat: Categorizer, suggested: Suggested | None
) -> dict[tuple[str, str], float]:
    """(app, title) -> confidence of the suggestions that call a window the rules leave
    uncategorised distracting (a rule written since the suggestion wins)."""
    out: dict[tuple[str, str], float] = {}
    for (app, title), (distracting, confidence) in (suggested or {}).items():
        if distracting and confidence > 0 and cat.categorize(app, title) == UNCATEGORIZED:
            out[(app, title)] = float(confidence)
    return out


def _distracting(
    cat: Categorizer,
    suggested: Suggested | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> Callable[[WindowSpan], bool]:
    """Whether a span counts as distracting for the candidates: by rule or by suggestion, and
    not on-task in context."""
    extra = suggested_distracting(cat, suggested)
    work = frozenset(on_task or ())

    def distracting(w: WindowSpan) -> bool:
        if w in work:
            return False
        return cat.is_distracting_window(w.app, w.title) or (w.app, w.title) in extra

    return distracting


def candidate_times(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan] = (),
    categorizer: Categorizer | None = None,
    config: LabelConfig | None = None,
    suggested: Suggested | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> NDArray[np.float64]:
    """Sorted candidate moments (see the module docstring)."""
    cfg = config or LabelConfig()
    cat = categorizer or default_categorizer()
    is_distracting = _distracting(cat, suggested, on_task)
    spans = sorted((w for w in windows if w.end > w.start), key=lambda w: (w.start, w.end))
    if not spans:
        return np.zeros(0)
    # Runs of the same window.
    runs: list[tuple[float, float, bool]] = []
    prev: WindowSpan | None = None
    for w in spans:
        distracting = is_distracting(w)
        if (
            prev is not None
            and runs
            and (w.app, w.title) == (prev.app, prev.title)
            and w.start - runs[-1][1] <= cfg.run_gap_s
        ):
            start, end, d = runs[-1]
            runs[-1] = (start, max(end, w.end), d)
        else:
            runs.append((w.start, w.end, distracting))
        prev = w
    times: list[float] = []
    for start, end, distracting in runs:
        if distracting:
            continue
        t = start + cfg.switch_delay_s
        while t < end:
            times.append(t)
            t += cfg.grid_s
    cand = np.unique(np.asarray(times, dtype=float))
    # Drop moments covered by a distracting span (overlapping records) or by AFK.
    dist = [w for w in spans if is_distracting(w)]
    d_s, d_e = union([w.start for w in dist], [w.end for w in dist])
    a_s, a_e = union([a.start for a in afk if a.afk], [a.end for a in afk if a.afk])
    keep = ~(_inside(cand, d_s, d_e) | _inside(cand, a_s, a_e))
    return cand[keep]


def _inside(
    t: NDArray[np.float64], starts: NDArray[np.float64], ends: NDArray[np.float64]
) -> NDArray[np.bool_]:
    if starts.size == 0:
        return np.zeros(t.shape, dtype=bool)
    k = np.searchsorted(starts, t, side="right") - 1
    ok = k >= 0
    out = np.zeros(t.shape, dtype=bool)
    out[ok] = t[ok] < ends[k[ok]]
    return out


def weak_labels(
    times: NDArray[np.float64],
    windows: Sequence[WindowSpan],
    categorizer: Categorizer | None = None,
    config: LabelConfig | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> NDArray[np.float32]:
    """1.0 where at least ``min_distracted_s`` of distracting time falls in (t, t + horizon]."""
    cfg = config or LabelConfig()
    is_distracting = _distracting(categorizer or default_categorizer(), None, on_task)
    dist = [w for w in windows if is_distracting(w)]
    d_s, d_e = union([w.start for w in dist], [w.end for w in dist])
    amount = Cumulative(d_s, d_e).between(times, times + cfg.horizon_s)
    labels: NDArray[np.float32] = (amount >= cfg.min_distracted_s).astype(np.float32)
    return labels


def suggestion_labels(
    times: NDArray[np.float64],
    windows: Sequence[WindowSpan],
    labels: NDArray[np.float32],
    categorizer: Categorizer | None = None,
    suggested: Suggested | None = None,
    config: LabelConfig | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.bool_]]:
    """(labels, weights, from_suggestion): the rule labels plus the moments that are positive
    only when suggested-distracting windows count too, at ``suggestion_weight`` times the
    suggestions' confidence (averaged over their time in the moment's horizon)."""
    cfg = config or LabelConfig()
    cat = categorizer or default_categorizer()
    weights = np.ones(times.size, dtype=np.float32)
    extra = suggested_distracting(cat, suggested)
    by_window: dict[tuple[str, str], list[WindowSpan]] = {}
    for w in windows:
        if (w.app, w.title) in extra:
            by_window.setdefault((w.app, w.title), []).append(w)
    if not by_window or times.size == 0:
        return labels, weights, np.zeros(times.size, dtype=bool)
    is_distracting = _distracting(cat, None, on_task)
    dist = [w for w in windows if is_distracting(w)]
    dist += [w for spans in by_window.values() for w in spans]
    a_s, a_e = union([w.start for w in dist], [w.end for w in dist])
    amount = Cumulative(a_s, a_e).between(times, times + cfg.horizon_s)
    new = (amount >= cfg.min_distracted_s) & (labels < 0.5)
    # Confidence of the suggested time in each horizon, weighted by how long each window had it.
    seconds = np.zeros(times.size)
    weighted = np.zeros(times.size)
    for window, spans in by_window.items():
        s_s, s_e = union([w.start for w in spans], [w.end for w in spans])
        part = Cumulative(s_s, s_e).between(times[new], times[new] + cfg.horizon_s)
        seconds[new] += part
        weighted[new] += part * extra[window]
    confidence = np.divide(weighted, seconds, out=np.zeros(times.size), where=seconds > 0)
    labels = labels.astype(np.float32).copy()
    labels[new] = 1.0
    weights[new] = (cfg.suggestion_weight * confidence[new]).astype(np.float32)
    return labels, weights, new


def apply_feedback(
    times: NDArray[np.float64],
    labels: NDArray[np.float32],
    feedback: Sequence[Feedback | tuple[float, bool]],
    config: LabelConfig | None = None,
) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.bool_]]:
    """(labels, weights, overridden) after the user's answers (rule in the module docstring)."""
    cfg = config or LabelConfig()
    labels = labels.astype(np.float32).copy()
    weights = np.ones(times.size, dtype=np.float32)
    overridden = np.zeros(times.size, dtype=bool)
    best = np.full(times.size, np.inf)
    for fb in _as_feedback(feedback):
        lo = np.searchsorted(times, fb.time - cfg.feedback_before_s, side="left")
        hi = np.searchsorted(times, fb.time + cfg.feedback_after_s, side="right")
        if hi <= lo:
            continue
        dist = np.abs(times[lo:hi] - fb.time)
        closer = dist < best[lo:hi]
        sel = np.arange(lo, hi)[closer]
        best[sel] = dist[closer]
        labels[sel] = 1.0 if fb.distracted else 0.0
        weights[sel] = cfg.feedback_weight
        overridden[sel] = True
    return labels, weights, overridden


def build_examples(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan] = (),
    feedback: Sequence[Feedback | tuple[float, bool]] = (),
    categorizer: Categorizer | None = None,
    config: LabelConfig | None = None,
    until: float | None = None,
    suggested: Suggested | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> Examples:
    """Candidate moments with labels. ``until`` is where the observed history ends (default:
    the last window's end); moments whose horizon passes it are dropped. ``suggested``: the
    unanswered category suggestions, labelling with low weight; ``on_task``: distracting spans
    that were on-task in context (module docstring)."""
    cfg = config or LabelConfig()
    cat = categorizer or default_categorizer()
    if not windows:
        empty = np.zeros(0)
        none = empty > 0
        return Examples(empty, empty.astype(np.float32), empty.astype(np.float32), none, none)
    end = until if until is not None else max(w.end for w in windows)
    times = candidate_times(windows, afk, cat, cfg, suggested, on_task)
    times = times[times + cfg.horizon_s <= end]
    labels = weak_labels(times, windows, cat, cfg, on_task)
    labels, weak_weights, by_suggestion = suggestion_labels(
        times, windows, labels, cat, suggested, cfg, on_task
    )
    labels, weights, overridden = apply_feedback(times, labels, feedback, cfg)
    weights = np.where(overridden, weights, weak_weights).astype(np.float32)
    return Examples(times, labels, weights, overridden, by_suggestion & ~overridden)
