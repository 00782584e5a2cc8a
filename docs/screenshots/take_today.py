"""Take docs/screenshots/today.png: the Today window on a simulated working day, in a real X
session (the window is drawn by the xcb platform, not offscreen):

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python docs/screenshots/take_today.py

The day is written into a throwaway home through the store's own writers, then read back by
the same code the tray uses (core/reports/today.load_today).
"""

from __future__ import annotations

import concurrent.futures
import os
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from focuscoach.core.categories import default_categorizer
from focuscoach.core.planning.tasks import Task
from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.reports.today import Today, load_today
from focuscoach.core.store import history, journal, plans
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import open_database
from focuscoach.core.timeutil import local_zone

OUT = Path(__file__).resolve().parent / "today.png"
DAY = date(2026, 4, 14)
TZ = local_zone()


def at(hour: int, minute: int = 0) -> float:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=TZ).timestamp()


def seed(db_path: Path) -> None:
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


def main() -> int:
    if not os.environ.get("DISPLAY"):
        print("run this inside an X session (xvfb-run -a ...)", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from focuscoach.desktop.today import TodayWindow

    qt = QApplication([])
    with tempfile.TemporaryDirectory() as home:
        db_path = Path(home) / "focuscoach.db"
        seed(db_path)
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
        window.resize(760, 700)
        window.show()

        def shoot() -> None:
            window.select_task(1)
            window.grab().save(str(OUT))
            window.close()
            qt.quit()

        QTimer.singleShot(800, shoot)
        qt.exec()
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
