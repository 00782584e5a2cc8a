"""The attention strip for the desktop (core/model/attention_strip.py): what the active model
looked at, the last half hour for a forecast nudge, the last hour for the Today window.

Computed only when asked (a nudge being shown, the Today window open), on a short thread of
its own rather than the App's command queue, so a nudge never waits behind an export. The live
detector computes it (model/live.py: the store read, the active model and its fallbacks as for
its own scores), so the tray keeps one model, not two.
"""

from __future__ import annotations

import concurrent.futures
import threading
from typing import TYPE_CHECKING

from focuscoach.core.records import StripSegment

if TYPE_CHECKING:
    from focuscoach.core.runtime.lifecycle import Runtime

#: The strips' lengths: a nudge's, the Today window's.
NUDGE_STRIP_S = 30 * 60.0
TODAY_STRIP_S = 60 * 60.0


class AttentionView:
    """Thread-safe. `strip(at, window_s)` blocks (worker threads); `request` does not."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def available(self) -> bool:
        """Whether a model scores this app's moments (the live detector, not an injected
        scorer, and the detector not switched off)."""
        return self._runtime.live_scoring

    def strip(self, at: float, window_s: float = TODAY_STRIP_S) -> list[StripSegment] | None:
        """The strip of [at - window_s, at]; None when no model scores this app."""
        detector = self._runtime.live() if self.available else None
        if detector is None:
            return None
        segments: list[StripSegment] = detector.strip(at, window_s)
        return segments

    def request(
        self, at: float, window_s: float = TODAY_STRIP_S
    ) -> concurrent.futures.Future[list[StripSegment] | None]:
        """`strip` on a short thread of its own; the Future holds it (or the error)."""
        future: concurrent.futures.Future[list[StripSegment] | None] = concurrent.futures.Future()
        if not self.available:
            future.set_result(None)
            return future

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(self.strip(at, window_s))
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=run, name="focuscoach-attention", daemon=True).start()
        return future
