"""The model's global numbers: on_task is gone, and models saved with it still work.

on_task was 0 in every training example and every live call (the coach never asks the model
while the window matches the block's task), so it was dropped from the input. A model saved
before reads 14 global numbers with on_task fifth: it gets that column as zeros, as always.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from focuscoach.core.model import bundle
from focuscoach.core.model.examples import candidate_times
from focuscoach.core.model.features import (
    GLOBAL_FEATURES,
    LEGACY_GLOBAL_FEATURES,
    N_GLOBAL,
    FeatureConfig,
    History,
)
from focuscoach.core.model.serving import Detector
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate

SMALL = {"n_spans": 16, "n_buckets": 256, "utc_offset_s": 0.0}


def test_on_task_is_no_input_any_more() -> None:
    assert "on_task" not in GLOBAL_FEATURES and N_GLOBAL == 13
    assert LEGACY_GLOBAL_FEATURES.index("on_task") == 4 and len(LEGACY_GLOBAL_FEATURES) == 14
    cfg = FeatureConfig()
    assert cfg.global_features == GLOBAL_FEATURES
    assert FeatureConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ValueError, match="unknown global features: typing"):
        FeatureConfig(global_features=(*GLOBAL_FEATURES, "typing"))


def test_a_config_saved_before_reads_the_legacy_layout(desktop_history: SimulatedHistory) -> None:
    new = FeatureConfig(**SMALL)  # type: ignore[arg-type]
    saved = new.to_dict()
    del saved["global_features"]  # what model.json held before
    legacy = FeatureConfig.from_dict(saved)
    assert legacy.global_features == LEGACY_GLOBAL_FEATURES
    h = desktop_history
    times = candidate_times(h.windows, h.afk)[::25]
    a = History(h.windows, h.afk, h.inputs, h.moods, config=new).features(times)
    b = History(h.windows, h.afk, h.inputs, h.moods, config=legacy).features(times)
    assert a.global_num.shape == (times.size, 13) and b.global_num.shape == (times.size, 14)
    assert not b.global_num[:, 4].any()
    np.testing.assert_array_equal(np.delete(b.global_num, 4, axis=1), a.global_num)
    assert b.with_globals(GLOBAL_FEATURES).global_num.tolist() == a.global_num.tolist()
    np.testing.assert_array_equal(a.span_num, b.span_num)


@pytest.fixture(scope="module")
def legacy_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model as saved before on_task was dropped: 14 global inputs, and a model.json
    without ``global_features``."""
    import torch

    from focuscoach.core.model.network import NetConfig
    from focuscoach.core.model.training import TrainConfig, fit, make_dataset, new_model, save_model

    torch.set_num_threads(1)
    history = simulate(SimConfig(seed=11, users=1, days=1, weekend=False))[0]
    features = FeatureConfig(**SMALL, global_features=LEGACY_GLOBAL_FEATURES)  # type: ignore[arg-type]
    data = make_dataset(history.windows, history.afk, history.inputs, feature_config=features)
    assert data.batch.global_num.shape[1] == 14
    net = new_model(features, NetConfig(hidden=16, layers=1, heads=2, intermediate=32), seed=0)
    fit(net, data, TrainConfig(epochs=1, batch_size=64, lr=3e-3))
    folder = save_model(net, tmp_path_factory.mktemp("legacy-model"))
    meta = json.loads((folder / bundle.META_FILE).read_text(encoding="utf-8"))
    del meta["feature_config"]["global_features"]
    (folder / bundle.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_a_model_saved_before_still_scores(
    legacy_model_dir: Path, desktop_history: SimulatedHistory
) -> None:
    import torch

    from focuscoach.core.model.export import torch_predict
    from focuscoach.core.model.training import load_model, predict

    torch.set_num_threads(1)
    assert bundle.read_meta(legacy_model_dir).feature_config.global_features == (
        LEGACY_GLOBAL_FEATURES
    )
    detector = Detector(legacy_model_dir)
    h = desktop_history
    prediction = detector.predict(h.windows, h.afk, h.inputs, now=h.windows[200].start + 1.0)
    assert 0.0 <= prediction.probability <= 1.0 and prediction.explanation

    # A batch in today's layout (what training builds from the prior's config) is scored by
    # the old model with on_task as zeros: the same numbers as its own layout gives.
    times = candidate_times(h.windows, h.afk)[::40]
    config = FeatureConfig(**SMALL)  # type: ignore[arg-type]
    today = History(h.windows, h.afk, h.inputs, h.moods, config=config).features(times)
    own = detector.history(h.windows, h.afk, h.inputs, h.moods).features(times)
    p_numpy, _ = detector.run(today)
    p_own, _ = detector.run(own)
    np.testing.assert_array_equal(p_numpy, p_own)
    net = load_model(legacy_model_dir)
    np.testing.assert_allclose(predict(net, today), p_numpy, rtol=0, atol=1e-4)
    p_torch, _ = torch_predict(net, own.model_inputs())
    np.testing.assert_allclose(p_torch, p_numpy, rtol=0, atol=1e-4)


def test_the_shipped_prior_reads_todays_layout() -> None:
    meta = bundle.read_meta(bundle.prior_dir())
    assert meta.feature_config.global_features == GLOBAL_FEATURES


def test_dropping_on_task_keeps_the_function(
    legacy_model_dir: Path, desktop_history: SimulatedHistory, tmp_path: Path
) -> None:
    """How the shipped prior lost its on_task input (prior.drop_on_task)."""
    from focuscoach.core.model.prior import drop_on_task

    folder = drop_on_task(legacy_model_dir, tmp_path / "dropped")
    assert bundle.read_meta(folder).feature_config.global_features == GLOBAL_FEATURES
    old, new = Detector(legacy_model_dir), Detector(folder)
    h = desktop_history
    times = candidate_times(h.windows, h.afk)[::40]
    p_old, a_old = old.run(old.history(h.windows, h.afk, h.inputs, h.moods).features(times))
    p_new, a_new = new.run(new.history(h.windows, h.afk, h.inputs, h.moods).features(times))
    np.testing.assert_allclose(p_new, p_old, rtol=0, atol=1e-6)
    np.testing.assert_allclose(a_new, a_old, rtol=0, atol=1e-6)
    with pytest.raises(ValueError, match="not a model with the on_task input"):
        drop_on_task(folder, tmp_path / "again")
