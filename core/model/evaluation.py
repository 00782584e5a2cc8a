"""Offline evaluation: the attention model against simple baselines on one history.

Protocol (nothing is tuned on the test part):

* onset examples of the whole history (examples.py);
* temporal split of the history's time span: moments in the first 70 % train, moments in the
  last 30 % test; training moments whose 5-minute label horizon reaches into the test part are
  dropped;
* attention model: fine-tuned from the shipped prior on the training part (its own early
  stopping uses the latest 15 % of the training part), written as a model folder and scored
  through the serving path (the Detector), so the figures are those of the deployed model;
* baselines: the training base rate (a constant), a switch-rate heuristic (app switches in the
  last 5 minutes, no fitting) and a logistic regression on window aggregates (switches,
  distracting share, dwell statistics over 5 and 15 minutes; see features.AGGREGATE_FEATURES)
  fitted on the training part.

Training side: imports torch (through training.py) and scikit-learn.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.model import bundle
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
) -> dict[str, Any]:
    """Scores of the attention model and the baselines on the later part of a history.

    Returns ``{"n_examples", "positives", "models": {name: {"pr_auc", "roc_auc"}},
    "latency_ms_p50", ...}``; ValueError when the history is too small to split.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from focuscoach.core.model.serving import Detector

    started = time.perf_counter()
    if not windows:
        raise ValueError("no window activity to evaluate")
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

    # Attention model, through the exported serving graph.
    net, fit_result = fine_tune_dataset(train, folder, config, device, progress)
    with tempfile.TemporaryDirectory(prefix="focuscoach-eval-") as tmp:
        save_model(net, tmp)
        detector = Detector(tmp, history.categorizer)
        p_attention, _ = detector.run(test_batch)
        latency = _latency(detector, history, test_ex.times, latency_samples)

    # Baselines.
    agg_train = history.aggregates(train_ex.times)
    agg_test = history.aggregates(test_ex.times)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    logistic.fit(agg_train, y_train)
    p_logistic = logistic.predict_proba(agg_test)[:, 1]
    p_switch = np.array([history.switches_between(t - 300.0, t) for t in test_ex.times])
    p_base = np.full(y_test.size, float(y_train.mean()))

    return {
        "n_examples": len(examples),
        "positives": examples.positives,
        "train_examples": len(train_ex),
        "test_examples": len(test_ex),
        "test_positives": test_ex.positives,
        "models": {
            "attention": _scores(y_test, p_attention.astype(float)),
            "logistic": _scores(y_test, p_logistic),
            "switch_rate": _scores(y_test, p_switch),
            "base_rate": _scores(y_test, p_base),
        },
        "latency_ms_p50": round(latency, 4),
        "epochs_trained": len(fit_result.losses),
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
