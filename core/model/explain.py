"""One-line explanations from the model's attention (numpy only: runs in the tray).

The network returns, for each scored moment, the last layer's attention from its CLS position to
every span (averaged over heads). The spans holding most of that attention are the ones the
model leaned on; the explanation names them by their real app (or title, when the title is what
made the window distracting, as for a video site in a browser) and says how long ago they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.model.features import History

_MASS = 0.5  # explain with the fewest spans that hold this share of the attention
_MAX_SPANS = 4
_RAPID_SWITCHES = 3
_TITLE_CHARS = 40


@dataclass(frozen=True, slots=True)
class SpanReason:
    """A span the model attended to."""

    index: int  # into History.spans
    name: str
    weight: float
    start: float
    end: float  # clipped at the scored moment


def display_name(history: History, index: int) -> str:
    """The app, or a shortened title when the title (not the app) decides the category."""
    span = history.spans[index]
    app = span.app.strip() or "unknown app"
    title = " ".join(span.title.split())
    if not title:
        return app
    cat = history.categorizer
    if cat.categorize(span.app, "") == cat.categorize(span.app, span.title):
        return app
    short = title if len(title) <= _TITLE_CHARS else title[: _TITLE_CHARS - 1] + "…"
    return short


def format_duration(seconds: float) -> str:
    s = max(0.0, seconds)
    if s < 60:
        return f"{round(s)} s"
    minutes = round(s / 60.0)
    if minutes < 60:
        return f"{minutes} min"
    h, m = divmod(minutes, 60)
    return f"{h} h {m} min" if m else f"{h} h"


def top_spans(
    history: History, span_index: NDArray[np.int32], attention: NDArray[np.float32], t: float
) -> list[SpanReason]:
    """The most-attended real spans of one scored moment, heaviest first."""
    valid = span_index >= 0
    if not valid.any():
        return []
    idx = span_index[valid].astype(int)
    att = np.asarray(attention, dtype=float)[valid]
    total = float(att.sum())
    weights = att / total if total > 0 else np.full(att.size, 1.0 / att.size)
    order = np.argsort(-weights, kind="stable")
    chosen: list[SpanReason] = []
    mass = 0.0
    for k in order[:_MAX_SPANS]:
        i = int(idx[k])
        start = float(history.starts[i])
        end = min(float(history.ends[i]), t)
        chosen.append(SpanReason(i, display_name(history, i), float(weights[k]), start, end))
        mass += float(weights[k])
        if mass >= _MASS:
            break
    return chosen


def explain(
    history: History, span_index: NDArray[np.int32], attention: NDArray[np.float32], t: float
) -> str:
    """A one-line reason, e.g. "rapid switching between 微信 and 哔哩哔哩 in the last 4 min"."""
    reasons = top_spans(history, span_index, attention, t)
    if not reasons:
        return "no recent activity"
    by_name: dict[str, float] = {}
    for r in reasons:
        by_name[r.name] = by_name.get(r.name, 0.0) + r.weight
    names = sorted(by_name, key=lambda n: -by_name[n])
    earliest = min(r.start for r in reasons)
    window = max(60.0, t - earliest)
    if len(names) >= 2 and history.switches_between(earliest, t) >= _RAPID_SWITCHES:
        minutes = max(1, math.ceil(window / 60.0))
        return f"rapid switching between {names[0]} and {names[1]} in the last {minutes} min"
    top = reasons[0]
    dwell = format_duration(top.end - top.start)
    if top.end >= t - 1.0:
        text = f"after {dwell} in {top.name}"
    else:
        text = f"{dwell} in {top.name} {format_duration(t - top.end)} ago"
    others = [n for n in names if n != top.name]
    if others:
        text += f", following {others[0]}"
    return text
