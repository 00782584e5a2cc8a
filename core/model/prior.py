"""Regenerate the shipped prior: ``python -m focuscoach.core.model.prior [--out DIR]``.

The prior is what a new user gets before any history exists: the network trained from scratch
on simulated users (see simulator.py). Everything is seeded, and training uses a fixed number of
CPU threads, so the same code gives the same weights.

The shipped prior is the one this built with 14 global inputs, passed through ``drop_on_task``
when that input was removed: the same function, since on_task was 0 in all its training and
serving. A fresh build (13 inputs) scored better on the simulated validation users (PR-AUC 0.690
against 0.683) but worse on the real phone log (0.296 against 0.389, under the logistic
baseline's 0.318), so it was not shipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

from focuscoach.core.model import bundle
from focuscoach.core.model.features import FeatureConfig
from focuscoach.core.model.metrics import pr_auc, roc_auc
from focuscoach.core.model.simulator import SimConfig, simulate
from focuscoach.core.model.training import (
    TrainConfig,
    TrainProgress,
    concat,
    fit,
    make_dataset,
    new_model,
    predict,
    save_model,
)

PRIOR_SIM = SimConfig(seed=20240101, users=12, days=14, phone_share=0.34, chinese_share=0.5)
VALIDATION_SIM = SimConfig(seed=7, users=3, days=7, phone_share=0.34, chinese_share=0.5)
PRIOR_TRAIN = TrainConfig(epochs=5, batch_size=128, lr=2e-3, seed=0, patience=2, threads=2)
# Simulated clocks are "local = UTC"; live data uses the machine's time zone.
SIM_FEATURES = FeatureConfig(utc_offset_s=0.0)
SERVING_FEATURES = FeatureConfig()


def build_prior(out: Path, verbose: bool = True) -> dict[str, float]:
    """Simulate, train, save into ``out``; returns validation metrics on separate users."""
    started = time.perf_counter()

    def log(message: str) -> None:
        if verbose:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    def progress(p: TrainProgress) -> None:
        log(f"epoch {p.epoch}/{p.epochs} loss {p.train_loss:.4f} val PR-AUC {p.val_pr_auc}")

    train = concat(
        [
            make_dataset(h.windows, h.afk, h.inputs, moods=h.moods, feature_config=SIM_FEATURES)
            for h in simulate(PRIOR_SIM)
        ]
    )
    val = concat(
        [
            make_dataset(h.windows, h.afk, h.inputs, moods=h.moods, feature_config=SIM_FEATURES)
            for h in simulate(VALIDATION_SIM)
        ]
    )
    log(f"{len(train)} training moments ({train.examples.labels.mean():.2f} positive)")
    net = new_model(SERVING_FEATURES, seed=PRIOR_TRAIN.seed)
    fit(net, train, PRIOR_TRAIN, "cpu", progress, val)
    p = predict(net, val.batch)
    y = val.examples.labels
    metrics = {
        "val_pr_auc": pr_auc(y, p),
        "val_roc_auc": roc_auc(y, p),
        "val_base_rate": float(np.mean(y)),
        "train_moments": float(len(train)),
    }
    save_model(net, out, {"prior": True, **metrics})
    log(f"saved to {out}: {metrics}")
    return metrics


def drop_on_task(model_dir: Path, out: Path) -> Path:
    """A model saved with the 14-input layout, rewritten for today's 13 inputs by removing the
    on_task column's weights: the same function, as that input was always 0."""
    from dataclasses import replace

    from focuscoach.core.model.features import GLOBAL_FEATURES, LEGACY_GLOBAL_FEATURES
    from focuscoach.core.model.network import DistractionNet, NetConfig

    meta = bundle.read_meta(model_dir)
    if meta.feature_config.global_features != LEGACY_GLOBAL_FEATURES:
        raise ValueError(f"{model_dir}: not a model with the on_task input")
    k = LEGACY_GLOBAL_FEATURES.index("on_task")
    config = replace(meta.feature_config, global_features=GLOBAL_FEATURES)
    net = DistractionNet(config, NetConfig.from_dict(meta.net_config))
    with np.load(Path(model_dir) / bundle.WEIGHTS_FILE) as data:
        state = {name: torch.from_numpy(data[name].astype(np.float32)) for name in data.files}
    for name in ("global_proj.weight", "wide.weight"):
        state[name] = torch.cat([state[name][:, :k], state[name][:, k + 1 :]], dim=1)
    net.load_state_dict(state)
    return save_model(net.eval(), out, meta.metrics)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=bundle.prior_dir(), help="model folder")
    args = parser.parse_args(argv)
    build_prior(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
