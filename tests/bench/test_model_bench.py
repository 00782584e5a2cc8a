"""Model benchmarks (issue 4): one live prediction p50 <= 2 ms on one thread, fine-tuning on a
simulated 30-day history <= 60 s on two CPU cores."""

from __future__ import annotations

import time

import numpy as np
import pytest

from focuscoach.core.model.examples import candidate_times
from focuscoach.core.model.simulator import SimConfig, simulate

pytestmark = pytest.mark.bench

LATENCY_BUDGET_MS = 2.0
FINE_TUNE_BUDGET_S = 60.0


def test_prediction_latency() -> None:
    from focuscoach.core.model.serving import Detector

    h = simulate(SimConfig(seed=1, users=1, days=2, weekend=False))[0]
    detector = Detector(threads=1)
    moments = candidate_times(h.windows, h.afk)
    starts = np.array([w.start for w in h.windows])
    durations = []
    for t in moments[:: max(1, moments.size // 300)].tolist():
        hi = int(np.searchsorted(starts, t))
        recent = h.windows[max(0, hi - 128) : hi]
        begin = time.perf_counter()
        detector.predict(recent, h.afk, h.inputs, now=t)
        durations.append(time.perf_counter() - begin)
    p50 = float(np.median(durations) * 1000.0)
    p90 = float(np.percentile(durations, 90) * 1000.0)
    print(
        f"\nprediction latency p50 {p50:.3f} ms, p90 {p90:.3f} ms "
        f"(budget {LATENCY_BUDGET_MS} ms, p50/budget {p50 / LATENCY_BUDGET_MS:.2f})"
    )
    assert p50 <= LATENCY_BUDGET_MS


def test_fine_tune_30_days() -> None:
    import torch

    from focuscoach.core.model.training import TrainConfig, fine_tune

    torch.set_num_threads(2)
    h = simulate(SimConfig(seed=2, users=1, days=30, chinese_share=0.0))[0]
    begin = time.perf_counter()
    _, result, data = fine_tune(
        h.windows, h.afk, h.inputs, moods=h.moods, config=TrainConfig(threads=2), device="cpu"
    )
    seconds = time.perf_counter() - begin
    print(
        f"\nfine-tune on 30 simulated days: {len(data)} moments, {len(result.losses)} epochs, "
        f"{seconds:.1f} s (budget {FINE_TUNE_BUDGET_S:.0f} s, "
        f"ratio {seconds / FINE_TUNE_BUDGET_S:.2f})"
    )
    assert seconds <= FINE_TUNE_BUDGET_S
