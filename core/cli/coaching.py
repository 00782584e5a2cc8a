"""Commands for the coach's inputs: tasks, mood self-reports and the day's plan."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from focuscoach.core import i18n
from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.cli.today import block_kind, block_title
from focuscoach.core.coaching.mood import MoodEntry, check_note, parse_scale
from focuscoach.core.i18n import _
from focuscoach.core.planning.calendar import CalendarError
from focuscoach.core.planning.from_settings import planner_settings
from focuscoach.core.planning.service import build_plan, save_plan
from focuscoach.core.planning.tasks import (
    Task,
    check_pattern,
    check_text,
    format_estimate,
    parse_date,
    parse_estimate,
    parse_priority,
)
from focuscoach.core.records import StoredPlan
from focuscoach.core.store import journal, plans
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import open_database
from focuscoach.core.store.schema import SchemaError
from focuscoach.core.terminal import print_json, safe
from focuscoach.core.timeutil import local_zone, shown

if TYPE_CHECKING:  # sqlite_utils (and numpy) cost a tenth of a second to import
    import sqlite_utils

# `task edit` clears an optional field when given this value.
CLEAR = "none"


def register(commands: Any) -> None:
    task = commands.add_parser("task", help="add, list, finish, edit or remove tasks")
    verbs = task.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help="add a task")
    add.add_argument("title")
    _task_options(add)
    add.set_defaults(handler=cmd_task_add)

    ls = verbs.add_parser("list", help="open tasks in planning order")
    ls.add_argument("--all", action="store_true", help="include finished tasks")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_task_list)

    done = verbs.add_parser("done", help="mark a task finished")
    done.add_argument("id", type=_task_id)
    done.add_argument("--undo", action="store_true", help="reopen it instead")
    done.set_defaults(handler=cmd_task_done)

    edit = verbs.add_parser("edit", help=f"change a task ('{CLEAR}' clears a field)")
    edit.add_argument("id", type=_task_id)
    edit.add_argument("--title")
    _task_options(edit)
    edit.set_defaults(handler=cmd_task_edit)

    rm = verbs.add_parser("rm", help="delete a task")
    rm.add_argument("id", type=_task_id)
    rm.set_defaults(handler=cmd_task_rm)

    mood = commands.add_parser("mood", help="log how you feel (1 low - 5 great)")
    mood.add_argument("score", help="mood from 1 to 5")
    mood.add_argument("--energy", help="energy from 1 to 5")
    mood.add_argument(
        "--note", default="", metavar="TEXT", help="what is behind it (at most 1,000 characters)"
    )
    mood.add_argument("--json", action="store_true", help="print the stored entry as JSON")
    mood.set_defaults(handler=cmd_mood)

    plan = commands.add_parser(
        "plan",
        help="plan a day's focus blocks and store the plan",
        description=(
            "Plan today or a later day and store it as that day's accepted plan. A past day is"
            " refused (its plan is what the weekly review reads); a day that already has an"
            " accepted plan is only planned again with --replace."
        ),
    )
    plan.add_argument(
        "--date",
        metavar="DATE",
        help="today (default), tomorrow or a later YYYY-MM-DD; past days are refused",
    )
    plan.add_argument(
        "--ics", action="append", default=[], metavar="FILE", help="a calendar (repeatable)"
    )
    plan.add_argument(
        "--replace",
        action="store_true",
        help="replace the day's accepted plan (without it, an accepted plan is kept)",
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.set_defaults(handler=cmd_plan)


def _task_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--priority", metavar="1-4", help="1 is the most important")
    parser.add_argument("--estimate", metavar="TIME", help="45m, 1h30m, 2h")
    parser.add_argument(
        "--due", metavar="DATE", help="YYYY-MM-DD, today or tomorrow (a past day is warned about)"
    )
    parser.add_argument("--notes")
    parser.add_argument("--app", metavar="REGEX", help="windows of these apps are on this task")
    parser.add_argument(
        "--title-pattern", metavar="REGEX", help="windows with these titles are on this task"
    )


# Task ids are SQLite rowids: 64-bit signed integers.
_MAX_TASK_ID = 2**63 - 1


def _task_id(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 19 or int(digits) < 1:
        raise argparse.ArgumentTypeError(
            f"task id must be a positive whole number, got {shown(text)}"
        )
    if int(digits) > _MAX_TASK_ID:
        raise argparse.ArgumentTypeError(f"no task with id {digits}")
    return int(digits)


@contextmanager
def _store(ctx: Context) -> Iterator[sqlite_utils.Database]:
    try:
        db = open_database(ctx.paths.database)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    try:
        yield db
    finally:
        db.close()


def _today() -> date:
    return datetime.now(local_zone()).date()


def _checked(func: Any, *args: Any) -> Any:
    """Run a parser or validator, turning its ValueError into a one-line usage error."""
    try:
        return func(*args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _task_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The options given on the command line, parsed; CLEAR maps to None."""
    fields: dict[str, Any] = {}
    optional = {"estimate", "due", "app", "title_pattern"}
    for name in ("priority", "estimate", "due", "notes", "app", "title_pattern"):
        text = getattr(args, name)
        if text is None:
            continue
        if name in optional and text.strip().lower() == CLEAR:
            fields[name] = None
        elif name == "priority":
            fields[name] = _checked(parse_priority, text)
        elif name == "estimate":
            fields[name] = _checked(parse_estimate, text)
        elif name == "due":
            fields[name] = _checked(parse_date, text, _today())
        elif name in ("app", "title_pattern"):
            _checked(check_text, text, None, "app pattern" if name == "app" else "title pattern")
            fields[name] = _checked(check_pattern, text, name.replace("_", " "))
        else:
            _checked(check_text, None, text)
            fields[name] = text
    if "app" in fields:
        fields["app_pattern"] = fields.pop("app")
    return fields


def cmd_task_add(ctx: Context, args: argparse.Namespace) -> int:
    fields = _task_fields(args)
    _checked(check_text, args.title)
    task = _checked(lambda: Task(id=None, title=args.title, created=time.time(), **fields))
    with _store(ctx) as db:
        task = task_store.add_task(db, task)
    print(_("Added task {id}: {title}").format(id=task.id, title=safe(task.title)))
    _warn_past_due(fields)
    return 0


def _warn_past_due(fields: dict[str, Any]) -> None:
    """A due date in the past is accepted (a task may really be overdue), never silently:
    one line on stderr after the change is stored. The planner puts it first, as overdue."""
    due = fields.get("due")
    if isinstance(due, date) and due < _today():
        print(
            "focuscoach: "
            + _("warning: the due date {due} is in the past; the task counts as overdue").format(
                due=due.isoformat()
            ),
            file=sys.stderr,
        )


def cmd_task_list(ctx: Context, args: argparse.Namespace) -> int:
    with _store(ctx) as db:
        tasks = task_store.list_tasks(db, include_done=args.all)
    if args.json:
        print_json([t.to_json_dict() for t in tasks])
        return 0
    if not tasks:
        print(_("No tasks. Add one with: focuscoach task add TITLE"))
        return 0
    for t in tasks:
        extras = [_("p{priority}").format(priority=t.priority)]
        if t.estimate is not None:
            extras.append(_estimate(t.estimate))
        if t.due is not None:
            extras.append(_("due {day}").format(day=t.due.isoformat()))
        if not t.is_open:
            extras.append(_("done"))
        shown_extras = _("({extras})").format(extras=_(", ").join(extras))
        print(f"{t.id:>4}  {safe(t.title)}  {shown_extras}")
    return 0


def _existing(db: sqlite_utils.Database, task_id: int) -> Task:
    try:
        return task_store.get_task(db, task_id)
    except KeyError:
        raise UsageError(
            _("no task with id {id} (see focuscoach task list)").format(id=task_id)
        ) from None


def cmd_task_done(ctx: Context, args: argparse.Namespace) -> int:
    with _store(ctx) as db:
        _existing(db, args.id)
        task = task_store.set_task_done(db, args.id, time.time(), done=not args.undo)
    done = _("Reopened: task {id}, {title}") if args.undo else _("Done: task {id}, {title}")
    print(done.format(id=task.id, title=safe(task.title)))
    return 0


def cmd_task_edit(ctx: Context, args: argparse.Namespace) -> int:
    fields = _task_fields(args)
    if args.title is not None:
        _checked(check_text, args.title)
        fields["title"] = args.title
    if not fields:
        raise UsageError(_("nothing to change: give --title, --priority, --estimate, --due ..."))
    with _store(ctx) as db:
        _existing(db, args.id)
        task = _checked(lambda: task_store.update_task(db, args.id, **fields))
    print(_("Changed task {id}: {title}").format(id=task.id, title=safe(task.title)))
    _warn_past_due(fields)
    return 0


def cmd_task_rm(ctx: Context, args: argparse.Namespace) -> int:
    with _store(ctx) as db:
        task = _existing(db, args.id)
        task_store.delete_task(db, args.id)
    print(_("Deleted task {id}: {title}").format(id=task.id, title=safe(task.title)))
    return 0


def cmd_mood(ctx: Context, args: argparse.Namespace) -> int:
    mood = _checked(parse_scale, args.score, "mood")
    energy = None if args.energy is None else _checked(parse_scale, args.energy, "energy")
    note = _checked(check_note, args.note.strip())
    entry = _checked(lambda: MoodEntry(time.time(), mood, energy, note))
    with _store(ctx) as db:
        entry = journal.add_mood(db, entry)
    if args.json:
        print_json(entry.to_json_dict())
    else:
        print(
            _("Logged mood {mood}").format(mood=mood)
            + ("" if energy is None else _(", energy {energy}").format(energy=energy))
        )
    return 0


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    tz = local_zone()
    now = datetime.now(tz)
    day = now.date() if args.date is None else _checked(parse_date, args.date, now.date())
    planning = ctx.settings().planning
    calendars = [*planning.calendars, *args.ics]
    settings = _checked(planner_settings, planning)
    with _store(ctx) as db:
        try:
            plan = build_plan(db, day=day, now=now, tz=tz, ics_paths=calendars, settings=settings)
        except CalendarError as exc:
            raise UsageError(str(exc)) from None
        # Checked after the calendars are read, so a broken calendar is named for any day.
        if day < now.date():
            raise UsageError(
                _(
                    "{day} is in the past: plan today or a later day"
                    " (a past day's accepted plan is kept for the weekly review)"
                ).format(day=day.isoformat())
            )
        earlier = plans.load_plan(db, day)
        # An accepted plan with no blocks holds nothing to lose: it is replaced (and said so).
        if earlier is not None and earlier.blocks and not args.replace:
            accepted = datetime.fromtimestamp(earlier.accepted_at, tz)
            raise UsageError(
                _(
                    "{day} already has a plan accepted at {accepted} ({blocks});"
                    " give --replace to plan it again"
                ).format(
                    day=day.isoformat(),
                    accepted=f"{accepted:%Y-%m-%d %H:%M}",
                    blocks=_block_count(earlier),
                )
            )
        save_plan(db, plan, accepted_at=now.timestamp())
        titles = {t.id: t.title for t in task_store.list_tasks(db, include_done=True)}
    if args.json:
        print_json(plan.to_json_dict())
        return 0
    if earlier is not None:
        print(
            _("Replaced the plan accepted earlier ({blocks}).").format(blocks=_block_count(earlier))
        )
    print(_("Plan for {day}:").format(day=i18n.iso_day(day)))
    if not plan.blocks:
        print(_("  nothing planned (no open tasks, or no free time in the working day)"))
    for block in plan.blocks:
        start, end = block.start.astimezone(tz), block.end.astimezone(tz)
        kind, title = block.kind.value, safe(block_title(block.kind.value, block.title))
        print(f"  {start:%H:%M}-{end:%H:%M}  {i18n.pad(block_kind(kind), 8)} {title}")
    if plan.unscheduled:
        names = _(", ").join(f"{i} ({safe(titles.get(i, '?'))})" for i in plan.unscheduled)
        print(_("Did not fit: {names}").format(names=names))
    return 0


def _block_count(plan: StoredPlan) -> str:
    count = len(plan.blocks)
    return i18n.ngettext("{count} block", "{count} blocks", count).format(count=count)


def _estimate(minutes: int) -> str:
    """An estimate as shown: '1h30m' in English (as the user types it), '1小时30分钟' in
    Chinese."""
    if i18n.current() == "en":
        return format_estimate(minutes)
    return i18n.duration(minutes)
