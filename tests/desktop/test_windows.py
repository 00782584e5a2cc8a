"""Every window, offscreen, against a real store: good input is stored, bad input gets a clear
message and changes nothing. Each window is saved as a screenshot artifact."""

from __future__ import annotations

import json
import logging
import sys
import time
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.paths import Paths
from focuscoach.core.planning.planner import BlockKind, Plan
from focuscoach.core.planning.service import load_plan
from focuscoach.core.planning.tasks import Task
from focuscoach.core.runtime import App
from focuscoach.core.store import tasks as task_store
from focuscoach.desktop.breaks import BreakWindow, format_left
from focuscoach.desktop.crash import CrashDialog, CrashHandler
from focuscoach.desktop.mood import MoodDialog, face_icon
from focuscoach.desktop.plan import PlanWindow
from focuscoach.desktop.settings import DurationEditor, SettingsWindow
from focuscoach.desktop.tasks import TasksWindow
from tests.desktop.conftest import finished, settle


def _shot(widget: QWidget, artifacts: Path, name: str) -> None:
    widget.show()
    QApplication.processEvents()
    assert widget.grab().save(str(artifacts / f"{name}.png"))


def _tasks(app: App) -> list[Task]:
    return app.read(lambda db: task_store.list_tasks(db, include_done=True)).result()


def test_tasks_add_edit_complete_delete(app: App, qtbot: QtBot, artifacts: Path) -> None:
    window = TasksWindow(app)
    qtbot.addWidget(window)
    settle(qtbot)
    window.title.setText("Write the report")
    window.estimate.setText("1h30")  # a typo: nothing stored, the message says how
    window.add()
    settle(qtbot)
    assert "estimate" in window.error.text() and _tasks(app) == []
    window.estimate.setText("1h30m")
    window.due.setText("2026-02-30")
    window.add()
    settle(qtbot)
    assert "invalid date" in window.error.text() and _tasks(app) == []
    window.due.setText("tomorrow")
    window.app_pattern.setText("code(")
    window.add()
    settle(qtbot)
    assert "app pattern" in window.error.text() and _tasks(app) == []
    window.app_pattern.setText("code|pycharm")
    window.priority.setValue(1)
    window.add()
    settle(qtbot)
    [task] = _tasks(app)
    assert (task.title, task.estimate, task.priority, task.app_pattern) == (
        "Write the report",
        90,
        1,
        "code|pycharm",
    )
    assert window.table.rowCount() == 1 and window.error.text() == ""
    window.select_task(task.id)  # type: ignore[arg-type]
    window.title.setText("")
    window.save()
    settle(qtbot)
    assert "title" in window.error.text() and _tasks(app)[0].title == "Write the report"
    window.title.setText("Write the final report")
    window.save()
    settle(qtbot)
    assert _tasks(app)[0].title == "Write the final report"
    _shot(window, artifacts, "tasks")
    window.toggle_done()
    settle(qtbot)
    assert not _tasks(app)[0].is_open
    assert window.table.rowCount() == 0  # completed tasks are hidden by default
    window.show_done.setChecked(True)
    settle(qtbot)
    window.select_task(task.id)  # type: ignore[arg-type]
    window.confirm_delete = False
    window.delete()
    settle(qtbot)
    assert _tasks(app) == []


def test_tasks_show_ids_refuse_a_silent_copy_and_say_what_was_saved(app: App, qtbot: QtBot) -> None:
    def add(title: str) -> None:
        app.write(lambda db: task_store.add_task(db, Task(None, title, created=1.0))).result()

    for title in ("Gone", "Taxes", "Report"):
        add(title)
    app.write(lambda db: task_store.delete_task(db, 1)).result()
    window = TasksWindow(app)
    qtbot.addWidget(window)
    settle(qtbot)
    rows = window.table.rowCount()
    headers = [window.table.verticalHeaderItem(r).text() for r in range(rows)]
    assert sorted(headers) == ["2", "3"]  # the ids `focuscoach task done ID` takes
    window.select_task(3)
    assert not window.add_button.isEnabled()
    window.add()  # even when called: no copy of the selected task
    settle(qtbot)
    assert len(_tasks(app)) == 2 and "New" in window.error.text()
    window.title.setText("Report v2")
    window.save()
    settle(qtbot)
    assert window.feedback.text() == "Saved changes to task 3: Report v2"
    window.clear_form()
    assert window.add_button.isEnabled()
    window.title.setText("Slides")
    window.add()
    settle(qtbot)
    assert window.feedback.text() == "Added task 4: Slides"
    assert sorted(t.title for t in _tasks(app)) == ["Report v2", "Slides", "Taxes"]


def test_plan_proposes_accepts_and_starts_a_block(app: App, qtbot: QtBot, artifacts: Path) -> None:
    app.write(
        lambda db: task_store.add_task(db, Task(None, "Taxes", estimate=60, created=1.0))
    ).result()
    # Mid-morning today: the working day (00:00-23:59 in the test settings) has room.
    morning = datetime.combine(date.today(), datetime.min.time(), tzinfo=app.tz)
    window = PlanWindow(
        app,
        app.settings,
        app.tz,
        clock=lambda: (morning + timedelta(hours=10)).timestamp(),
    )
    qtbot.addWidget(window)
    settle(qtbot)
    assert window.plan is not None and not window.is_accepted
    focus = [b for b in window.plan.blocks if b.kind is BlockKind.FOCUS]
    assert [(b.title, b.minutes) for b in focus] == [("Taxes", 50), ("Taxes", 15)]
    _shot(window, artifacts, "plan")
    accepted: list[Future[Plan]] = []
    window.accepted.connect(lambda plan: app.accept_plan(plan).add_done_callback(accepted.append))
    window.accept()
    assert window.is_accepted and not window.accept_button.isEnabled()
    qtbot.waitUntil(lambda: bool(accepted))
    stored = app.read(lambda db: load_plan(db, window.today(), app.tz)).result()
    assert isinstance(stored, Plan) and stored.blocks == window.plan.blocks
    window.timeline.setCurrentRow(0)
    with qtbot.waitSignal(window.start_requested) as started:
        window.start_selected()
    minutes, task_id = started.args
    assert task_id == focus[0].task_id and minutes == round(focus[0].minutes)
    assert "replaces" not in window.message.text()
    window.replan()  # a new proposal says that accepting it replaces the accepted plan
    settle(qtbot)
    assert not window.is_accepted
    assert "replaces the plan you accepted" in window.message.text()


def _plan_at(app: App, qtbot: QtBot, hour: float, day_hours: tuple[str, str]) -> PlanWindow:
    settings = config.parse({"planning": {"day_start": day_hours[0], "day_end": day_hours[1]}})
    midnight = datetime.combine(date.today(), datetime.min.time(), tzinfo=app.tz)
    window = PlanWindow(
        app, settings, app.tz, clock=lambda: (midnight + timedelta(hours=hour)).timestamp()
    )
    qtbot.addWidget(window)
    settle(qtbot)
    return window


def test_plan_on_an_empty_home_says_why_nothing_is_planned(app: App, qtbot: QtBot) -> None:
    early = _plan_at(app, qtbot, 6 + 5 / 60, ("09:00", "17:00"))
    assert early.plan is not None and early.plan.blocks == ()
    assert "over" not in early.message.text()
    assert "add tasks" in early.message.text() and "09:00–17:00" in early.message.text()
    assert "Tasks window" in _plan_at(app, qtbot, 10, ("09:00", "17:00")).message.text()
    assert "over" in _plan_at(app, qtbot, 18, ("09:00", "17:00")).message.text()
    app.write(
        lambda db: task_store.add_task(db, Task(None, "Taxes", estimate=60, created=1.0))
    ).result()
    late = _plan_at(app, qtbot, 18, ("09:00", "17:00"))
    assert "are over" in late.message.text() and "did not fit" in late.message.text()


def test_plan_names_a_bad_calendar(app: App, qtbot: QtBot, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ics"
    bad.write_text("not a calendar")
    settings = config.parse({"planning": {"calendars": [str(bad)]}})
    window = PlanWindow(app, settings, app.tz)
    qtbot.addWidget(window)
    settle(qtbot)
    assert "broken.ics" in window.message.text()


def test_settings_validate_save_and_toggle_login(
    paths: Paths, qtbot: QtBot, tmp_path: Path, artifacts: Path
) -> None:
    login = {
        "platform": "linux",
        "env": {"XDG_CONFIG_HOME": str(tmp_path / "xdg")},
        "home": tmp_path,
    }
    window = SettingsWindow(config.Settings(), paths, autostart_kwargs=login)
    qtbot.addWidget(window)
    _shot(window, artifacts, "settings")
    day_start = window.fields["planning.day_start"]
    assert isinstance(day_start, QTimeEdit)
    day_start.setTime(QTime(18, 0))
    assert window.save() is False
    assert "day_start must come before" in window.error.text()
    assert not paths.config_file.exists()
    day_start.setTime(QTime(8, 30))
    window._add_rule("", "")  # an empty rule is dropped, not an error
    window._add_rule("keepass", "")
    micro_interval = window.fields["breaks.micro_interval_s"]
    assert isinstance(micro_interval, DurationEditor) and micro_interval.unit.currentText() == "min"
    micro_interval.spin.setValue(25)
    window.fields["privacy.record_titles"].set_value(False)  # type: ignore[arg-type]
    window.fields["app.launch_at_login"].set_value(True)  # type: ignore[arg-type]
    window.fields["app.language"].set_value("zh_CN")  # type: ignore[arg-type]
    with qtbot.waitSignal(window.saved):
        assert window.save() is True
    saved = config.load(paths.config_file)
    assert saved.planning.day_start == "08:30" and saved.coaching.micro_interval_s == 1500
    assert saved.recording.record_titles is False and saved.app.language == "zh_CN"
    assert [r.app.pattern for r in saved.recording.exclusions if r.app] == ["keepass"]
    assert (tmp_path / "xdg" / "autostart" / "io.github.focuscoach.FocusCoach.desktop").exists()
    window.fields["app.launch_at_login"].set_value(False)  # type: ignore[arg-type]
    assert window.save()
    assert not (tmp_path / "xdg" / "autostart" / "io.github.focuscoach.FocusCoach.desktop").exists()


def test_settings_export_and_delete_a_time_range(app: App, qtbot: QtBot, tmp_path: Path) -> None:
    now = time.time()
    app.write(
        lambda db: db.execute(
            "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, 'old', 'old one')",
            [now - 7200, now - 7100],
        )
    ).result()
    # Export on the app's executor and delete on its writer, as the tray opens it.
    window = SettingsWindow(app.settings, app.paths, app=app)
    qtbot.addWidget(window)
    window.since.setText("not a time")
    assert finished(qtbot, window.export_to(tmp_path / "x.json")) is None
    assert "cannot read the time" in window.data_message.text()
    window.since.setText("3h")
    window.until.setText("now")
    out = finished(qtbot, window.export_to(tmp_path / "x.json"))
    assert out is not None
    assert "old one" in [w["title"] for w in json.loads(out.read_text())["window"]]
    window.until.setText("4h")
    window.confirm = False
    assert (
        finished(qtbot, window.forget()) is False
        and "must come after" in window.data_message.text()
    )
    window.since.setText("3h")
    window.until.setText("1h")
    assert finished(qtbot, window.forget()) is True
    titles = app.read(
        lambda db: [r["title"] for r in db.query("SELECT title FROM window_spans")]
    ).result()
    assert "old one" not in titles


def test_mood_window_keys_energy_note_and_skip(qtbot: QtBot, artifacts: Path) -> None:
    dialog = MoodDialog("block_end")
    qtbot.addWidget(dialog)
    _shot(dialog, artifacts, "mood")
    dialog.save_button.click()
    assert "Pick a mood" in dialog.error.text()
    QTest.keyClick(dialog, Qt.Key.Key_2)
    dialog.energy_group.button(4).click()
    dialog.note.setText(" tired 5 ")
    with qtbot.waitSignal(dialog.submitted) as got:
        dialog.save_button.click()
    assert got.args == [2, 4, "tired 5"]
    skip = MoodDialog("hourly")
    qtbot.addWidget(skip)
    with qtbot.waitSignal(skip.skipped):
        skip.skip_button.click()


def test_mood_faces_need_no_emoji_font_and_energy_says_low_and_high(qtbot: QtBot) -> None:
    dialog = MoodDialog("hourly")
    qtbot.addWidget(dialog)
    for value in range(1, 6):
        button = dialog.mood_group.button(value)
        # Text only from the Basic Multilingual Plane: nothing that needs an emoji font.
        assert all(ord(ch) < 0x2000 for ch in button.text()), button.text()
        assert button.text().startswith(str(value)) and not button.icon().isNull()
    frown = face_icon(2).pixmap(40, 40).toImage()
    smile = face_icon(4).pixmap(40, 40).toImage()
    assert frown != smile and not frown.isNull()
    assert (dialog.energy_low.text(), dialog.energy_high.text()) == ("low", "high")


def test_break_window_counts_down_and_closes(qtbot: QtBot, artifacts: Path) -> None:
    assert format_left(125.2) == "2:05" and format_left(-3) == "0:00"
    window = BreakWindow(time.time() + 1.5, long_break=True)
    qtbot.addWidget(window)
    _shot(window, artifacts, "break")
    assert window.left.text() in {"0:01", "0:02"}
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_crash_handler_logs_and_offers_copy_details(
    qtbot: QtBot, tmp_path: Path, caplog: object
) -> None:
    handler = CrashHandler(tmp_path / "focuscoach.log")
    handler.install()
    try:
        assert sys.excepthook == handler.handle
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            with caplog.at_level(logging.ERROR, logger="focuscoach.crash"):  # type: ignore[attr-defined]
                sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
    assert sys.excepthook is sys.__excepthook__ or sys.excepthook != handler.handle
    assert "uncaught exception" in caplog.text  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(handler.dialogs) == 1)
    dialog = handler.dialogs[0]
    assert isinstance(dialog, CrashDialog)
    assert "RuntimeError: boom in a slot" in dialog.details
    dialog.copy_button.click()
    assert "boom in a slot" in QApplication.clipboard().text()
    dialog.close()


def test_weekly_review_opens_from_the_tray_menu(app: App, qtbot: QtBot) -> None:
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.review import ReviewWindow
    from focuscoach.desktop.tray import TrayController
    from tests.desktop.conftest import delete_now

    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.review_action.trigger()
        review = controller.windows["review"]
        assert isinstance(review, ReviewWindow)
        qtbot.waitUntil(review.charts_ready, timeout=10_000)  # built off the main thread
    finally:
        controller.shutdown()
        delete_now()


def test_resting_on_weekly_review_loads_the_charts_once_off_the_main_thread(
    app: App, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pointer on "Weekly review…" starts matplotlib's import on the app's executor (the
    click comes a few hundred milliseconds later); resting on it again, or the end-of-week
    prompt, starts nothing more."""
    import threading

    from focuscoach.core.coaching.review_prompt import ReviewDue
    from focuscoach.desktop import review_page, tray_windows
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.tray import TrayController
    from tests.desktop.conftest import delete_now

    loads: list[str] = []
    real = review_page.load_chart_modules

    def recorded() -> None:
        loads.append(threading.current_thread().name)
        real()

    monkeypatch.setattr(review_page, "load_chart_modules", recorded)
    monkeypatch.setattr(tray_windows, "_review_warmed", False)
    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.review_action.hover()
        qtbot.waitUntil(lambda: len(loads) == 1, timeout=10_000)
        controller.review_action.hover()
        controller.notify_review(ReviewDue(at=time.time(), week="2026-W11"))
        app.submit(lambda: None).result(timeout=10)  # anything queued has run
        assert loads != [threading.main_thread().name] and len(loads) == 1
        assert "matplotlib.backends.backend_qtagg" in sys.modules
    finally:
        controller.shutdown()
        delete_now()


def test_the_end_of_week_prompt_loads_the_charts_before_the_click(
    app: App, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from focuscoach.core.coaching.review_prompt import ReviewDue
    from focuscoach.desktop import review_page, tray_windows
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.tray import TrayController
    from tests.desktop.conftest import delete_now

    loads: list[int] = []
    monkeypatch.setattr(review_page, "load_chart_modules", lambda: loads.append(1))
    monkeypatch.setattr(tray_windows, "_review_warmed", False)
    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.notify_review(ReviewDue(at=time.time(), week="2026-W11"))
        qtbot.waitUntil(lambda: loads == [1], timeout=10_000)
    finally:
        controller.shutdown()
        delete_now()
