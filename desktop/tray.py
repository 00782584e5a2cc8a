"""The tray icon, its menu, and what happens when the coach speaks.

The controller only translates: coach events become notifications and windows, clicks
become Engine calls. Nothing here decides anything the coach or the planner decides.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core import config
from focuscoach.core.coaching.events import (
    BlockEnded,
    BlockStarted,
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakStarted,
    CheckInDue,
    CoachEvent,
    NudgeDue,
)
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.engine import AppState, Engine, Status
from focuscoach.core.planning import storage
from focuscoach.core.planning.planner import Plan
from focuscoach.core.reports.schedule import review_prompt_due
from focuscoach.core.reports.week import Week
from focuscoach.desktop.bridge import Bridge
from focuscoach.desktop.icons import icon, state_icon
from focuscoach.desktop.notify import Notice, Notifier, make_notifier

log = logging.getLogger("focuscoach.desktop")

#: How long to wait for a system tray before showing the fallback window.
TRAY_WAIT_S = 5.0
# The end-of-week prompt is checked this often, and remembered under this key.
REVIEW_CHECK_MS = 5 * 60 * 1000
REVIEW_PROMPT_KEY = "review_prompt"


def _clock(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%H:%M")


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


class FocusDialog(QDialog):
    """A custom focus block: its length, and optionally the task it is for."""

    def __init__(self, tasks: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start a focus block"))
        self.setWindowIcon(icon("focus"))
        form = QFormLayout(self)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 480)
        self.minutes.setValue(50)
        self.minutes.setSuffix(self.tr(" min"))
        form.addRow(self.tr("Length:"), self.minutes)
        self.task = QComboBox()
        self.task.addItem(self.tr("(no particular task)"), -1)
        for task_id, title in tasks:
            self.task.addItem(title, task_id)
        form.addRow(self.tr("Task:"), self.task)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[int, int | None]:
        task_id = int(self.task.currentData())
        return self.minutes.value(), (task_id if task_id >= 0 else None)


class FallbackWindow(QMainWindow):
    """Stands in for the tray icon when the desktop has no system tray."""

    def __init__(self, menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Focus Coach")
        self.setWindowIcon(icon("app"))
        self.menuBar().addMenu(menu)
        body = QWidget()
        layout = QVBoxLayout(body)
        why = QLabel(
            self.tr(
                "No system tray was found on this desktop, so Focus Coach shows this small "
                "window instead. Closing it keeps Focus Coach running; use Quit to stop."
            )
        )
        why.setWordWrap(True)
        layout.addWidget(why)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.menu_button = QPushButton(self.tr("Menu"))
        self.menu_button.setMenu(menu)
        layout.addWidget(self.menu_button)
        self.setCentralWidget(body)
        self.resize(380, 180)


class TrayController(QObject):
    quit_requested = Signal()

    def __init__(
        self,
        engine: Engine,
        *,
        notifier: Notifier | None = None,
        tray_wait_s: float = TRAY_WAIT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.started = time.monotonic()
        self.tray_shown_after: float | None = None
        self.windows: dict[str, QWidget] = {}
        self.bridge = Bridge(self)
        self.bridge.delivered.connect(self.on_event)
        engine.subscribe(self.bridge.post)
        self.tray = QSystemTrayIcon(state_icon(AppState.RECORDING), self)
        self.menu = self._build_menu()
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._activated)
        self.fallback: FallbackWindow | None = None
        self.notifier = notifier or make_notifier(self.tray, self)
        self.notifier.answered.connect(self.on_answer)
        log.info("notifications through %s", self.notifier.kind)
        self._tray_deadline = time.monotonic() + tray_wait_s
        self._tray_timer = QTimer(self)
        self._tray_timer.setInterval(250)
        self._tray_timer.timeout.connect(self._try_tray)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(30_000)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        self._review_week: Week | None = None
        self.review_timer = QTimer(self)
        self.review_timer.setInterval(REVIEW_CHECK_MS)
        self.review_timer.timeout.connect(self._review_tick)
        self.review_timer.start()
        self._try_tray()
        if self.tray_shown_after is None and self.fallback is None:
            self._tray_timer.start()
        self.refresh()

    # --- the tray or its stand-in --------------------------------------------------------

    def _try_tray(self) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray_timer.stop()
            self.tray.show()
            self.tray_shown_after = time.monotonic() - self.started
            log.info("tray icon shown after %.2f s", self.tray_shown_after)
            if self.fallback is not None:
                self.fallback.hide()
        elif time.monotonic() >= self._tray_deadline:
            self._tray_timer.stop()
            self.show_fallback()

    def show_fallback(self) -> None:
        log.warning("no system tray: showing the main window instead")
        if self.fallback is None:
            self.fallback = FallbackWindow(self.menu)
        self.refresh()
        self.fallback.show()

    def bring_forward(self, _message: str = "") -> None:
        """A second launch asked to see us."""
        if self.fallback is not None and not self.tray.isVisible():
            self.fallback.show()
            self.fallback.raise_()
            self.fallback.activateWindow()
        elif self.tray.isVisible():
            self.tray.showMessage(
                "Focus Coach", self.tr("Focus Coach is already running."), icon("app"), 5000
            )
            self.open_window("plan")
        else:
            self.show_fallback()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_window("plan")

    # --- menu ----------------------------------------------------------------------------

    def _build_menu(self) -> QMenu:
        menu = QMenu(self.tr("Focus Coach"))
        self.status_action = menu.addAction("")
        self.status_action.setEnabled(False)
        menu.addSeparator()
        focus = menu.addMenu(self.tr("Start focus block"))
        self.focus_menu = focus
        self.focus25 = focus.addAction(self.tr("25 minutes"), lambda: self.start_focus(25))
        self.focus50 = focus.addAction(self.tr("50 minutes"), lambda: self.start_focus(50))
        self.focus_custom = focus.addAction(self.tr("Custom…"), self.custom_focus)
        self.stop_focus_action = menu.addAction(self.tr("End focus block"), self.stop_focus)
        self.break_action = menu.addAction(self.tr("Take a break"), self.take_break)
        menu.addSeparator()
        self.mood_action = menu.addAction(self.tr("Log mood…"), lambda: self.show_mood(""))
        self.tasks_action = menu.addAction(self.tr("Tasks…"), lambda: self.open_window("tasks"))
        self.plan_action = menu.addAction(
            self.tr("Today's plan…"), lambda: self.open_window("plan")
        )
        self.review_action = menu.addAction(
            self.tr("Weekly review…"), lambda: self.open_window("review")
        )
        menu.addSeparator()
        pause = menu.addMenu(self.tr("Pause recording"))
        self.pause_menu = pause
        self.pause15 = pause.addAction(self.tr("For 15 minutes"), lambda: self.pause("15m"))
        self.pause60 = pause.addAction(self.tr("For 1 hour"), lambda: self.pause("1h"))
        self.pause_tomorrow = pause.addAction(
            self.tr("Until tomorrow"), lambda: self.pause("tomorrow")
        )
        self.resume_action = menu.addAction(self.tr("Resume recording"), self.resume)
        menu.addSeparator()
        self.settings_action = menu.addAction(
            self.tr("Settings…"), lambda: self.open_window("settings")
        )
        self.quit_action: QAction = menu.addAction(self.tr("Quit"), self.quit_requested.emit)
        return menu

    # --- state ---------------------------------------------------------------------------

    def describe(self, status: Status) -> str:
        if status.state is AppState.PAUSED:
            return self.tr("Recording paused until {time}").format(
                time=_clock(status.paused_until or 0)
            )
        if status.state is AppState.BREAK:
            return self.tr("On a break until {time}").format(time=_clock(status.break_end or 0))
        if status.state is AppState.FOCUS:
            what = status.block_title or self.tr("focus block")
            return self.tr("Focus: {what} until {time}").format(
                what=what, time=_clock(status.block_end or 0)
            )
        return self.tr("Recording")

    def refresh(self) -> None:
        status = self.engine.status()
        self.status = status
        text = self.describe(status)
        tooltip = (
            "Focus Coach — "
            + text
            + "\n"
            + self.tr("Focused today: {time}").format(time=_duration(status.focused_today_s))
        )
        if status.model_warning:  # a broken trained model: say so (details in the log)
            tooltip += "\n⚠ " + status.model_warning
        self.tray.setIcon(state_icon(status.state))
        self.tray.setToolTip(tooltip)
        self.status_action.setText(text)
        paused = status.state is AppState.PAUSED
        self.pause_menu.menuAction().setVisible(not paused)
        self.resume_action.setVisible(paused)
        self.stop_focus_action.setVisible(status.state is AppState.FOCUS)
        if self.fallback is not None:
            self.fallback.status.setText(tooltip)
            self.fallback.setWindowIcon(state_icon(status.state))

    # --- menu actions --------------------------------------------------------------------

    def start_focus(self, minutes: float, task_id: int | None = None) -> None:
        self.engine.start_focus_block(minutes, task_id)
        self.refresh()

    def custom_focus(self) -> FocusDialog:
        with self.engine.read() as db:
            tasks = [(t.id, t.title) for t in storage.list_tasks(db) if t.id is not None]
        dialog = FocusDialog(tasks)
        dialog.accepted.connect(lambda: self.start_focus(*dialog.choice()))
        self.windows["focus"] = dialog
        dialog.show()
        return dialog

    def stop_focus(self) -> None:
        self.engine.stop_focus_block()
        self.refresh()

    def take_break(self) -> None:
        self.engine.take_break(BreakKind.LONG)
        self.refresh()

    def pause(self, choice: str) -> None:
        self.engine.pause_recording(choice)
        self.refresh()

    def resume(self) -> None:
        self.engine.resume_recording()
        self.refresh()

    def open_window(self, name: str) -> QWidget | None:
        window = self.windows.get(name)
        if window is None or not window.isVisible():
            window = self._make_window(name)
            if window is None:
                return None
            self.windows[name] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _make_window(self, name: str) -> QWidget | None:
        engine = self.engine
        if name == "tasks":
            from focuscoach.desktop.tasks import TasksWindow

            tasks = TasksWindow(engine)
            tasks.changed.connect(self._tasks_changed)
            return tasks
        if name == "plan":
            from focuscoach.desktop.plan import PlanWindow

            plan = PlanWindow(engine, engine.settings, engine.tz)
            plan.accepted.connect(self._plan_accepted)
            plan.start_requested.connect(
                lambda minutes, task: self.start_focus(minutes, task if task >= 0 else None)
            )
            return plan
        if name == "settings":
            from focuscoach.desktop.settings import SettingsWindow

            def flush() -> None:
                if engine.writer is not None:
                    engine.writer.flush()

            window = SettingsWindow(engine.settings, engine.paths, flush=flush)
            window.saved.connect(self._settings_saved)
            return window
        if name == "review":
            return self._review_window()
        return None

    def _review_window(self, week: Week | None = None) -> QWidget | None:
        """The weekly review (desktop/review.py), imported only when asked for: it brings
        matplotlib, which the tray process should not carry all day."""
        from focuscoach.core.categories import user_or_default_categorizer
        from focuscoach.desktop.review import ReviewWindow

        if self.engine.writer is not None:
            self.engine.writer.flush()
        rules = user_or_default_categorizer(self.engine.paths.categories_file)
        return ReviewWindow(
            self.engine.paths.database, week=week, tz=self.engine.tz, categorizer=rules
        )

    # --- the end-of-week prompt ----------------------------------------------------------

    def check_review_prompt(self, now: float | None = None) -> Week | None:
        """Offer the weekly review once the working week ends (settings: app.review_notify_at,
        default Friday 17:00); remembered in the store so a restart does not ask again."""
        setting = self.engine.settings.app.review_notify_at
        if not setting or self.engine.writer is None:
            return None
        moment = time.time() if now is None else now
        with self.engine.read() as db:
            saved = storage.load_coach_state(db, REVIEW_PROMPT_KEY)
        last = saved[0] if saved is not None else None
        week = review_prompt_due(moment, self.engine.tz, last, setting)
        if week is None:
            return None
        self.engine.write(
            lambda db: storage.save_coach_state(db, REVIEW_PROMPT_KEY, moment, {"week": str(week)})
        )
        self._review_week = week
        body = self.tr("Your week {week} is done. See where your focus went?").format(
            week=str(week)
        )
        actions = (("open", self.tr("Open weekly review")),)
        self.notifier.show(Notice("review", self.tr("Weekly review"), body, actions, 300_000))
        return week

    def _open_prompted_review(self) -> None:
        old = self.windows.pop("review", None)
        if old is not None:
            old.close()
        window = self._review_window(self._review_week)
        if window is not None:
            self.windows["review"] = window
            window.show()
            window.raise_()
            window.activateWindow()

    def _plan_accepted(self, plan: Plan) -> None:
        self.engine.accept_plan(plan)
        self.refresh()

    def _tasks_changed(self) -> None:
        plan = self.engine.runner.coach.plan if self.engine.runner else None
        if plan is not None:
            self.engine.accept_plan(plan)  # the coach learns the new task patterns

    def _settings_saved(self, settings: config.Settings) -> None:
        self.engine.reload_settings(settings)

    # --- the coach speaks ----------------------------------------------------------------

    def on_event(self, event: CoachEvent) -> None:
        if isinstance(event, BreakDue):
            self.notify_break(event)
        elif isinstance(event, NudgeDue):
            self.notify_nudge(event)
        elif isinstance(event, CheckInDue):
            self.show_mood(event.reason)
        elif isinstance(event, BreakStarted):
            self.show_break(event)
        elif isinstance(event, BreakEnded):
            window = self.windows.pop("break", None)
            if window is not None:
                window.close()
            self.notifier.show(
                Notice(
                    "break-over", self.tr("Break over"), self.tr("Welcome back."), timeout_ms=8000
                )
            )
        elif isinstance(event, BlockStarted):
            what = event.title or self.tr("focus block")
            self.notifier.show(
                Notice(
                    "block",
                    self.tr("Focus block started"),
                    self.tr("{what} until {time}").format(what=what, time=_clock(event.end)),
                    timeout_ms=8000,
                )
            )
        elif isinstance(event, BlockEnded):
            self.notifier.show(
                Notice("block", self.tr("Focus block done"), self.tr("Nice work."), timeout_ms=8000)
            )
        self.refresh()

    def notify_break(self, event: BreakDue) -> None:
        minutes = event.duration_s / 60
        body = (
            self.tr("Time for a {n}-minute break.").format(n=round(minutes))
            if event.break_kind is BreakKind.LONG
            else self.tr("Time for a {n}-second eye break.").format(n=round(event.duration_s))
        )
        actions = [("start", self.tr("Start break"))]
        if event.postpones_left > 0:
            actions.append(("postpone", self.tr("Postpone 5 min")))
        actions.append(("skip", self.tr("Skip")))
        self.notifier.show(Notice("break", self.tr("Break"), body, tuple(actions), 120_000))

    def notify_nudge(self, event: NudgeDue) -> None:
        body = event.explanation
        if event.task_title:
            body = self.tr("Back to “{task}”?").format(task=event.task_title) + "\n" + body
        actions = (
            (NudgeAnswer.BACK_TO_TASK.value, self.tr("Back to task")),
            (NudgeAnswer.SNOOZE.value, self.tr("Snooze 10 min")),
            (NudgeAnswer.NOT_DISTRACTED.value, self.tr("I wasn't distracted")),
        )
        self.notifier.show(Notice("nudge", self.tr("Drifting off?"), body, actions, 60_000))

    def on_answer(self, tag: str, key: str) -> None:
        log.info("answer to %s: %r", tag, key)
        if not key:
            return
        if tag == "nudge":
            label = self.engine.answer_nudge(key)
            log.info("nudge label stored: %s", label)
        elif tag == "review" and key == "open":
            self._open_prompted_review()
        elif tag == "break":
            if key == "start":
                self.engine.take_break()
            elif key == "postpone":
                self.engine.postpone_break()
            elif key == "skip":
                self.engine.skip_break()
        self.refresh()

    def show_break(self, event: BreakStarted) -> None:
        from focuscoach.desktop.breaks import BreakWindow

        old = self.windows.pop("break", None)
        if old is not None:
            old.close()
        window = BreakWindow(event.until, event.break_kind is BreakKind.LONG)
        self.windows["break"] = window
        window.show()

    def show_mood(self, reason: str) -> QWidget:
        from focuscoach.desktop.mood import MoodDialog

        old = self.windows.get("mood")
        if old is not None and old.isVisible():
            return old
        dialog = MoodDialog(reason)
        dialog.submitted.connect(
            lambda mood, energy, note: self.engine.log_mood(mood, energy or None, note)
        )
        if reason:  # asked by the coach: skipping is an answer too
            dialog.skipped.connect(self.engine.skip_checkin)
        self.windows["mood"] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    # --- the end -------------------------------------------------------------------------

    def _review_tick(self) -> None:
        try:
            self.check_review_prompt()
        except Exception:  # a failed check must not take the tray down
            log.exception("weekly review prompt failed")

    def shutdown(self) -> None:
        self.review_timer.stop()
        self.refresh_timer.stop()
        self._tray_timer.stop()
        self.notifier.close_all()
        # Close and delete every window now: left to Python's garbage collector (the coach's
        # callbacks keep this controller in reference cycles) they would be torn down after
        # the QApplication, which crashes PySide at exit.
        for window in list(self.windows.values()):
            window.close()
            window.deleteLater()
        self.windows.clear()
        self.tray.hide()
        self.tray.setContextMenu(None)  # type: ignore[arg-type]
        if self.fallback is not None:
            self.fallback.deleteLater()
            self.fallback = None
        self.menu.deleteLater()
        self.deleteLater()
