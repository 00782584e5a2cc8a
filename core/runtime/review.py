"""Wires the weekly-review prompt (coaching.review_prompt) into the running app: fired on the
coach's scheduler, its last prompt saved through the writer, its event sent to subscribers and
logged like the coach's own."""

from __future__ import annotations

import logging
import threading

from focuscoach.core.coaching.review_prompt import (
    CHECK_EVERY_S,
    REVIEW_PROMPT_KEY,
    ReviewDue,
    ReviewPromptPolicy,
)
from focuscoach.core.runtime.lifecycle import Runtime
from focuscoach.core.store import state as saved_state

log = logging.getLogger("focuscoach.runtime")


class ReviewPromptJob:
    """Thread-safe: the scheduler's job and a test may call `check` alike."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._lock = threading.Lock()
        self._policy: ReviewPromptPolicy | None = None

    def install(self) -> None:
        """Check every few minutes on the coach's scheduler (and once now)."""
        if self._runtime.runner is not None:
            self._runtime.runner.every(CHECK_EVERY_S, self._safe_check, "review-prompt")

    def _load(self) -> ReviewPromptPolicy:
        if self._policy is None:
            with self._runtime.read() as db:
                saved = saved_state.load_coach_state(db, REVIEW_PROMPT_KEY)
            last = saved[0] if saved is not None else None
            setting = self._runtime.settings.app.review_notify_at
            self._policy = ReviewPromptPolicy(self._runtime.tz, setting, last)
        return self._policy

    def reload(self) -> None:
        """Settings changed: read the prompt time again at the next check."""
        with self._lock:
            self._policy = None

    def check(self, now: float | None = None) -> ReviewDue | None:
        moment = self._runtime.clock() if now is None else now
        with self._lock:
            event = self._load().check(moment)
        if event is None:
            return None
        persistence = self._runtime.persistence
        if persistence is not None:
            persistence.save_named_state(REVIEW_PROMPT_KEY, moment, {"week": event.week})
            persistence.record_event(event)
        self._runtime.emit(event)
        return event

    def _safe_check(self) -> None:
        try:
            self.check()
        except Exception:  # a failed check must not stop the scheduler's other jobs
            log.exception("weekly review prompt failed")
