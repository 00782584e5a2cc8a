"""Offline evaluation: the attention model against simple baselines on one history.

Protocol (nothing is tuned on the test part):

* onset examples of the whole history (examples.py);
* temporal split of the history's time span: moments in the first 70 % train, moments in the
  last 30 % test; training moments whose 5-minute label horizon reaches into the test part are
  dropped;
* attention model: fine-tuned from the shipped prior on the training part (its own early
  stopping uses the latest 15 % of the training part), written as a model folder and scored
  through the serving path (the Detector), so the figures are those of the deployed model;
* attention model trained with several seeds (``seeds``, default 3): the reported figures are
  the first seed's, the spread over seeds is reported beside them;
* baselines (baselines.py): the training base rate (a constant), rules that need no fitting
  (switches in the last 5 minutes, time since the last distraction, the distracting share of
  the last 5, 15 and 30 minutes) and, fitted on the training part's window aggregates, a
  logistic regression and gradient boosting;
* for each: PR-AUC and ROC-AUC with 95 % intervals from resampling whole hours of the test
  part, and PR-AUC on the hard subset (no distraction in the previous hour).

Training side: imports torch (through training.py) and scikit-learn.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.model import baselines, bundle, eval_stats
from focuscoach.core.model.examples import Feedback, LabelConfig, build_examples
from focuscoach.core.model.features import History
from focuscoach.core.model.metrics import pr_auc, roc_auc
from focuscoach.core.model.training import (
    Dataset,
    ProgressCallback,
    TrainConfig,
    fine_tune_dataset,
    save_model,
)


def _scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    return {"pr_auc": round(pr_auc(y, p), 4), "roc_auc": round(roc_auc(y, p), 4)}


def evaluate(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan] = (),
    inputs: Sequence[InputInterval] = (),
    feedback: Sequence[Feedback | tuple[float, bool]] = (),
    moods: Sequence[tuple[float, float]] = (),
    categorizer: Categorizer | None = None,
    base: str | Path | None = None,
    config: TrainConfig | None = None,
    device: str = "auto",
    train_fraction: float = 0.7,
    latency_samples: int = 300,
    progress: ProgressCallback | None = None,
    seeds: int = 3,
    keep_model: str | Path | None = None,
) -> dict[str, Any]:
    """Scores of the attention model and the baselines on the later part of a history.

    Returns ``{"n_examples", "positives", "models": {name: {"pr_auc", "roc_auc",
    "pr_auc_ci", "roc_auc_ci", "hard_pr_auc"}}, "attention_seeds", "hard_subset",
    "latency_ms_p50", "test_since", ...}``; ValueError when the history is too small to
    split. ``keep_model``: a folder to save the first seed's model in (replayed nudges use it).
    """
    from focuscoach.core.model.serving import Detector

    started = time.perf_counter()
    if not windows:
        raise ValueError("no window activity to evaluate")
    if seeds < 1:
        raise ValueError("seeds must be at least 1")
    folder = Path(base) if base is not None else bundle.prior_dir()
    meta = bundle.read_meta(folder)
    labels_cfg = LabelConfig()
    history = History(windows, afk, inputs, moods, categorizer, meta.feature_config)
    examples = build_examples(windows, afk, feedback, history.categorizer, labels_cfg)
    t0 = float(history.starts.min())
    t1 = float(history.ends.max())
    cut = t0 + train_fraction * (t1 - t0)
    train_mask = examples.times + labels_cfg.horizon_s <= cut
    test_mask = examples.times >= cut
    train_ex, test_ex = examples.subset(train_mask), examples.subset(test_mask)
    y_train, y_test = train_ex.labels, test_ex.labels
    for part, y in (("training", y_train), ("test", y_test)):
        if y.size == 0 or y.min() == y.max():
            raise ValueError(f"the {part} part needs both outcomes ({int(y.sum())}/{y.size})")

    train = Dataset(train_ex, history.features(train_ex.times))
    test_batch = history.features(test_ex.times)

    # Attention model, through the serving path, once per seed.
    cfg = config or TrainConfig()
    seed_scores: list[float] = []
    p_attention: np.ndarray | None = None
    epochs: list[int] = []
    latency = 0.0
    for k in range(seeds):
        net, fit_result = fine_tune_dataset(
            train, folder, replace(cfg, seed=cfg.seed + k), device, progress
        )
        epochs.append(len(fit_result.losses))
        with tempfile.TemporaryDirectory(prefix="focuscoach-eval-") as tmp:
            first_seed = p_attention is None  # the one kept, when asked
            model_dir = Path(keep_model) if first_seed and keep_model is not None else Path(tmp)
            save_model(net, model_dir)
            detector = Detector(model_dir, history.categorizer)
            p_seed, _ = detector.run(test_batch)
            if p_attention is None:
                p_attention = p_seed.astype(float)
                latency = _latency(detector, history, test_ex.times, latency_samples)
        seed_scores.append(round(pr_auc(y_test, p_seed.astype(float)), 4))
    assert p_attention is not None

    # Baselines.
    scores: dict[str, np.ndarray] = {"attention": p_attention}
    scores.update(baselines.fitted_scores(history, train_ex.times, y_train, test_ex.times))
    scores.update(baselines.rule_scores(history, test_ex.times))
    scores["base_rate"] = np.full(y_test.size, float(y_train.mean()))
    intervals = eval_stats.hour_bootstrap(test_ex.times, y_test, scores)
    since = np.array([history.since_distracting(t) for t in test_ex.times])
    hard = eval_stats.hard_mask(since)
    models: dict[str, dict[str, Any]] = {}
    for name, p in scores.items():
        models[name] = {
            **_scores(y_test, p),
            **intervals[name],
            "hard_pr_auc": eval_stats.subset_pr_auc(y_test, p, hard),
        }
    baseline_names = [n for n in models if n != "attention"]
    best = max(baseline_names, key=lambda n: models[n]["pr_auc"])

    return {
        "n_examples": len(examples),
        "positives": examples.positives,
        "train_examples": len(train_ex),
        "test_examples": len(test_ex),
        "test_positives": test_ex.positives,
        "test_base_rate": round(float(y_test.mean()), 4),
        "test_since": round(cut, 3),
        "test_until": round(t1, 3),
        "models": models,
        "best_baseline": best,
        "attention_seeds": {
            "seeds": [cfg.seed + k for k in range(seeds)],
            "pr_auc": seed_scores,
            "spread": round(max(seed_scores) - min(seed_scores), 4),
        },
        "hard_subset": {"examples": int(hard.sum()), "positives": int(y_test[hard].sum())},
        "latency_ms_p50": round(latency, 4),
        "epochs_trained": epochs[0],
        "seconds": round(time.perf_counter() - started, 1),
    }


def _latency(detector: Any, history: History, times: np.ndarray, samples: int) -> float:
    """Median milliseconds of one live prediction (features, forward pass, explanation) at test
    moments, from the spans a live caller would pass."""
    if times.size == 0:
        return float("nan")
    pick = times[np.linspace(0, times.size - 1, min(samples, times.size)).astype(int)]
    spans = history.spans
    n = detector.feature_config.n_spans
    durations = []
    for t in pick.tolist():
        hi = history.span_count_before(t)
        recent = spans[max(0, hi - 2 * n) : hi]
        begin = time.perf_counter()
        detector.predict(recent, now=t)
        durations.append(time.perf_counter() - begin)
    return float(np.median(durations) * 1000.0)
