"""Today: how the day is going so far. Pure functions over the day's rows and a given `now`
(no clock, no Qt); `load_today` reads the rows through the store's readers.

Definitions follow the weekly review (core/reports/stats.py): *focused* time is active time
(window time minus time away) in an on-task or "Work" window; *distracting* time is active time
in a distracting category. Plan figures come from the day's accepted plan. A task's time is
its on-task windows (core/records.on_task) during its focus blocks; a task without
patterns counts the focused time during its blocks instead (as the review does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from focuscoach.core.categories import Categorizer, category_label
from focuscoach.core.records import (
    AfkSpan,
    CoachLogEntry,
    StoredBlock,
    StoredPlan,
    Task,
    TaskStatus,
    WindowSpan,
    on_task,
)
from focuscoach.core.reports.break_log import (
    BREAK_AWAY,
    BREAK_ENDED,
    BREAK_KINDS,
    BREAK_STARTED,
    count_breaks,
)
from focuscoach.core.reports.pieces import (
    Kind,
    Piece,
    active_pieces,
    context_spans,
    in_context,
    task_blocks,
    window_classifier,
)
from focuscoach.core.store.handles import Database

#: Window pieces of one category closer than this are drawn as one stretch of the timeline.
MERGE_GAP_S = 5.0
TOP_DISTRACTIONS = 5


@dataclass(frozen=True, slots=True)
class BlockNow:
    """A block of the plan as Today shows it, with its seconds left (or until it starts)."""

    start: float
    end: float
    kind: str
    task_id: int | None
    title: str
    seconds: float  # current block: time left; next block: time until it starts


@dataclass(frozen=True, slots=True)
class Stretch:
    """One piece of the timeline: windows of one category, a block, a break or time away."""

    start: float
    end: float
    what: str  # windows: "focus" / "distraction" / "other"; blocks: their kind; breaks: kind
    label: str  # the category ("Work > Programming"), the block's title, or the break kind


@dataclass(frozen=True, slots=True)
class TaskToday:
    id: int
    title: str
    planned_s: float  # its focus blocks today
    spent_s: float  # on-task time during those blocks
    done: bool


@dataclass(frozen=True, slots=True)
class BreaksToday:
    taken: int
    skipped: int
    postponed: int


@dataclass(slots=True)
class Today:
    day: date
    now: float
    start: float  # local midnight
    end: float  # the next local midnight
    has_plan: bool = False
    focused_s: float = 0.0
    active_s: float = 0.0
    distraction_s: float = 0.0
    planned_focus_s: float = 0.0  # the whole day's focus blocks
    planned_so_far_s: float = 0.0  # the part of them before now
    current: BlockNow | None = None
    next: BlockNow | None = None
    breaks: BreaksToday = field(default_factory=lambda: BreaksToday(0, 0, 0))
    windows: list[Stretch] = field(default_factory=list)
    blocks: list[Stretch] = field(default_factory=list)
    break_spans: list[Stretch] = field(default_factory=list)
    away: list[Stretch] = field(default_factory=list)
    distractions: list[tuple[str, float]] = field(default_factory=list)
    tasks: list[TaskToday] = field(default_factory=list)

    def to_json(self, tz: tzinfo) -> dict[str, Any]:
        """Stable field names; times as local ISO 8601 with their offset, lengths in seconds."""

        def at(ts: float) -> str:
            return datetime.fromtimestamp(ts, tz).isoformat(timespec="seconds")

        def block(b: BlockNow | None, seconds: str) -> dict[str, Any] | None:
            if b is None:
                return None
            return {
                "kind": b.kind,
                "title": b.title,
                "task_id": b.task_id,
                "start": at(b.start),
                "end": at(b.end),
                seconds: round(b.seconds),
            }

        def stretches(items: Sequence[Stretch], kind: str, label: str) -> list[dict[str, Any]]:
            return [
                {"start": at(s.start), "end": at(s.end), kind: s.what, label: s.label}
                for s in items
            ]

        return {
            "date": self.day.isoformat(),
            "now": at(self.now),
            "has_plan": self.has_plan,
            "focused_s": round(self.focused_s),
            "planned_focus_s": round(self.planned_focus_s),
            "planned_so_far_s": round(self.planned_so_far_s),
            "active_s": round(self.active_s),
            "distraction_s": round(self.distraction_s),
            "current_block": block(self.current, "left_s"),
            "next_block": block(self.next, "starts_in_s"),
            "breaks": {
                "taken": self.breaks.taken,
                "skipped": self.breaks.skipped,
                "postponed": self.breaks.postponed,
            },
            "timeline": {
                "windows": stretches(self.windows, "kind", "category"),
                "blocks": stretches(self.blocks, "kind", "title"),
                "breaks": stretches(self.break_spans, "kind", "label"),
                "away": [{"start": at(s.start), "end": at(s.end)} for s in self.away],
            },
            "top_distractions": [
                {"category": name, "seconds": round(seconds)} for name, seconds in self.distractions
            ],
            "tasks": [
                {
                    "id": t.id,
                    "title": t.title,
                    "planned_s": round(t.planned_s),
                    "spent_s": round(t.spent_s),
                    "done": t.done,
                }
                for t in self.tasks
            ],
        }


def day_bounds(day: date, tz: tzinfo) -> tuple[float, float]:
    """Local midnight of `day` and of the day after, as instants."""
    following = day + timedelta(days=1)
    start = datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()
    return start, datetime(following.year, following.month, following.day, tzinfo=tz).timestamp()


def day_pieces(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    start: float,
    until: float,
    categorizer: Categorizer,
    tasks: Sequence[Task],
    plan: StoredPlan | None,
    context: Collection[tuple[str, str, str]],
) -> list[Piece]:
    """The day's active pieces, classified: by the rules and the tasks' patterns, and a window
    judged on-task in context as focus inside its task's blocks of the day's plan."""
    pieces = active_pieces(
        [(w.start, w.end, w.app, w.title) for w in windows],
        [(a.start, a.end, a.afk) for a in afk],
        start,
        until,
        window_classifier(categorizer, tasks),
    )
    titles = {t.id: t.title for t in tasks if t.id is not None}
    blocks = task_blocks(plan.blocks if plan else (), titles)
    return in_context(pieces, context_spans(context, blocks))


def compute_today(
    day: date,
    now: float,
    tz: tzinfo,
    categorizer: Categorizer,
    *,
    windows: Sequence[WindowSpan] = (),
    afk: Sequence[AfkSpan] = (),
    plan: StoredPlan | None = None,
    tasks: Sequence[Task] = (),
    coach: Sequence[CoachLogEntry] = (),
    context: Collection[tuple[str, str, str]] = (),
) -> Today:
    """Today's figures up to `now` (a day before now is shown whole, one after it empty)."""
    start, end = day_bounds(day, tz)
    until = min(max(now, start), end)
    pieces = day_pieces(windows, afk, start, until, categorizer, tasks, plan, context)
    return today_from_pieces(day, now, tz, pieces, afk=afk, plan=plan, tasks=tasks, coach=coach)


def today_from_pieces(
    day: date,
    now: float,
    tz: tzinfo,
    pieces: Sequence[Piece],
    *,
    afk: Sequence[AfkSpan] = (),
    plan: StoredPlan | None = None,
    tasks: Sequence[Task] = (),
    coach: Sequence[CoachLogEntry] = (),
) -> Today:
    """Today's figures from the day's classified pieces (`day_pieces`), for a caller that
    needs the pieces too (the daily summary's longest stretch)."""
    start, end = day_bounds(day, tz)
    today = Today(day=day, now=now, start=start, end=end, has_plan=plan is not None)
    until = min(max(now, start), end)
    distractions: dict[str, float] = defaultdict(float)
    for piece in pieces:
        length = piece.stop - piece.start
        today.active_s += length
        if piece.kind is Kind.FOCUS:
            today.focused_s += length
        elif piece.kind is Kind.DISTRACTION:
            today.distraction_s += length
            distractions[category_label(piece.category)] += length
    today.distractions = sorted(distractions.items(), key=lambda kv: (-kv[1], kv[0]))[
        :TOP_DISTRACTIONS
    ]
    today.windows = _stretches(pieces)
    today.away = [
        Stretch(max(a.start, start), min(a.end, until), "away", "")
        for a in afk
        if a.afk and min(a.end, until) > max(a.start, start)
    ]

    blocks = sorted(
        (b for b in (plan.blocks if plan else ()) if b.end > start and b.start < end),
        key=lambda b: (b.start, b.end),
    )
    today.blocks = [Stretch(max(b.start, start), min(b.end, end), b.kind, b.title) for b in blocks]
    for b in blocks:
        if b.kind == "focus":
            today.planned_focus_s += min(b.end, end) - max(b.start, start)
            today.planned_so_far_s += max(0.0, min(b.end, until) - max(b.start, start))
    current = [b for b in blocks if b.start <= now < b.end]
    if current:
        # A focus block inside a meeting's time is what the user is doing: prefer focus.
        chosen = min(current, key=lambda b: (b.kind != "focus", b.start))
        today.current = _block_now(chosen, chosen.end - now)
    upcoming = [b for b in blocks if b.start > now]
    if upcoming:
        today.next = _block_now(upcoming[0], upcoming[0].start - now)

    today.breaks, today.break_spans = _breaks(coach, start, until)
    today.tasks = _task_times(blocks, tasks, pieces, start, until)
    return today


_KIND_NAMES = {Kind.FOCUS: "focus", Kind.DISTRACTION: "distraction", Kind.OTHER: "other"}


def _stretches(pieces: Iterable[Piece]) -> list[Stretch]:
    """Consecutive pieces of one category (gaps under MERGE_GAP_S) as one stretch."""
    result: list[Stretch] = []
    for piece in pieces:
        label = category_label(piece.category)
        what = _KIND_NAMES[piece.kind]
        last = result[-1] if result else None
        if (
            last is not None
            and last.label == label
            and last.what == what
            and piece.start - last.end < MERGE_GAP_S
        ):
            result[-1] = Stretch(last.start, max(last.end, piece.stop), what, label)
        else:
            result.append(Stretch(piece.start, piece.stop, what, label))
    return result


def _block_now(block: StoredBlock, seconds: float) -> BlockNow:
    return BlockNow(block.start, block.end, block.kind, block.task_id, block.title, seconds)


def _breaks(
    coach: Sequence[CoachLogEntry], start: float, until: float
) -> tuple[BreaksToday, list[Stretch]]:
    """Counts from the coach log, and the breaks' spans: a started break lasts until it ends
    (break_ended) or its planned end; time away that counted as a break lasts `away_s`."""
    entries = sorted((e for e in coach if start <= e.at < until), key=lambda e: e.at)
    # A break skipped or postponed on the break screen is not taken (core/reports/break_log.py).
    taken, skipped, postponed = count_breaks((e.at, e.kind) for e in entries)
    spans: list[Stretch] = []
    for i, entry in enumerate(entries):
        kind = str(entry.detail.get("break_kind", ""))
        if entry.kind == BREAK_STARTED:
            stop = _number(entry.detail.get("until"), entry.at)
            ended = next(
                (e.at for e in entries[i + 1 :] if e.kind in (BREAK_ENDED, BREAK_STARTED)), None
            )
            if ended is not None:
                stop = min(stop, ended)
            stop = min(stop, until)
            if stop > entry.at:
                spans.append(Stretch(entry.at, stop, kind, kind))
        elif entry.kind == BREAK_AWAY:
            away = _number(entry.detail.get("away_s"), 0.0)
            first = max(start, entry.at - away)
            if entry.at > first:
                spans.append(Stretch(first, entry.at, kind, kind))
    return BreaksToday(taken, skipped, postponed), spans


def _number(value: object, default: float) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default
    )


def _task_times(
    blocks: Sequence[StoredBlock],
    tasks: Sequence[Task],
    pieces: Sequence[Piece],
    start: float,
    until: float,
) -> list[TaskToday]:
    """Each task with focus blocks today, and every open task (to start a block for)."""
    ranges: dict[int, list[tuple[float, float]]] = defaultdict(list)
    planned: dict[int, float] = defaultdict(float)
    titles: dict[int, str] = {}
    for b in blocks:
        if b.kind == "focus" and b.task_id is not None:
            ranges[b.task_id].append((b.start, b.end))
            planned[b.task_id] += b.end - b.start
            titles.setdefault(b.task_id, b.title)
    known = {t.id: t for t in tasks if t.id is not None}
    ids = [
        t.id for t in tasks if t.id is not None and (t.status is TaskStatus.OPEN or t.id in ranges)
    ]
    ids += sorted(i for i in ranges if i not in known)
    result = []
    for task_id in ids:
        task = known.get(task_id)
        spent = 0.0
        for first, last in ranges.get(task_id, ()):
            a, z = max(first, start), min(last, until)
            for piece in pieces:
                if piece.stop <= a or piece.start >= z:
                    continue
                counts = (
                    on_task(task, piece.app, piece.title)
                    if task is not None and (task.app_pattern or task.title_pattern)
                    else piece.kind is Kind.FOCUS
                )
                if counts:
                    spent += min(z, piece.stop) - max(a, piece.start)
        result.append(
            TaskToday(
                id=task_id,
                title=task.title if task is not None else titles.get(task_id, f"task {task_id}"),
                planned_s=planned.get(task_id, 0.0),
                spent_s=spent,
                done=task is not None and task.status is TaskStatus.DONE,
            )
        )
    # Planned today first (most planned first), then the rest in planning order.
    return sorted(result, key=lambda t: -t.planned_s)


def load_today(db: Database, day: date, now: float, tz: tzinfo, categorizer: Categorizer) -> Today:
    """Read the day's rows through the store's readers (a read-only connection is enough)."""
    from focuscoach.core.store import context, history, journal, plans
    from focuscoach.core.store import tasks as task_store

    start, end = day_bounds(day, tz)
    until = min(max(now, start), end)
    return compute_today(
        day,
        now,
        tz,
        categorizer,
        windows=history.window_spans(db.conn, start, until) if until > start else [],
        afk=history.afk_spans(db.conn, start, until) if until > start else [],
        plan=plans.load_plan(db, day),
        tasks=task_store.list_tasks(db, include_done=True),
        coach=journal.list_coach_events(db, since=start, until=until, kinds=BREAK_KINDS),
        context=context.on_task_pairs(db.conn),
    )
