"""A prediction's shortcuts (issue 13: one forecast <= 2 ms) give exactly the numbers of the
plain computation: the per-window facts table (category, distraction, tokens, app identity),
the input counts made disjoint in one pass, and the cached site names of the explanation."""

from __future__ import annotations

import numpy as np
import pytest

from focuscoach.core.activity import InputInterval, WindowSpan
from focuscoach.core.categories import default_categorizer
from focuscoach.core.categorize.titles import reduce
from focuscoach.core.model import explain, span_facts
from focuscoach.core.model.features import FeatureConfig, History, _disjoint_counts
from focuscoach.core.model.intervals import Cumulative, disjoint_counts
from focuscoach.core.model.simulator import SimulatedHistory
from focuscoach.core.model.tokens import padded_tokens


def _plain_facts(history: History) -> dict[str, object]:
    """What History computed per window before the table: categorize and tokenize each."""
    cat, cfg = history.categorizer, history.config
    categories = [cat.categorize(w.app, w.title) for w in history.spans]
    padded = [
        padded_tokens(w.app, w.title, c, cfg)
        for w, c in zip(history.spans, categories, strict=True)
    ]
    apps = np.array([w.app for w in history.spans], dtype=object)
    switch = np.zeros(len(apps))
    if len(apps) > 1:
        switch[1:] = apps[1:] != apps[:-1]
    return {
        "categories": categories,
        "distracting": np.array([cat.is_distracting(c) for c in categories], dtype=float),
        "app_tok": np.array([p[0] for p in padded], dtype=np.int32).reshape(-1, cfg.app_tokens),
        "title_tok": np.array([p[1] for p in padded], dtype=np.int32).reshape(-1, cfg.title_tokens),
        "switches": np.concatenate([[0.0], np.cumsum(switch)]),
    }


def _assert_plain(history: History) -> None:
    plain = _plain_facts(history)
    assert history.categories == plain["categories"]
    for name, ours in (
        ("distracting", history.distracting),
        ("app_tok", history.app_tok),
        ("title_tok", history.title_tok),
        ("switches", history.switch_cum),
    ):
        expected = plain[name]
        assert isinstance(expected, np.ndarray)
        assert ours.dtype == expected.dtype and np.array_equal(ours, expected), name


def test_the_facts_table_gives_what_categorizing_and_tokenizing_give(
    desktop_history: SimulatedHistory,
    chinese_history: SimulatedHistory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cfg = FeatureConfig(utc_offset_s=0.0)
    for h in (desktop_history, chinese_history):
        for lo in range(0, len(h.windows) - 128, 97):  # overlapping slices: rows are reused
            _assert_plain(History(h.windows[lo : lo + 128], h.afk, h.inputs, config=cfg))
    # A table past its limit starts afresh, between calls, never inside one.
    monkeypatch.setattr(span_facts, "LIMIT", 50)
    for lo in (0, 10, 500):
        _assert_plain(History(desktop_history.windows[lo : lo + 128], config=cfg))
    _assert_plain(History([], config=cfg))


def test_one_table_per_categorizer_and_config() -> None:
    cat = default_categorizer()
    a, b = FeatureConfig(), FeatureConfig(n_buckets=256)
    assert span_facts.span_facts(cat, a) is span_facts.span_facts(cat, FeatureConfig())
    assert span_facts.span_facts(cat, a) is not span_facts.span_facts(cat, b)
    spans = [WindowSpan(0.0, 5.0, "firefox", "Cats - YouTube")]
    assert not np.array_equal(
        span_facts.span_facts(cat, a).gather(spans).app_tokens,
        span_facts.span_facts(cat, b).gather(spans).app_tokens,
    )


def test_input_counts_made_disjoint_at_once_match_one_column_at_a_time() -> None:
    rng = np.random.default_rng(4)
    starts = np.sort(rng.uniform(0, 600, 300))
    starts[10] = starts[11]  # a tie
    ends = starts + rng.choice([0.0, 2.0, 5.0, 30.0], 300)  # zero-length and overlapping ones
    ends[20] = starts[20] - 1.0  # ends before it starts (a damaged row)
    counts = rng.integers(0, 50, (300, 3)).astype(float)
    s, e, scaled = _disjoint_counts(starts, ends, counts)
    points = np.linspace(-10, 700, 997)
    for col in range(3):
        s1, e1, c1 = disjoint_counts(starts, ends, counts[:, col])
        assert np.array_equal(s, s1) and np.array_equal(e, e1)
        assert np.array_equal(scaled[:, col], c1)
        assert np.array_equal(
            Cumulative(s, e, scaled[:, col])(points), Cumulative(s1, e1, c1)(points)
        )
    empty = np.zeros(0)
    s, e, scaled = _disjoint_counts(empty, empty, np.zeros((0, 3)))
    assert s.size == e.size == scaled.size == 0


def test_inputs_out_of_order_give_the_same_features(desktop_history: SimulatedHistory) -> None:
    h = desktop_history
    cfg = FeatureConfig(utc_offset_s=0.0)
    inputs = list(h.inputs[:400])
    inputs.append(InputInterval(inputs[5].start, inputs[5].end + 3.0, 4, 1, 10, 0))  # a tie
    shuffled = inputs[::-1]
    windows = [w for w in h.windows if w.start < inputs[-2].end]
    t = [inputs[-2].end + 1.0, inputs[200].start + 0.5]
    # Sorted by start and stable (ties keep their order), as sorted() sorted them.
    other = History(windows, h.afk, shuffled, config=cfg).features(t)
    ordered = sorted(shuffled, key=lambda x: x.start)
    again = History(windows, h.afk, ordered, config=cfg).features(t)
    assert np.array_equal(other.span_num, again.span_num)
    assert np.array_equal(other.global_num, again.global_num)
    assert other.span_num[:, :, 5].any()  # key presses were counted


def test_site_names_are_cached_not_changed() -> None:
    for app, title in (
        ("firefox", "Cats - YouTube — Mozilla Firefox"),
        ("chrome", "https://example.org/a/b_c"),
        ("code", "main.py - focuscoach"),
    ):
        assert explain._reduce(app, title) == reduce(app, title)
        assert explain._reduce(app, title) is explain._reduce(app, title)
