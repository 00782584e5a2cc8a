"""`focuscoach replay`: what the coach would have shown over the stored history (core.replay).

The store is only read; nothing is sent. Imports stay lazy (the detector loads numpy and the model).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from typing import Any

from focuscoach.core import terminal
from focuscoach.core.cli.common import Context, UsageError


def register(commands: Any) -> None:
    replay = commands.add_parser(
        "replay",
        help="what the coach would have shown over your stored history",
        description="Run the coach (your settings, categories, model and plans) over the stored"
        " history on a simulated clock and list every nudge (drift and forecast), break reminder"
        " and check-in it would have shown. Nothing is sent and nothing is written.",
    )
    replay.add_argument("--since", metavar="T", help="from T (default: the first record)")
    replay.add_argument("--until", metavar="T", help="until T (default: the last record)")
    replay.add_argument(
        "--assume-focus",
        action="store_true",
        help="treat all active time as one long focus block (instead of the accepted plans)",
    )
    replay.add_argument(
        "--drift",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply the drift rule (a nudge after [nudges] drift_after_s in distracting windows"
        " during a focus block) or not, whatever the settings say (default: as the settings"
        " say, like the running app)",
    )
    replay.add_argument("--json", action="store_true")
    replay.set_defaults(handler=cmd_replay)


def _range(args: argparse.Namespace) -> tuple[float | None, float | None]:
    from focuscoach.core.timeutil import parse_when

    now = time.time()
    try:
        since = parse_when(args.since, now) if args.since is not None else None
        until = parse_when(args.until, now) if args.until is not None else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if since is not None and until is not None and until <= since:
        raise UsageError("--until must come after --since")
    return since, until


def cmd_replay(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.replay_store import replay_store
    from focuscoach.core.store.schema import SchemaError
    from focuscoach.core.timeutil import local_zone

    since, until = _range(args)
    settings = ctx.settings()
    if not ctx.paths.database.exists():
        raise UsageError(f"nothing recorded yet: no database at {ctx.paths.database}")
    zone = local_zone()
    try:
        result = replay_store(
            ctx.paths,
            settings,
            since=since,
            until=until,
            assume_focus=args.assume_focus,
            tz=zone,
            drift=args.drift,
        )
    except FileNotFoundError:
        raise UsageError(f"nothing recorded yet: no database at {ctx.paths.database}") from None
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        terminal.print_json(result.to_json())
        return 0
    for at, kind, entry in result.prompts:
        when = datetime.fromtimestamp(at, UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        if kind == "nudge":
            p = entry["probability"]
            score = "" if p is None else f" {p:.2f}"
            text = f"nudge     {entry['kind']}{score}: {entry['explanation']}"
        elif kind == "break":
            text = f"break     {entry['kind']}, {entry['duration_s']:.0f} s"
            text += " (planned)" if entry["planned"] else ""
            text += " (again)" if entry.get("repeat") else ""
        else:
            text = f"check-in  {entry['reason']}"
        print(terminal.safe(f"{when}  {text}"))
    f = result.figures
    repeats = sum(1 for b in result.breaks if b.get("repeat"))
    rate = f.get("nudges_per_active_hour")
    precision = f.get("precision")
    parts = [f"{count} {kind}" for kind, count in f.get("nudge_kinds", {}).items()]
    parts += [f"{rate:.2f} per active hour"] if rate is not None else []
    parts += [f"precision {precision:.2f}"] if precision is not None else []
    print(
        f"{result.active_hours:.1f} active hours: {len(result.nudges)} nudges"
        + (f" ({', '.join(parts)})" if parts else "")
        + f", {len(result.breaks)} break reminders ({repeats} again), {len(result.checkins)}"
        + (" check-in" if len(result.checkins) == 1 else " check-ins")
    )
    return 0
