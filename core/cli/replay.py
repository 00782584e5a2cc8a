"""`focuscoach replay`: what the coach would have shown over the stored history (core.replay).

The store is only read; nothing is sent. Imports stay lazy (the detector loads numpy and the model).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from typing import Any

from focuscoach.core import i18n, terminal
from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.cli.today import break_kind
from focuscoach.core.i18n import _


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
        # The model words its reasons in core's language: JSON stays English for scripts.
        with i18n.language("en" if args.json else i18n.current()):
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
        print(terminal.safe(f"{when}  {_prompt_text(kind, entry)}"))
    print(_summary(result))
    return 0


def _prompt_text(kind: str, entry: dict[str, Any]) -> str:
    """One prompt as a line in the current language. A drift nudge's reason is rebuilt from
    its facts, so it reads in that language too; a forecast's reason is the model's text."""
    if kind == "nudge":
        p = entry["probability"]
        score = "" if p is None else f" {p:.2f}"
        explanation = entry["explanation"]
        if entry["kind"] == "drift" and "distracted_s" in entry and i18n.current() != "en":
            explanation = _drift_reason(entry)
        name = _("drift") if entry["kind"] == "drift" else _("forecast")
        return _label(_("nudge")) + f"{name}{score}: {explanation}"
    if kind == "break":
        text = _label(_("break")) + _("{kind}, {duration}").format(
            kind=break_kind(entry["kind"]), duration=i18n.seconds(entry["duration_s"])
        )
        text += _(" (planned)") if entry["planned"] else ""
        text += _(" (again)") if entry.get("repeat") else ""
        return text
    reasons = {"hourly": _("hourly"), "block_end": _("end of a focus block")}
    reason = str(entry["reason"])
    return _label(_("check-in")) + reasons.get(reason, reason)


def _label(word: str) -> str:
    """The prompt's kind, padded to a column (10 wide in English as before; CJK characters
    take two columns each, so fewer are added)."""
    return i18n.pad(word, 10) if i18n.width(word) < 10 else word + " "


def _drift_reason(entry: dict[str, Any]) -> str:
    """'12分钟 on YouTube …' in the current language, from the facts the coach worded in
    English (core/coaching/drift.py); English keeps the coach's own words."""
    seconds = float(entry["distracted_s"])
    minutes = int(seconds // 60)
    spent = i18n.duration(minutes) if minutes else i18n.seconds(int(seconds))
    what = str(entry.get("what") or "")
    text = _("{time} on {what}").format(time=spent, what=what)
    if entry.get("task_title"):
        text += _(" during '{task}'").format(task=entry["task_title"])
    return text


def _summary(result: Any) -> str:
    """The closing line: active hours, nudges, break reminders and check-ins."""
    f = result.figures
    repeats = sum(1 for b in result.breaks if b.get("repeat"))
    rate = f.get("nudges_per_active_hour")
    precision = f.get("precision")
    kinds = {"drift": _("drift"), "forecast": _("forecast")}
    parts = [f"{count} {kinds.get(kind, kind)}" for kind, count in f.get("nudge_kinds", {}).items()]
    parts += [_("{rate} per active hour").format(rate=f"{rate:.2f}")] if rate is not None else []
    parts += (
        [_("precision {value}").format(value=f"{precision:.2f}")] if precision is not None else []
    )
    checkins = len(result.checkins)
    return (
        _("{hours} active hours: {nudges} nudges").format(
            hours=f"{result.active_hours:.1f}", nudges=len(result.nudges)
        )
        + (_(" ({parts})").format(parts=_(", ").join(parts)) if parts else "")
        + _(", {breaks} break reminders ({repeats} again), ").format(
            breaks=len(result.breaks), repeats=repeats
        )
        + i18n.ngettext("{count} check-in", "{count} check-ins", checkins).format(count=checkins)
    )
