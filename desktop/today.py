"""Today: how the day is going (core/reports/today.py), refreshed every minute while shown.

The figures are computed off the main thread (a background operation, desktop/ops.py) and
shown when they arrive; the timeline strip (desktop/timeline.py) is painted from them with
QPainter. "Start a block for this task" runs the App's start_focus_block command, also in the
background. When a model scores the app, the last hour's attention strip (desktop/
attention_strip.py) shows what it looked at, also read in the background.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.i18n import category_name
from focuscoach.core.records import StripSegment
from focuscoach.core.reports.today import Today
from focuscoach.core.runtime.attention import TODAY_STRIP_S
from focuscoach.desktop.attention_strip import AttentionStrip, Strip
from focuscoach.desktop.icons import icon
from focuscoach.desktop.ops import Submit, command, op
from focuscoach.desktop.timeline import TimelineStrip, legend_html

log = logging.getLogger("focuscoach.desktop")

REFRESH_MS = 60_000

#: The App's attention_strip: the segments of the hour before a moment (None: no model).
AttentionLoad = Callable[[float], concurrent.futures.Future[list[StripSegment] | None]]


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class TodayWindow(QWidget):
    """`load(now)` builds the day's figures (it runs on the app's executor, via `submit`);
    `start_block(minutes, task_id)` is the App's start_focus_block (it returns a Future);
    `attention(now)` the App's attention_strip (None: no strip)."""

    def __init__(
        self,
        load: Callable[[float], Today],
        submit: Submit,
        start_block: Callable[[float, int | None], concurrent.futures.Future[Any]],
        tz: tzinfo,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
        attention: AttentionLoad | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._attention = attention
        self._submit = submit
        self._start_block = start_block
        self.tz = tz
        self.clock = clock
        self.today: Today | None = None
        self.setWindowTitle(self.tr("Today — Focus Coach"))
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Loading…"))
        layout.addWidget(self.heading)

        form = QFormLayout()
        self.focused = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.current = QLabel()
        self.next = QLabel()
        self.breaks = QLabel()
        for label in (self.focused, self.current, self.next, self.breaks):
            label.setWordWrap(True)
        form.addRow(self.tr("Focused:"), self.focused)
        form.addRow("", self.progress)
        form.addRow(self.tr("Now:"), self.current)
        form.addRow(self.tr("Next:"), self.next)
        form.addRow(self.tr("Breaks:"), self.breaks)
        layout.addLayout(form)

        layout.addWidget(_heading(self.tr("Timeline (plan · windows by category · breaks)")))
        self.timeline = TimelineStrip(tz)
        layout.addWidget(self.timeline)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)

        self.attention_heading = _heading(self.tr("What the model looked at in the last hour"))
        self.attention_strip = AttentionStrip()
        for widget in (self.attention_heading, self.attention_strip):
            widget.setVisible(False)  # until a model's strip comes
            layout.addWidget(widget)

        layout.addWidget(_heading(self.tr("Top distractions")))
        self.distractions = QLabel()
        self.distractions.setWordWrap(True)
        layout.addWidget(self.distractions)

        layout.addWidget(_heading(self.tr("Tasks: time on task during their blocks")))
        self.tasks = QTableWidget(0, 3)
        self.tasks.setHorizontalHeaderLabels(
            [self.tr("Task"), self.tr("Spent"), self.tr("Planned")]
        )
        self.tasks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tasks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tasks.verticalHeader().setVisible(False)
        header = self.tasks.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tasks.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.tasks)

        row = QHBoxLayout()
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 480)
        self.minutes.setValue(25)
        self.minutes.setSuffix(self.tr(" min"))
        self.start_button = QPushButton(self.tr("Start a block for this task"))
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start_selected)
        row.addWidget(self.minutes)
        row.addStretch()
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.reload)
        self.resize(640, 620)
        self.reload()

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> concurrent.futures.Future[Today]:
        now = self.clock()
        if self._attention is not None:
            attention = self._attention
            (
                command(self, lambda: attention(now))
                .success(lambda segments: self.show_attention(segments, now))
                .failure(self._attention_failed)
                .run()
            )
        return (
            op(self, lambda: self._load(now), self._submit)
            .success(self.show_today)
            .failure(self._failed)
            .run()
        )

    def _failed(self, exc: BaseException) -> None:
        self.heading.setText(self.tr("Today's figures could not be read: {why}").format(why=exc))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    # --- showing -----------------------------------------------------------------------

    def duration(self, seconds: float) -> str:
        minutes = round(seconds / 60)
        if minutes < 60:
            return self.tr("{minutes} min").format(minutes=minutes)
        return self.tr("{hours} h {minutes} min").format(
            hours=minutes // 60, minutes=f"{minutes % 60:02d}"
        )

    def _hm(self, ts: float) -> str:
        return datetime.fromtimestamp(ts, self.tz).strftime("%H:%M")

    def _kind(self, kind: str) -> str:
        names = {
            "focus": self.tr("Focus"),
            "break": self.tr("Break"),
            "meeting": self.tr("Meeting"),
        }
        return names.get(kind, kind)

    def show_today(self, today: Today) -> None:
        self.today = today
        as_of = min(max(today.now, today.start), today.end)
        self.heading.setText(
            self.tr("{date}, as of {time}").format(date=today.day.isoformat(), time=self._hm(as_of))
        )
        if today.has_plan:
            self.focused.setText(
                self.tr("{focused} of {planned} planned ({so_far} planned so far)").format(
                    focused=self.duration(today.focused_s),
                    planned=self.duration(today.planned_focus_s),
                    so_far=self.duration(today.planned_so_far_s),
                )
            )
        else:
            self.focused.setText(
                self.tr("{focused} (no plan accepted today)").format(
                    focused=self.duration(today.focused_s)
                )
            )
        goal = today.planned_focus_s or max(today.focused_s, 1.0)
        self.progress.setRange(0, 1000)
        self.progress.setValue(min(1000, round(1000 * today.focused_s / goal)))
        if today.current is not None:
            c = today.current
            self.current.setText(
                self.tr("{kind} {start}–{end} {title}, {left} left").format(
                    kind=self._kind(c.kind),
                    start=self._hm(c.start),
                    end=self._hm(c.end),
                    title=c.title,
                    left=self.duration(c.seconds),
                )
            )
        else:
            self.current.setText(self.tr("no block now"))
        if today.next is not None:
            n = today.next
            self.next.setText(
                self.tr("{kind} {start}–{end} {title}, in {wait}").format(
                    kind=self._kind(n.kind),
                    start=self._hm(n.start),
                    end=self._hm(n.end),
                    title=n.title,
                    wait=self.duration(n.seconds),
                )
            )
        else:
            self.next.setText(self.tr("nothing more planned today"))
        b = today.breaks
        self.breaks.setText(
            self.tr("{taken} taken, {skipped} skipped, {postponed} postponed").format(
                taken=b.taken, skipped=b.skipped, postponed=b.postponed
            )
        )
        self.timeline.set_today(today)
        self.legend.setText(legend_html(today))
        if today.distractions:
            self.distractions.setText(
                "\n".join(
                    f"{self.duration(seconds)}  {category_name(name)}"
                    for name, seconds in today.distractions
                )
            )
        else:
            self.distractions.setText(self.tr("none so far"))
        self._show_tasks(today)

    def _attention_failed(self, exc: BaseException) -> None:
        log.warning("the attention strip could not be read: %s", exc)
        self.show_attention(None, self.clock())

    def show_attention(self, segments: list[StripSegment] | None, now: float) -> None:
        """The last hour's strip; hidden when no model scores (or it could not be read)."""
        shown = segments is not None
        if segments is not None:
            self.attention_strip.set_strip(Strip(tuple(segments), now - TODAY_STRIP_S, now))
        self.attention_heading.setVisible(shown)
        self.attention_strip.setVisible(shown)

    def _show_tasks(self, today: Today) -> None:
        chosen = self.selected_task()
        self.tasks.setRowCount(len(today.tasks))
        for i, task in enumerate(today.tasks):
            name = QTableWidgetItem(f"{task.id}  {task.title}")
            name.setData(Qt.ItemDataRole.UserRole, task.id)
            self.tasks.setItem(i, 0, name)
            for column, seconds in ((1, task.spent_s), (2, task.planned_s)):
                item = QTableWidgetItem(self.duration(seconds))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.tasks.setItem(i, column, item)
            if task.id == chosen:
                self.tasks.selectRow(i)
        self._selection_changed()

    def selected_task(self) -> int | None:
        rows = self.tasks.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.tasks.item(rows[0].row(), 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def select_task(self, task_id: int) -> bool:
        for i in range(self.tasks.rowCount()):
            item = self.tasks.item(i, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == task_id:
                self.tasks.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        self.start_button.setEnabled(self.selected_task() is not None)

    # --- acting ------------------------------------------------------------------------

    def start_selected(self) -> concurrent.futures.Future[Any] | None:
        task_id = self.selected_task()
        if task_id is None:
            return None
        minutes = float(self.minutes.value())
        self.start_button.setEnabled(False)

        def started(_result: object) -> None:
            self.message.setText(
                self.tr("Started a {length} block for task {id}.").format(
                    length=self.duration(minutes * 60), id=task_id
                )
            )
            self._selection_changed()
            self.reload()

        def failed(exc: BaseException) -> None:
            self.message.setText(self.tr("Could not start the block: {why}").format(why=exc))
            self._selection_changed()

        return (
            command(self, lambda: self._start_block(minutes, task_id))
            .success(started)
            .failure(failed)
            .run()
        )
