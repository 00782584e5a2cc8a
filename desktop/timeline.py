"""The Today window's timeline strip: the day as three painted rows (plan blocks, windows
coloured by category, breaks and time away), a line at now and hour marks; with the
category colours and the legend the window shows under it."""

from __future__ import annotations

import html
import zlib
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from focuscoach.core.i18n import category_name
from focuscoach.core.reports.today import Stretch, Today

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
        f"&nbsp;{html.escape(category_name(label))}"
        for label, _s in ranked
    )


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
