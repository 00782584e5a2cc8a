"""`focuscoach today`: how the day is going (core/reports/today.py), as text or JSON.

It only reads: a read-only connection, and no database is created just for looking.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from focuscoach.core.cli.common import Context, UsageError

if TYPE_CHECKING:
    import sqlite_utils

    from focuscoach.core.reports.today import BlockNow, Today

#: The clock (tests replace it).
clock: Callable[[], float] = time.time


def register(commands: Any) -> None:
    today = commands.add_parser(
        "today",
        help="how today is going: focused time against the plan, blocks, breaks, distractions",
        description="Show the day so far: focused time against the accepted plan, the current "
        "and next block, breaks taken, the timeline hour by hour, the top distractions and the "
        "time spent on each task. Times are local, to the minute.",
    )
    today.add_argument(
        "--date",
        metavar="DATE",
        help="YYYY-MM-DD, 'today' (default), 'yesterday' or 'tomorrow'",
    )
    today.add_argument("--json", action="store_true", help="print JSON (stable field names)")
    today.set_defaults(handler=cmd_today)


def cmd_today(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.categories import user_categorizer
    from focuscoach.core.planning.tasks import parse_date
    from focuscoach.core.reports.today import compute_today, load_today
    from focuscoach.core.terminal import print_json
    from focuscoach.core.timeutil import local_zone

    tz = local_zone()
    now = clock()
    local_today = datetime.fromtimestamp(now, tz).date()
    try:
        day = local_today if args.date is None else parse_date(args.date, local_today)
        rules = user_categorizer(ctx.paths.categories_file)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    db = _open(ctx)
    try:
        if db is None:
            today: Today = compute_today(day, now, tz, rules)
        else:
            today = load_today(db, day, now, tz, rules)
    finally:
        if db is not None:
            db.close()
    if args.json:
        print_json(today.to_json(tz))
    else:
        for line in text_lines(today, tz):
            print(line)
    return 0


def _open(ctx: Context) -> sqlite_utils.Database | None:
    """The store read-only (checked as every command checks it), or None when nothing has been
    recorded yet."""
    from focuscoach.core.store.database import open_database
    from focuscoach.core.store.schema import SchemaError

    path = ctx.paths.database
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return open_database(path, readonly=True)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None


def text_lines(today: Today, tz: tzinfo) -> list[str]:
    """The day as lines of text in the current language (core/i18n.py), every stored string
    made safe for the terminal. Kinds, category names and units are translated here; titles,
    apps and numbers are the user's data and shown as stored."""
    from focuscoach.core import i18n
    from focuscoach.core.i18n import _
    from focuscoach.core.reports.summary import fmt_duration
    from focuscoach.core.terminal import safe

    def hm(ts: float) -> str:
        return datetime.fromtimestamp(ts, tz).strftime("%H:%M")

    day = today.day
    as_of = min(max(today.now, today.start), today.end)
    lines = [_("Today, {day} (as of {clock})").format(day=i18n.full_date(day), clock=hm(as_of))]
    if today.has_plan:
        lines.append(
            _("Focused: {focused} of {planned} planned ({so_far} planned so far)").format(
                focused=fmt_duration(today.focused_s),
                planned=fmt_duration(today.planned_focus_s),
                so_far=fmt_duration(today.planned_so_far_s),
            )
        )
    else:
        lines.append(
            _("Focused: {focused} (no plan accepted for this day)").format(
                focused=fmt_duration(today.focused_s)
            )
        )

    def block_line(template: str, block: BlockNow, **seconds: str) -> str:
        return template.format(
            kind=block_kind(block.kind),
            start=hm(block.start),
            end=hm(block.end),
            title=safe(block_title(block.kind, block.title)),
            **seconds,
        )

    if today.current is not None:
        now_line = _("Now: {kind} {start}-{end} {title}, {left} left")
        lines.append(block_line(now_line, today.current, left=fmt_duration(today.current.seconds)))
    if today.next is not None:
        next_line = _("Next: {kind} {start}-{end} {title}, in {wait}")
        lines.append(block_line(next_line, today.next, wait=fmt_duration(today.next.seconds)))
    b = today.breaks
    lines.append(
        _("Breaks: {taken} taken, {skipped} skipped, {postponed} postponed").format(
            taken=b.taken, skipped=b.skipped, postponed=b.postponed
        )
    )
    if today.blocks:
        lines.append(_("Plan:"))
        for s in today.blocks:
            label = safe(block_title(s.what, s.label))
            lines.append(f"  {hm(s.start)}-{hm(s.end)}  {i18n.pad(block_kind(s.what), 8)} {label}")
    hours = _hours(today, tz)
    if hours:
        lines.append(_("Timeline (active minutes per hour: focus / distracting / other):"))
        for start, (focus, distraction, other) in hours:
            lines.append(
                f"  {hm(start)}  {_bar(focus, distraction, other)}"
                f"  {round(focus / 60):>2} / {round(distraction / 60):>2} / {round(other / 60):>2}"
            )
    if today.break_spans:
        lines.append(_("Breaks taken:"))
        for s in today.break_spans:
            lines.append(f"  {hm(s.start)}-{hm(s.end)}  {break_kind(s.what)}")
    if today.distractions:
        lines.append(_("Top distractions:"))
        for name, seconds in today.distractions:
            spent = i18n.pad(fmt_duration(seconds), 12, right=True)
            lines.append(f"  {spent}  {safe(i18n.category_name(name))}")
    if today.tasks:
        lines.append(_("Tasks (time on task during its blocks / planned):"))
        for t in today.tasks:
            done = _("  (done)") if t.done else ""
            lines.append(
                f"  {t.id:>4}  {i18n.pad(fmt_duration(t.spent_s), 12, right=True)}"
                f" / {i18n.pad(fmt_duration(t.planned_s), 12)}"
                f" {safe(t.title)}{done}"
            )
    return lines


def block_kind(kind: str) -> str:
    """A plan block's kind as shown ('focus' / '专注'); an unknown kind as stored."""
    from focuscoach.core.i18n import _

    names = {"focus": _("focus"), "meeting": _("meeting"), "break": _("break")}
    return names.get(kind, kind)


def block_title(kind: str, title: str) -> str:
    """A block's title as shown: the planner's own title for a break ("Break") is the app's
    word, translated; the user's titles (tasks, calendar events) are shown as written."""
    from focuscoach.core.i18n import _

    return _("Break") if kind == "break" and title == "Break" else title


def break_kind(kind: str) -> str:
    """A break's kind as shown ('micro' / '微休息')."""
    from focuscoach.core.i18n import _

    names = {"micro": _("micro"), "long": _("long")}
    return names.get(kind, kind)


def _hours(today: Today, tz: tzinfo) -> list[tuple[float, tuple[float, float, float]]]:
    """(hour start, (focus, distraction, other seconds)) for each local hour with activity."""
    totals: dict[float, list[float]] = {}
    index = {"focus": 0, "distraction": 1, "other": 2}
    for s in today.windows:
        a = s.start
        while a < s.end:
            hour = _hour_start(a, tz)
            cut = min(s.end, hour + 3600.0)
            totals.setdefault(hour, [0.0, 0.0, 0.0])[index.get(s.what, 2)] += cut - a
            a = cut
    return [(h, (v[0], v[1], v[2])) for h, v in sorted(totals.items())]


def _hour_start(ts: float, tz: tzinfo) -> float:
    """The start of the local hour holding `ts` (half-hour zones included)."""
    moment = datetime.fromtimestamp(ts, tz)
    return moment.replace(minute=0, second=0, microsecond=0).timestamp()


def _bar(focus: float, distraction: float, other: float, width: int = 12) -> str:
    """A small bar of the hour: '#' focus, '!' distracting, '.' other, ' ' idle."""
    cells = [round(width * v / 3600.0) for v in (focus, distraction, other)]
    text = "#" * cells[0] + "!" * cells[1] + "." * cells[2]
    return text[:width].ljust(width)
