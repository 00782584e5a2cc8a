"""The attention strip for the desktop (core/model/attention_strip.py): what the active model
looked at, the last half hour for a forecast nudge, the last hour for the Today window.

Computed only when asked (a nudge being shown, the Today window open), on a short thread of
its own rather than the App's command queue, so a nudge never waits behind an export. It reads
the store like the live detector does (its own read-only connection, the same 8-hour look-back)
and loads the same model (bundle.resolve_active; the shipped prior when the user's cannot be
loaded), once, again only after a `train` replaced it. The model modules are imported on first
use, as the live detector's are.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from focuscoach.core.records import StripSegment

if TYPE_CHECKING:
    from focuscoach.core.runtime.lifecycle import Runtime

log = logging.getLogger("focuscoach.runtime")

#: The strips' lengths: a nudge's, the Today window's.
NUDGE_STRIP_S = 30 * 60.0
TODAY_STRIP_S = 60 * 60.0


class AttentionView:
    """Thread-safe. `strip(at, window_s)` blocks (worker threads); `request` does not."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._lock = threading.Lock()
        self._detector: Any = None
        self._loaded: tuple[Path, float] | None = None

    @property
    def available(self) -> bool:
        """Whether a model scores this app's moments (the live detector, not an injected
        scorer, and the detector not switched off)."""
        return self._runtime.live_scoring

    def _model(self) -> Any:
        from focuscoach.core.categories import user_or_default_categorizer
        from focuscoach.core.model import bundle
        from focuscoach.core.model.serving import Detector

        active = bundle.resolve_active(self._runtime.paths.models_dir)
        stamp = (active.folder, (active.folder / bundle.META_FILE).stat().st_mtime)
        if self._detector is None or self._loaded != stamp:
            rules = user_or_default_categorizer(self._runtime.paths.categories_file)
            try:
                self._detector = Detector(active.folder, rules)
            except ValueError:
                if active.is_prior:
                    raise
                log.warning("attention strip: %s cannot be loaded; the prior", active.folder)
                self._detector = Detector(bundle.prior_dir(), rules)
            self._loaded = stamp
        return self._detector

    def strip(self, at: float, window_s: float = TODAY_STRIP_S) -> list[StripSegment] | None:
        """The strip of [at - window_s, at]; None when no model scores this app."""
        if not self.available:
            return None
        from focuscoach.core.model.attention_strip import strip_at
        from focuscoach.core.model.live import LOOKBACK_S
        from focuscoach.core.model.source import load_history

        with self._lock:
            detector = self._model()
        with self._runtime.read() as db:
            stored = load_history(db.conn, at - max(LOOKBACK_S, window_s), at)
        mood = stored.moods[-1][1] if stored.moods else None
        return strip_at(
            detector,
            stored.windows,
            at,
            window_s,
            afk=stored.afk,
            inputs=stored.inputs,
            mood=mood,
        )

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
