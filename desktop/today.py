"""Today: how the day is going (core/reports/today.py), refreshed every minute while shown.

The figures are computed off the main thread (a background operation, desktop/ops.py) and
shown when they arrive; the timeline strip is painted from them with QPainter. "Start a block
for this task" runs the App's start_focus_block command, also in the background.
"""

from __future__ import annotations

import concurrent.futures
import html
import time
import zlib
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
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
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.reports.today import Stretch, Today
from focuscoach.desktop.icons import icon
from focuscoach.desktop.ops import Submit, command, op

REFRESH_MS = 60_000
#: Colours of the categories' roots (ActivityWatch-like); other roots get a stable colour.
ROOT_COLORS = {
    "Work": "#4dabf7",
    "Communication": "#ffa94d",
    "Distracting": "#ff6b6b",
    "Media": "#b197fc",
    "Personal": "#63e6be",
    "System": "#adb5bd",
    "Uncategorized": "#ced4da",
}
_SPARE = ("#74c0fc", "#ffd43b", "#a9e34b", "#f783ac", "#66d9e8", "#e599f7")
BLOCK_COLORS = {"focus": "#1c7ed6", "break": "#fab005", "meeting": "#868e96"}
BREAK_COLOR = "#2f9e44"
AWAY_COLOR = "#e9ecef"
NOW_COLOR = "#e03131"


def category_color(label: str) -> QColor:
    """The colour of a category ("Work › Programming"): its root's, a child a little darker."""
    parts = [p.strip() for p in label.split("›")]
    root = parts[0]
    base = ROOT_COLORS.get(root) or _SPARE[zlib.crc32(root.encode()) % len(_SPARE)]
    color = QColor(base)
    if len(parts) > 1:
        color = QColor(color.darker(100 + zlib.crc32(label.encode()) % 30).name())
    return color


def legend_html(today: Today, limit: int = 8) -> str:
    """The categories seen today, most time first, each with its colour."""
    seconds: dict[str, float] = {}
    for stretch in today.windows:
        seconds[stretch.label] = seconds.get(stretch.label, 0.0) + stretch.end - stretch.start
    ranked = sorted(seconds.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return " &nbsp; ".join(
        f'<span style="color:{category_color(label).name()}">&#9632;</span>'
        f"&nbsp;{html.escape(label)}"
        for label, _s in ranked
    )


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class TimelineStrip(QWidget):
    """The day as three rows: plan blocks, windows coloured by category, breaks and time
    away; a red line at now, hour marks below. A tooltip names what lies under the mouse."""

    ROWS = 3
    ROW_H = 22
    AXIS_H = 18

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.today: Today | None = None
        self.span = (0.0, 1.0)
        self.setMinimumHeight(self.ROWS * self.ROW_H + self.AXIS_H + 4)
        self.setMinimumWidth(360)

    def set_today(self, today: Today) -> None:
        self.today = today
        self.span = self._span(today)
        self.update()

    def _span(self, today: Today) -> tuple[float, float]:
        """Whole local hours around what there is, at least four, within the day."""
        times = [today.now] + [
            t for s in (*today.windows, *today.blocks, *today.break_spans) for t in (s.start, s.end)
        ]
        lo = max(today.start, min(times))
        hi = min(today.end, max(times))
        lo = self._hour(lo)
        hi = self._hour(hi) + (3600.0 if hi > self._hour(hi) else 0.0)
        if hi - lo < 4 * 3600.0:
            hi = min(today.end, lo + 4 * 3600.0)
            lo = max(today.start, hi - 4 * 3600.0)
        return lo, max(hi, lo + 60.0)

    def _hour(self, ts: float) -> float:
        moment = datetime.fromtimestamp(ts, self.tz)
        return moment.replace(minute=0, second=0, microsecond=0).timestamp()

    def _x(self, ts: float) -> float:
        lo, hi = self.span
        return (ts - lo) / (hi - lo) * max(1, self.width() - 1)

    def rows(self) -> list[tuple[int, Stretch, QColor]]:
        """(row, stretch, colour) of everything drawn (tests read it)."""
        today = self.today
        if today is None:
            return []
        drawn: list[tuple[int, Stretch, QColor]] = []
        drawn += [(0, s, QColor(BLOCK_COLORS.get(s.what, "#adb5bd"))) for s in today.blocks]
        drawn += [(1, s, category_color(s.label)) for s in today.windows]
        drawn += [(2, s, QColor(AWAY_COLOR)) for s in today.away]
        drawn += [(2, s, QColor(BREAK_COLOR)) for s in today.break_spans]
        return drawn

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().base())
            for row, stretch, color in self.rows():
                x0, x1 = self._x(stretch.start), self._x(stretch.end)
                rect = QRectF(x0, row * self.ROW_H + 2, max(1.0, x1 - x0), self.ROW_H - 4)
                painter.fillRect(rect, color)
                if row == 0 and rect.width() > 40:
                    painter.setPen(QColor("#ffffff"))
                    text = painter.fontMetrics().elidedText(
                        stretch.label, Qt.TextElideMode.ElideRight, int(rect.width()) - 6
                    )
                    painter.drawText(
                        rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter, text
                    )
            self._axis(painter)
            if self.today is not None and self.span[0] <= self.today.now <= self.span[1]:
                x = self._x(self.today.now)
                painter.setPen(QPen(QColor(NOW_COLOR), 2))
                painter.drawLine(QPointF(x, 0), QPointF(x, self.ROWS * self.ROW_H))
        finally:
            painter.end()

    def _axis(self, painter: QPainter) -> None:
        lo, hi = self.span
        top = self.ROWS * self.ROW_H
        painter.setPen(self.palette().text().color())
        hours = int((hi - lo) // 3600)
        step = 1 if hours <= 8 else 2 if hours <= 16 else 3
        moment = self._hour(lo)
        index = 0
        while moment <= hi:
            x = self._x(moment)
            painter.drawLine(QPointF(x, top), QPointF(x, top + 4))
            if index % step == 0:
                label = datetime.fromtimestamp(moment, self.tz).strftime("%H:%M")
                painter.drawText(QPointF(min(x + 2, self.width() - 34), top + 15), label)
            moment = self._hour(moment + 3900.0)  # the next local hour, whatever the offset
            index += 1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.describe_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def describe_at(self, x: float, y: float) -> str:
        row = int(y // self.ROW_H)
        lo, hi = self.span
        moment = lo + x / max(1, self.width() - 1) * (hi - lo)
        for r, stretch, _color in self.rows():
            if r == row and stretch.start <= moment < stretch.end:
                start = datetime.fromtimestamp(stretch.start, self.tz).strftime("%H:%M")
                end = datetime.fromtimestamp(stretch.end, self.tz).strftime("%H:%M")
                return f"{start}–{end}  {stretch.label or stretch.what}"
        return ""


class TodayWindow(QWidget):
    """`load(now)` builds the day's figures (it runs on the app's executor, via `submit`);
    `start_block(minutes, task_id)` is the App's start_focus_block (it returns a Future)."""

    def __init__(
        self,
        load: Callable[[float], Today],
        submit: Submit,
        start_block: Callable[[float, int | None], concurrent.futures.Future[Any]],
        tz: tzinfo,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._load = load
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
                    f"{self.duration(seconds)}  {name}" for name, seconds in today.distractions
                )
            )
        else:
            self.distractions.setText(self.tr("none so far"))
        self._show_tasks(today)

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
