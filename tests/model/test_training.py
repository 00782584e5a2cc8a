"""Training lowers the loss, is deterministic, and only replaces a model by a better one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from focuscoach.core.model import bundle
from focuscoach.core.model.features import FeatureConfig
from focuscoach.core.model.network import DistractionNet, NetConfig, count_parameters
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.model.training import (
    Dataset,
    TrainConfig,
    TrainProgress,
    blend_weights,
    decide,
    fine_tune_dataset,
    fit,
    load_model,
    make_dataset,
    new_model,
    resolve_device,
    train_and_select,
)

TINY_FEATURES = FeatureConfig(n_spans=16, n_buckets=256, utc_offset_s=0.0)
TINY_NET = NetConfig(hidden=16, layers=1, heads=2, intermediate=32)


@pytest.fixture(scope="module")
def small_data(desktop_history: SimulatedHistory) -> Dataset:
    h = desktop_history
    return make_dataset(h.windows, h.afk, h.inputs, moods=h.moods, feature_config=TINY_FEATURES)


def _loss(net: DistractionNet, data: Dataset) -> float:
    from focuscoach.core.model.training import predict

    p = np.clip(predict(net, data.batch), 1e-7, 1 - 1e-7)
    y = data.examples.labels
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_the_default_network_has_about_a_hundred_thousand_parameters() -> None:
    assert 50_000 <= count_parameters(DistractionNet(FeatureConfig())) <= 150_000


def test_training_lowers_the_loss_and_reports_progress(small_data: Dataset) -> None:
    torch.set_num_threads(1)
    net = new_model(TINY_FEATURES, TINY_NET, seed=0)
    before = _loss(net, small_data)
    seen: list[TrainProgress] = []
    result = fit(net, small_data, TrainConfig(epochs=3, lr=3e-3, batch_size=64), "cpu", seen.append)
    after = _loss(net, small_data)
    assert after < before - 0.02
    assert [p.epoch for p in seen] == [1, 2, 3]
    assert result.losses[-1] < result.losses[0]


def test_same_seed_same_weights(small_data: Dataset) -> None:
    torch.set_num_threads(1)
    part = small_data.subset(np.arange(len(small_data)) < 400)
    states = []
    for _ in range(2):
        net = new_model(TINY_FEATURES, TINY_NET, seed=3)
        fit(net, part, TrainConfig(epochs=1, seed=3, batch_size=64), "cpu")
        states.append(net.state_dict())
    for key in states[0]:
        assert torch.equal(states[0][key], states[1][key]), key


def test_fine_tuning_lands_between_the_start_and_the_tuned_weights(small_data: Dataset) -> None:
    torch.set_num_threads(1)
    part = small_data.subset(np.arange(len(small_data)) < 400)
    start = new_model(TINY_FEATURES, TINY_NET, seed=5)
    before = {k: v.clone() for k, v in start.state_dict().items()}
    tuned: dict[float, dict[str, torch.Tensor]] = {}
    for share in (0.0, 0.5, 1.0):
        net = new_model(TINY_FEATURES, TINY_NET, seed=5)
        cfg = TrainConfig(epochs=2, lr=3e-3, batch_size=64, seed=1, blend=share)
        fine_tune_dataset(part, net, cfg, "cpu")
        tuned[share] = net.state_dict()
    for key, value in before.items():
        assert torch.equal(tuned[0.0][key], value), key  # nothing of the fine-tune is kept
        halfway = (value + tuned[1.0][key]) / 2 if value.is_floating_point() else value
        assert torch.allclose(tuned[0.5][key], halfway, atol=1e-6), key
    assert any(not torch.equal(tuned[1.0][k], v) for k, v in before.items())


def test_blend_outside_zero_to_one_is_refused() -> None:
    net = new_model(TINY_FEATURES, TINY_NET, seed=0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        blend_weights(net, net.state_dict(), 1.5)


def test_cuda_without_a_gpu_is_a_clear_error() -> None:
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type in ("cpu", "cuda")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA"):
            resolve_device("cuda")
    with pytest.raises(ValueError, match="unknown device"):
        resolve_device("tpu")


def test_a_model_is_replaced_only_by_a_better_one(small_data: Dataset) -> None:
    torch.set_num_threads(1)
    trained = new_model(TINY_FEATURES, TINY_NET, seed=0)
    fit(trained, small_data, TrainConfig(epochs=2, lr=3e-3, batch_size=64), "cpu")
    constant = new_model(TINY_FEATURES, TINY_NET, seed=0)
    with torch.no_grad():  # a model that says the same for every moment: the base rate
        for p in [*constant.head.parameters(), *constant.wide.parameters()]:
            p.zero_()
    assert decide(trained, constant, small_data).replace
    assert not decide(constant, trained, small_data).replace
    assert not decide(trained, trained, small_data).replace  # a tie keeps the current one


def test_train_and_select_swaps_in_a_better_model(tmp_path: Path) -> None:
    torch.set_num_threads(2)
    h = simulate(SimConfig(seed=21, users=1, days=2, weekend=False, chinese_share=0.0))[0]
    target = tmp_path / "current"
    decision = train_and_select(
        h.windows, h.afk, h.inputs, moods=h.moods, current_dir=target, holdout_days=0.5,
        config=TrainConfig(epochs=1, batch_size=256), device="cpu",
    )  # fmt: skip
    assert decision.holdout_examples > 0
    active = bundle.resolve_active(target)
    assert (not active.is_prior) == decision.replace and active.problems == ()
    if decision.replace:
        assert decision.new_pr_auc > decision.current_pr_auc
        load_model(active.folder)
        # What the forecast gate reads: the model against the best no-fit rule at the budget.
        metrics = bundle.read_meta(active.folder).metrics
        assert isinstance(metrics["beats_rule"], bool) and metrics["holdout_best_rule"]
        assert metrics["beats_rule"] == (
            metrics["holdout_precision_at_budget"] > metrics["holdout_rule_precision_at_budget"]
        )
        assert metrics["holdout_nudges_allowed"] >= 1


def test_the_choice_weighs_each_held_out_moment_as_training_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The new model finds the moments the user answered (weight 2); the current one finds
    as many moments, but ones a suggestion guessed (weight 0.3). Counted alike they tie and
    the current one stays; weighted, the new one is better."""
    from types import SimpleNamespace

    from focuscoach.core.model import training

    answered, guessed, negatives = 3, 3, 12
    labels = np.r_[np.ones(answered + guessed), np.zeros(negatives)].astype(np.float32)
    weights = np.r_[np.full(answered, 2.0), np.full(guessed, 0.3), np.ones(negatives)]
    low = np.full(negatives, 0.1)
    scores = {  # each ranks its three moments first, then the other three among negatives
        "new": np.r_[np.full(answered, 0.9), np.full(guessed, 0.05), low],
        "current": np.r_[np.full(answered, 0.05), np.full(guessed, 0.9), low],
    }

    class Holdout:
        examples = SimpleNamespace(labels=labels, weights=weights, positives=6)
        batch = None

        def __len__(self) -> int:
            return int(labels.size)

    monkeypatch.setattr(training, "predict", lambda net, _batch: scores[net])
    holdout: Any = Holdout()
    decision = decide("new", "current", holdout)  # type: ignore[arg-type]
    assert decision.replace and decision.new_pr_auc > decision.current_pr_auc
    unweighted = Holdout()
    unweighted.examples = SimpleNamespace(labels=labels, weights=np.ones_like(weights), positives=4)
    assert not decide("new", "current", unweighted).replace  # type: ignore[arg-type]
