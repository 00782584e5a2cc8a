"""Wires the forecast gate (coaching.forecast) into the running app: at start and every hour,
on the coach's scheduler, the user's recent scores, active time, switches and answers are read
from the store with the active model's check against the simple rules, and the resulting
threshold becomes the running coach's forecast threshold (infinite, i.e. no forecast nudge,
while the gate is closed). `status` and the tray say why.

A runtime with an injected scorer (tests, a scripted detector) keeps its settings' threshold:
the gate reads what the live detector stored, which such a runtime does not have.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from focuscoach.core import config
from focuscoach.core.active_time import active_time
from focuscoach.core.categories import Categorizer, user_or_default_categorizer
from focuscoach.core.coaching.coach import Coach
from focuscoach.core.coaching.forecast import (
    ForecastGate,
    ForecastInputs,
    ForecastSettings,
    breakpoint_scores,
    forecast_gate,
)
from focuscoach.core.model import bundle
from focuscoach.core.model.rule_check import model_beats_rule
from focuscoach.core.records import WindowSpan
from focuscoach.core.runtime.lifecycle import Runtime
from focuscoach.core.store import forecast as stored
from focuscoach.core.store.history import afk_spans, window_spans

log = logging.getLogger("focuscoach.runtime")

CHECK_EVERY_S = 3600.0


#: Scores of the active model (one every 30 s: two hours of recording) needed before the
#: threshold is set on its scores alone.
MIN_OWN_SCORES = 240


def _active_folder(models_dir: Path | None) -> str | None:
    """The active model's folder, as the live detector stores it with each score."""
    try:
        return str(bundle.resolve_active(models_dir).folder)
    except OSError:
        return None


def model_check(models_dir: Path | None) -> bool | None:
    """What the active model's metrics say about the simple rules (None: never checked)."""
    try:
        folder = bundle.resolve_active(models_dir).folder
        return model_beats_rule(bundle.read_meta(folder).metrics)
    except (OSError, ValueError) as exc:
        log.warning("forecast gate: cannot read the active model's description: %s", exc)
        return None


def read_gate(
    conn: sqlite3.Connection,
    models_dir: Path | None,
    now: float,
    settings: ForecastSettings,
    categorizer: Categorizer | None = None,
) -> ForecastGate:
    """The gate from what the store holds over the look-back (the tray's job and `status`);
    with the user's `categorizer`, switches into distracting windows set no threshold (no
    forecast is asked for there)."""
    since = now - settings.lookback_days * 86400.0
    windows = window_spans(conn, since, now)
    afk = afk_spans(conn, since, now)
    # The threshold is set on the active model's own scores: another model's (the one before
    # `train` swapped this one in) may lie on another scale. Until it has scored for a while,
    # all the stored scores stand in.
    scored = stored.recent_scores(conn, since, now, _active_folder(models_dir))
    if len(scored) < MIN_OWN_SCORES:
        scored = stored.recent_scores(conn, since, now)
    yes, no = stored.forecast_answers(conn, since, now)
    asks = None if categorizer is None else _not_distracting(categorizer)
    hours, switches = active_time(windows, afk, since, now, asks)
    scores = breakpoint_scores(windows, scored, asks)
    inputs = ForecastInputs(scores, hours, switches, yes, no, model_check(models_dir))
    return forecast_gate(inputs, settings)


def _not_distracting(categorizer: Categorizer) -> Callable[[WindowSpan], bool]:
    return lambda w: not categorizer.is_distracting_window(w.app, w.title)


def forecast_settings(settings: config.Settings) -> ForecastSettings:
    return ForecastSettings(budget_per_hour=settings.coaching.forecast_budget)


def apply_threshold(coach: Coach, threshold: float) -> None:
    """Call under the runner's lock."""
    coach.set_forecast_threshold(threshold)


class ForecastJob:
    """Thread-safe: the scheduler's job and a test may call `check` alike."""

    def __init__(self, runtime: Runtime, settings: ForecastSettings | None = None) -> None:
        self._runtime = runtime
        self._lock = threading.Lock()
        self.settings = settings or forecast_settings(runtime.settings)
        self.gate: ForecastGate | None = None

    @property
    def applies(self) -> bool:
        return self._runtime.runner is not None and self._runtime.live_scoring

    def install(self) -> None:
        """Close the gate now (nothing known yet), check soon and every hour."""
        runner = self._runtime.runner
        if runner is None or not self.applies:
            return
        runner.inspect(lambda coach: apply_threshold(coach, float("inf")))
        runner.every(CHECK_EVERY_S, self._safe_check, "forecast-gate")
        runner.once(5.0, self._safe_check, "forecast-gate-first")

    def check(self, now: float | None = None) -> ForecastGate:
        moment = self._runtime.clock() if now is None else now
        with self._lock:
            paths = self._runtime.paths
            categorizer = user_or_default_categorizer(paths.categories_file)
            with self._runtime.read() as db:
                gate = read_gate(db.conn, paths.models_dir, moment, self.settings, categorizer)
            runner = self._runtime.runner
            if runner is not None:
                runner.inspect(lambda coach: apply_threshold(coach, gate.threshold))
            if self.gate is None or gate.reason != self.gate.reason:
                log.info("forecast nudges: %s", gate.reason)
            self.gate = gate
        self._runtime.forecast_note = None if gate.open else gate.reason
        return gate

    def reload(self) -> None:
        """Settings changed: the new budget applies at once."""
        self.settings = forecast_settings(self._runtime.settings)
        self._safe_check()

    def _safe_check(self) -> None:
        try:
            self.check()
        except Exception:  # a failed check must not stop the scheduler's other jobs
            log.exception("forecast gate check failed")
