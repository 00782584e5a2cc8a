"""`focuscoach categories suggest|accept|reject`: categories for what the rules miss.

`suggest` loads the text encoder (about 150 MB, a few seconds), so it runs in this process of
its own and never in the tray app.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from focuscoach.core import i18n
from focuscoach.core.categories import user_categorizer
from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.i18n import _
from focuscoach.core.terminal import print_json, safe
from focuscoach.core.timeutil import parse_when

DEFAULT_SINCE = "28d"


def register(commands: Any) -> None:
    categories = commands.add_parser(
        "categories",
        help="suggest categories for uncategorised windows; accept or reject them",
        description="Suggest categories for the windows your rules leave uncategorised, "
        "and record your answers (accepted ones become rules in categories.json).",
    )
    sub = categories.add_subparsers(dest="categories_command", metavar="ACTION", required=True)
    suggest = sub.add_parser("suggest", help="list suggestions, heaviest first")
    suggest.add_argument("--json", action="store_true", help="print JSON")
    suggest.add_argument(
        "--since", metavar="T", default=DEFAULT_SINCE, help=f"from T (default {DEFAULT_SINCE})"
    )
    suggest.add_argument("--limit", type=int, default=50, metavar="N", help="at most N windows")
    suggest.set_defaults(handler=cmd_suggest)
    context = sub.add_parser(
        "context",
        help="judge which distracting windows are on-task for your tasks (for drift nudges)",
        description="For your open tasks and today's and tomorrow's focus blocks, judge which "
        "recent windows your rules call distracting are close in meaning to the task, and "
        "store it: drift nudges then treat them as on-task. The app runs this by itself.",
    )
    context.add_argument("--json", action="store_true", help="print JSON")
    context.set_defaults(handler=cmd_context)
    for action, text in (("accept", "put a window in a category"), ("reject", "say it is not")):
        p = sub.add_parser(action, help=text)
        p.add_argument("--app", required=True)
        p.add_argument("--title", default="")
        p.add_argument("--category", required=True, metavar="'TOP > SUB'")
        p.set_defaults(handler=cmd_accept if action == "accept" else cmd_reject)


def _rules(ctx: Context) -> Any:
    try:
        return user_categorizer(ctx.paths.categories_file)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_suggest(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.categorize import answers
    from focuscoach.core.categorize.encoder import EncoderUnavailable, shared_encoder
    from focuscoach.core.categorize.history import spans
    from focuscoach.core.categorize.suggest import suggest
    from focuscoach.core.store.database import open_database
    from focuscoach.core.store.schema import SchemaError

    try:
        since = parse_when(args.since, time.time())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    rules = _rules(ctx)
    try:
        rejected = answers.rejected(ctx.paths.data_dir)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        db = open_database(ctx.paths.database, readonly=True)
    except FileNotFoundError:
        raise UsageError(f"nothing recorded yet: no database at {ctx.paths.database}") from None
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    try:
        windows, afk = spans(db.conn, since)
    finally:
        db.close()
    try:
        encoder = shared_encoder()
    except EncoderUnavailable as exc:
        raise UsageError(str(exc)) from None
    result = suggest(windows, afk, rules, encoder, rejected, limit=args.limit)
    if args.json:
        print_json(result.as_json())
        return 0
    print(
        _(
            "Uncategorised: {uncategorised} of {active} active; sure suggestions cover {sure}"
        ).format(
            uncategorised=_minutes(result.uncategorized_seconds),
            active=_minutes(result.active_seconds),
            sure=_minutes(result.sure_seconds),
        )
    )
    for s in result.suggestions:
        name = " > ".join(i18n.category_name(part) for part in s.category)
        if s.untitled_browser:
            what = _("not sure (a browser without a page title)")
        elif s.sure:
            what = name
        else:
            what = _("not sure (maybe {category})").format(category=name)
        flag = _(" [distracting]") if s.sure and s.distracting else ""
        window = safe(s.app) + (f" — {safe(s.title)}" if s.title else "")
        size = _("{minutes} min").format(minutes=f"{s.seconds / 60:6.1f}")
        print(f"{size}  {what}{flag} ({s.confidence:.2f})  {window}")
    if any(not s.untitled_browser for s in result.suggestions):
        print(
            _(
                "Put a window in a category, a suggested one or your own where it is not "
                "sure, with: focuscoach categories accept --app APP --title TITLE --category "
                "'TOP > SUB' (without --title, every window of the app); reject a suggestion "
                "the same way"
            )
        )
    return 0


def cmd_context(ctx: Context, args: argparse.Namespace) -> int:
    """The worker of core/runtime/context_job.py (and a command of its own)."""
    from focuscoach.core.categorize.encoder import EncoderUnavailable, shared_encoder
    from focuscoach.core.categorize.task_context import refresh
    from focuscoach.core.store.database import open_database
    from focuscoach.core.store.schema import SchemaError
    from focuscoach.core.timeutil import local_zone

    rules = _rules(ctx)
    if not ctx.paths.database.exists():
        raise UsageError(f"nothing recorded yet: no database at {ctx.paths.database}")
    try:
        encoder = shared_encoder()
    except EncoderUnavailable as exc:
        raise UsageError(str(exc)) from None
    try:
        db = open_database(ctx.paths.database)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    try:
        done = refresh(db.conn, encoder, rules, time.time(), local_zone())
    finally:
        db.close()
    if args.json:
        print_json(
            {
                "tasks": done.tasks,
                "windows": done.windows,
                "judged": done.judged,
                "on_task": done.on_task,
            }
        )
    else:
        print(
            _(
                "Context: {judged} new (task, window) pairs judged for {tasks} tasks and "
                "{windows} distracting windows; {on_task} on-task"
            ).format(
                judged=done.judged, tasks=done.tasks, windows=done.windows, on_task=done.on_task
            )
        )
    return 0


def _answer(args: argparse.Namespace) -> tuple[str, str, tuple[str, ...]]:
    from focuscoach.core.categorize.examples import parse_name

    try:
        category = parse_name(args.category)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not args.app:
        raise UsageError("--app must not be empty")
    return args.app, args.title, category


def cmd_accept(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.categorize import answers

    app, title, category = _answer(args)
    try:
        answers.accept(ctx.paths.categories_file, app, title, category)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(
        _("Accepted: {window} is {category}").format(
            window=safe(title or app), category=" > ".join(category)
        )
    )
    return 0


def cmd_reject(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.categorize import answers

    app, title, category = _answer(args)
    try:
        answers.reject(ctx.paths.data_dir, app, title, category)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(
        _("Rejected: {window} is not {category}").format(
            window=safe(title or app), category=" > ".join(category)
        )
    )
    return 0


def _minutes(seconds: float) -> str:
    """'12 min' / '12分钟' (whole minutes, as before)."""
    return (
        i18n.duration(round(seconds / 60)) if i18n.current() != "en" else f"{seconds / 60:.0f} min"
    )
