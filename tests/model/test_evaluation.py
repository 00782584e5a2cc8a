"""The evaluation report has the promised shape and sane numbers."""

from __future__ import annotations

import numpy as np
import torch

from focuscoach.core.model.evaluation import evaluate
from focuscoach.core.model.simulator import SimConfig, simulate
from focuscoach.core.model.training import TrainConfig


def test_evaluation_report_shape() -> None:
    torch.set_num_threads(2)
    h = simulate(SimConfig(seed=8, users=1, days=3, weekend=False))[0]
    report = evaluate(
        h.windows, h.afk, h.inputs, moods=h.moods,
        config=TrainConfig(epochs=1, batch_size=256), device="cpu", latency_samples=20, seeds=2,
    )  # fmt: skip
    assert report["n_examples"] > report["positives"] > 0
    assert set(report["models"]) == {
        "attention", "logistic", "switch_rate", "base_rate", "gradient_boosting",
        "since_distraction", "distracting_5m", "distracting_15m", "distracting_30m",
    }  # fmt: skip
    for scores in report["models"].values():
        assert set(scores) == {"pr_auc", "roc_auc", "pr_auc_ci", "roc_auc_ci", "hard_pr_auc"}
        assert 0.0 <= scores["pr_auc"] <= 1.0 and 0.0 <= scores["roc_auc"] <= 1.0
        for low, high in (scores["pr_auc_ci"], scores["roc_auc_ci"]):
            assert 0.0 <= low <= high <= 1.0
    base = report["models"]["base_rate"]
    assert base["roc_auc"] == 0.5
    assert abs(base["pr_auc"] - report["test_positives"] / report["test_examples"]) < 1e-3
    assert report["test_base_rate"] == round(report["test_positives"] / report["test_examples"], 4)
    assert report["latency_ms_p50"] > 0
    seeds = report["attention_seeds"]
    assert seeds["seeds"] == [0, 1] and len(seeds["pr_auc"]) == 2
    assert seeds["pr_auc"][0] == report["models"]["attention"]["pr_auc"]
    assert seeds["spread"] == round(max(seeds["pr_auc"]) - min(seeds["pr_auc"]), 4)
    assert report["best_baseline"] in set(report["models"]) - {"attention"}
    hard = report["hard_subset"]
    assert 0 <= hard["positives"] <= hard["examples"] <= report["test_examples"]


def test_a_perfect_scorer_gets_narrow_intervals_and_a_constant_gets_the_base_rate() -> None:
    from focuscoach.core.model.eval_stats import hour_bootstrap, subset_pr_auc

    rng = np.random.default_rng(0)
    times = np.sort(rng.uniform(0, 40 * 3600, 4000))
    labels = (rng.uniform(size=times.size) < 0.25).astype(float)
    ci = hour_bootstrap(times, labels, {"perfect": labels, "noise": rng.uniform(size=times.size)})
    assert ci["perfect"]["pr_auc_ci"] == [1.0, 1.0] and ci["perfect"]["roc_auc_ci"] == [1.0, 1.0]
    low, high = ci["noise"]["roc_auc_ci"]
    assert low < 0.5 < high and high - low < 0.1
    assert subset_pr_auc(labels, labels, labels >= 0) == 1.0
    assert subset_pr_auc(labels, labels, labels > 0) is None  # one outcome only
