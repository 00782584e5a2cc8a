"""The tray icon, its menu, and what happens when the coach speaks.

The controller only translates: coach events become notifications and windows, clicks
become App commands, run as background operations (desktop/ops.py) whose results come back on
the main thread. Nothing here decides anything the coach or the planner decides, and nothing
here waits on the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib import metadata
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QSystemTrayIcon, QWidget

from focuscoach.core.coaching.events import BreakKind
from focuscoach.core.planning.planner import Plan
from focuscoach.core.reports.week import Week
from focuscoach.core.runtime import App, AppState, Status
from focuscoach.desktop import notices
from focuscoach.desktop.bridge import Bridge
from focuscoach.desktop.icons import icon, state_icon
from focuscoach.desktop.notify import Notifier, make_notifier
from focuscoach.desktop.ops import Future, command
from focuscoach.desktop.tray_coach import CoachPrompts
from focuscoach.desktop.tray_windows import (
    FallbackWindow,
    FocusDialog,
    categories_window,
    review_window,
    today_window,
    warm_review,
)

log = logging.getLogger("focuscoach.desktop")

#: How long to wait for a system tray before showing the fallback window.
TRAY_WAIT_S = 5.0
T = TypeVar("T")


class TrayController(QObject, CoachPrompts):
    """The tray icon and menu; what the coach says is handled by CoachPrompts
    (desktop/tray_coach.py)."""

    quit_requested = Signal()

    def __init__(
        self,
        app: App,
        *,
        notifier: Notifier | None = None,
        tray_wait_s: float = TRAY_WAIT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.started = time.monotonic()
        self.tray_shown_after: float | None = None
        self.windows: dict[str, QWidget] = {}
        self.bridge = Bridge(self)
        self.bridge.delivered.connect(self.on_event)
        self._unsubscribe = app.subscribe(self.bridge.post)
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
        self.end_break_action = menu.addAction(self.tr("End break"), self.end_break)
        menu.addSeparator()
        self.mood_action = menu.addAction(self.tr("Log mood…"), lambda: self.show_mood(""))
        self.tasks_action = menu.addAction(self.tr("Tasks…"), lambda: self.open_window("tasks"))
        self.today_action = menu.addAction(self.tr("Today…"), lambda: self.open_window("today"))
        self.plan_action = menu.addAction(
            self.tr("Today's plan…"), lambda: self.open_window("plan")
        )
        self.review_action = menu.addAction(
            self.tr("Weekly review…"), lambda: self.open_window("review")
        )
        self.review_action.hovered.connect(lambda: warm_review(self.app))
        self.categories_action = menu.addAction(
            self.tr("Categories…"), lambda: self.open_window("categories")
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
        self.help_action = menu.addAction(self.tr("Help…"), self.show_help)
        self.about_action = menu.addAction(self.tr("About Focus Coach…"), self.show_about)
        self.quit_action: QAction = menu.addAction(self.tr("Quit"), self.quit_requested.emit)
        return menu

    # --- state ---------------------------------------------------------------------------

    def describe(self, status: Status) -> str:
        return notices.describe(status)

    def refresh(self) -> None:
        status = self.app.status()  # in memory, under the coach's lock: no database
        self.status = status
        text = self.describe(status)
        tooltip = notices.tooltip(status)
        self.tray.setIcon(state_icon(status.state))
        self.tray.setToolTip(tooltip)
        self.status_action.setText(text)
        paused = status.state is AppState.PAUSED
        self.pause_menu.menuAction().setVisible(not paused)
        self.resume_action.setVisible(paused)
        # A running block (also while recording is paused) can be ended, not started again.
        in_block = status.state is AppState.FOCUS or status.block_end is not None
        self.stop_focus_action.setVisible(in_block)
        self.focus_menu.menuAction().setVisible(not in_block)
        on_break = status.state is AppState.BREAK  # one break at a time; it can be ended
        self.break_action.setVisible(not on_break)
        self.end_break_action.setVisible(on_break)
        if self.fallback is not None:
            self.fallback.status.setText(tooltip)
            self.fallback.setWindowIcon(state_icon(status.state))

    # --- menu actions --------------------------------------------------------------------

    def _do(
        self, start: Callable[[], Future[T]], then: Callable[[T], object] = lambda _r: None
    ) -> Future[T]:
        """Run an App command in the background; `then(result)` and a refresh follow on the
        main thread (a failure is logged: the command changed nothing)."""

        def done(result: T) -> None:
            then(result)
            self.refresh()

        return command(self, start).success(done).run()

    def start_focus(self, minutes: float, task_id: int | None = None) -> Future[Plan]:
        return self._do(lambda: self.app.start_focus_block(minutes, task_id))

    def custom_focus(self) -> FocusDialog:
        dialog = FocusDialog([])
        (
            command(self, self.app.list_tasks)
            .success(lambda tasks: dialog.set_tasks([(t.id, t.title) for t in tasks if t.id]))
            .run()
        )
        dialog.accepted.connect(lambda: self.start_focus(*dialog.choice()))
        self.windows["focus"] = dialog
        dialog.show()
        return dialog

    def stop_focus(self) -> None:
        self._do(self.app.stop_focus_block)

    def take_break(self) -> None:
        self._do(lambda: self.app.take_break(BreakKind.LONG))

    def pause(self, choice: str) -> None:
        self._do(lambda: self.app.pause_recording(choice))

    def resume(self) -> None:
        self._do(self.app.resume_recording)

    def show_help(self) -> QMessageBox:
        text = self.tr(
            "Focus Coach records which window has focus (never what you type), plans your day"
            " into focus blocks and reminds you to take breaks.\n\n"
            "• Start focus block: 25 or 50 minutes or your own length, optionally for a task.\n"
            "• Today's plan: your open tasks fitted into your working hours; accept it, or"
            " start one of its blocks.\n"
            "• Weekly review: where your focus went, compared with the week before.\n"
            "• Pause recording: nothing is recorded until it ends or you resume.\n"
            "• Settings: working hours, breaks, nudges, privacy, language.\n\n"
            "On the command line: focuscoach --help."
        )
        return self._message("help", self.tr("Help — Focus Coach"), text)

    def show_about(self) -> QMessageBox:
        try:
            version = metadata.version("focuscoach")
        except metadata.PackageNotFoundError:
            version = "?"
        text = self.tr(
            "Focus Coach {version}\n\nA local focus coach: everything it records stays on"
            " this computer.\n\nData: {data}\nSettings: {config}\nLogs: {logs}"
        ).format(
            version=version,
            data=self.app.paths.data_dir,
            config=self.app.paths.config_file,
            logs=self.app.paths.log_dir,
        )
        return self._message("about", self.tr("About Focus Coach"), text)

    def _message(self, name: str, title: str, text: str) -> QMessageBox:
        """A small window that does not block the tray (kept in `windows` while open)."""
        old = self.windows.pop(name, None)
        if old is not None:
            old.close()
        box = QMessageBox(QMessageBox.Icon.Information, title, text)
        box.setWindowIcon(icon("app"))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self.windows.pop(name, None))
        self.windows[name] = box
        box.show()
        return box

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
        app = self.app
        if name == "tasks":
            from focuscoach.desktop.tasks import TasksWindow
            from focuscoach.desktop.tray_windows import task_times

            tasks = TasksWindow(app, times=task_times(app))
            tasks.changed.connect(lambda: self._do(app.tasks_changed))
            return tasks
        if name == "plan":
            from focuscoach.desktop.plan import PlanWindow

            plan = PlanWindow(app, app.settings, app.tz)
            plan.accepted.connect(lambda p: self._do(lambda: app.accept_plan(p)))
            plan.start_requested.connect(
                lambda minutes, task: self.start_focus(minutes, task if task >= 0 else None)
            )
            return plan
        if name == "settings":
            from focuscoach.desktop.settings import SettingsWindow

            window = SettingsWindow(app.settings, app.paths, app=app)
            window.saved.connect(lambda s: self._do(lambda: app.reload_settings(s)))
            return window
        if name == "review":
            return self._review_window()
        if name == "categories":
            return categories_window(self.app)
        if name == "today":
            return today_window(app, self.start_focus)
        return None

    def _review_window(self, week: Week | None = None) -> QWidget:
        return review_window(self.app, week)

    # --- the end -------------------------------------------------------------------------

    def shutdown(self) -> None:
        self._unsubscribe()  # first: the runtime's threads must not reach a deleted bridge
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
