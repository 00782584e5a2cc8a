"""Replay: what the coach would have shown over the stored history (issue 13).

The real coach (`core.coaching.coach.Coach`, with the user's settings) is driven on a
simulated clock through the recorded windows and time away, exactly as the runtime drives it:
an observation at every window switch and change of presence (the recorder's push) and a
tick every `tick_s` between them (the scheduler's timer). When the coach asks for a score,
the detector (the user's active model, else the prior, with the user's categories) scores
that moment from the history as it stood then: only what had happened before it, the open
window cut at that instant. Nothing is sent and nothing is written: the store is only read.

Meetings come from the accepted plans and the settings' calendars. What the history cannot
tell is assumed absent: no fullscreen, call or Do Not Disturb, and nobody answers a prompt (an
ignored break reminder comes back; a break happens when the history shows time away). Focus
Coach's own windows are dropped as the recorder drops them (the window before continues). The
drift rule (core.coaching.drift) applies only when asked for: the running app has none yet.

The figures follow issue 13: a nudge is *right* when the user is in a distracting window
then, or spends at least 30 s in one that starts within the next 5 minutes.
"""

from __future__ import annotations

import bisect
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from focuscoach.core import config
from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.coaching.coach import Coach, CoachSettings, Observation
from focuscoach.core.coaching.drift import DriftSettings, DriftWatch
from focuscoach.core.coaching.events import BreakDue, CheckInDue, CoachEvent, NudgeDue
from focuscoach.core.coaching.nudges import DistractionScorer, Score
from focuscoach.core.paths import Paths
from focuscoach.core.planning.calendar import BusyInterval
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task
from focuscoach.core.recording.recorder import OWN_APPS
from focuscoach.core.timeutil import to_iso

#: A nudge is right if the user is distracted then, or within this long after it...
RIGHT_WITHIN_S = 5 * 60.0
#: ...spends at least this long in one distracting window.
RIGHT_DWELL_S = 30.0
#: Distraction episodes (issue 13): at least 2 min, nudged within their first 3 min.
EPISODE_MIN_S = 2 * 60.0
EPISODE_CAUGHT_S = 3 * 60.0
#: Distracting windows closer than this belong to one episode.
EPISODE_GAP_S = 30.0
#: As the live detector: no score when nothing was recorded for this long (away).
STALE_S = 120.0
#: How far back the detector reads time away and mood (its break timer caps at 8 h).
LOOKBACK_S = 8 * 3600.0
#: Ticks go on this long into a stretch of absence (the break timers see the time away);
#: the rest is one step, which the coach counts as time away too (its gap rule).
AWAY_TICKS_S = 15 * 60.0

log = logging.getLogger("focuscoach.replay")

PlanSource = Callable[[date], tuple[Plan | None, Iterable[Task]]]


@dataclass(slots=True)
class ReplayHistory:
    """The recorded activity, in time order, as replay and its scorer read it."""

    windows: list[WindowSpan]
    afk: list[AfkSpan] = field(default_factory=list)
    inputs: list[InputInterval] = field(default_factory=list)
    moods: list[tuple[float, float]] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        windows: Iterable[WindowSpan],
        afk: Iterable[AfkSpan] = (),
        inputs: Iterable[InputInterval] = (),
        moods: Iterable[tuple[float, float]] = (),
    ) -> ReplayHistory:
        """Sorted, with Focus Coach's own windows dropped (the window before continues)."""
        kept: list[WindowSpan] = []
        for w in sorted(windows, key=lambda w: (w.start, w.end)):
            if w.app.casefold() in OWN_APPS:
                if kept and kept[-1].end < w.end:
                    last = kept[-1]
                    kept[-1] = WindowSpan(last.start, w.end, last.app, last.title)
                continue
            kept.append(w)
        return cls(
            kept,
            sorted(afk, key=lambda a: a.start),
            sorted(inputs, key=lambda i: i.start),
            sorted(moods),
        )


class HistoryScorer:
    """The detector scoring a moment of the history from what had happened before it."""

    def __init__(self, detector: Any, history: ReplayHistory) -> None:
        self.detector = detector
        self.history = history
        self._n = 4 * int(detector.feature_config.n_spans)
        self._starts = [w.start for w in history.windows]
        self._afk_starts = [a.start for a in history.afk]
        self._input_starts = [i.start for i in history.inputs]
        self._mood_times = [m[0] for m in history.moods]
        self.calls = 0

    def score(self, now: float, *_context: Any, **_named: Any) -> Score:
        h = self.history
        hi = bisect.bisect_left(self._starts, now)
        if hi == 0:
            return Score(0.0, "no recent activity")
        recent = [_cut(w, now) for w in h.windows[max(0, hi - self._n) : hi]]
        if now - max(w.end for w in recent) > STALE_S:
            return Score(0.0, "no recent activity")
        lo = bisect.bisect_left(self._afk_starts, now - LOOKBACK_S - 86400.0)
        afk = [_cut_afk(a, now) for a in h.afk[lo : bisect.bisect_left(self._afk_starts, now)]]
        first = recent[0].start
        lo = bisect.bisect_left(self._input_starts, first - 3600.0)
        hi_in = bisect.bisect_left(self._input_starts, now)
        inputs = [x for x in h.inputs[lo:hi_in] if x.end > first and x.end <= now]
        m = bisect.bisect_left(self._mood_times, now)
        mood = h.moods[m - 1][1] if m and h.moods[m - 1][0] >= now - LOOKBACK_S else None
        self.calls += 1
        prediction = self.detector.predict(recent, afk, inputs, now, mood=mood)
        return Score(float(prediction.probability), str(prediction.explanation))


def _cut(w: WindowSpan, now: float) -> WindowSpan:
    return w if w.end <= now else WindowSpan(w.start, now, w.app, w.title)


def _cut_afk(a: AfkSpan, now: float) -> AfkSpan:
    return a if a.end <= now else AfkSpan(a.start, now, a.afk)


@dataclass(slots=True)
class ReplayResult:
    since: float
    until: float
    assume_focus: bool
    active_s: float = 0.0
    nudges: list[dict[str, Any]] = field(default_factory=list)
    breaks: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    #: In time order: (at, "nudge" | "break" | "checkin", the JSON entry).
    prompts: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    steps: int = 0
    scored: int = 0
    seconds: float = 0.0

    @property
    def active_hours(self) -> float:
        return self.active_s / 3600.0

    def to_json(self) -> dict[str, Any]:
        return {
            "since": to_iso(self.since),
            "until": to_iso(self.until),
            "assume_focus": self.assume_focus,
            "active_hours": round(self.active_hours, 4),
            "nudges": self.nudges,
            "breaks": self.breaks,
            "checkins": self.checkins,
            **self.figures,
            "steps": self.steps,
            "scored": self.scored,
            "seconds": round(self.seconds, 3),
        }


def assumed_plan(since: float, until: float, tz: tzinfo) -> Plan:
    """`--assume-focus`: the whole range is one focus block without a task."""
    start = datetime.fromtimestamp(since, UTC).astimezone(tz)
    end = datetime.fromtimestamp(until, UTC).astimezone(tz)
    block = PlanBlock(start, end, BlockKind.FOCUS, None, "")
    return Plan(date=start.date(), blocks=(block,))


def _away_intervals(afk: Sequence[AfkSpan]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a in afk:
        if not a.afk or a.end <= a.start:
            continue
        if merged and a.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], a.end))
        else:
            merged.append((a.start, a.end))
    return merged


def observations(
    history: ReplayHistory, since: float, until: float
) -> list[tuple[float, Observation]]:
    """When what the coach sees changes in [since, until): (time, observation), in order.
    Present means in a recorded window and not in a span of time away; a window lasts until
    it ends or the next one starts."""
    windows = history.windows
    segments: list[tuple[float, float, str, str]] = []
    for i, w in enumerate(windows):
        end = w.end if i + 1 == len(windows) else min(w.end, windows[i + 1].start)
        if end > w.start:
            segments.append((w.start, end, w.app, w.title))
    away = _away_intervals(history.afk)
    points = sorted(
        {since}
        | {t for s, e, _, _ in segments for t in (s, e) if since < t < until}
        | {t for s, e in away for t in (s, e) if since < t < until}
    )
    result: list[tuple[float, Observation]] = []
    si = ai = 0
    for t in points:
        while si < len(segments) and segments[si][1] <= t:
            si += 1
        while ai < len(away) and away[ai][1] <= t:
            ai += 1
        seg = segments[si] if si < len(segments) and segments[si][0] <= t else None
        is_away = ai < len(away) and away[ai][0] <= t
        if seg is None:
            obs = Observation(active=False)
        else:
            obs = Observation(active=not is_away, app=seg[2], title=seg[3])
        if not result or result[-1][1] != obs:
            result.append((t, obs))
    return result


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
) -> ReplayResult:
    """Drive the coach through [since, until) of `history` and collect what it showed."""
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
    if drift is not None and categorizer is not None:
        coach.drift = DriftWatch(categorizer, drift)
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
        kind = str(getattr(event, "nudge_kind", "forecast"))
        entry: dict[str, Any] = {
            "at": at,
            "kind": kind,
            # A drift nudge is a rule's, not the model's: no probability.
            "probability": None if kind == "drift" else round(float(event.probability), 4),
            "explanation": event.explanation,
            "task_title": event.task_title,
        }
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


def figures(
    result: ReplayResult, history: ReplayHistory, categorizer: Categorizer | None
) -> dict[str, Any]:
    """Nudges per active hour always; precision, false alarms and episodes caught when the
    history has category labels (some window in the range counts as distracting)."""
    hours = result.active_hours
    nudge_times = [at for at, kind, _ in result.prompts if kind == "nudge"]
    kinds: dict[str, int] = {}
    for nudge in result.nudges:
        kinds[nudge["kind"]] = kinds.get(nudge["kind"], 0) + 1
    out: dict[str, Any] = {
        "nudge_kinds": kinds,
        "nudges_per_active_hour": round(len(nudge_times) / hours, 4) if hours > 0 else None,
        "breaks_per_active_hour": round(len(result.breaks) / hours, 4) if hours > 0 else None,
        "precision": None,
        "nudges_right": None,
        "already_distracted": None,
        "false_alarms_per_active_hour": None,
        "distraction_episodes": None,
        "episodes_caught": None,
        "episodes_caught_share": None,
        "distracted_share": None,
    }
    if categorizer is None:
        return out
    spans = [
        (w.start, w.end)
        for w in history.windows
        if w.end > result.since
        and w.start < result.until
        and categorizer.is_distracting_window(w.app, w.title)
    ]
    if not spans:
        return out
    starts = [s for s, _ in spans]
    right = already = 0
    for t in nudge_times:
        i = bisect.bisect_right(starts, t)
        now_in = i > 0 and spans[i - 1][1] > t
        later = False
        for s, e in spans[i : bisect.bisect_right(starts, t + RIGHT_WITHIN_S, lo=i)]:
            if e - max(s, t) >= RIGHT_DWELL_S:
                later = True
                break
        already += now_in
        right += now_in or later
    episodes: list[tuple[float, float]] = []
    for s, e in spans:
        if episodes and s - episodes[-1][1] <= EPISODE_GAP_S:
            episodes[-1] = (episodes[-1][0], max(e, episodes[-1][1]))
        else:
            episodes.append((s, e))
    long_ones = [(s, e) for s, e in episodes if e - s >= EPISODE_MIN_S]
    caught = sum(
        1
        for s, _ in long_ones
        if bisect.bisect_right(nudge_times, s + EPISODE_CAUGHT_S)
        > bisect.bisect_left(nudge_times, s)
    )
    distracted = sum(min(e, result.until) - max(s, result.since) for s, e in spans)
    n = len(nudge_times)
    out.update(
        precision=round(right / n, 4) if n else None,
        nudges_right=right,
        already_distracted=already,
        false_alarms_per_active_hour=round((n - right) / hours, 4) if hours > 0 else None,
        distraction_episodes=len(long_ones),
        episodes_caught=caught,
        episodes_caught_share=round(caught / len(long_ones), 4) if long_ones else None,
        distracted_share=round(distracted / result.active_s, 4) if result.active_s else None,
    )
    return out


def replay_store(
    paths: Paths,
    user_settings: config.Settings,
    *,
    since: float | None = None,
    until: float | None = None,
    assume_focus: bool = False,
    tz: tzinfo | None = None,
    scorer: DistractionScorer | None = None,
    drift: bool = False,
) -> ReplayResult:
    """Replay the store under `paths` (opened read-only) with the user's settings, model and
    categories. `since`/`until` default to the first and last recorded moments."""
    from focuscoach.core.categories import user_or_default_categorizer
    from focuscoach.core.model.source import load_history
    from focuscoach.core.options import coach_settings
    from focuscoach.core.planning.service import load_plan
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
    categorizer = user_or_default_categorizer(paths.categories_file)
    if scorer is None:
        scorer = HistoryScorer(_detector(paths, categorizer), history)

    def plans(day: date) -> tuple[Plan | None, Iterable[Task]]:
        return day_plans.get(day), tasks

    return replay(
        history,
        settings=coach_settings(user_settings),
        tz=zone,
        since=first,
        until=last,
        scorer=scorer,
        categorizer=categorizer,
        plans=plans,
        assume_focus=assume_focus,
        drift=DriftSettings() if drift else None,
        busy=busy,
        tick_s=float(user_settings.coaching.tick_s),
    )


def _detector(paths: Paths, categorizer: Categorizer) -> Any:
    """The live detector's model: the user's active one, else the last good one, else the
    prior (as core.model.live resolves it)."""
    from focuscoach.core.model.live import current_model_dir
    from focuscoach.core.model.serving import Detector

    try:
        return Detector(current_model_dir(paths.models_dir), categorizer)
    except ValueError:
        return Detector(None, categorizer)
