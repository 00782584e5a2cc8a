"""The Today window: figures built off the main thread, the painted timeline, and "Start a
block for this task" (on fixed rows and a fake clock, then against the real app)."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from focuscoach.core.categories import default_categorizer
from focuscoach.core.planning.tasks import Task
from focuscoach.core.reports.today import Today, compute_today
from focuscoach.core.runtime import App, AppState
from focuscoach.core.store import tasks as task_store
from focuscoach.desktop.timeline import category_color
from focuscoach.desktop.today import TodayWindow
from tests.desktop.conftest import delete_now, finished, settle
from tests.reports.test_today import COACH, DAY, PLAN, TASKS, TZ, WINDOWS, at


def _now_submit(fn: Callable[[], Any]) -> concurrent.futures.Future[Any]:
    """Runs the work at once (the window must still get the result through the event loop)."""
    future: concurrent.futures.Future[Any] = concurrent.futures.Future()
    try:
        future.set_result(fn())
    except Exception as exc:
        future.set_exception(exc)
    return future


class FakeApp:
    def __init__(self) -> None:
        self.loads: list[float] = []
        self.started: list[tuple[float, int | None]] = []

    def load(self, now: float) -> Today:
        self.loads.append(now)
        return compute_today(
            DAY,
            now,
            TZ,
            default_categorizer(),
            windows=WINDOWS,
            plan=PLAN,
            tasks=TASKS,
            coach=COACH,
        )

    def start_block(self, minutes: float, task_id: int | None) -> concurrent.futures.Future[Any]:
        self.started.append((minutes, task_id))
        return _now_submit(lambda: None)


def _cell(window: TodayWindow, row: int, column: int) -> str:
    item = window.tasks.item(row, column)
    assert item is not None
    return item.text()


def _window(qtbot: QtBot, fake: FakeApp) -> TodayWindow:
    window = TodayWindow(fake.load, _now_submit, fake.start_block, TZ, clock=lambda: at(10, 55))
    qtbot.addWidget(window)
    settle(qtbot)
    return window


def test_today_window_shows_the_days_figures(qtbot: QtBot, artifacts: Path) -> None:
    fake = FakeApp()
    window = _window(qtbot, fake)
    try:
        assert fake.loads == [at(10, 55)]
        assert window.heading.text() == "2026-04-14, as of 10:55"
        assert window.focused.text() == (
            "1 h 05 min of 2 h 50 min planned (1 h 45 min planned so far)"
        )
        assert window.current.text() == "Focus 10:10–11:00 Read paper, 5 min left"
        assert window.next.text() == "Meeting 11:00–11:30 Standup, in 5 min"
        assert window.breaks.text() == "2 taken, 1 skipped, 1 postponed"
        assert "Work › Programming" in window.legend.text()
        assert window.distractions.text().splitlines() == [
            "10 min  Distracting › Video",
            "5 min  Distracting › Social",
        ]
        rows = [
            tuple(_cell(window, i, j) for j in range(3)) for i in range(window.tasks.rowCount())
        ]
        assert rows == [
            ("1  Write report", "50 min", "2 h 00 min"),
            ("2  Read paper", "15 min", "50 min"),
            ("4  Someday", "0 min", "0 min"),
        ]
        assert window.progress.value() == round(1000 * 65 / 170)
        window.show()
        window.resize(720, 640)
        qtbot.waitExposed(window)
        window.grab().save(str(artifacts / "today.png"))
    finally:
        window.close()


def test_the_timeline_is_painted_by_category_with_blocks_and_breaks(qtbot: QtBot) -> None:
    fake = FakeApp()
    window = _window(qtbot, fake)
    try:
        strip = window.timeline
        strip.resize(800, strip.minimumHeight())
        drawn = strip.rows()
        assert {row for row, _s, _c in drawn} == {0, 1, 2}
        assert [s.what for row, s, _c in drawn if row == 0] == [
            "focus",
            "break",
            "focus",
            "meeting",
            "focus",
        ]
        assert any(row == 2 and s.what == "long" for row, s, _c in drawn)
        image = QImage(strip.size(), QImage.Format.Format_RGB32)
        strip.render(image)
        # 09:20 lies in the code window (Work › Programming), on the windows' row.
        x = round(strip._x(at(9, 20)))
        y = strip.ROW_H + strip.ROW_H // 2
        assert image.pixelColor(x, y) == category_color("Work › Programming")
        # 09:45 is YouTube: a distracting colour, not the work one.
        x = round(strip._x(at(9, 45)))
        assert image.pixelColor(x, y) == category_color("Distracting › Video")
        assert "Distracting › Video" in strip.describe_at(x, y)
    finally:
        window.close()


def test_start_a_block_for_the_selected_task(qtbot: QtBot) -> None:
    fake = FakeApp()
    window = _window(qtbot, fake)
    try:
        assert not window.start_button.isEnabled()
        assert window.select_task(2)
        assert window.start_button.isEnabled()
        window.minutes.setValue(30)
        window.start_button.click()
        settle(qtbot)
        assert fake.started == [(30.0, 2)]
        assert window.message.text() == "Started a 30 min block for task 2."
        assert len(fake.loads) == 2  # the figures are read again
        assert window.selected_task() == 2
    finally:
        window.close()


def test_today_opens_from_the_tray_and_starts_a_block(app: App, qtbot: QtBot) -> None:
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.tray import TrayController

    task = finished(
        qtbot, app.write(lambda db: task_store.add_task(db, Task(None, "Write report")))
    )
    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.today_action.trigger()
        window = controller.windows["today"]
        assert isinstance(window, TodayWindow)
        qtbot.waitUntil(lambda: window.today is not None, timeout=10_000)
        assert window.focused.text().startswith("0 min")
        assert window.select_task(task.id or 0)
        started = window.start_selected()
        assert started is not None
        finished(qtbot, started)
        qtbot.waitUntil(lambda: app.status().state is AppState.FOCUS, timeout=10_000)
        settle(qtbot)
        assert window.today is not None and window.today.current is not None
        assert window.today.current.task_id == task.id
        assert window.current.text().endswith("25 min left")
    finally:
        controller.shutdown()
        delete_now()


def test_today_window_in_chinese(qtbot: QtBot) -> None:
    from PySide6.QtCore import QCoreApplication

    from focuscoach.desktop import i18n

    qt_app = QCoreApplication.instance()
    assert qt_app is not None
    _language, translators = i18n.install(qt_app, "zh_CN")
    try:
        window = _window(qtbot, FakeApp())
        try:
            assert window.windowTitle() == "今天 — 专注教练"
            assert window.focused.text() == (
                "已专注 1 小时 05 分钟，计划 2 小时 50 分钟（截至现在计划 1 小时 45 分钟）"
            )
            assert window.current.text() == "专注 10:10–11:00 Read paper，还剩 5 分钟"
            assert window.start_button.text() == "为此任务开始一个专注时段"
        finally:
            window.close()
    finally:
        for translator in translators:
            qt_app.removeTranslator(translator)


def test_the_tasks_window_shows_each_tasks_time_today(app: App, qtbot: QtBot) -> None:
    """Per-task time in Tasks as in Today: the tray's Tasks window reads Today's figures."""
    from focuscoach.core.reports.today import TaskToday
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.tasks import TIME_COLUMN, TasksWindow
    from focuscoach.desktop.tray import TrayController

    def add(title: str) -> Task:
        return finished(qtbot, app.write(lambda db: task_store.add_task(db, Task(None, title))))

    report, taxes = add("Write report"), add("Taxes")
    assert report.id is not None and taxes.id is not None
    finished(qtbot, app.start_focus_block(25, report.id))
    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.tasks_action.trigger()
        window = controller.windows["tasks"]
        assert isinstance(window, TasksWindow)
        qtbot.waitUntil(lambda: report.id in window.times, timeout=10_000)
        settle(qtbot)
        table = window.table

        def text(row: int, column: int) -> str:
            item = table.item(row, column)
            assert item is not None
            return item.text()

        shown = {text(row, 0): text(row, TIME_COLUMN) for row in range(table.rowCount())}
        assert shown == {"Write report": "0 min of 25 min", "Taxes": ""}
        header = window.table.horizontalHeaderItem(TIME_COLUMN)
        assert header is not None and header.text() == "Today"
    finally:
        controller.shutdown()
        delete_now()
    alone = TasksWindow(app)  # without a source of times the column stays empty
    qtbot.addWidget(alone)
    alone.times = {taxes.id: TaskToday(taxes.id, "Taxes", 3000, 1530, False)}
    assert alone.time_today(taxes.id) == "26 min of 50 min"
    alone.times = {taxes.id: TaskToday(taxes.id, "Taxes", 0, 3900, False)}
    assert alone.time_today(taxes.id) == "1 h 05 min" and alone.time_today(report.id) == ""
