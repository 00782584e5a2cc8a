"""The attention strip: the last half hour (a forecast nudge) or hour (the Today window) as one
painted row, each window in its category's colour (desktop/timeline.py's) and as strong as the
model's attention to it, so the user sees *why* the coach spoke. Distracting windows get a dark
edge below; a time axis runs from "30 min ago" to "now"; a tooltip names each window, how long
it lasted and its share of the attention. The segments come from the core
(core/model/attention_strip.py through the App); this only paints them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from focuscoach.core.i18n import category_name
from focuscoach.core.records import StripSegment
from focuscoach.desktop.timeline import category_color

#: The faintest a segment is drawn (alpha of 255): a window the model ignored stays visible.
MIN_ALPHA = 40
DISTRACTING_EDGE = "#c92a2a"


@dataclass(frozen=True, slots=True)
class Strip:
    """Segments over [start, end] (end: the scored moment), as a nudge carries them."""

    segments: tuple[StripSegment, ...]
    start: float
    end: float


def intensity(segment: StripSegment, base: QColor | None = None) -> QColor:
    """The segment's category colour with the attention as its opacity."""
    color = QColor(base if base is not None else category_color(segment.category))
    weight = min(1.0, max(0.0, segment.weight))
    color.setAlpha(round(MIN_ALPHA + (255 - MIN_ALPHA) * weight))
    return color


class AttentionStrip(QWidget):
    """One row of segments over a time axis; `set_strip` replaces what it shows."""

    BAR_H = 22
    EDGE_H = 3
    AXIS_H = 18

    def __init__(self, strip: Strip | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = strip or Strip((), 0.0, 1.0)
        self.setMinimumHeight(self.BAR_H + self.AXIS_H + 4)
        self.setMinimumWidth(320)
        self.setMouseTracking(True)

    def set_strip(self, strip: Strip) -> None:
        self.strip = strip
        self.update()

    @property
    def segments(self) -> tuple[StripSegment, ...]:
        return self.strip.segments

    def _x(self, ts: float) -> float:
        lo, hi = self.strip.start, self.strip.end
        return (ts - lo) / max(1e-9, hi - lo) * max(1, self.width() - 1)

    def rects(self) -> list[tuple[QRectF, QColor, StripSegment]]:
        """(rectangle, colour, segment) of every segment drawn (tests read it)."""
        drawn = []
        for segment in self.segments:
            x0, x1 = self._x(segment.start), self._x(segment.end)
            rect = QRectF(x0, 2, max(1.0, x1 - x0), self.BAR_H - 4)
            drawn.append((rect, intensity(segment), segment))
        return drawn

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().base())
            bar = QRectF(0, 2, self.width(), self.BAR_H - 4)
            if not self.segments:
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, self.empty_text())
            for rect, color, segment in self.rects():
                painter.fillRect(rect, color)
                if segment.distracting:
                    edge = QRectF(
                        rect.left(), rect.bottom() - self.EDGE_H, rect.width(), self.EDGE_H
                    )
                    painter.fillRect(edge, QColor(DISTRACTING_EDGE))
            self._axis(painter)
        finally:
            painter.end()

    def _axis(self, painter: QPainter) -> None:
        top = self.BAR_H
        painter.setPen(self.palette().text().color())
        minutes = round((self.strip.end - self.strip.start) / 60)
        step = 10 if minutes > 20 else 5
        for back in range(0, minutes + 1, step):
            x = self._x(self.strip.end - back * 60.0)
            painter.drawLine(QPointF(x, top), QPointF(x, top + 4))
        metrics = painter.fontMetrics()
        baseline = top + 4 + metrics.ascent()
        painter.drawText(QPointF(0, baseline), self.ago_text())
        now = self.tr("now")
        painter.drawText(QPointF(self.width() - metrics.horizontalAdvance(now) - 1, baseline), now)

    def empty_text(self) -> str:
        return self.tr("Nothing recorded in this time")

    def ago_text(self) -> str:
        minutes = round((self.strip.end - self.strip.start) / 60)
        return self.tr("{minutes} min ago").format(minutes=minutes)

    def duration(self, seconds: float) -> str:
        if seconds < 60:
            return self.tr("{seconds} s").format(seconds=round(seconds))
        return self.tr("{minutes} min").format(minutes=round(seconds / 60))

    def describe(self, segment: StripSegment) -> str:
        """The tooltip: what, how long, how much of the model's attention."""
        return self.tr("{name} ({category})\n{duration}, {percent}% of the attention").format(
            name=segment.name,
            category=category_name(segment.category),
            duration=self.duration(segment.end - segment.start),
            percent=round(100 * segment.share),
        )

    def describe_at(self, x: float) -> str:
        """The tooltip at x: the segment under it, else nothing."""
        for rect, _color, segment in reversed(self.rects()):
            if rect.left() <= x <= rect.right():
                return self.describe(segment)
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.describe_at(event.pos().x()) if event.pos().y() < self.BAR_H else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class AttentionPanel(QWidget):
    """The strip under a one-line caption, for the nudge's window."""

    def __init__(self, strip: Strip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self.tr("What the model looked at:"))
        self.strip = AttentionStrip(strip)
        layout.addWidget(self.caption)
        layout.addWidget(self.strip)


#: The width of the strip sent as a notification's image (its height: the widget's own).
IMAGE_WIDTH = 360


def render_image(strip: Strip, width: int = IMAGE_WIDTH) -> QImage:
    """The strip as the nudge's window paints it, axis labels included, on the palette's base
    (opaque, so its text reads on any notification's background); RGBA8888, for a notification
    server that draws images (desktop/notify.py sends it as the image hint)."""
    widget = AttentionStrip(strip)  # never shown; Python owns it, so it goes with this call
    widget.resize(width, widget.minimumHeight())
    image = QImage(widget.size(), QImage.Format.Format_RGBA8888)
    image.fill(widget.palette().base().color())
    widget.render(image)
    return image


def strip_of(segments: Sequence[StripSegment] | None, start: float, end: float) -> Strip | None:
    """A Strip to show, or None when the App had none (no model scores this app)."""
    return None if segments is None else Strip(tuple(segments), start, end)
