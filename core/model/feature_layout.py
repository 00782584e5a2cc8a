"""The distraction model's input layout: which numbers it reads, in which order, and the
batch that carries them (numpy only, like everything the tray imports).

`FeatureConfig` is saved beside a model (a model only accepts its own); `FeatureBatch` is what
core/model/features.py builds for training and serving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
I32 = NDArray[np.int32]

SPAN_FEATURES: tuple[str, ...] = (
    "log_dwell",  # seconds in the span up to t
    "log_age",  # seconds from the span's (clipped) end to t
    "log_gap_before",  # untracked time before the span (screen off, locked)
    "distracting",  # category is distracting
    "current",  # the span is still going on at t
    "log_keys_per_min",
    "log_clicks_scrolls_per_min",
    "log_moves_per_min",
    "input_coverage",  # share of the span with input counts recorded at all
    "afk_share",  # share of the span flagged AFK
    "tod_sin",  # local time of day at the span's start
    "tod_cos",
)
GLOBAL_FEATURES: tuple[str, ...] = (
    "tod_sin",
    "tod_cos",
    "weekend",
    "log_since_break",  # since the last AFK / untracked stretch of >= break_s
    "mood",  # latest mood, (score - 3) / 2, 0 when unknown
    "has_mood",
    "switches_5m",  # app switches, scaled
    "switches_15m",
    "distracting_5m",  # share of the window in distracting spans
    "distracting_15m",
    "log_since_distracting",
    "log_run_dwell",  # time in the current app since the last switch
    "active_15m",  # share of the last 15 min with any window span
)
N_SPAN = len(SPAN_FEATURES)
N_GLOBAL = len(GLOBAL_FEATURES)
# Models saved before on_task was dropped read 14 global numbers, on_task fifth. It was 0 in
# every training and every live call (the coach never asks the model while the window matches
# the task: NudgePolicy.eligible), so such a model gets a column of zeros there, as it always did.
LEGACY_GLOBAL_FEATURES: tuple[str, ...] = (*GLOBAL_FEATURES[:4], "on_task", *GLOBAL_FEATURES[4:])
ZERO_GLOBALS = frozenset({"on_task"})


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Shape of the model input. Saved beside a model; a model only accepts its own config."""

    n_spans: int = 64
    n_buckets: int = 2048
    app_tokens: int = 6  # two category tokens, the whole app name, then its words
    title_tokens: int = 10
    break_s: float = 300.0
    # Local time = UTC + offset. None: the machine's local time zone at each timestamp.
    utc_offset_s: float | None = None
    # The global numbers the model reads, in order (GLOBAL_FEATURES; older models: LEGACY_...).
    global_features: tuple[str, ...] = GLOBAL_FEATURES

    def __post_init__(self) -> None:
        unknown = set(self.global_features) - set(GLOBAL_FEATURES) - ZERO_GLOBALS
        if unknown:
            raise ValueError(f"unknown global features: {', '.join(sorted(unknown))}")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["global_features"] = list(self.global_features)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        """A saved config; one without ``global_features`` predates them (LEGACY layout)."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["global_features"] = tuple(data.get("global_features", LEGACY_GLOBAL_FEATURES))
        return cls(**known)


@dataclass(slots=True)
class FeatureBatch:
    """Model inputs for B moments. ``span_index`` maps each slot back to the History's spans
    (-1 for padding): the explanation names real spans through it."""

    app_tokens: I32  # [B, N, app_tokens]
    title_tokens: I32  # [B, N, title_tokens]
    span_num: F32  # [B, N, N_SPAN]
    global_num: F32  # [B, N_GLOBAL]
    mask: F32  # [B, N] 1 for a real span
    span_index: I32  # [B, N]
    times: F64 = field(default_factory=lambda: np.zeros(0))
    global_names: tuple[str, ...] = GLOBAL_FEATURES  # the columns of global_num

    def __len__(self) -> int:
        return int(self.mask.shape[0])

    def subset(self, idx: NDArray[np.intp] | slice) -> FeatureBatch:
        return FeatureBatch(
            self.app_tokens[idx],
            self.title_tokens[idx],
            self.span_num[idx],
            self.global_num[idx],
            self.mask[idx],
            self.span_index[idx],
            self.times[idx],
            self.global_names,
        )

    def with_globals(self, names: Sequence[str]) -> FeatureBatch:
        """The batch with the global columns a model reads (``FeatureConfig.global_features``),
        so a model saved with another layout scores the same moments: a column this batch
        lacks can only be one that was always 0 (on_task)."""
        names = tuple(names)
        if names == self.global_names:
            return self
        have = {name: k for k, name in enumerate(self.global_names)}
        missing = set(names) - set(have) - ZERO_GLOBALS
        if missing:
            raise ValueError(f"the batch has no {', '.join(sorted(missing))} column")
        columns = np.zeros((len(self), len(names)), dtype=np.float32)
        for k, name in enumerate(names):
            if name in have:
                columns[:, k] = self.global_num[:, have[name]]
        return FeatureBatch(
            self.app_tokens,
            self.title_tokens,
            self.span_num,
            columns,
            self.mask,
            self.span_index,
            self.times,
            names,
        )

    def model_inputs(self) -> dict[str, NDArray[Any]]:
        """The arrays the exported model takes, by input name."""
        return {
            "app_tokens": self.app_tokens.astype(np.int64),
            "title_tokens": self.title_tokens.astype(np.int64),
            "span_num": self.span_num,
            "global_num": self.global_num,
            "mask": self.mask,
        }


MODEL_INPUT_NAMES: tuple[str, ...] = (
    "app_tokens",
    "title_tokens",
    "span_num",
    "global_num",
    "mask",
)


AGGREGATE_FEATURES: tuple[str, ...] = (
    "switches_5m",
    "switches_15m",
    "distracting_5m",
    "distracting_15m",
    "log_since_distracting",
    "log_run_dwell",
    "mean_log_dwell_5m",
    "max_log_dwell_5m",
    "spans_5m",
    "mean_log_dwell_15m",
    "max_log_dwell_15m",
    "spans_15m",
    "active_15m",
)
