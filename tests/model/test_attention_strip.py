"""The attention strip (issue 13): the numpy forward pass's attention maps match torch's in
every layer and head, and a moment's spans and attention become the strip's segments (the
most attended span at 1, Focus Coach's own windows left out, clipped to the strip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from focuscoach.core.activity import WindowSpan
from focuscoach.core.model import bundle
from focuscoach.core.model.attention_strip import strip_at, strip_segments
from focuscoach.core.model.examples import candidate_times
from focuscoach.core.model.features import FeatureConfig, History
from focuscoach.core.model.forward import cls_attention
from focuscoach.core.model.serving import Detector
from focuscoach.core.model.simulator import SimulatedHistory

T = 1_700_000_000.0


def _history(windows: list[WindowSpan]) -> History:
    return History(windows, config=FeatureConfig(n_spans=8, utc_offset_s=0.0))


def _fake() -> tuple[History, np.ndarray]:
    """Five windows ending at T: code, Focus Coach, YouTube, code (open at T), and one
    that starts after T; the model's input order is latest first."""
    windows = [
        WindowSpan(T - 5400.0, T - 1200.0, "code", "main.py - VS Code"),  # crosses the start
        WindowSpan(T - 1200.0, T - 1100.0, "Focus Coach", "Today — Focus Coach"),
        WindowSpan(T - 1100.0, T - 500.0, "firefox", "Cats - YouTube — Mozilla Firefox"),
        WindowSpan(T - 500.0, T + 100.0, "code", "main.py - VS Code"),  # open at T
        WindowSpan(T + 100.0, T + 200.0, "firefox", "later - YouTube — Mozilla Firefox"),
    ]
    history = _history(windows)
    batch = history.features([T])
    return history, batch.span_index[0]


def _attention(span_index: np.ndarray, weights: dict[int, float]) -> np.ndarray:
    """Attention over the input slots that puts `weights[i]` on History span i."""
    return np.array(
        [weights.get(int(i), 0.0) if i >= 0 else 0.0 for i in span_index], dtype=np.float32
    )


def test_the_most_attended_span_is_1_and_the_others_scale_with_it() -> None:
    history, index = _fake()
    attention = _attention(index, {0: 0.1, 1: 0.3, 2: 0.4, 3: 0.2})
    segments = strip_segments(history, index, attention, T, 1800.0)
    assert [s.name for s in segments] == ["code", "YouTube", "code"]
    youtube = segments[1]
    assert youtube.weight == 1.0
    assert youtube.distracting and youtube.category == "Distracting › Video"
    assert youtube.share == pytest.approx(0.4)
    assert segments[0].weight == pytest.approx(0.1 / 0.4)
    assert segments[2].weight == pytest.approx(0.2 / 0.4)
    assert not segments[0].distracting and segments[0].category == "Work › Programming"


def test_own_windows_are_left_out_even_when_the_model_looked_at_them() -> None:
    history, index = _fake()
    attention = _attention(index, {1: 0.9, 2: 0.05, 3: 0.05})  # Focus Coach's window: 0.9
    segments = strip_segments(history, index, attention, T, 1800.0)
    assert all("Focus Coach" not in s.name for s in segments)
    assert T - 1200.0 not in [s.start for s in segments]
    assert max(s.weight for s in segments) == 1.0  # scaled among the segments shown
    assert segments[1].share == pytest.approx(0.05)


def test_segments_are_clipped_to_the_strip_and_nothing_after_t_shows() -> None:
    history, index = _fake()
    attention = _attention(index, {0: 0.5, 2: 0.25, 3: 0.25})
    segments = strip_segments(history, index, attention, T, 1800.0)
    assert segments[0].start == T - 1800.0 and segments[0].end == T - 1200.0
    assert segments[-1].start == T - 500.0 and segments[-1].end == T
    assert all(T - 1800.0 <= s.start < s.end <= T for s in segments)
    # A shorter strip drops what ended before it.
    short = strip_segments(history, index, attention, T, 300.0)
    assert [(s.name, s.start, s.end) for s in short] == [("code", T - 300.0, T)]
    assert short[0].weight == 1.0


def test_windows_the_model_did_not_see_weigh_0_and_no_attention_is_all_0() -> None:
    windows = [
        WindowSpan(T - 3000.0 + 100.0 * k, T - 2900.0 + 100.0 * k, "code", f"file{k}.py - VS Code")
        for k in range(30)
    ]
    history = _history(windows)  # the model reads the last 8 of them
    index = history.features([T]).span_index[0]
    segments = strip_segments(history, index, np.full(8, 0.1, np.float32), T, 3600.0)
    assert len(segments) == 30
    assert [s.weight for s in segments[:22]] == [0.0] * 22
    assert [s.weight for s in segments[22:]] == [1.0] * 8
    none = strip_segments(history, index, np.zeros(8, np.float32), T, 3600.0)
    assert {s.weight for s in none} == {0.0} and {s.share for s in none} == {0.0}
    assert strip_segments(_history([]), np.full(8, -1, np.int32), np.zeros(8, np.float32), T) == []


def test_strip_at_scores_the_moment_with_the_shipped_prior(
    chinese_history: SimulatedHistory,
) -> None:
    detector = Detector()
    h = chinese_history
    t = float(candidate_times(h.windows, h.afk)[200])
    segments = strip_at(detector, h.windows, t, 1800.0, afk=h.afk, inputs=h.inputs)
    assert segments and max(s.weight for s in segments) == 1.0
    assert all(t - 1800.0 <= s.start < s.end <= t for s in segments)
    assert all(0.0 <= s.weight <= 1.0 and 0.0 <= s.share <= 1.0 for s in segments)
    assert sum(s.share for s in segments) <= 1.0 + 1e-6
    # The same attention as the detector's own scoring of t: the spans its explanation
    # names carry the same shares in the strip.
    shown = detector.predict(h.windows, h.afk, h.inputs, now=t)
    by_start = {s.start: s for s in segments}
    named = [r for r in shown.reasons if r.start > t - 1800.0]
    assert named
    for reason in named:
        assert by_start[reason.start].name == reason.name
        assert by_start[reason.start].share == pytest.approx(reason.weight, abs=1e-5)


@pytest.mark.parametrize("which", ["tiny", "prior"])
def test_the_attention_maps_match_torch_in_every_layer_and_head(
    which: str, tiny_model_dir: Path, chinese_history: SimulatedHistory
) -> None:
    """The numpy pass's per-layer, per-head maps are BertModel's `attentions`, and the strip's
    (and the explanation's) combination of them is DistractionNet's attention output."""
    import torch

    from focuscoach.core.model.export import torch_predict
    from focuscoach.core.model.training import load_model

    torch.set_num_threads(1)
    folder = tiny_model_dir if which == "tiny" else bundle.prior_dir()
    detector = Detector(folder)
    h = chinese_history
    history = detector.history(h.windows, h.afk, h.inputs, h.moods)
    moments = candidate_times(h.windows, h.afk)
    times = np.r_[moments[np.linspace(0, moments.size - 1, 12).astype(int)], h.windows[0].start + 1]
    batch = history.features(times)
    inputs = batch.with_globals(detector.feature_config.global_features).model_inputs()
    network = detector._network
    maps = network.attention_maps(inputs)
    model = load_model(folder)
    captured: list[Any] = []
    hook = model.encoder.register_forward_hook(lambda _m, _i, out: captured.append(out))
    try:
        p_torch, a_torch = torch_predict(model, inputs)
    finally:
        hook.remove()
    torch_maps = [a.detach().numpy() for a in captured[0].attentions]
    assert len(maps) == len(torch_maps) == model.net_config.layers
    for mine, theirs in zip(maps, torch_maps, strict=True):
        n = detector.feature_config.n_spans + 1
        assert mine.shape == theirs.shape == (times.size, model.net_config.heads, n, n)
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-4)
    np.testing.assert_allclose(cls_attention(maps), a_torch, rtol=0, atol=1e-4)
    # run() computes only the CLS row of the last layer: the same function, rounded alike.
    probability, attention = network.run(inputs)
    np.testing.assert_allclose(probability, p_torch, rtol=0, atol=1e-4)
    full, _ = network.run_with_maps(inputs)
    np.testing.assert_allclose(probability, full, rtol=0, atol=1e-6)
    np.testing.assert_allclose(attention, cls_attention(maps), rtol=0, atol=1e-6)
