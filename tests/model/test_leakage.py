"""Features of a moment t use only the past of t."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.model.examples import candidate_times
from focuscoach.core.model.features import FeatureBatch, FeatureConfig, History
from focuscoach.core.model.simulator import SimulatedHistory

CONFIG = FeatureConfig(utc_offset_s=0.0)


def rewrite_future(h: SimulatedHistory, t: float) -> SimulatedHistory:
    """Change everything that happens after t: later windows become other apps, the window
    open at t ends differently, AFK and input after t change."""
    windows: list[WindowSpan] = []
    for i, w in enumerate(h.windows):
        if w.start >= t:
            app, title = ("哔哩哔哩", "") if i % 2 else ("firefox", "cats - YouTube")
            windows.append(WindowSpan(w.start + 7.0, w.end + 30.0, app, title))
        elif w.end > t:
            windows.append(dataclasses.replace(w, end=t + 1.0))
        else:
            windows.append(w)
    windows.append(WindowSpan(t + 0.5, t + 900.0, "Steam", "Steam"))
    afk = [a for a in h.afk if a.start < t] + [AfkSpan(t + 2.0, t + 700.0, True)]
    inputs = [x for x in h.inputs if x.end <= t]
    inputs += [InputInterval(x.start, x.end, 999, 99, 9, 9) for x in h.inputs if x.start >= t]
    return SimulatedHistory(windows, afk, inputs, [m for m in h.moods if m[0] <= t])


def assert_same(a: FeatureBatch, b: FeatureBatch) -> None:
    np.testing.assert_array_equal(a.mask, b.mask)
    np.testing.assert_array_equal(a.app_tokens, b.app_tokens)
    np.testing.assert_array_equal(a.title_tokens, b.title_tokens)
    np.testing.assert_allclose(a.span_num, b.span_num, rtol=0, atol=1e-6)
    np.testing.assert_allclose(a.global_num, b.global_num, rtol=0, atol=1e-6)


@pytest.mark.parametrize("which", [0.2, 0.45, 0.7, 0.95])
def test_changing_the_future_does_not_change_features(
    desktop_history: SimulatedHistory, which: float
) -> None:
    h = desktop_history
    moments = candidate_times(h.windows, h.afk)
    t = float(moments[int(which * (moments.size - 1))])
    original = History(h.windows, h.afk, h.inputs, h.moods, config=CONFIG).features([t])
    changed_h = rewrite_future(h, t)
    changed = History(
        changed_h.windows, changed_h.afk, changed_h.inputs, changed_h.moods, config=CONFIG
    ).features([t])
    assert original.mask.sum() == CONFIG.n_spans  # a full window of past spans
    assert_same(original, changed)


def test_the_past_does_change_features(desktop_history: SimulatedHistory) -> None:
    """The leakage test would be empty if features ignored the records: they do not."""
    h = desktop_history
    t = float(candidate_times(h.windows, h.afk)[200])
    before = History(h.windows, h.afk, h.inputs, config=CONFIG).features([t])
    past = [
        dataclasses.replace(w, app="哔哩哔哩", title="") if t - 600 < w.start < t else w
        for w in h.windows
    ]
    after = History(past, h.afk, h.inputs, config=CONFIG).features([t])
    assert not np.array_equal(before.app_tokens, after.app_tokens)
    assert not np.array_equal(before.global_num, after.global_num)
