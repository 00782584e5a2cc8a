"""The labelled moments a model is trained on, with their features (numpy only).

`make_dataset` turns one history into onset examples (core/model/examples.py) and the features
of each moment (core/model/features.py); training and evaluation both start here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.model.examples import (
    Examples,
    Feedback,
    LabelConfig,
    Suggested,
    build_examples,
)
from focuscoach.core.model.features import GLOBAL_FEATURES, FeatureBatch, FeatureConfig, History


@dataclass(slots=True)
class Dataset:
    """Labelled moments and their features."""

    examples: Examples
    batch: FeatureBatch

    def __len__(self) -> int:
        return len(self.examples)

    def subset(self, mask: NDArray[np.bool_]) -> Dataset:
        idx = np.flatnonzero(mask)
        return Dataset(self.examples.subset(idx), self.batch.subset(idx))


def make_dataset(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan] = (),
    inputs: Sequence[InputInterval] = (),
    feedback: Sequence[Feedback | tuple[float, bool]] = (),
    moods: Sequence[tuple[float, float]] = (),
    categorizer: Categorizer | None = None,
    feature_config: FeatureConfig | None = None,
    label_config: LabelConfig | None = None,
    until: float | None = None,
    suggested: Suggested | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> Dataset:
    """Onset examples of one history with their features (``suggested``: unanswered category
    suggestions, labelling with low weight; ``on_task``: distracting spans on-task in context;
    core/model/examples.py)."""
    history = History(windows, afk, inputs, moods, categorizer, feature_config)
    examples = build_examples(
        windows,
        afk,
        feedback,
        history.categorizer,
        label_config,
        until=until,
        suggested=suggested,
        on_task=on_task,
    )
    return Dataset(examples, history.features(examples.times))


def concat(datasets: Sequence[Dataset]) -> Dataset:
    ex = Examples(
        np.concatenate([d.examples.times for d in datasets]),
        np.concatenate([d.examples.labels for d in datasets]),
        np.concatenate([d.examples.weights for d in datasets]),
        np.concatenate([d.examples.from_feedback for d in datasets]),
        np.concatenate([d.examples.from_suggestion for d in datasets]),
    )
    fields = ("app_tokens", "title_tokens", "span_num", "global_num", "mask", "span_index", "times")
    names = datasets[0].batch.global_names if datasets else GLOBAL_FEATURES
    batches = [d.batch.with_globals(names) for d in datasets]
    parts = {f: np.concatenate([getattr(b, f) for b in batches]) for f in fields}
    return Dataset(ex, FeatureBatch(**parts, global_names=names))


def time_split(times: NDArray[np.float64], fraction: float) -> NDArray[np.bool_]:
    """True for the moments in the first ``fraction`` of the covered time span."""
    if times.size == 0:
        return np.zeros(0, dtype=bool)
    lo, hi = float(times.min()), float(times.max())
    cut = lo + fraction * (hi - lo)
    return np.asarray(times < cut)
