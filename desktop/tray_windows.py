"""The tray's own small windows: a custom focus block, the stand-in for a missing tray, and
the weekly review as the tray opens it."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
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
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.reports.week import Week
from focuscoach.core.runtime import App
from focuscoach.desktop.icons import icon
from focuscoach.desktop.ops import op

if TYPE_CHECKING:
    from focuscoach.core.reports.today import TaskToday, Today

T = TypeVar("T")


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
        # Sized for two fields, not for the longest task title (shown whole in the list).
        self.task.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.task.setMinimumContentsLength(24)
        self.task.addItem(self.tr("(no particular task)"), -1)
        self.set_tasks(tasks)
        form.addRow(self.tr("Task:"), self.task)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def set_tasks(self, tasks: list[tuple[int, str]]) -> None:
        """The open tasks to choose from (they arrive from a background read)."""
        chosen = self.task.currentData()
        while self.task.count() > 1:
            self.task.removeItem(1)
        for task_id, title in tasks:
            self.task.addItem(title, task_id)
            self.task.setItemData(self.task.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        index = self.task.findData(chosen)
        self.task.setCurrentIndex(max(0, index))

    def choice(self) -> tuple[int, int | None]:
        task_id = int(self.task.currentData())
        return self.minutes.value(), (task_id if task_id >= 0 else None)


class FallbackWindow(QMainWindow):
    """Stands in for the tray icon when the desktop has no system tray."""

    def __init__(self, menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("App", "Focus Coach"))
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


_review_warmed = False


def warm_review(app: App) -> None:
    """Load the review's chart modules (matplotlib: a third of a second) on the executor the
    review draws on, once, ahead of the window: the tray calls this when the pointer rests on
    "Weekly review…", a few hundred milliseconds before the click, so the first opening does
    not wait for the import. Only then: the tray does not carry matplotlib all day for
    someone who never opens the review. On the same executor as the drawing, the import is
    never made by two threads at once."""
    global _review_warmed
    if _review_warmed:
        return
    _review_warmed = True

    def load() -> None:
        from focuscoach.desktop.review_page import load_chart_modules

        load_chart_modules()

    app.submit(load)


def review_window(app: App, week: Week | None = None) -> QWidget:
    """The weekly review (desktop/review.py), imported only when asked for: it brings
    matplotlib, which the tray process should not carry all day. Its numbers are built on the
    app's executor once what was recorded so far is committed: never on the main thread."""
    from focuscoach.core.categories import user_or_default_categorizer
    from focuscoach.desktop.review import ReviewWindow

    def after_flush(fn: Callable[[], T]) -> concurrent.futures.Future[T]:
        return app.submit(lambda: (app.commit_recorded(), fn())[1])

    rules = user_or_default_categorizer(app.paths.categories_file)
    return ReviewWindow(
        app.paths.database, week=week, tz=app.tz, categorizer=rules, submit=after_flush
    )


def categories_window(app: App) -> QWidget:
    """The rules, a regex test and the suggestions (desktop/categories.py). Suggestions
    come from a child `focuscoach categories suggest`: the text encoder never loads here."""
    from focuscoach.core.autostart import app_command
    from focuscoach.core.categorize.history import recent_time
    from focuscoach.desktop.categories import CategoriesWindow

    paths = app.paths
    command = app_command()
    if paths.data_dir == paths.config_dir:  # started with --home
        command += ["--home", str(paths.data_dir)]
    window = CategoriesWindow(paths, {}, command)
    since = time.time() - 7 * 86400

    def shown(week: dict[tuple[str, str], float]) -> None:
        window.week = dict(week)
        window.reload_rules()

    # The week's time per window is read off the main thread; the tree fills in when it comes.
    op(window, lambda: recent_time(paths.database, since), app.submit).success(shown).run()
    return window


def _today_reader(app: App) -> Callable[[float], Today]:
    """Today's figures at a moment, for the Today and Tasks windows: read where it is called
    (the app's executor) after what was recorded so far is committed, with the categories as
    they were when the window opened."""
    from datetime import datetime

    from focuscoach.core.categories import user_or_default_categorizer
    from focuscoach.core.reports.today import load_today

    rules = user_or_default_categorizer(app.paths.categories_file)

    def load(now: float) -> Today:
        app.commit_recorded()
        with app.runtime.read() as db:
            day = datetime.fromtimestamp(now, app.tz).date()
            return load_today(db, day, now, app.tz, rules)

    return load


def task_times(app: App) -> Callable[[], concurrent.futures.Future[Mapping[int, TaskToday]]]:
    """Each task's time today for the Tasks window, counted as the Today window counts it
    (core/reports/today.py: on-task windows during its focus blocks, and the blocks planned
    for it), read on the app's executor."""
    read = _today_reader(app)

    def load() -> Mapping[int, TaskToday]:
        return {task.id: task for task in read(app.runtime.clock()).tasks}

    return lambda: app.submit(load)


def today_window(
    app: App, start_block: Callable[[float, int | None], concurrent.futures.Future[Any]]
) -> QWidget:
    """How the day is going (desktop/today.py): its figures are read on the app's executor
    (`_today_reader`); `start_block` is the tray's start_focus."""
    from focuscoach.desktop.today import TodayWindow

    return TodayWindow(
        _today_reader(app),
        app.submit,
        start_block,
        app.tz,
        clock=app.runtime.clock,
        attention=app.attention_strip,
    )
