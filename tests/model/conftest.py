"""Shared fixtures for the model tests: small simulated histories and a tiny trained model."""

from __future__ import annotations

from pathlib import Path

import pytest

from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate


@pytest.fixture(scope="session")
def desktop_history() -> SimulatedHistory:
    """Three simulated workdays of one desktop user."""
    return simulate(SimConfig(seed=3, users=1, days=3, weekend=False, chinese_share=0.0))[0]


@pytest.fixture(scope="session")
def chinese_history() -> SimulatedHistory:
    return simulate(SimConfig(seed=5, users=1, days=2, weekend=False, chinese_share=1.0))[0]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny network (few buckets, one layer) trained briefly and saved as a model folder."""
    import torch

    from focuscoach.core.model.features import FeatureConfig
    from focuscoach.core.model.network import NetConfig
    from focuscoach.core.model.training import TrainConfig, fit, make_dataset, new_model, save_model

    torch.set_num_threads(1)
    history = simulate(SimConfig(seed=11, users=1, days=1, weekend=False))[0]
    features = FeatureConfig(n_spans=16, n_buckets=256, utc_offset_s=0.0)
    data = make_dataset(history.windows, history.afk, history.inputs, feature_config=features)
    net = new_model(features, NetConfig(hidden=16, layers=1, heads=2, intermediate=32), seed=0)
    fit(net, data, TrainConfig(epochs=1, batch_size=64, lr=3e-3))
    return save_model(net, tmp_path_factory.mktemp("tiny-model"))
