"""The one detector loop: scores the recent activity every interval on its own thread, for the
tray app (the score feeds the coach through `on_score`) and `focuscoach record` (the detector
stores each prediction itself). A failing model never stops the app; it is logged sparingly."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from focuscoach.core.coaching.nudges import DistractionScorer, Score
from focuscoach.core.memory import release_free_memory
from focuscoach.core.paths import Paths
from focuscoach.core.store.writer import StoreWriter

log = logging.getLogger("focuscoach.detector")


class DetectionLoop:
    def __init__(
        self,
        scorer: DistractionScorer,
        interval_s: float,
        *,
        first_after_s: float | None = None,
        clock: Callable[[], float] = time.time,
        paused: Callable[[float], bool] = lambda _now: False,
        on_score: Callable[[Score, float], None] = lambda _score, _at: None,
    ) -> None:
        self.scorer = scorer
        self._interval = interval_s
        self._first = interval_s if first_after_s is None else first_after_s
        self._clock = clock
        self._paused = paused
        self._on_score = on_score
        self.failures = 0

    def step(self) -> None:
        """Score now once (unless paused); a failure is counted and logged, not raised."""
        now = self._clock()
        if self._paused(now):
            return
        try:
            self._on_score(self.scorer.score(now), now)
            self.failures = 0
            release_free_memory()
        except Exception:  # a bad model or a locked file must not stop the app
            self.failures += 1
            if self.failures in (1, 10, 100):
                log.exception("detector failed (%d times in a row)", self.failures)

    def run(self, stop: threading.Event) -> None:
        wait = self._first
        while not stop.wait(wait):
            wait = self._interval
            self.step()


def live_scorer(paths: Paths, writer: StoreWriter | None) -> Any:
    """The live detector on the user's model (numpy forward pass, loaded lazily) storing each call
    through `writer`; None, logged, when it cannot be set up (nudges are off then)."""
    try:
        from focuscoach.core.categories import user_or_default_categorizer
        from focuscoach.core.model.live import LiveDetector

        rules = user_or_default_categorizer(paths.categories_file)
        return LiveDetector(paths.database, writer, paths.models_dir, categorizer=rules)
    except Exception:
        log.exception("the detector is not available; nudges are off")
        return None
