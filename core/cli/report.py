"""`focuscoach report`: the weekly focus review as a PNG, HTML or PDF file, or the week's
statistics as JSON.

Imports stay lazy: Python's start and matplotlib are most of the time a report takes, so
nothing else heavy (the model, Qt) may join them on this path, and JSON loads no matplotlib.
A drawn report counts the week in a forked child while this process loads matplotlib (the
two take about as long; see `_report_beside_matplotlib`), and the cyclic garbage collector
is off for the command's second or so (it only ever found matplotlib's short-lived cycles);
run as a process of its own, the command ends it without Python's teardown.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from focuscoach.core.cli import process_exit
from focuscoach.core.cli.common import Context, UsageError, check_output
from focuscoach.core.i18n import _

if TYPE_CHECKING:
    from datetime import tzinfo

    from focuscoach.core.categories import Categorizer
    from focuscoach.core.reports.summary import WeeklyReport
    from focuscoach.core.reports.week import Week


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="write the weekly focus review (PNG, HTML, PDF or JSON)",
        description="Write the focus review of one ISO week (Monday to Sunday, local time). "
        "Without --week: the last complete week. A PDF is laid out on A4 or Letter pages, "
        "as the locale's paper size says (LC_PAPER, else LANG). Titles, labels and tables "
        'follow the [app] language setting (for "system", the locale).',
    )
    report.add_argument(
        "--week", metavar="YYYY-Www", help="the ISO week, e.g. 2026-W15 (default: last week)"
    )
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="FILE.png, FILE.html, FILE.pdf, or FILE.json (the week's statistics as JSON)",
    )
    report.set_defaults(handler=cmd_report)


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    # A short process whose garbage is matplotlib's figure: collecting cycles while drawing
    # costs more than the memory it would free before the process ends. Run as a process of
    # its own, it ends without Python's teardown (process_exit.py) and the collector stays
    # off: turned on again, it would first sweep everything matplotlib made (40 ms).
    ending = process_exit.quick_exit()
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _report(ctx, args)
    finally:
        if collecting and not ending:
            gc.enable()


def _report(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.reports.render import FORMATS, FORMATS_TEXT
    from focuscoach.core.reports.week import Week
    from focuscoach.core.timeutil import local_zone

    out = Path(args.out).expanduser()
    if out.suffix.lower() not in FORMATS:
        raise UsageError(
            _("cannot write {path}: use {formats}").format(path=args.out, formats=_(FORMATS_TEXT))
        )
    check_output(args.out)  # a missing folder, a symbolic link, FIFO or device: exit 2
    tz = local_zone()
    try:
        week = Week.parse(args.week) if args.week else Week.last_complete(time.time(), tz)
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    from focuscoach.core import i18n
    from focuscoach.core.categories import user_categorizer
    from focuscoach.core.reports.render import write_report

    # The report speaks the app's language: the [app] language setting, and for "system"
    # the environment's locale (the JSON's keys and labels stay English for scripts).
    i18n.set_language(i18n.resolve(ctx.settings().app.language))

    try:
        rules = user_categorizer(ctx.paths.categories_file)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if out.suffix.lower() == ".json":
        report = _build(ctx, week, tz, rules)
    else:
        report = _report_beside_matplotlib(ctx, week, tz, rules)
    from focuscoach.core.files import UnsafeTarget

    try:
        write_report(report, out)
    except UnsafeTarget as exc:  # it changed while the report was drawn
        raise UsageError(str(exc)) from None
    from focuscoach.core.reports.formats import week_label

    # Said in the report's language, as the file is written (the JSON's labels stay English).
    what = _("an empty week (nothing recorded)") if report.empty else week_label(report.week)
    wrote = (
        _("Wrote the statistics of {week} to {path}")
        if out.suffix.lower() == ".json"
        else _("Wrote the focus review of {week} to {path}")
    )
    print(wrote.format(week=what, path=out))
    return 0


def _connect(ctx: Context) -> sqlite3.Connection | None:
    """A read-only connection, or None when nothing has been recorded yet (an empty report,
    and no database created just for looking)."""
    from focuscoach.core.store.database import connect

    path = ctx.paths.database
    if not path.exists():
        return None
    try:
        return connect(path, readonly=True)
    except sqlite3.Error as exc:
        raise UsageError(_("cannot read {path}: {why}").format(path=path, why=exc)) from None


def _build(ctx: Context, week: Week, tz: tzinfo, rules: Categorizer) -> WeeklyReport:
    from focuscoach.core.reports.summary import build_report

    conn = _connect(ctx)
    try:
        return build_report(conn, week, tz, rules)
    finally:
        if conn is not None:
            conn.close()


def _report_beside_matplotlib(
    ctx: Context, week: Week, tz: tzinfo, rules: Categorizer
) -> WeeklyReport:
    """The week's report, counted in a forked child while this process imports matplotlib.

    Counting a week (the two weeks' queries and statistics) and loading matplotlib each take
    a few hundred milliseconds of one core, and neither needs the other: side by side they
    cost the longer of the two, not the sum. The child sends the finished report back
    pickled. Where fork is missing or unsafe (another thread running: it would be copied
    mid-work) or the child fails in any way, the report is counted here, as it always was,
    so an error (a damaged database) is raised where it would have been."""
    from focuscoach.core.reports.forked import Forked, can_fork

    if not can_fork():
        _load_matplotlib()
        return _build(ctx, week, tz, rules)
    with Forked(
        lambda: pickle.dumps(_build(ctx, week, tz, rules), pickle.HIGHEST_PROTOCOL)
    ) as child:
        _load_matplotlib()  # while the child counts
        data = child.result()
    if data is None:
        return _build(ctx, week, tz, rules)
    report: WeeklyReport = pickle.loads(data)
    return report


def _load_matplotlib() -> None:
    """Import the charts (matplotlib, numpy) with numpy's OpenBLAS on one thread: as it loads
    it starts a thread per processor with its buffers (60 ms of a report here), and a report
    multiplies nothing larger than 3 × 3 matrices. A setting of the user's is kept, and the
    environment is given back (nothing started later inherits the change)."""
    key = "OPENBLAS_NUM_THREADS"
    change = "numpy" not in sys.modules and key not in os.environ
    if change:
        os.environ[key] = "1"
    try:
        from focuscoach.core.reports import charts  # noqa: F401
    finally:
        if change:
            os.environ.pop(key, None)
