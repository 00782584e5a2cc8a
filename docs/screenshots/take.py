"""Take the README's screenshots in a real X session (the xcb platform, not offscreen):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/take.py [--out DIR]

- today.png: the Today window on a simulated working day, written into a throwaway store
  through the store's own writers and read back by the tray's code (core/reports/today);
- break-screen.png: the whole X screen while the break screen (`[breaks] screen = true`)
  shows a long break, with its countdown, suggestion, Postpone and Skip;
- review-zh.png: the weekly review in Simplified Chinese (the app's translator and core's
  catalogue, as `[app] language = "zh_CN"` installs them) on two simulated weeks of history
  (tests/reports/simdb.py, the data of the review's tests), once its charts are drawn.
- tray-menu.png: the tray icon's menu as the running app builds it (desktop/tray.py), over
  an app recording a scripted window (tests/fakes.py), with its state applied.
- categories.png: the Categories window's suggestions, found by a real `categories suggest`
  child process (the shipped encoder) for a day of windows the rules partly miss
  (tests/bench/categorize_misses.py), with a window the suggester is not sure of selected.

tests/desktop/test_screenshots_script.py runs it in Xvfb + openbox so it cannot rot.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # tests/reports/simdb.py writes the review's two weeks
    sys.path.insert(0, str(ROOT))

from focuscoach.core import i18n as core_i18n  # noqa: E402
from focuscoach.core.categories import default_categorizer  # noqa: E402
from focuscoach.core.planning.tasks import Task  # noqa: E402
from focuscoach.core.records import StoredBlock, StoredPlan  # noqa: E402
from focuscoach.core.reports.today import Today, load_today  # noqa: E402
from focuscoach.core.store import history, journal, plans  # noqa: E402
from focuscoach.core.store import tasks as task_store  # noqa: E402
from focuscoach.core.store.database import open_database  # noqa: E402
from focuscoach.core.timeutil import local_zone  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

HERE = Path(__file__).resolve().parent
DAY = date(2026, 4, 14)
TZ = local_zone()
#: The windows' sizes in the pictures (the break screen's is the X screen's).
TODAY_SIZE = (760, 700)
REVIEW_SIZE = (1500, 900)  # the window's own default size
CATEGORIES_SIZE = (1000, 560)
NAMES = ("today.png", "break-screen.png", "review-zh.png", "tray-menu.png", "categories.png")
#: The Categories picture's day: a few windows the rules know, then windows they miss.
CATEGORISED_DAY = (
    ("code", "parser.rs — focuscoach", 95.0),
    ("Slack", "#release - Acme - Slack", 30.0),
)
UNKNOWN_APP = ("Trilium", "journal 2026-12-01", 40.0)


def at(hour: int, minute: int = 0) -> float:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=TZ).timestamp()


def seed_day(db_path: Path) -> None:
    """A working day until 15:25: tasks, an accepted plan, windows and the coach's log."""
    db = open_database(db_path)
    try:
        report = task_store.add_task(
            db, Task(None, "Quarterly report", app_pattern="^code$", created=at(8))
        )
        review = task_store.add_task(
            db, Task(None, "Review pull requests", title_pattern="Pull request", created=at(8))
        )
        task_store.add_task(db, Task(None, "Plan the offsite", created=at(8)))
        assert report.id is not None and review.id is not None
        blocks = (
            StoredBlock(at(9), at(9, 50), "focus", report.id, report.title),
            StoredBlock(at(9, 50), at(10), "break", None, "Break"),
            StoredBlock(at(10), at(10, 50), "focus", review.id, review.title),
            StoredBlock(at(11), at(11, 30), "meeting", None, "Standup"),
            StoredBlock(at(13), at(13, 50), "focus", report.id, report.title),
            StoredBlock(at(14), at(14, 50), "focus", review.id, review.title),
            StoredBlock(at(15), at(15, 50), "focus", report.id, report.title),
        )
        plans.save_plan(db, StoredPlan(date=DAY, accepted_at=at(8, 55), blocks=blocks))
        rng = random.Random(7)
        windows: list[tuple[float, float, str, str]] = []
        moment = at(8, 50)
        end = at(15, 25)
        choices = [
            ("code", "report.md — Quarterly report", 8),
            ("firefox", "Pull request #214 · GitHub — Mozilla Firefox", 5),
            ("Slack", "general", 2),
            ("firefox", "YouTube — Mozilla Firefox", 1),
            ("firefox", "Reddit — Mozilla Firefox", 1),
            ("Thunderbird", "Inbox", 1),
        ]
        while moment < end:
            if at(12) <= moment < at(12, 45):  # lunch
                moment = at(12, 45)
                continue
            app, title, _w = rng.choices(choices, weights=[c[2] for c in choices])[0]
            length = rng.uniform(60, 900)
            windows.append((moment, min(end, moment + length), app, title))
            moment += length
        with db.conn:
            history.insert_windows(db.conn, windows)
        journal.record_coach_event(
            db, at(9, 50), "break_started", {"break_kind": "long", "until": at(10)}
        )
        journal.record_coach_event(
            db, at(11, 40), "break_away", {"break_kind": "micro", "away_s": 300.0}
        )
        journal.record_coach_event(
            db, at(14, 20), "break_skipped", {"break_kind": "micro", "skips_today": 1}
        )
    finally:
        db.close()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Run the event loop until `condition` holds (background results, exposure, charts).

    An event loop, not QTest.qWait: PySide's qWait keeps Python's interpreter lock while it
    waits, which starves the worker threads whose results are awaited (the review's charts)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def shown(window: QWidget, what: str) -> None:
    """Show `window` and wait until the X server has mapped and exposed it."""
    from PySide6.QtTest import QTest

    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        raise RuntimeError(f"{what}: the window was never exposed")


def save(pixmap: QPixmap, path: Path) -> None:
    if pixmap.isNull() or not pixmap.save(str(path), "PNG"):
        raise RuntimeError(f"cannot write {path}")
    print(f"wrote {path} {pixmap.width()}x{pixmap.height()}")


def take_today(out: Path, home: Path) -> None:
    from focuscoach.desktop.today import TodayWindow

    db_path = home / "today.db"
    seed_day(db_path)
    now = at(15, 10)

    def load(moment: float) -> Today:
        db = open_database(db_path, readonly=True)
        try:
            return load_today(db, DAY, moment, TZ, default_categorizer())
        finally:
            db.close()

    def submit(fn: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        future.set_result(fn())
        return future

    def start_block(_minutes: float, _task: int | None) -> concurrent.futures.Future[Any]:
        return submit(lambda: None)

    window = TodayWindow(load, submit, start_block, TZ, clock=lambda: now)
    window.resize(*TODAY_SIZE)
    shown(window, "Today")
    wait_until(lambda: window.select_task(1), "Today's tasks")
    save(window.grab(), out / "today.png")
    window.close()


def take_break_screen(out: Path) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from focuscoach.core.coaching.breaks import RunningBreak
    from focuscoach.core.coaching.events import BreakKind
    from focuscoach.desktop.break_screen import BreakScreen

    # A five-minute long break, 40 s in: Postpone is still offered (its first 30 %).
    start = at(10, 0)
    now = start + 40
    until = start + 300
    running = RunningBreak(BreakKind.LONG, start, until, start + 90, 2, 1)
    screen = BreakScreen(until, True, running, 300, clock=lambda: now)
    screen.open()
    shown(screen, "the break screen")
    QTest.qWait(300)  # the window manager stacks it above and full screen
    primary = QGuiApplication.primaryScreen()
    save(primary.grabWindow(0), out / "break-screen.png")  # the root window: every pixel
    screen.finish()


def take_review(qt: QApplication, out: Path, home: Path) -> None:
    from focuscoach.desktop import i18n
    from focuscoach.desktop.review import ReviewWindow
    from tests.reports import simdb

    language, translators = i18n.install(qt, "zh_CN")
    if language != "zh_CN":
        raise RuntimeError("the Chinese translation (focuscoach_zh_CN.qm) was not found")
    core_i18n.set_language(language)
    try:
        db_path = home / "review.db"
        simdb.fill(db_path)
        now = simdb.SIM_START + 15 * 86400  # Tuesday of the third week: week 2 is complete
        window = ReviewWindow(db_path, tz=simdb.ZONE, now=now)
        window.resize(*REVIEW_SIZE)
        shown(window, "the weekly review")
        wait_until(window.ready, "the review's numbers and charts")
        save(window.grab(), out / "review-zh.png")
        window.close()
    finally:
        core_i18n.set_language("en")
        for translator in translators:
            qt.removeTranslator(translator)


def take_tray_menu(out: Path, home: Path) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from focuscoach.core import config
    from focuscoach.core.paths import resolve
    from focuscoach.core.runtime import App
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.tray import TrayController
    from tests.fakes import FixedScorer, scripted_runtime

    paths = resolve(home / "tray")
    paths.ensure()
    settings = config.parse({"nudges": {"enabled": False}, "checkins": {"enabled": False}})
    runtime = scripted_runtime(
        paths,
        settings,
        scorer=FixedScorer(0.1),
    )
    app = App(runtime).start()
    # A minute to find a tray host: the picture is taken long before the no-tray window would
    # be shown instead.
    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=60)
    try:
        controller.refresh()
        menu = controller.menu
        menu.popup(QPoint(40, 40))
        if not QTest.qWaitForWindowExposed(menu, 10_000):
            raise RuntimeError("the tray menu was never exposed")
        QTest.qWait(200)
        save(menu.grab(), out / "tray-menu.png")
        menu.hide()
    finally:
        controller.shutdown()
        app.close()


def take_categories(out: Path, home: Path) -> None:
    from focuscoach.core.paths import resolve
    from focuscoach.desktop.categories import CategoriesWindow
    from tests.bench import categorize_misses

    paths = resolve(home / "categories")
    paths.ensure()
    day = [
        *CATEGORISED_DAY,
        UNKNOWN_APP,
        *((app, title, minutes) for app, title, _, minutes in categorize_misses.MISSES[::4]),
    ]
    rows, moment = [], time.time() - 86400  # yesterday: inside `suggest`'s last 28 days
    for app, title, minutes in day:
        rows.append((moment, moment + minutes * 60, app, title))
        moment += minutes * 60
    db = open_database(paths.database)
    try:
        with db.conn:
            history.insert_windows(db.conn, rows)
    finally:
        db.close()
    week = {(app, title): stop - start for start, stop, app, title in rows}
    command = [sys.executable, "-m", "focuscoach.core.cli", "--home", str(paths.data_dir)]
    window = CategoriesWindow(paths, week, command)
    window.resize(*CATEGORIES_SIZE)
    window.tabs.setCurrentIndex(2)
    shown(window, "the Categories window")
    window.find_suggestions()
    wait_until(lambda: window.table.rowCount() > 0, "the suggestions", timeout=120)
    asked = [i for i, s in enumerate(window.suggestions) if s["app"] == UNKNOWN_APP[0]]
    if not asked or window.suggestions[asked[0]]["sure"]:
        raise RuntimeError(f"{UNKNOWN_APP[0]} was not asked about: {window.suggestions}")
    window.table.selectRow(asked[0])
    wait_until(lambda: window.whole_app.isEnabled(), "the selected question")
    save(window.grab(), out / "categories.png")
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNGs")
    args = parser.parse_args(argv)
    out: Path = args.out
    if not os.environ.get("DISPLAY"):
        print("error: run this inside an X session (xvfb-run -a ...)", file=sys.stderr)
        return 2
    if not out.is_dir():
        print(f"error: --out {out}: no such folder", file=sys.stderr)
        return 2
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtWidgets import QApplication

    qt = QApplication([sys.argv[0]])
    qt.setApplicationName("Focus Coach")
    qt.setApplicationDisplayName("Focus Coach")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        take_today(out, home)
        take_break_screen(out)
        take_review(qt, out, home)
        take_tray_menu(out, home)
        take_categories(out, home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
