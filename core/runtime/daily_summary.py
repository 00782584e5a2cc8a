"""Wires the end-of-day summary (policy: coaching.daily_summary) into the running app: asked
every minute on the coach's scheduler, its figures read from the store, the day saved through
the writer (a restart the same day does not repeat it), the event sent to subscribers and
logged like the coach's own."""

from __future__ import annotations

import logging
import threading
from datetime import date, time

from focuscoach.core.coaching.daily_summary import (
    CHECK_EVERY_S,
    DAILY_SUMMARY_KEY,
    WORKDAY_SETS,
    DailySummaryDue,
    DailySummaryPolicy,
    saved_day,
)
from focuscoach.core.runtime.lifecycle import Runtime
from focuscoach.core.store import plans
from focuscoach.core.store import state as saved_state

log = logging.getLogger("focuscoach.runtime")


class DailySummaryJob:
    """Thread-safe: the scheduler's job and a test may call `check` alike."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._lock = threading.Lock()
        self._policy: DailySummaryPolicy | None = None

    def install(self) -> None:
        """Ask every minute on the coach's scheduler."""
        if self._runtime.runner is not None:
            self._runtime.runner.every(CHECK_EVERY_S, self._safe_check, "daily-summary")

    def _load(self) -> DailySummaryPolicy:
        if self._policy is None:
            settings = self._runtime.settings
            with self._runtime.read() as db:
                saved = saved_state.load_coach_state(db, DAILY_SUMMARY_KEY)
            last = saved_day(
                saved[1] if saved else None, saved[0] if saved else None, self._runtime.tz
            )
            self._policy = DailySummaryPolicy(
                self._runtime.tz,
                enabled=settings.app.daily_summary,
                day_end=time.fromisoformat(settings.planning.day_end),
                last_day=last,
                workdays=WORKDAY_SETS[settings.planning.workdays],
            )
        return self._policy

    def reload(self) -> None:
        """Settings changed: read them (on, the end of the day) again at the next check."""
        with self._lock:
            self._policy = None

    def _planned(self, day: date) -> bool:
        with self._runtime.read() as db:
            return plans.load_plan(db, day) is not None

    def check(self, now: float | None = None) -> DailySummaryDue | None:
        """The summary due now, sent and remembered; None when none is due (or the day had
        nothing to sum up: then it is remembered without a notice)."""
        from focuscoach.core.categories import user_or_default_categorizer
        from focuscoach.core.reports.daily_summary import load_day_summary

        runtime = self._runtime
        moment = runtime.clock() if now is None else now
        with self._lock:
            policy = self._load()
            held = runtime.paused(moment) or runtime.quiet_state.quiet
            day = policy.due(moment, held=held, planned=self._planned)
            if day is None:
                return None
            runtime.flush()  # what was recorded so far counts
            rules = user_or_default_categorizer(runtime.paths.categories_file)
            with runtime.read() as db:
                summary = load_day_summary(db, day, moment, runtime.tz, rules)
            policy.done(day)
        persistence = runtime.persistence
        if persistence is not None:
            persistence.save_named_state(DAILY_SUMMARY_KEY, moment, {"day": day.isoformat()})
        if summary.empty:
            log.info("no daily summary for %s: nothing recorded and no plan", day)
            return None
        event = DailySummaryDue.of(moment, summary)
        if persistence is not None:
            persistence.record_event(event)
        runtime.emit(event)
        return event

    def _safe_check(self) -> None:
        try:
            self.check()
        except Exception:  # a failed check must not stop the scheduler's other jobs
            log.exception("daily summary failed")
