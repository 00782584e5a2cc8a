"""The end-of-day summary's figures and text: time focused today (as Today counts it), the
longest focused stretch (as the weekly review counts it) and tomorrow's first planned block.

When it is shown is the coach's policy (core/coaching/daily_summary.py). The text is composed
here in the current language (core/i18n.py), so the tray only shows it; its Chinese entries
sit at the end of this module, next to the code that asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from focuscoach.core import i18n
from focuscoach.core.categories import Categorizer
from focuscoach.core.i18n import _
from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.reports.pieces import Kind, Piece, runs
from focuscoach.core.reports.today import Today, day_bounds, day_pieces, today_from_pieces
from focuscoach.core.store.handles import Database

#: Blocks that can open a day; planned breaks never come first in a useful sense.
OPENING_KINDS = ("focus", "meeting")


@dataclass(frozen=True, slots=True)
class DaySummary:
    """The figures of one day's summary (seconds; instants in POSIX seconds)."""

    day: date
    focused_s: float
    planned_focus_s: float  # the day's accepted plan's focus blocks (0: no plan)
    active_s: float
    #: The longest focused stretch: focused windows with gaps under a minute (pieces.GRACE),
    #: from its first to its last second, as the weekly review's "longest stretch".
    longest_s: float
    longest_start: float | None
    #: Tomorrow's first planned focus block or meeting; None when nothing is planned yet.
    next_start: float | None = None
    next_kind: str = ""
    next_title: str = ""

    @property
    def empty(self) -> bool:
        """Nothing to sum up: no time at the computer and no plan (a day off, or the app
        opened in the evening only)."""
        return self.active_s <= 0 and self.planned_focus_s <= 0


def longest_stretch(pieces: list[Piece]) -> tuple[float, float | None]:
    """(length, start) of the longest focused run; (0, None) without focused time."""
    best: tuple[float, float | None] = (0.0, None)
    for first, last, _total in runs(pieces, Kind.FOCUS):
        if last - first > best[0]:
            best = (last - first, first)
    return best


def first_block(plan: StoredPlan | None) -> StoredBlock | None:
    """The plan's first focus block or meeting, by start."""
    blocks = [b for b in (plan.blocks if plan else ()) if b.kind in OPENING_KINDS]
    return min(blocks, key=lambda b: (b.start, b.end)) if blocks else None


def summarise(today: Today, pieces: list[Piece], tomorrow: StoredPlan | None) -> DaySummary:
    """The summary of `today` (figures up to its `now`) with `tomorrow`'s plan."""
    length, start = longest_stretch(pieces)
    block = first_block(tomorrow)
    return DaySummary(
        day=today.day,
        focused_s=today.focused_s,
        planned_focus_s=today.planned_focus_s,
        active_s=today.active_s,
        longest_s=length,
        longest_start=start,
        next_start=block.start if block else None,
        next_kind=block.kind if block else "",
        next_title=block.title if block else "",
    )


def load_day_summary(
    db: Database, day: date, now: float, tz: tzinfo, categorizer: Categorizer
) -> DaySummary:
    """Read `day` up to `now` and tomorrow's plan through the store's readers (read-only is
    enough). The day is read once; Today's figures and the stretch come from the same rows."""
    from focuscoach.core.store import context, history, plans
    from focuscoach.core.store import tasks as task_store

    start, end = day_bounds(day, tz)
    until = min(max(now, start), end)
    windows = history.window_spans(db.conn, start, until) if until > start else []
    afk = history.afk_spans(db.conn, start, until) if until > start else []
    tasks = task_store.list_tasks(db, include_done=True)
    pairs = context.on_task_pairs(db.conn)
    plan = plans.load_plan(db, day)
    pieces = day_pieces(windows, afk, start, until, categorizer, tasks, plan, pairs)
    today = today_from_pieces(day, now, tz, pieces, afk=afk, plan=plan, tasks=tasks)
    return summarise(today, pieces, plans.load_plan(db, day + timedelta(days=1)))


def _minutes(seconds: float) -> str:
    return i18n.duration(int(seconds // 60))


def summary_text(summary: DaySummary, tz: tzinfo | None = None) -> tuple[str, str]:
    """(title, body) in the current language; clock times in `tz` (None: the local zone)."""

    def clock(ts: float) -> str:
        return datetime.fromtimestamp(ts, tz).strftime("%H:%M")

    lines = []
    if summary.planned_focus_s > 0:
        lines.append(
            _("Focused {time} of {planned} planned.").format(
                time=_minutes(summary.focused_s), planned=_minutes(summary.planned_focus_s)
            )
        )
    else:
        lines.append(_("Focused {time}.").format(time=_minutes(summary.focused_s)))
    if summary.longest_start is not None and summary.longest_s >= 60:
        lines.append(
            _("Longest focused stretch: {time}, from {clock}.").format(
                time=_minutes(summary.longest_s), clock=clock(summary.longest_start)
            )
        )
    if summary.next_start is None:
        lines.append(_("Nothing planned yet for tomorrow."))
    else:
        what = summary.next_title or (
            _("focus block") if summary.next_kind == "focus" else _("meeting")
        )
        lines.append(
            _("Tomorrow: {what} at {clock}.").format(what=what, clock=clock(summary.next_start))
        )
    return _("Your day"), "\n".join(lines)


ZH_CN = {
    "Your day": "今日小结",
    "Focused {time} of {planned} planned.": "专注 {time}，计划 {planned}。",
    "Focused {time}.": "专注 {time}。",
    "Longest focused stretch: {time}, from {clock}.": "最长连续专注：{time}，从 {clock} 开始。",
    "Nothing planned yet for tomorrow.": "明天还没有计划。",
    "Tomorrow: {what} at {clock}.": "明天：{clock} {what}。",
    "focus block": "专注时段",
    "meeting": "会议",
}
i18n.add("zh_CN", ZH_CN)
