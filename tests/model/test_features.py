"""Tokens, hashing and the shape of the features."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from focuscoach.core.model.features import (
    N_GLOBAL,
    N_SPAN,
    FeatureConfig,
    History,
    span_tokens,
    stable_hash,
    tokenize,
)
from focuscoach.core.model.simulator import SimulatedHistory


def test_words_for_spaced_scripts_and_bigrams_for_cjk() -> None:
    assert tokenize("Hello World") == ("hello", "world")
    assert tokenize("Introduction — Python") == ("introduction", "intro~", "python")
    assert tokenize("哔哩哔哩") == ("哔哩", "哩哔", "哔哩")
    assert tokenize("微信") == ("微信",)
    assert tokenize("YouTube视频 2024") == ("youtube", "youtu~", "视频", "#")
    assert tokenize("ＡＢＣ") == ("abc",)  # full-width letters normalise


def test_hash_is_stable_across_processes() -> None:
    here = [stable_hash(tok, 2048) for tok in ("a:微信", "t:youtube", "c:Distracting")]
    code = (
        "from focuscoach.core.model.features import stable_hash;"
        "print([stable_hash(t, 2048) for t in ('a:微信', 't:youtube', 'c:Distracting')])"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == str(here)
    assert all(1 <= h < 2048 for h in here)


def test_span_tokens_fit_their_slots() -> None:
    cfg = FeatureConfig()
    app_ids, title_ids = span_tokens(
        "firefox", "a very long title " * 10 + "- YouTube", ("Distracting", "Video"), cfg
    )
    assert len(app_ids) <= cfg.app_tokens and len(title_ids) <= cfg.title_tokens
    # The tail of a long title (where browsers put the site) is kept.
    assert stable_hash("t:youtube", cfg.n_buckets) in title_ids


def test_feature_shapes_and_recent_first(desktop_history: SimulatedHistory) -> None:
    h = desktop_history
    cfg = FeatureConfig(utc_offset_s=0.0)
    history = History(h.windows, h.afk, h.inputs, h.moods, config=cfg)
    t = h.windows[100].start + 1.0
    batch = history.features([t, h.windows[0].start + 1.0])
    assert batch.span_num.shape == (2, cfg.n_spans, N_SPAN)
    assert batch.global_num.shape == (2, N_GLOBAL)
    assert batch.span_index[0, 0] == 100  # the span open at t comes first
    assert batch.span_num[0, 0, 4] == 1.0  # ... and is flagged current
    assert batch.mask[1].sum() == 1.0  # at the first span only that span is known
    assert np.isfinite(batch.span_num).all() and np.isfinite(batch.global_num).all()


def test_vectorised_span_facts_match_a_plain_loop(desktop_history: SimulatedHistory) -> None:
    """The per-span facts are vectorised for speed; this loop is what they must mean."""
    history = History(desktop_history.windows, config=FeatureConfig(utc_offset_s=0.0))
    spans = history.spans
    latest_end = -np.inf
    run_start = 0.0
    switches = 0.0
    for i, w in enumerate(spans):
        gap = 0.0 if i == 0 else max(0.0, w.start - latest_end)
        switched = i > 0 and spans[i - 1].app != w.app
        same_run = i > 0 and not switched and gap <= 5.0
        run_start = run_start if same_run else w.start
        switches += 1.0 if switched else 0.0
        assert history.gap_before[i] == gap
        assert history.run_start[i] == run_start
        assert history.switch_cum[i + 1] == switches
        latest_end = max(latest_end, float(history.ends[i]))
    assert len(spans) > 100
