"""Replay a user's store (core.replay): the history, plans, tasks and calendars read
read-only, the user's settings, categories and model; nothing is written."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from focuscoach.core import config
from focuscoach.core.categories import Categorizer
from focuscoach.core.coaching.nudges import DistractionScorer
from focuscoach.core.paths import Paths
from focuscoach.core.planning.calendar import BusyInterval
from focuscoach.core.planning.planner import Plan
from focuscoach.core.planning.tasks import Task
from focuscoach.core.replay import replay
from focuscoach.core.replay_history import LOOKBACK_S, HistoryScorer, ReplayHistory
from focuscoach.core.replay_result import ReplayResult, figures

log = logging.getLogger("focuscoach.replay")


def replay_store(
    paths: Paths,
    user_settings: config.Settings,
    *,
    since: float | None = None,
    until: float | None = None,
    assume_focus: bool = False,
    tz: tzinfo | None = None,
    scorer: DistractionScorer | None = None,
    drift: bool | None = None,
) -> ReplayResult:
    """Replay the store under `paths` (opened read-only) with the user's settings, model and
    categories. `since`/`until` default to the first and last recorded moments. `drift`
    turns the drift rule on or off whatever the settings say (None: as the settings say)."""
    from focuscoach.core.categories import user_or_default_categorizer
    from focuscoach.core.coaching.from_settings import coach_settings
    from focuscoach.core.model.source import load_history
    from focuscoach.core.planning.service import load_plan
    from focuscoach.core.runtime.forecast_job import forecast_settings, read_gate
    from focuscoach.core.store import context as task_context
    from focuscoach.core.store import history as history_store
    from focuscoach.core.store import tasks as task_store
    from focuscoach.core.store.database import open_database
    from focuscoach.core.timeutil import local_zone

    zone = tz or local_zone()
    db = open_database(paths.database, readonly=True)
    try:
        overview = history_store.overview(db.conn)
        first, last = overview.first, overview.last
        if first is not None and last is not None:  # nothing to replay beyond the records
            first = first if since is None else max(first, since)
            last = last if until is None else min(last, until)
        if first is None or last is None or last <= first:
            stored = None
        else:
            stored = load_history(db.conn, first - LOOKBACK_S, last)
        tasks = task_store.list_tasks(db, include_done=True)
        # Which distracting windows are on-task for which task, as the running app reads them.
        on_task = task_context.on_task_pairs(db.conn)
        # The forecast gate as the running app would have had it when the replay starts (its
        # stored scores, active time and answers before then, and the model's check); a
        # caller's own scorer (tests) keeps the settings' threshold.
        categorizer = user_or_default_categorizer(paths.categories_file)
        gate = (
            read_gate(
                db.conn, paths.models_dir, first, forecast_settings(user_settings), categorizer
            )
            if scorer is None and first is not None
            else None
        )
        day_plans: dict[date, Plan | None] = {}
        if first is not None and last is not None and not assume_focus:
            day = datetime.fromtimestamp(first, zone).date()
            end_day = datetime.fromtimestamp(last, zone).date()
            while day <= end_day:
                day_plans[day] = load_plan(db, day, zone)
                day = date.fromordinal(day.toordinal() + 1)
    finally:
        db.close()
    if stored is None or first is None or last is None:
        now = time.time()
        empty = ReplayResult(
            now if since is None else since, now if until is None else until, assume_focus
        )
        empty.figures = figures(empty, ReplayHistory([]), None)
        return empty
    busy: list[BusyInterval] = []
    if user_settings.planning.calendars:
        from focuscoach.core.planning.calendar import CalendarError, busy_intervals

        try:
            busy = busy_intervals(
                user_settings.planning.calendars,
                datetime.fromtimestamp(first, UTC).astimezone(zone),
                datetime.fromtimestamp(last, UTC).astimezone(zone),
            )
        except CalendarError as exc:
            log.warning("replay without the calendars: %s", exc)
    history = ReplayHistory.of(stored.windows, stored.afk, stored.inputs, stored.moods)
    if scorer is None:
        scorer = HistoryScorer(_detector(paths, categorizer), history)

    def plans(day: date) -> tuple[Plan | None, Iterable[Task]]:
        return day_plans.get(day), tasks

    settings = coach_settings(user_settings)
    if gate is not None:
        settings = replace(settings, nudges=replace(settings.nudges, threshold=gate.threshold))
    if drift is not None:
        settings = replace(settings, drift=replace(settings.drift, enabled=drift))
    result = replay(
        history,
        settings=settings,
        tz=zone,
        since=first,
        until=last,
        scorer=scorer,
        categorizer=categorizer,
        plans=plans,
        assume_focus=assume_focus,
        busy=busy,
        tick_s=float(user_settings.coaching.tick_s),
        on_task=on_task,
    )
    if gate is not None:
        result.forecast = {
            "threshold": round(gate.threshold, 4) if gate.open else None,
            "reason": gate.reason,
        }
    return result


def _detector(paths: Paths, categorizer: Categorizer) -> Any:
    """The live detector's model: the user's active one, else the last good one, else the
    prior (as core.model.live resolves it)."""
    from focuscoach.core.model.live import current_model_dir
    from focuscoach.core.model.serving import Detector

    try:
        return Detector(current_model_dir(paths.models_dir), categorizer)
    except ValueError:
        return Detector(None, categorizer)
