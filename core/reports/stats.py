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
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from enum import IntEnum
from typing import TypeVar

from focuscoach.core.categories import Categorizer, Category
from focuscoach.core.records import Task, on_task
from focuscoach.core.reports.week import Week
from focuscoach.core.store.week import (
    BREAK_POSTPONED,
    BREAK_SKIPPED,
    BREAK_TAKEN,
    NUDGE_SHOWN,
    AfkRow,
    TaskInfo,
    WeekData,
    WindowRow,
)

GRACE = 60.0
EPISODE_MIN = 30.0
DEEP_STRETCH = 25 * 60.0
SWITCH_CEILING = 120.0  # switches per active hour at which the calm part of the score is 0
MIN_SCORED_ACTIVE = 10 * 60.0
FOCUS_ROOTS: tuple[str, ...] = ("Work",)
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


class Kind(IntEnum):
    FOCUS = 0
    OTHER = 1
    DISTRACTION = 2


@dataclass(frozen=True, slots=True)
class Piece:
    """Active time in one window: a window span clipped to the week, minus AFK."""

    start: float
    stop: float
    kind: Kind
    app: str
    title: str
    category: Category


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
class TaskTime:
    id: int
    title: str
    planned_s: float
    actual_s: float
    estimate_s: float | None
    done: bool


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


def category_label(category: Category) -> str:
    return " › ".join(category[:2])


# --- the computation ----------------------------------------------------------------------


def compute_week(data: WeekData, week: Week, tz: tzinfo, categorizer: Categorizer) -> WeekStats:
    """All the week's figures from its rows; `data` must start where `week.bounds(tz)` does,
    and its end (at most the week's) is where activity stops being counted."""
    start, end = week.bounds(tz)
    tasks = _task_objects(data.tasks)
    # `data` may end early (the same days of the week before a week in progress): activity
    # is counted up to its end.
    pieces = active_pieces(
        data.windows,
        data.afk or [],
        start,
        min(end, data.end),
        window_classifier(categorizer, tasks),
    )
    days = [DayStats(day) for day in week.days]
    day_edges = [a for a, _ in week.day_bounds(tz)] + [end]
    hour_edges = week.hour_edges(tz)
    flat_hours = [edge for edges in hour_edges for edge in edges[:-1]] + [end]
    heatmap = [[0.0] * 24 for _ in range(7)]
    categories: dict[str, float] = defaultdict(float)
    apps: dict[str, float] = defaultdict(float)
    titles: dict[tuple[str, str], float] = defaultdict(float)

    for piece in pieces:
        length = piece.stop - piece.start
        categories[category_label(piece.category)] += length
        apps[piece.app] += length
        titles[(piece.app, piece.title)] += length
        for slot, seconds in _split(piece.start, piece.stop, flat_hours):
            day = days[slot // 24]
            day.active_s += seconds
            if piece.kind is Kind.FOCUS:
                day.focus_s += seconds
                heatmap[slot // 24][slot % 24] += seconds
            elif piece.kind is Kind.DISTRACTION:
                day.distraction_s += seconds
            else:
                day.other_s += seconds

    for first, _last, total in _runs(pieces, Kind.DISTRACTION):
        if total >= EPISODE_MIN:
            days[_index(first, day_edges)].episodes += 1
    longest = 0.0
    for first, last, total in _runs(pieces, Kind.FOCUS):
        day = days[_index(first, day_edges)]
        stretch = last - first
        day.longest_stretch_s = max(day.longest_stretch_s, stretch)
        longest = max(longest, stretch)
        if stretch >= DEEP_STRETCH:
            day.deep_focus_s += total
    for moment in _switches(data.windows, start, end):
        days[_index(moment, day_edges)].switches += 1

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
    stats.tasks = _task_times(data, tasks, pieces, start, end)
    stats.breaks = _breaks(data)
    stats.nudges = _nudges(data)
    if data.predictions is not None:
        stats.predictions = len(data.predictions)
        stats.alerts = sum(1 for p in data.predictions if p >= ALERT_THRESHOLD)
    return stats


def active_pieces(
    windows: Sequence[WindowRow],
    afk: Sequence[AfkRow],
    start: float,
    end: float,
    classify: Callable[[str, str], tuple[Kind, Category]],
) -> list[Piece]:
    """Window spans clipped to [start, end), each counted once, minus AFK time, in order."""
    away = _merge((max(s, start), min(e, end)) for s, e, is_afk in afk if is_afk)
    pieces: list[Piece] = []
    covered = start
    j = 0
    for w_start, w_stop, app, title in sorted(windows):
        a, b = max(w_start, covered, start), min(w_stop, end)
        if b <= a:
            continue
        covered = b
        kind, category = classify(app, title)
        while j < len(away) and away[j][1] <= a:
            j += 1
        k = j
        cursor = a
        while k < len(away) and away[k][0] < b:
            if away[k][0] > cursor:
                pieces.append(Piece(cursor, away[k][0], kind, app, title, category))
            cursor = max(cursor, away[k][1])
            k += 1
        if cursor < b:
            pieces.append(Piece(cursor, b, kind, app, title, category))
    return pieces


def _merge(intervals: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def window_classifier(
    categorizer: Categorizer, tasks: Sequence[Task]
) -> Callable[[str, str], tuple[Kind, Category]]:
    """(app, title) -> (kind, category), cached: a window on one of `tasks` (by its app or
    title pattern) is focus, then a distracting category, then a focus root, else other."""
    patterned = [t for t in tasks if t.app_pattern is not None or t.title_pattern is not None]
    cache: dict[tuple[str, str], tuple[Kind, Category]] = {}

    def classify(app: str, title: str) -> tuple[Kind, Category]:
        known = cache.get((app, title))
        if known is None:
            category = categorizer.categorize(app, title)
            if any(on_task(t, app, title) for t in patterned):
                kind = Kind.FOCUS
            elif categorizer.is_distracting(category):
                kind = Kind.DISTRACTION
            elif category[0] in FOCUS_ROOTS:
                kind = Kind.FOCUS
            else:
                kind = Kind.OTHER
            known = cache[(app, title)] = (kind, category)
        return known

    return classify


def _split(a: float, b: float, edges: Sequence[float]) -> Iterable[tuple[int, float]]:
    """(slot, seconds) of [a, b) over the slots between consecutive `edges`."""
    slot = bisect_right(edges, a) - 1
    while a < b and slot < len(edges) - 1:
        slot_end = edges[slot + 1]
        if slot_end > a:
            cut = min(b, slot_end)
            yield max(slot, 0), cut - a
            a = cut
        slot += 1


def _index(moment: float, edges: Sequence[float]) -> int:
    return min(max(bisect_right(edges, moment) - 1, 0), len(edges) - 2)


def _runs(pieces: Sequence[Piece], kind: Kind) -> Iterable[tuple[float, float, float]]:
    """(first, last, seconds of `kind`) for runs of `kind` with gaps shorter than GRACE."""
    first = last = total = 0.0
    open_run = False
    for piece in pieces:
        if piece.kind is not kind:
            continue
        if open_run and piece.start - last < GRACE:
            last = max(last, piece.stop)
            total += piece.stop - piece.start
            continue
        if open_run:
            yield first, last, total
        first, last, total, open_run = piece.start, piece.stop, piece.stop - piece.start, True
    if open_run:
        yield first, last, total


def _switches(windows: Sequence[WindowRow], start: float, end: float) -> Iterable[float]:
    previous: WindowRow | None = None
    for row in windows:
        if previous is not None and start <= row[0] < end:
            changed = row[2] != previous[2] or row[3] != previous[3]
            if changed and row[0] - previous[1] < GRACE:
                yield row[0]
        previous = row


def _top(items: Iterable[tuple[_K, float]], n: int | None) -> list[tuple[_K, float]]:
    ranked = sorted((item for item in items if item[1] > 0), key=lambda kv: (-kv[1], str(kv[0])))
    return ranked[:n] if n is not None else ranked


def _moods(stats: WeekStats, data: WeekData, day_edges: Sequence[float]) -> None:
    if not data.moods:
        return
    moods: dict[int, list[int]] = defaultdict(list)
    energy: dict[int, list[int]] = defaultdict(list)
    for at, mood, level in data.moods:
        index = _index(at, day_edges)
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


def _task_objects(tasks: dict[int, TaskInfo] | None) -> list[Task]:
    result = []
    for info in (tasks or {}).values():
        try:
            result.append(
                Task(
                    id=info.id,
                    title=info.title,
                    priority=1,
                    app_pattern=info.app_pattern,
                    title_pattern=info.title_pattern,
                )
            )
        except ValueError:  # a pattern that no longer compiles marks nothing
            continue
    return result


def _task_times(
    data: WeekData, tasks: Sequence[Task], pieces: Sequence[Piece], start: float, end: float
) -> list[TaskTime] | None:
    if data.tasks is None and data.blocks is None:
        return None
    planned: dict[int, float] = defaultdict(float)
    block_ranges: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for block in data.blocks or []:
        if block.kind != "focus" or block.task_id is None:
            continue
        a, b = max(block.start, start), min(block.end, end)
        if b > a:
            planned[block.task_id] += b - a
            block_ranges[block.task_id].append((a, b))
    per_window: dict[tuple[str, str], float] = defaultdict(float)
    for p in pieces:
        per_window[(p.app, p.title)] += p.stop - p.start
    actual: dict[int, float] = defaultdict(float)
    for task in tasks:
        if task.id is None or (task.app_pattern is None and task.title_pattern is None):
            continue
        actual[task.id] = sum(
            seconds for (app, title), seconds in per_window.items() if on_task(task, app, title)
        )
    for task_id, ranges in block_ranges.items():
        if task_id in actual:
            continue
        actual[task_id] = sum(
            max(0.0, min(b, p.stop) - max(a, p.start))
            for a, b in ranges
            for p in pieces
            if p.kind is Kind.FOCUS and p.stop > a and p.start < b
        )
    infos = data.tasks or {}
    result = []
    for task_id in sorted(set(planned) | set(actual) | set(infos)):
        info = infos.get(task_id)
        done = info is not None and info.done_at is not None and start <= info.done_at < end
        if planned[task_id] <= 0 and actual[task_id] <= 0 and not done:
            continue
        estimate = info.estimate_min * 60.0 if info and info.estimate_min else None
        title = (
            info.title
            if info
            else next(
                (b.title for b in data.blocks or [] if b.task_id == task_id and b.title),
                f"task {task_id}",
            )
        )
        result.append(TaskTime(task_id, title, planned[task_id], actual[task_id], estimate, done))
    result.sort(key=lambda t: (-max(t.planned_s, t.actual_s), t.id))
    return result


def _breaks(data: WeekData) -> Breaks | None:
    if data.coach is None:
        return None
    kinds = [kind for _, kind in data.coach]
    return Breaks(
        taken=sum(1 for k in kinds if k in BREAK_TAKEN),
        postponed=kinds.count(BREAK_POSTPONED),
        skipped=kinds.count(BREAK_SKIPPED),
    )


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
