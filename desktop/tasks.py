"""The task list: add, edit, complete, delete; priority, estimate, due date, on-task patterns;
each task's time today (on-task time during its focus blocks, against the blocks planned for it,
as the Today window counts it: core/reports/today.py).

Every read and write is a background operation (desktop/ops.py): the window asks, and shows the
result when it comes back on the main thread; it never waits on the database."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypedDict, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core import i18n
from focuscoach.core.planning.tasks import (
    check_pattern,
    format_estimate,
    parse_date,
    parse_estimate,
)
from focuscoach.core.records import Task, TaskStatus
from focuscoach.core.reports.today import TaskToday
from focuscoach.desktop.icons import icon
from focuscoach.desktop.ops import Future, command
from focuscoach.desktop.store import TaskCommands

log = logging.getLogger("focuscoach.desktop")


class TaskFields(TypedDict):
    """What the form edits: the keyword arguments of Task() and App.update_task()."""

    title: str
    priority: int
    estimate: int | None
    due: date | None
    app_pattern: str | None
    title_pattern: str | None


T = TypeVar("T")

#: Each task's time today by its id: read in the background (the tray reads Today's figures).
TaskTimes = Callable[[], Future[Mapping[int, TaskToday]]]
#: The column with each task's time today.
TIME_COLUMN = 5


class TasksWindow(QWidget):
    changed = Signal()

    def __init__(
        self, store: TaskCommands, parent: QWidget | None = None, *, times: TaskTimes | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._times_source = times
        self.times: Mapping[int, TaskToday] = {}
        self.setWindowTitle(self.tr("Tasks — Focus Coach"))
        self.setWindowIcon(icon("app"))
        self.tasks: list[Task] = []
        layout = QVBoxLayout(self)
        self.show_done = QCheckBox(self.tr("Show completed tasks"))
        self.show_done.toggled.connect(self.reload)
        layout.addWidget(self.show_done)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Task"),
                self.tr("Priority"),
                self.tr("Estimate"),
                self.tr("Due"),
                self.tr("Status"),
            ]
        )
        time_header = QTableWidgetItem(self.tr("Today"))
        time_header.setToolTip(
            self.tr("Time on the task today during its focus blocks, of the time planned for it")
        )
        self.table.setHorizontalHeaderItem(TIME_COLUMN, time_header)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table)

        form = QFormLayout()
        self.title = QLineEdit()
        self.priority = QSpinBox()
        self.priority.setRange(1, 4)
        self.priority.setValue(3)
        self.priority.setToolTip(self.tr("1 is the most important"))
        self.estimate = QLineEdit()
        self.estimate.setPlaceholderText(self.tr("e.g. 45m, 1h30m"))
        self.due = QLineEdit()
        self.due.setPlaceholderText(self.tr("YYYY-MM-DD, today or tomorrow"))
        self.app_pattern = QLineEdit()
        self.app_pattern.setPlaceholderText(self.tr("regular expression, e.g. code|pycharm"))
        self.title_pattern = QLineEdit()
        self.title_pattern.setPlaceholderText(self.tr("regular expression, e.g. report"))
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Priority:"), self.priority)
        form.addRow(self.tr("Estimate:"), self.estimate)
        form.addRow(self.tr("Due date:"), self.due)
        form.addRow(self.tr("On-task apps:"), self.app_pattern)
        form.addRow(self.tr("On-task titles:"), self.title_pattern)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c92a2a")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        # What the last change did ("Saved changes to task 3 …"), until the next one.
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        layout.addWidget(self.feedback)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"))
        self.save_button = QPushButton(self.tr("Save changes"))
        self.done_button = QPushButton(self.tr("Complete"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.new_button = QPushButton(self.tr("New"))
        for button in (
            self.new_button,
            self.add_button,
            self.save_button,
            self.done_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.clear_form)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.done_button.clicked.connect(self.toggle_done)
        self.delete_button.clicked.connect(self.delete)
        self.confirm_delete = True
        self.resize(720, 520)
        self.reload()

    # --- list ----------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the list in the background; `select` a task once it is shown."""
        done = self.show_done.isChecked()
        (
            command(self, lambda: self.store.list_tasks(include_done=done))
            .success(lambda tasks: self._show(tasks, select))
            .run()
        )
        if self._times_source is not None:
            (
                command(self, self._times_source)
                .success(self._show_times)
                .failure(lambda exc: log.warning("task times could not be read: %s", exc))
                .run()
            )

    def _show_times(self, times: Mapping[int, TaskToday]) -> None:
        self.times = times
        for row, task in enumerate(self.tasks):
            item = QTableWidgetItem(self.time_today(task.id))
            item.setData(Qt.ItemDataRole.UserRole, task.id)
            self.table.setItem(row, TIME_COLUMN, item)

    def time_today(self, task_id: int | None) -> str:
        """'25 min of 50 min' (on task, of planned), '25 min', or '' for none today."""
        today = self.times.get(task_id) if task_id is not None else None
        if today is None or (today.spent_s < 60 and today.planned_s < 60):
            return ""
        spent = i18n.duration(round(today.spent_s / 60))
        if today.planned_s < 60:
            return spent
        planned = i18n.duration(round(today.planned_s / 60))
        return self.tr("{spent} of {planned}").format(spent=spent, planned=planned)

    def _show(self, tasks: list[Task], select: int | None) -> None:
        self.tasks = tasks
        self.table.setRowCount(len(self.tasks))
        for row, task in enumerate(self.tasks):
            # The row's header is the task's id, the one `focuscoach task done ID` takes.
            header = QTableWidgetItem(str(task.id))
            header.setToolTip(
                self.tr("Task id {id}, as the command line uses it").format(id=task.id)
            )
            self.table.setVerticalHeaderItem(row, header)
            cells = [
                task.title,
                str(task.priority),
                format_estimate(task.estimate) if task.estimate else "",
                task.due.isoformat() if task.due else "",
                self.tr("done") if task.status is TaskStatus.DONE else self.tr("open"),
                self.time_today(task.id),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, task.id)
                self.table.setItem(row, column, item)
        self._selected()
        if select is not None:
            self.select_task(select)

    def selected_task(self) -> Task | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.tasks[rows[0].row()]

    def select_task(self, task_id: int) -> None:
        for row, task in enumerate(self.tasks):
            if task.id == task_id:
                self.table.selectRow(row)

    def _selected(self) -> None:
        task = self.selected_task()
        for button in (self.save_button, self.done_button, self.delete_button):
            button.setEnabled(task is not None)
        # The form shows the selected task: Add would copy it. New clears the form for one.
        self.add_button.setEnabled(task is None)
        self.add_button.setToolTip(
            "" if task is None else self.tr("Press New first: the form shows a saved task.")
        )
        if task is None:
            return
        self.done_button.setText(self.tr("Reopen") if not task.is_open else self.tr("Complete"))
        self.title.setText(task.title)
        self.priority.setValue(task.priority)
        self.estimate.setText(format_estimate(task.estimate) if task.estimate else "")
        self.due.setText(task.due.isoformat() if task.due else "")
        self.app_pattern.setText(task.app_pattern or "")
        self.title_pattern.setText(task.title_pattern or "")
        self.error.setText("")

    def clear_form(self) -> None:
        self.table.clearSelection()
        for edit in (self.title, self.estimate, self.due, self.app_pattern, self.title_pattern):
            edit.clear()
        self.priority.setValue(3)
        self.error.setText("")
        self.title.setFocus()

    # --- edits ---------------------------------------------------------------------------

    def _fields(self) -> TaskFields | None:
        """The form as task fields, or None after showing what is wrong (nothing stored)."""
        try:
            title = self.title.text().strip()
            if not title:
                raise ValueError(self.tr("The task needs a title."))
            estimate_text = self.estimate.text().strip()
            due_text = self.due.text().strip()
            app = self.app_pattern.text().strip() or None
            title_rx = self.title_pattern.text().strip() or None
            fields: TaskFields = {
                "title": title,
                "priority": self.priority.value(),
                "estimate": parse_estimate(estimate_text) if estimate_text else None,
                "due": parse_date(due_text, date.today()) if due_text else None,
                "app_pattern": check_pattern(app, "app pattern") if app else None,
                "title_pattern": check_pattern(title_rx, "title pattern") if title_rx else None,
            }
        except ValueError as exc:
            self.error.setText(str(exc))
            return None
        self.error.setText("")
        return fields

    def add(self) -> None:
        if self.selected_task() is not None:  # never a silent copy of the selected task
            self.error.setText(
                self.tr("The form shows a saved task: press New to add another one.")
            )
            return
        fields = self._fields()
        if fields is None:
            return
        task = Task(id=None, created=time.time(), **fields)

        def added(result: Task) -> int | None:
            self.feedback.setText(
                self.tr("Added task {id}: {title}").format(id=result.id, title=result.title)
            )
            return result.id

        self._write(lambda: self.store.add_task(task), select=added)

    def _write(
        self,
        change: Callable[[], Future[T]],
        select: Callable[[T], int | None] = lambda _r: None,
    ) -> None:
        """Store `change` in the background; then reload, select, and tell the tray. A refused
        change (ValueError, KeyError) is shown in the form; nothing was stored."""

        def done(result: T) -> None:
            self.reload(select(result))
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, (ValueError, KeyError)):
                log.error("task change failed", exc_info=exc)
            self.error.setText(str(exc))

        self.feedback.setText("")
        command(self, change).success(done).failure(failed).run()

    def save(self) -> None:
        task = self.selected_task()
        fields = self._fields()
        if task is None or task.id is None or fields is None:
            return
        task_id = task.id

        def saved(result: Task) -> int:
            self.feedback.setText(
                self.tr("Saved changes to task {id}: {title}").format(
                    id=task_id, title=result.title
                )
            )
            return task_id

        self._write(lambda: self.store.update_task(task_id, **fields), select=saved)

    def toggle_done(self) -> None:
        task = self.selected_task()
        if task is None or task.id is None:
            return
        task_id, done = task.id, task.is_open
        at = time.time()
        self._write(lambda: self.store.set_task_done(task_id, at, done=done))

    def delete(self) -> None:
        task = self.selected_task()
        if task is None or task.id is None:
            return
        if self.confirm_delete:
            answer = QMessageBox.question(
                self,
                self.tr("Delete task"),
                self.tr("Delete “{title}”? This cannot be undone.").format(title=task.title),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        task_id = task.id
        self.clear_form()
        self._write(lambda: self.store.delete_task(task_id))
