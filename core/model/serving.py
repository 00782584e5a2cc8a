"""Live scoring in the tray process: numpy only, never torch or onnxruntime.

``Detector`` loads a model folder's ``weights.npz`` (default: the shipped prior) into the numpy
forward pass (``forward.py``), builds the features of "now" from the recent records and
returns the probability of a distraction onset within the next 5 minutes with a one-line
explanation. The folder's ``model.onnx`` is the same function for other tools; the app does
not load onnxruntime (it cost the tray ~27 MB and carries a telemetry uploader).
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.model import bundle
from focuscoach.core.model.explain import SpanReason, explain, top_spans
from focuscoach.core.model.features import N_SPAN, FeatureBatch, History
from focuscoach.core.model.forward import Network

_AFK_LOOKBACK_S = 8 * 3600.0
_Timed = TypeVar("_Timed", AfkSpan, InputInterval)


@dataclass(frozen=True, slots=True)
class Prediction:
    probability: float
    explanation: str
    time: float
    reasons: list[SpanReason] = field(default_factory=list)


class Detector:
    """Scores moments with an exported model. Cheap to call; keep one per process."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        categorizer: Categorizer | None = None,
    ) -> None:
        folder = Path(model_dir) if model_dir is not None else bundle.prior_dir()
        self.model_dir = folder
        self.meta = bundle.read_meta(folder)
        self.feature_config = self.meta.feature_config
        self.categorizer = categorizer
        self._network = Network.load(folder / bundle.WEIGHTS_FILE, self.meta.net_config)
        config = self.feature_config
        try:
            self._network.check(
                config.n_spans,
                config.app_tokens,
                config.title_tokens,
                N_SPAN,
                len(config.global_features),
            )
        except ValueError as exc:
            raise ValueError(f"{folder}: {exc}") from exc

    def run(self, batch: FeatureBatch) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """(probability [B], attention [B, N]) for a feature batch."""
        inputs = batch.with_globals(self.feature_config.global_features).model_inputs()
        return self._network.run(inputs)

    def history(
        self,
        windows: Sequence[WindowSpan],
        afk: Sequence[AfkSpan] = (),
        inputs: Sequence[InputInterval] = (),
        moods: Sequence[tuple[float, float]] = (),
    ) -> History:
        return History(windows, afk, inputs, moods, self.categorizer, self.feature_config)

    def predict_at(self, history: History, t: float, mood: float | None = None) -> Prediction:
        """Score moment t of a prepared history (only what happened before t is used)."""
        batch = history.features([t], None if mood is None else [mood])
        probability, attention = self.run(batch)
        index = batch.span_index[0]
        reasons = top_spans(history, index, attention[0], t)
        return Prediction(
            float(probability[0]), explain(history, index, attention[0], t, reasons), t, reasons
        )

    def predict(
        self,
        windows: Sequence[WindowSpan],
        afk: Sequence[AfkSpan] = (),
        inputs: Sequence[InputInterval] = (),
        now: float | None = None,
        mood: float | None = None,
    ) -> Prediction:
        """Score ``now`` (default: the current time) from recent records: pass at least the
        last ``n_spans`` windows, and the AFK spans since the last break for its timer."""
        t = time.time() if now is None else now
        recent = _recent(windows, t, self.feature_config.n_spans)
        # Only what can matter: input during the recent spans, AFK within the break timer's
        # reach (features cap "since the last break" at 8 h).
        first = min((w.start for w in recent), default=t)
        inputs = [x for x in _between(inputs, first, t) if x.end > first]
        afk = [a for a in _between(afk, t - _AFK_LOOKBACK_S, t) if a.end > t - _AFK_LOOKBACK_S]
        return self.predict_at(self.history(recent, afk, inputs), t, mood)


def _recent(windows: Sequence[WindowSpan], t: float, n: int) -> Sequence[WindowSpan]:
    """The windows that can matter at t: a few more than n before t (the aggregates look 15
    min back), without re-sorting a long list."""
    if len(windows) <= 4 * n:
        return windows
    ordered = windows if _is_sorted(windows) else sorted(windows, key=lambda w: w.start)
    starts = [w.start for w in ordered]
    hi = int(np.searchsorted(starts, t, side="left"))
    return ordered[max(0, hi - 4 * n) : hi]


def _between(records: Sequence[_Timed], since: float, until: float) -> Sequence[_Timed]:
    """Records that can overlap [since, until) when the list is in time order (as the store
    returns it): a superset, cut by binary search; the whole list otherwise."""
    n = len(records)
    if n < 64 or records[0].start > records[-1].start:
        return records
    # Records are short (a day at most), so none starting a day before `since` reaches it.
    lo = bisect.bisect_left(records, since - 86400.0, key=lambda r: r.start)
    hi = bisect.bisect_left(records, until, lo=lo, key=lambda r: r.start)
    return records[lo:hi]


def _is_sorted(windows: Sequence[WindowSpan]) -> bool:
    return all(a.start <= b.start for a, b in itertools.pairwise(windows))
