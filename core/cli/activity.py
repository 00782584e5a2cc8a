"""Commands over recorded activity: record, status, import, export, forget."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from focuscoach.core import terminal
from focuscoach.core.cli.common import Context, UsageError, check_output, write_output
from focuscoach.core.i18n import _
from focuscoach.core.interop import activitywatch, export
from focuscoach.core.lockfile import RECORDER_LOCK, LockFile
from focuscoach.core.recording.backends import input_counts_note, window_titles_note
from focuscoach.core.store import history, queries
from focuscoach.core.store.database import open_database
from focuscoach.core.store.schema import SchemaError
from focuscoach.core.terminal import print_json
from focuscoach.core.timeutil import TIME_MAX, TIME_MIN, local_zone, parse_when, to_iso

log = logging.getLogger("focuscoach.cli")


# What a time argument (T) accepts, for --help.
TIME_HINT = "YYYY-MM-DD or YYYY-MM-DDTHH:MM, local unless given an offset or Z; now, today,"
TIME_HINT += " yesterday, or a duration ago: 2h, 3d"


def register(commands: Any) -> None:
    record = commands.add_parser("record", help="record activity without the tray app")
    record.add_argument("--duration", type=_seconds, metavar="SECONDS", help="stop after this long")
    record.add_argument(
        "--no-detector", action="store_true", help="record only; do not score distraction"
    )
    record.set_defaults(handler=cmd_record)

    status = commands.add_parser("status", help="what is stored and whether recording runs")
    status.add_argument(
        "--json", action="store_true", help="print it as JSON (times in UTC, ISO 8601)"
    )
    status.set_defaults(handler=cmd_status)

    imp = commands.add_parser("import", help="import activity from another tool")
    imp.add_argument("source", choices=["activitywatch"])
    imp.add_argument("file", help="the export file, or - for standard input")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)

    exp = commands.add_parser("export", help="export recorded activity")
    exp.add_argument("--format", required=True, choices=["json", "csv", "activitywatch"])
    exp.add_argument("--since", metavar="T", help=f"from this time ({TIME_HINT})")
    exp.add_argument("--until", metavar="T", help=f"up to this time ({TIME_HINT})")
    exp.add_argument("--out", required=True, metavar="FILE", help="a file, or - for stdout")
    exp.set_defaults(handler=cmd_export)

    forget = commands.add_parser(
        "forget",
        help="delete everything recorded in a time range (a later import leaves it out too)",
    )
    forget.add_argument("--since", required=True, metavar="T", help=f"from ({TIME_HINT})")
    forget.add_argument("--until", required=True, metavar="T", help=f"up to ({TIME_HINT})")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    forget.set_defaults(handler=cmd_forget)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the duration must be positive")
    return value


def _range(args: argparse.Namespace) -> tuple[float | None, float | None]:
    """--since/--until as POSIX seconds (clamped to the stored range); an empty one is bad."""
    now = time.time()
    try:
        since = parse_when(args.since, now) if args.since is not None else None
        until = parse_when(args.until, now) if args.until is not None else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if since is not None and until is not None and until <= since:
        if until == TIME_MIN or since == TIME_MAX:
            raise UsageError(
                f"the range lies outside {to_iso(TIME_MIN)[:10]} to {to_iso(TIME_MAX)[:10]},"
                " where nothing is stored"
            )
        raise UsageError("--until must come after --since")
    return since, until


def _open(ctx: Context, *, readonly: bool = False) -> Any:
    try:
        return open_database(ctx.paths.database, readonly=readonly)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None


# record ----------------------------------------------------------------------------------------


def default_command(ctx: Context, args: argparse.Namespace) -> int:
    """Without a command and without the desktop layer: the headless recorder."""
    args.duration = None
    return cmd_record(ctx, args)


def cmd_record(ctx: Context, args: argparse.Namespace) -> int:
    """The runtime without a coach: the recorder and (unless --no-detector) the detector."""
    from focuscoach.core.model.live import SCORE_INTERVAL_S
    from focuscoach.core.runtime import RecorderBusy, Runtime

    stop = threading.Event()
    ctx.offer_privacy_defaults()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("signal %d: stopping", signum)
        stop.set()

    runtime = Runtime(
        ctx.paths,
        ctx.settings(),
        coach=False,
        detector=not getattr(args, "no_detector", False),
        detector_interval_s=SCORE_INTERVAL_S,
    )
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    if LockFile(ctx.paths.data_dir / RECORDER_LOCK).holder() is None:
        _open(ctx).close()  # a database it cannot use is refused before anything starts
    try:
        runtime.start()
    except RecorderBusy as exc:
        raise UsageError(str(exc)) from None
    log.info("recording into %s", ctx.paths.database)
    try:
        stop.wait(args.duration)
    finally:
        runtime.stop(timeout=10.0)
    return 0


# status ----------------------------------------------------------------------------------------


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    db_path = ctx.paths.database
    holder = LockFile(ctx.paths.data_dir / RECORDER_LOCK).holder()
    info: dict[str, Any] = {
        "home": str(ctx.paths.data_dir),
        "database": str(db_path),
        "exists": db_path.exists(),
        "recording": holder is not None,
        "recorder_pid": holder,
        "model": _model_status(ctx),
        "input_counts": input_counts_note(),
        "window_titles": window_titles_note(),
    }
    first: float | None = None
    last: float | None = None
    if db_path.exists():
        db = _open(ctx, readonly=True)
        conn = db.conn
        seen = history.overview(conn)
        counts, first, last, latest = seen.counts, seen.first, seen.last, seen.latest_window
        info.update(
            size_bytes=sum(
                p.stat().st_size for p in db_path.parent.glob(db_path.name + "*") if p.is_file()
            ),
            schema_version=seen.schema_version,
            window_spans=counts.window_spans,
            afk_spans=counts.afk_spans,
            input_intervals=counts.input_activity,
            imported_other_events=counts.aw_events,
            imported_buckets=seen.imported_buckets,
            first=to_iso(first) if first is not None else None,
            last=to_iso(last) if last is not None else None,
            latest_window=(
                {
                    "app": latest.app,
                    "title": latest.title,
                    "start": to_iso(latest.start),
                    "end": to_iso(latest.end),
                }
                if latest
                else None
            ),
        )
        conn.close()
    if args.json:
        print_json(info)
        return 0
    _print_status(info, holder, first, last)
    return 0


def _print_status(
    info: dict[str, Any], holder: int | None, first: float | None, last: float | None
) -> None:
    """`status` for people, in the current language (the JSON keeps English)."""
    print(
        _("Database:   {path}").format(path=terminal.safe(info["database"]))
        + ("" if info["exists"] else _(" (not created yet)"))
    )
    recording = _("yes, pid {pid}").format(pid=holder) if holder else _("no")
    print(_("Recording:  {answer}").format(answer=recording))
    print(_("Input counts: {note}").format(note=_(info["input_counts"])))
    if info["window_titles"]:
        print(_("Window titles: {note}").format(note=terminal.safe(_(info["window_titles"]))))
    model = info["model"]
    active = _(model["active"]) if model["active"] == "shipped prior" else model["active"]
    print(_("Model:      {model}").format(model=terminal.safe(active)))
    for problem in model["problems"]:
        print(_("  warning: {problem}").format(problem=terminal.safe(problem)))
    if info["exists"]:
        print(
            _("Size:       {size} KiB, schema version {version}").format(
                size=f"{info['size_bytes'] / 1024:.0f}", version=info["schema_version"]
            )
        )
        print(
            _(
                "Window spans: {windows}, AFK spans: {afk}, input intervals: {inputs}, "
                "other imported events: {other}"
            ).format(
                windows=info["window_spans"],
                afk=info["afk_spans"],
                inputs=info["input_intervals"],
                other=info["imported_other_events"],
            )
        )
        if first is not None and last is not None:
            print(
                _("From {first} to {last} (local time)").format(
                    first=_local_time(first), last=_local_time(last)
                )
            )
        latest = info["latest_window"]
        if latest:
            print(
                _("Latest window: {app} — {title}").format(
                    app=terminal.safe(latest["app"]), title=terminal.safe(latest["title"])
                )
            )


def _local_time(ts: float) -> str:
    """A stored time as the user reads it: local, to the second, with the zone's name."""
    try:
        moment = datetime.fromtimestamp(ts, local_zone())
        return f"{moment:%Y-%m-%d %H:%M:%S} {moment.tzname() or moment.strftime('UTC%z')}"
    except (OverflowError, OSError, ValueError):  # an old row beyond what local time can show
        return to_iso(ts)


def _model_status(ctx: Context) -> dict[str, Any]:
    """Which model the detector uses, and why not the active one when it had to fall back."""
    from focuscoach.core.model import bundle

    return bundle.resolve_active(ctx.paths.models_dir).status()


# import / export / forget -----------------------------------------------------------------------


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    try:
        if args.file == "-":
            buckets = activitywatch.parse_bytes(sys.stdin.buffer.read(), "standard input")
        else:
            buckets = activitywatch.read_export(Path(args.file))
    except activitywatch.InvalidExport as exc:
        raise UsageError(str(exc)) from None
    settings = ctx.settings().recording
    db = _open(ctx)
    try:
        result = activitywatch.import_buckets(db.conn, buckets, settings)
    except activitywatch.InvalidExport as exc:
        raise UsageError(str(exc)) from None
    finally:
        db.close()
    summary = {
        "file": args.file,
        "buckets": result.buckets,
        "events": result.events,
        "added": result.added,
        "duplicates": result.duplicates,
        "excluded": result.excluded,
        "clipped": result.clipped,
        "forgotten": result.forgotten,
        "by_bucket": result.by_bucket,
    }
    if args.json:
        print_json(summary)
    else:
        print(
            _(
                "Imported {events} events from {buckets} buckets: {added} added, "
                "{duplicates} already present, {excluded} excluded by privacy rules."
            ).format(
                events=result.events,
                buckets=result.buckets,
                added=result.added,
                duplicates=result.duplicates,
                excluded=result.excluded,
            )
            + (
                _(" {clipped} longer than 7 days were cut to 7 days.").format(
                    clipped=result.clipped
                )
                if result.clipped
                else ""
            )
            + (
                _(
                    " {forgotten} lay in ranges you had forgotten: those parts were left out."
                ).format(forgotten=result.forgotten)
                if result.forgotten
                else ""
            )
        )
    return 0


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    since, until = _range(args)
    if args.out != "-":
        check_output(args.out)  # a symbolic link, FIFO, device or missing folder: before the work
    if not ctx.paths.database.exists():
        raise UsageError(
            f"nothing recorded yet: no database at {terminal.safe(str(ctx.paths.database))}"
        )
    db = _open(ctx, readonly=True)
    try:
        if args.format == "csv":
            # A CSV file keeps the text as stored; on standard output, controls are escaped.
            clean = terminal.safe if args.out == "-" else None
            text = export.export_csv(db.conn, since, until, clean=clean)
        elif args.format == "json":
            text = terminal.dumps(export.export_json(db.conn, since, until)) + "\n"
        else:
            text = terminal.dumps(activitywatch.export_buckets(db.conn, since, until)) + "\n"
    finally:
        db.close()
    write_output(text, args.out)
    return 0


def cmd_forget(ctx: Context, args: argparse.Namespace) -> int:
    since, until = _range(args)
    assert since is not None and until is not None  # both are required arguments
    if not ctx.paths.database.exists():
        raise UsageError(
            f"nothing recorded yet: no database at {terminal.safe(str(ctx.paths.database))}"
        )
    db = _open(ctx)
    try:
        counts = queries.count_in_range(db.conn, since, until)
        what = _(
            "{windows} window spans, {afk} AFK spans, {inputs} input intervals, {other} other "
            "events and {moments} moods, coach events, nudge answers and predictions "
            "between {since} and {until}"
        ).format(
            windows=counts.window_spans,
            afk=counts.afk_spans,
            inputs=counts.input_activity,
            other=counts.aw_events,
            moments=counts.moments,
            since=to_iso(since),
            until=to_iso(until),
        )
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(_("forget deletes data: confirm with --yes when not interactive"))
            answer = input(_("Delete {what}? This cannot be undone. [y/N] ").format(what=what))
            if answer.strip().lower() not in ("y", "yes", "是"):
                print(_("Nothing deleted."))
                return 0
        queries.forget_range(db.conn, since, until)
    finally:
        db.close()
    print(_("Deleted {what}.").format(what=what))
    return 0
