"""The attention strip: the last half hour or hour as segments coloured by category, with the
model's attention as intensity, so a nudge (and the Today window) can show *why* it spoke.

The attention is the one the explanation reads (forward.cls_attention): the last layer's
attention from the CLS position (the pooled query the logit reads) to each input span, averaged
over the heads. Each window that overlaps the strip becomes one segment, clipped to the strip;
its weight is its attention divided by the largest attention among the segments shown, so the
span the model leaned on most is 1 and a window the model did not see (older than its last
``n_spans`` spans) is 0. Focus Coach's own windows are left out, as the explanation leaves them
out: the model may look at them, but they are never the reason shown.

Numpy only (it runs in the tray, and only when a nudge or the Today window asks for a strip:
a forecast never waits for it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.appinfo import OWN_APPS
from focuscoach.core.categories import category_label
from focuscoach.core.model.explain import display_name
from focuscoach.core.model.features import History
from focuscoach.core.model.serving import Detector
from focuscoach.core.records import StripSegment

__all__ = ["StripSegment", "strip_at", "strip_segments"]


def strip_segments(
    history: History,
    span_index: NDArray[np.int32],
    attention: NDArray[np.float32],
    t: float,
    window_s: float = 3600.0,
) -> list[StripSegment]:
    """The strip of [t - window_s, t] for one scored moment: `span_index` and `attention` are
    that moment's row of FeatureBatch.span_index and of the network's CLS attention. Pure."""
    lo = t - window_s
    valid = span_index >= 0
    raw: dict[int, float] = {}
    total = float(np.asarray(attention, dtype=float)[valid].sum())
    for i, a in zip(span_index[valid].tolist(), np.asarray(attention)[valid].tolist(), strict=True):
        raw[int(i)] = raw.get(int(i), 0.0) + float(a)
    hi = history.span_count_before(t)
    kept: list[tuple[int, float, float, float]] = []  # (index, start, end, attention)
    for i in range(hi):
        start = max(float(history.starts[i]), lo)
        end = min(float(history.ends[i]), t)
        if end <= start:
            continue
        if history.spans[i].app.strip().casefold() in OWN_APPS:
            continue
        kept.append((i, start, end, raw.get(i, 0.0)))
    top = max((a for *_, a in kept), default=0.0)
    segments = []
    for i, start, end, a in kept:
        span = history.spans[i]
        category = history.categorizer.categorize(span.app, span.title)
        segments.append(
            StripSegment(
                start=start,
                end=end,
                name=display_name(history, i),
                category=category_label(category),
                distracting=history.categorizer.is_distracting(category),
                weight=a / top if top > 0 else 0.0,
                share=a / total if total > 0 else 0.0,
            )
        )
    return segments


def strip_at(
    detector: Detector,
    windows: Sequence[WindowSpan],
    t: float,
    window_s: float = 3600.0,
    *,
    afk: Sequence[AfkSpan] = (),
    inputs: Sequence[InputInterval] = (),
    mood: float | None = None,
) -> list[StripSegment]:
    """Score moment t once more with `detector` (as the live detector did: the windows that
    started before t, AFK and input from the store) and turn its attention into the strip.
    One forward pass (~1 ms), run only when a strip is shown."""
    before = sorted((w for w in windows if w.start < t), key=lambda w: (w.start, w.end))
    # The model's last n_spans spans and a margin for its aggregates (as Detector.predict
    # reads), or every window of the strip if that reaches further back.
    first = max(0, len(before) - 4 * detector.feature_config.n_spans)
    reaching = next((k for k, w in enumerate(before) if w.end > t - window_s), first)
    recent = before[min(first, reaching) :]
    since = min((w.start for w in recent), default=t)
    history = detector.history(recent, afk, [x for x in inputs if x.end > since and x.start < t])
    batch = history.features([t], None if mood is None else [mood])
    _, attention = detector.run(batch)
    return strip_segments(history, batch.span_index[0], attention[0], t, window_s)
