"""The evaluation report has the promised shape and sane numbers."""

from __future__ import annotations

import torch

from focuscoach.core.model.evaluation import evaluate
from focuscoach.core.model.simulator import SimConfig, simulate
from focuscoach.core.model.training import TrainConfig


def test_evaluation_report_shape() -> None:
    torch.set_num_threads(2)
    h = simulate(SimConfig(seed=8, users=1, days=3, weekend=False))[0]
    report = evaluate(
        h.windows, h.afk, h.inputs, moods=h.moods,
        config=TrainConfig(epochs=1, batch_size=256), device="cpu", latency_samples=20,
    )  # fmt: skip
    assert report["n_examples"] > report["positives"] > 0
    assert set(report["models"]) == {"attention", "logistic", "switch_rate", "base_rate"}
    for scores in report["models"].values():
        assert set(scores) == {"pr_auc", "roc_auc"}
        assert 0.0 <= scores["pr_auc"] <= 1.0 and 0.0 <= scores["roc_auc"] <= 1.0
    base = report["models"]["base_rate"]
    assert base["roc_auc"] == 0.5
    assert abs(base["pr_auc"] - report["test_positives"] / report["test_examples"]) < 1e-3
    assert report["latency_ms_p50"] > 0
