"""Replay: what the coach would have shown over the stored history (issue 13).

The real coach (`core.coaching.coach.Coach`, with the user's settings) is driven on a
simulated clock through the recorded windows and time away, exactly as the runtime drives it:
an observation at every window switch and change of presence (the recorder's push) and a
tick every `tick_s` between them (the scheduler's timer). When the coach asks for a score,
the detector (the user's active model, else the prior, with the user's categories) scores
that moment from the history as it stood then: only what had happened before it, the open
window cut at that instant (core.replay_history). Nothing is sent and nothing is written.

Both kinds of nudge are replayed as the running app has them: the model's forecast and the
drift rule (core.coaching.drift) with the user's [nudges] drift settings and categories.
Meetings come from the accepted plans and the settings' calendars. What the history cannot
tell is assumed absent: no fullscreen, call or Do Not Disturb, and nobody answers a prompt (an
ignored break reminder comes back; a break happens when the history shows time away).

The figures (core.replay_result) follow issue 13; `core.replay_store` replays a user's store.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from focuscoach.core.categories import Categorizer
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.drift import DriftNudgeDue, DriftSettings, DriftWatch
from focuscoach.core.coaching.events import BreakDue, CheckInDue, CoachEvent, NudgeDue
from focuscoach.core.coaching.nudges import DistractionScorer
from focuscoach.core.planning.calendar import BusyInterval
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task
from focuscoach.core.replay_history import (
    LOOKBACK_S,
    STALE_S,
    HistoryScorer,
    ReplayHistory,
    observations,
)
from focuscoach.core.replay_result import (
    EPISODE_CAUGHT_S,
    EPISODE_GAP_S,
    EPISODE_MIN_S,
    RIGHT_DWELL_S,
    RIGHT_WITHIN_S,
    ReplayResult,
    figures,
)
from focuscoach.core.timeutil import to_iso

__all__ = [
    "AWAY_TICKS_S",
    "EPISODE_CAUGHT_S",
    "EPISODE_GAP_S",
    "EPISODE_MIN_S",
    "LOOKBACK_S",
    "RIGHT_DWELL_S",
    "RIGHT_WITHIN_S",
    "STALE_S",
    "HistoryScorer",
    "PlanSource",
    "ReplayHistory",
    "ReplayResult",
    "assumed_plan",
    "figures",
    "observations",
    "replay",
]

#: Ticks go on this long into a stretch of absence (the break timers see the time away);
#: the rest is one step, which the coach counts as time away too (its gap rule).
AWAY_TICKS_S = 15 * 60.0

PlanSource = Callable[[date], tuple[Plan | None, Iterable[Task]]]


def assumed_plan(since: float, until: float, tz: tzinfo) -> Plan:
    """`--assume-focus`: the whole range is one focus block without a task."""
    start = datetime.fromtimestamp(since, UTC).astimezone(tz)
    end = datetime.fromtimestamp(until, UTC).astimezone(tz)
    block = PlanBlock(start, end, BlockKind.FOCUS, None, "")
    return Plan(date=start.date(), blocks=(block,))


def replay(
    history: ReplayHistory,
    *,
    settings: CoachSettings,
    tz: tzinfo,
    since: float,
    until: float,
    scorer: DistractionScorer,
    categorizer: Categorizer | None = None,
    plans: PlanSource | None = None,
    assume_focus: bool = False,
    tick_s: float = 15.0,
    seed: int = 0,
    drift: DriftSettings | None = None,
    busy: Iterable[BusyInterval] = (),
    on_task: frozenset[tuple[str, str, str]] = frozenset(),
    forecast_threshold: Callable[[float], float] | None = None,
) -> ReplayResult:
    """Drive the coach through [since, until) of `history` and collect what it showed.

    The drift rule runs with `settings.drift` (or `drift`, when given) whenever there are
    categories to tell distracting windows by, as in the running app; `on_task` holds the
    (task, app, title) judged on-task in context (core/store/context.py), as the app reads
    them. `forecast_threshold` gives the forecast threshold in force at each moment, as the
    running app's hourly gate check moves it (None: the settings' threshold throughout)."""
    began = time.perf_counter()
    result = ReplayResult(since, until, assume_focus)
    if until <= since:
        return result
    day = datetime.fromtimestamp(since, tz).date()
    plan: Plan | None
    tasks: Iterable[Task] = ()
    if assume_focus:
        plan = assumed_plan(since, until, tz)
    elif plans is not None:
        plan, tasks = plans(day)
    else:
        plan = None
    coach = Coach(settings, tz=tz, scorer=scorer, rng=random.Random(seed), plan=plan, tasks=tasks)
    if categorizer is not None:  # the drift rule, as lifecycle.Runtime sets it
        rule = settings.drift if drift is None else drift
        coach.drift = DriftWatch(categorizer, rule, on_task=on_task)
        result.drift = asdict(rule)
    coach.set_calendar(busy)  # the settings' calendars, as the runtime passes them
    changes = observations(history, since, until)

    def step(obs: Observation, now: float) -> None:
        nonlocal day
        if plans is not None and not assume_focus:
            today = datetime.fromtimestamp(now, tz).date()
            if today != day:  # as CoachRunner._roll_day
                day = today
                coach.set_plan(*plans(day))
        result.steps += 1
        if forecast_threshold is not None:
            level = forecast_threshold(now)
            if level != coach.settings.nudges.threshold:
                coach.set_forecast_threshold(level)
        for event in coach.observe(obs, now):
            _collect(result, event, settings.breaks.max_postpones)

    for index, (at, obs) in enumerate(changes):
        end = changes[index + 1][0] if index + 1 < len(changes) else until
        step(obs, at)
        if obs.active:
            result.active_s += end - at
        # The scheduler's ticks between two changes, on its fixed grid.
        k = int((at - since) // tick_s) + 1
        tick = since + k * tick_s
        stop = end if obs.active else min(end, at + AWAY_TICKS_S)
        while tick < stop:
            step(obs, tick)
            tick += tick_s
    if isinstance(scorer, HistoryScorer):
        result.scored = scorer.calls
    result.figures = figures(result, history, categorizer)
    result.seconds = time.perf_counter() - began
    return result


def _collect(result: ReplayResult, event: CoachEvent, max_postpones: int) -> None:
    at = to_iso(event.at)
    if isinstance(event, NudgeDue):
        drift = isinstance(event, DriftNudgeDue)
        entry: dict[str, Any] = {
            "at": at,
            "kind": "drift" if drift else "forecast",
            # A drift nudge is a rule's, not the model's: no probability.
            "probability": None if drift else round(float(event.probability), 4),
            "explanation": event.explanation,
            "task_title": event.task_title,
        }
        if isinstance(event, DriftNudgeDue):  # the facts the notice shows
            entry.update(distracted_s=round(event.distracted_s, 1), what=event.what)
        result.nudges.append(entry)
        result.prompts.append((event.at, "nudge", entry))
    elif isinstance(event, BreakDue):
        entry = {
            "at": at,
            "kind": event.break_kind.value,
            "duration_s": event.duration_s,
            "planned": event.planned,
            # Fewer than the settings' maximum: an ignored reminder shown again.
            "postpones_left": event.postpones_left,
            "repeat": event.postpones_left < max_postpones,
        }
        result.breaks.append(entry)
        result.prompts.append((event.at, "break", entry))
    elif isinstance(event, CheckInDue):
        entry = {"at": at, "reason": event.reason}
        result.checkins.append(entry)
        result.prompts.append((event.at, "checkin", entry))
