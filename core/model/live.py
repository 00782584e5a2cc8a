"""The detector while recording: scores the recent activity and keeps each call in the store.

The coach asks it for a score (it is the coach's `DistractionScorer`); the runtime's detector
loop (core/runtime/detection.py) calls it about every 30 s. It reads through its own read-only
connection and writes through the store's single writer. It runs the numpy forward pass, never torch or ONNX Runtime.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from focuscoach.core.categories import Categorizer
from focuscoach.core.model import bundle
from focuscoach.core.model.serving import Detector, Prediction
from focuscoach.core.model.source import StoredHistory, load_history
from focuscoach.core.records import Score, StripSegment
from focuscoach.core.store import journal
from focuscoach.core.store.database import connect
from focuscoach.core.store.writer import StoreWriter

log = logging.getLogger("focuscoach.detector")

# How often the recorder scores, and how far back it reads: the features look at the last
# 64 spans and cap "time since the last break" at 8 hours.
SCORE_INTERVAL_S = 30.0
LOOKBACK_S = 8 * 3600.0


def current_model_dir(models_dir: Path) -> Path:
    """The user's active trained model when it is whole, else the last good one, else the
    shipped prior (bundle.resolve_active)."""
    return bundle.resolve_active(models_dir).folder


class LiveDetector:
    """Thread-safe; the model is loaded on first use and reloaded after `train` replaces it."""

    def __init__(
        self,
        db_path: Path,
        writer: StoreWriter | None,
        models_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
        categorizer: Categorizer | None = None,
    ) -> None:
        self._db_path = db_path
        self._writer = writer
        self._models_dir = models_dir
        self._clock = clock
        self._categorizer = categorizer
        self._lock = threading.Lock()
        self._detector: Detector | None = None
        self._loaded_stamp: float | None = None
        self._unloadable: dict[Path, str] = {}  # folder -> why it could not be loaded
        self._warned: set[str] = set()
        self.last: Prediction | None = None
        # Why the detector is not using the user's active model (None: it is, or none exists).
        self.fallback: str | None = None

    def _model(self) -> Detector:
        """The detector of the active model, reloaded when it changes; a broken model falls
        back to the last good one, then the prior, with a warning logged once per problem."""
        while True:
            active = bundle.resolve_active(self._models_dir, self._unloadable)
            folder = active.folder
            stamp = (folder / bundle.META_FILE).stat().st_mtime
            if (
                self._detector is None
                or self._detector.model_dir != folder
                or stamp != self._loaded_stamp
            ):
                try:
                    detector = Detector(folder, self._categorizer)
                except ValueError as exc:
                    if active.is_prior:
                        raise
                    self._unloadable[folder] = str(exc)
                    continue
                self._detector, self._loaded_stamp = detector, stamp
                log.info("detector model: %s", folder)
            break
        self.fallback = "; ".join(active.problems) or None
        if self.fallback is not None and self.fallback not in self._warned:
            self._warned.add(self.fallback)
            log.warning("detector model: %s", self.fallback)
        return self._detector

    def predict(self, now: float | None = None) -> Prediction | None:
        """Score `now` from the store; None when nothing was recorded recently."""
        t = self._clock() if now is None else now
        with self._lock:
            history = self._read(t - LOOKBACK_S, t)
            windows = [w for w in history.windows if w.start < t]
            if not windows or t - max(w.end for w in windows) > SCORE_INTERVAL_S * 4:
                return None  # away or not recording: nothing current to judge
            mood = history.moods[-1][1] if history.moods else None
            prediction = self._model().predict(windows, history.afk, history.inputs, t, mood=mood)
            self.last = prediction
        if self._writer is not None:
            journal.write_prediction(
                self._writer,
                at=t,
                probability=prediction.probability,
                explanation=prediction.explanation,
                spans=[
                    {"name": r.name, "weight": round(r.weight, 4), "start": r.start, "end": r.end}
                    for r in prediction.reasons
                ],
                model=str(self._detector.model_dir if self._detector else ""),
            )
        return prediction

    def _read(self, since: float, until: float) -> StoredHistory:
        conn = connect(self._db_path, readonly=True)
        try:
            return load_history(conn, since, until)
        finally:
            conn.close()

    def strip(self, t: float, window_s: float) -> list[StripSegment]:
        """What the active model looked at over [t - window_s, t] (model/attention_strip.py):
        moment t scored again from the store, as `predict` scores it."""
        from focuscoach.core.model.attention_strip import strip_at

        with self._lock:
            history = self._read(t - max(LOOKBACK_S, window_s), t)
            mood = history.moods[-1][1] if history.moods else None
            return strip_at(
                self._model(),
                history.windows,
                t,
                window_s,
                afk=history.afk,
                inputs=history.inputs,
                mood=mood,
            )

    def score(self, now: float) -> Score:
        """The coach's view: probability and the one-line explanation."""
        prediction = self.predict(now)
        if prediction is None:
            return Score(0.0, "no recent activity")
        return Score(prediction.probability, prediction.explanation)
