"""Weekly statistics: pure functions over the rows of one week (no database, no clock).

Definitions (shown to the user in the review, see SCORE_DEFINITION):

- *Active* time is window time minus time away from the keyboard (AFK); overlapping window
  spans (two recorders) count once.
- *Focus* time is active time in a window that matches a task's patterns (on-task work), or
  whose category is under "Work". *Distraction* time is active time in a distracting category.
  Everything else (chat, e-mail, uncategorized) is *other*.
- A *distraction episode* is distracting time, with interruptions shorter than GRACE merged,
  that adds up to at least EPISODE_MIN seconds.
- A *focus stretch* is focus time whose interruptions (other windows, AFK, no data) are each
  shorter than GRACE; its length runs from its first to its last focused second.
- *Fragmentation* is window switches per active hour; a return after more than GRACE of
  nothing recorded is not a switch.

Active time is cut into classified pieces by core/reports/pieces.py (Today counts from the same
pieces); the tasks' planned-against-spent figures are core/reports/week_tasks.py.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import TypeVar

from focuscoach.core.categories import Categorizer, Category, category_label
from focuscoach.core.reports.break_log import count_breaks
from focuscoach.core.reports.pieces import FOCUS_ROOTS as FOCUS_ROOTS
from focuscoach.core.reports.pieces import GRACE as GRACE
from focuscoach.core.reports.pieces import (
    Kind,
    active_pieces,
    context_spans,
    in_context,
    runs,
    slot_index,
    task_blocks,
    window_classifier,
    window_switches,
)
from focuscoach.core.reports.week import Week
from focuscoach.core.reports.week_tasks import TaskTime, task_objects, task_times
from focuscoach.core.store.week import NUDGE_SHOWN, WeekData

EPISODE_MIN = 30.0
DEEP_STRETCH = 25 * 60.0
SWITCH_CEILING = 120.0  # switches per active hour at which the calm part of the score is 0
MIN_SCORED_ACTIVE = 10 * 60.0
_K = TypeVar("_K")
TOP_N = 10
ALERT_THRESHOLD = 0.7

SCORE_DEFINITION = (
    "Focus score (0–100) = 50 × focus share + 30 × deep-work share + 20 × calm.\n"
    "Focus share: focused time ÷ active time. Deep-work share: the part of focused time spent "
    f"in unbroken stretches of at least {DEEP_STRETCH / 60:.0f} min. Calm: 1 − window switches "
    f"per active hour ÷ {SWITCH_CEILING:.0f} (0 at {SWITCH_CEILING:.0f} or more). "
    "It rewards how you spend the time you work, not how long you work: an hour of deep, "
    "uninterrupted work scores as high as a long day of it. "
    f"Days with less than {MIN_SCORED_ACTIVE / 60:.0f} min of activity have no score."
)


@dataclass(slots=True)
class DayStats:
    day: date
    active_s: float = 0.0
    focus_s: float = 0.0
    distraction_s: float = 0.0
    other_s: float = 0.0
    episodes: int = 0
    longest_stretch_s: float = 0.0
    deep_focus_s: float = 0.0
    switches: int = 0
    mood: float | None = None
    energy: float | None = None

    @property
    def fragmentation(self) -> float | None:
        return switch_rate(self.switches, self.active_s)

    @property
    def score(self) -> float | None:
        return focus_score(self.active_s, self.focus_s, self.deep_focus_s, self.switches)


@dataclass(frozen=True, slots=True)
class Correlation:
    r: float | None  # None: fewer than 3 days, or no variation
    n: int


@dataclass(frozen=True, slots=True)
class Breaks:
    taken: int
    postponed: int
    skipped: int


@dataclass(frozen=True, slots=True)
class Nudges:
    shown: int
    answered: int
    not_distracted: int

    @property
    def false_alarm_rate(self) -> float | None:
        return self.not_distracted / self.answered if self.answered else None


@dataclass(slots=True)
class WeekStats:
    week: Week
    days: list[DayStats]
    heatmap: list[list[float]]  # [weekday][hour] focus seconds
    categories: list[tuple[str, float]]  # (name, active seconds), largest first
    apps: list[tuple[str, float]]
    titles: list[tuple[str, str, float]]  # (app, title, active seconds)
    longest_stretch_s: float = 0.0
    mood_focus: Correlation = field(default_factory=lambda: Correlation(None, 0))
    energy_focus: Correlation = field(default_factory=lambda: Correlation(None, 0))
    tasks: list[TaskTime] | None = None
    breaks: Breaks | None = None
    nudges: Nudges | None = None
    predictions: int | None = None
    alerts: int | None = None  # predictions at or above ALERT_THRESHOLD

    @property
    def active_s(self) -> float:
        return sum(d.active_s for d in self.days)

    @property
    def focus_s(self) -> float:
        return sum(d.focus_s for d in self.days)

    @property
    def distraction_s(self) -> float:
        return sum(d.distraction_s for d in self.days)

    @property
    def other_s(self) -> float:
        return sum(d.other_s for d in self.days)

    @property
    def episodes(self) -> int:
        return sum(d.episodes for d in self.days)

    @property
    def switches(self) -> int:
        return sum(d.switches for d in self.days)

    @property
    def fragmentation(self) -> float | None:
        return switch_rate(self.switches, self.active_s)

    @property
    def score(self) -> float | None:
        deep = sum(d.deep_focus_s for d in self.days)
        return focus_score(self.active_s, self.focus_s, deep, self.switches)

    @property
    def has_mood(self) -> bool:
        return any(d.mood is not None for d in self.days)

    @property
    def empty(self) -> bool:
        """Nothing at all to show: the review's friendly empty state."""
        return (
            self.active_s <= 0
            and not self.has_mood
            and not self.tasks
            and self.breaks is None
            and self.nudges is None
        )


def switch_rate(switches: int, active_s: float) -> float | None:
    return switches / (active_s / 3600) if active_s >= 60 else None


def focus_score(active_s: float, focus_s: float, deep_s: float, switches: int) -> float | None:
    """See SCORE_DEFINITION."""
    if active_s < MIN_SCORED_ACTIVE:
        return None
    share = min(1.0, focus_s / active_s)
    deep = deep_s / focus_s if focus_s > 0 else 0.0
    calm = 1.0 - min(1.0, switches / (active_s / 3600) / SWITCH_CEILING)
    return 100.0 * (0.5 * share + 0.3 * deep + 0.2 * calm)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> Correlation:
    n = len(xs)
    if n < 3:
        return Correlation(None, n)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return Correlation(None, n)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return Correlation(max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy))), n)


# --- the computation ----------------------------------------------------------------------


def compute_week(data: WeekData, week: Week, tz: tzinfo, categorizer: Categorizer) -> WeekStats:
    """All the week's figures from its rows; `data` must start where `week.bounds(tz)` does,
    and its end (at most the week's) is where activity stops being counted."""
    start, end = week.bounds(tz)
    tasks = task_objects(data.tasks)
    # `data` may end early (the same days of the week before a week in progress): activity
    # is counted up to its end.
    pieces = active_pieces(
        data.windows,
        data.afk or [],
        start,
        min(end, data.end),
        window_classifier(categorizer, tasks),
    )
    task_titles = {t.id: t.title for t in (data.tasks or {}).values()}
    blocks = task_blocks(data.blocks or [], task_titles)
    pieces = in_context(pieces, context_spans(data.context, blocks))
    days = [DayStats(day) for day in week.days]
    day_edges = [a for a, _ in week.day_bounds(tz)] + [end]
    hour_edges = week.hour_edges(tz)
    flat_hours = [edge for edges in hour_edges for edge in edges[:-1]] + [end]
    heatmap = [[0.0] * 24 for _ in range(7)]
    categories: dict[str, float] = defaultdict(float)
    apps: dict[str, float] = defaultdict(float)
    titles: dict[tuple[str, str], float] = defaultdict(float)

    labels: dict[Category, str] = {}  # a week has thousands of pieces, a few categories
    last_slot = len(flat_hours) - 1
    for piece in pieces:
        a, b, kind = piece.start, piece.stop, piece.kind
        length = b - a
        label = labels.get(piece.category)
        if label is None:
            label = labels[piece.category] = category_label(piece.category)
        categories[label] += length
        apps[piece.app] += length
        titles[(piece.app, piece.title)] += length
        # The hours the piece spans: split_slots, inlined (this loop is most of the count).
        slot = bisect_right(flat_hours, a) - 1
        while a < b and slot < last_slot:
            slot_end = flat_hours[slot + 1]
            if slot_end > a:
                cut = min(b, slot_end)
                seconds = cut - a
                index = max(slot, 0)
                day = days[index // 24]
                day.active_s += seconds
                if kind is Kind.FOCUS:
                    day.focus_s += seconds
                    heatmap[index // 24][index % 24] += seconds
                elif kind is Kind.DISTRACTION:
                    day.distraction_s += seconds
                else:
                    day.other_s += seconds
                a = cut
            slot += 1

    for first, _last, total in runs(pieces, Kind.DISTRACTION):
        if total >= EPISODE_MIN:
            days[slot_index(first, day_edges)].episodes += 1
    longest = 0.0
    for first, last, total in runs(pieces, Kind.FOCUS):
        day = days[slot_index(first, day_edges)]
        stretch = last - first
        day.longest_stretch_s = max(day.longest_stretch_s, stretch)
        longest = max(longest, stretch)
        if stretch >= DEEP_STRETCH:
            day.deep_focus_s += total
    for moment in window_switches(data.windows, start, end):
        days[slot_index(moment, day_edges)].switches += 1

    stats = WeekStats(
        week=week,
        days=days,
        heatmap=heatmap,
        categories=_top(categories.items(), None),
        apps=_top(apps.items(), TOP_N),
        titles=[(app, title, s) for (app, title), s in _top(titles.items(), TOP_N)],
        longest_stretch_s=longest,
    )
    _moods(stats, data, day_edges)
    stats.tasks = task_times(data, tasks, pieces, start, end)
    stats.breaks = _breaks(data)
    stats.nudges = _nudges(data)
    if data.predictions is not None:
        stats.predictions = len(data.predictions)
        stats.alerts = sum(1 for p in data.predictions if p >= ALERT_THRESHOLD)
    return stats


def _top(items: Iterable[tuple[_K, float]], n: int | None) -> list[tuple[_K, float]]:
    ranked = sorted((item for item in items if item[1] > 0), key=lambda kv: (-kv[1], str(kv[0])))
    return ranked[:n] if n is not None else ranked


def _moods(stats: WeekStats, data: WeekData, day_edges: Sequence[float]) -> None:
    if not data.moods:
        return
    moods: dict[int, list[int]] = defaultdict(list)
    energy: dict[int, list[int]] = defaultdict(list)
    for at, mood, level in data.moods:
        index = slot_index(at, day_edges)
        moods[index].append(mood)
        if level is not None:
            energy[index].append(level)
    for index, day in enumerate(stats.days):
        if moods[index]:
            day.mood = sum(moods[index]) / len(moods[index])
        if energy[index]:
            day.energy = sum(energy[index]) / len(energy[index])
    worked = [d for d in stats.days if d.active_s > 0]
    with_mood = [d for d in worked if d.mood is not None]
    with_energy = [d for d in worked if d.energy is not None]
    stats.mood_focus = pearson(
        [d.mood for d in with_mood if d.mood is not None], [d.focus_s / 3600 for d in with_mood]
    )
    stats.energy_focus = pearson(
        [d.energy for d in with_energy if d.energy is not None],
        [d.focus_s / 3600 for d in with_energy],
    )


def _breaks(data: WeekData) -> Breaks | None:
    if data.coach is None:
        return None
    # A break skipped or postponed on the break screen is not taken (core/reports/break_log.py).
    taken, skipped, postponed = count_breaks(data.coach)
    return Breaks(taken=taken, postponed=postponed, skipped=skipped)


def _nudges(data: WeekData) -> Nudges | None:
    shown = sum(1 for _, kind in data.coach or [] if kind == NUDGE_SHOWN)
    answers = data.nudge_answers or []
    if not shown and not answers:
        return None
    return Nudges(
        shown=max(shown, len(answers)),
        answered=len(answers),
        not_distracted=sum(1 for _, _, distracted in answers if not distracted),
    )
