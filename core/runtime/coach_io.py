"""The coach's side channels: its log, labels and timers go through the store's single writer,
its scorer is the detector thread's latest score (deciding never waits for the model), and its
drift rule reads the user's categories and [nudges] drift settings."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlite_utils

from focuscoach.core.coaching.coach import Coach
from focuscoach.core.coaching.drift import DriftSettings, DriftWatch
from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.coaching.nudges import NudgeLabel, Score
from focuscoach.core.coaching.scheduler import STATE_KEY, CoachRunner
from focuscoach.core.runtime.state import StatusChanged
from focuscoach.core.store import journal
from focuscoach.core.store import state as saved_state
from focuscoach.core.store.writer import StoreWriter


class WriterPersistence:
    """The coach's log, labels and timers, written by the store's single writer thread."""

    def __init__(self, writer: StoreWriter) -> None:
        self._writer = writer

    def record_event(self, event: CoachEvent) -> None:
        if isinstance(event, StatusChanged):
            return
        detail = event.detail()
        self._writer.call(
            lambda conn: journal.record_coach_event(
                sqlite_utils.Database(conn), event.at, event.kind, detail
            )
        )

    def record_label(self, label: NudgeLabel) -> None:
        self._writer.call(
            lambda conn: journal.record_nudge_label(sqlite_utils.Database(conn), label)
        )

    def save_state(self, now: float, state: dict[str, Any]) -> None:
        self.save_named_state(STATE_KEY, now, state)

    def save_named_state(self, key: str, now: float, state: dict[str, Any]) -> None:
        """Another policy's saved state (the review prompt's), under its own key."""
        self._writer.call(
            lambda conn: saved_state.save_coach_state(sqlite_utils.Database(conn), key, now, state)
        )


class CachedScorer:
    """The coach's scorer: the detector thread's latest score, so deciding on a nudge never
    waits for the model (it ran at most one detector interval ago)."""

    def __init__(self, max_age_s: float) -> None:
        self._max_age_s = max_age_s
        self._lock = threading.Lock()
        self._score: Score | None = None
        self._at = 0.0

    def update(self, score: Score, at: float) -> None:
        with self._lock:
            self._score, self._at = score, at

    def score(self, now: float) -> Score:
        with self._lock:
            if self._score is None or now - self._at > self._max_age_s:
                return Score(0.0, "no recent score")
            return self._score


def drift_watch(categories_file: Path, settings: DriftSettings) -> DriftWatch:
    """The drift rule on the user's categories (the shipped ones when their file is missing or
    broken: a bad file must not stop the coach) with their [nudges] drift settings."""
    from focuscoach.core.categories import user_or_default_categorizer

    return DriftWatch(user_or_default_categorizer(categories_file), settings)


def update_drift(runner: CoachRunner, categories_file: Path, settings: DriftSettings) -> None:
    """New drift settings (and categories) for the running coach, at once; its running count
    is kept. The categories are read here, only the swap happens under the runner's lock."""
    fresh = drift_watch(categories_file, settings)

    def apply(coach: Coach) -> None:
        coach.settings = replace(coach.settings, drift=settings)
        old = coach.drift
        coach.drift = fresh if old is None else old.reconfigured(fresh.categorizer, settings)

    runner.inspect(apply)
