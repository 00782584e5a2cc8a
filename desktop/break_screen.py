"""The break screen (`[breaks] screen = true`): a dark overlay on every monitor, as Stretchly
and Safe Eyes show, with the countdown, the break's suggestion, today's skips, Postpone (only
in the break's first part: core.coaching.breaks, 30 %) and Skip.

Esc never traps the user: it leaves the overlay without ending the break (an accidental key
is no skip), and the tray shows the small countdown window instead, whose "Back to work" ends
the break. Closing any overlay another way (the window manager) does the same. Postpone and
Skip only ask the coach; the screen closes when the coach says the break ended, or by itself
when its time is up. One QTimer drives every monitor's countdown and stops when it closes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.coaching.breaks import RunningBreak
from focuscoach.desktop.breaks import format_left, suggestion
from focuscoach.desktop.notices import span

#: The overlay's colour: dark, a little translucent where the platform composites windows.
BACKGROUND = QColor(16, 18, 24, 225)
Placement = tuple[QScreen, QRect]


def placements(geometries: Sequence[QRect]) -> list[int]:
    """Which screens get an overlay (indices into `geometries`): every one, except a screen
    mirroring another (the same geometry), which the first overlay already covers."""
    seen: list[QRect] = []
    chosen = []
    for index, rect in enumerate(geometries):
        if rect.isValid() and rect not in seen:
            seen.append(rect)
            chosen.append(index)
    return chosen


def screen_placements(screens: Iterable[QScreen] | None = None) -> list[Placement]:
    """Each monitor with the rectangle its overlay covers (all of its geometry)."""
    found = list(QGuiApplication.screens() if screens is None else screens)
    geometries = [s.geometry() for s in found]
    return [(found[i], geometries[i]) for i in placements(geometries)]


def skipped_today(count: int) -> str:
    if count == 0:
        return QCoreApplication.translate("BreakScreen", "No breaks skipped today")
    if count == 1:
        return QCoreApplication.translate("BreakScreen", "1 break skipped today")
    return QCoreApplication.translate("BreakScreen", "{n} breaks skipped today").format(n=count)


class BreakOverlay(QWidget):
    """One monitor's overlay: frameless, above other windows, covering `rect`."""

    escape_pressed = Signal()
    postpone_clicked = Signal()
    skip_clicked = Signal()

    def __init__(
        self,
        placement: Placement,
        long_break: bool,
        postpone_label: str,
        skips_today: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setWindowTitle(QCoreApplication.translate("BreakScreen", "Break"))
        screen, rect = placement
        self.setScreen(screen)
        self.setGeometry(rect)
        self.closing_by_screen = False

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel(QCoreApplication.translate("BreakScreen", "Time for a break"))
        self.suggestion = QLabel(suggestion(long_break))
        self.left = QLabel()
        self.skips = QLabel(skipped_today(skips_today))
        for label, scale in ((title, 2.0), (self.suggestion, 1.5), (self.left, 5.0)):
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            label.setFont(font)
        for label in (title, self.suggestion, self.left, self.skips):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("color: #f0f0f0; background: transparent;")
            layout.addWidget(label)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(max(200, rect.width() // 3))
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.postpone_button = QPushButton(postpone_label)
        self.postpone_button.clicked.connect(self.postpone_clicked)
        self.skip_button = QPushButton(QCoreApplication.translate("TrayController", "Skip"))
        self.skip_button.clicked.connect(self.skip_clicked)
        buttons.addWidget(self.postpone_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        hint = QLabel(
            QCoreApplication.translate("BreakScreen", "Esc: show a small countdown instead")
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: #a0a0a0; background: transparent;")
        layout.addWidget(hint)
        layout.addStretch(3)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed by the window manager: never trap the user, as with Esc."""
        if event.spontaneous() and not self.closing_by_screen:
            self.escape_pressed.emit()
        super().closeEvent(event)


class BreakScreen(BreakOverlay):
    """The overlay on the first monitor, owning those on the others (its child windows) and
    the one countdown timer. `running` is the coach's view of the break (Postpone's window,
    today's skips); None shows no Postpone."""

    postpone_requested = Signal()
    skip_requested = Signal()
    #: Esc (or a closed overlay): the screen has closed; the break goes on.
    escaped = Signal()

    def __init__(
        self,
        until: float,
        long_break: bool,
        running: RunningBreak | None,
        postpone_s: float,
        screens: Sequence[Placement] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        where = list(screen_placements() if screens is None else screens)
        if not where:
            raise ValueError("no screen to cover")
        label = QCoreApplication.translate("TrayController", "Postpone {time}").format(
            time=span(postpone_s)
        )
        skips = running.skips_today if running is not None else 0
        super().__init__(where[0], long_break, label, skips)
        self.until = until
        self.clock = clock
        self.postpone_until = running.postpone_until if running is not None else None
        start = running.started if running is not None else clock()
        self.total = max(1.0, until - start)
        self.overlays: list[BreakOverlay] = [self] + [
            BreakOverlay(p, long_break, label, skips, parent=self) for p in where[1:]
        ]
        for overlay in self.overlays:
            overlay.escape_pressed.connect(self.escape)
            overlay.postpone_clicked.connect(self.postpone_requested)
            overlay.skip_clicked.connect(self.skip_requested)
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.refresh)
        self.done = False
        self.refresh()

    def open(self) -> None:
        """Show every monitor's overlay and take the keyboard (for Esc)."""
        if self.done:
            return
        for overlay in self.overlays:
            overlay.showFullScreen()
            overlay.raise_()
        self.activateWindow()
        self.setFocus()
        self.timer.start()

    def postpone_offered(self) -> bool:
        return self.postpone_until is not None and self.clock() < self.postpone_until

    def refresh(self) -> None:
        left = self.until - self.clock()
        offered = self.postpone_offered()
        progress = int(1000 * (1 - max(0.0, left) / self.total))
        for overlay in self.overlays:
            overlay.left.setText(format_left(left))
            overlay.progress.setValue(progress)
            overlay.postpone_button.setVisible(offered)
        if left <= 0:
            self.finish()

    def escape(self) -> None:
        """Leave the overlay (the break goes on); `escaped` tells the tray to show the small
        countdown."""
        if self.done:
            return
        self.finish()
        self.escaped.emit()

    def finish(self, *, closing: bool = False) -> None:
        """Close every overlay and stop the countdown (the break is over, or was left);
        `closing`: this overlay is being closed already."""
        self.timer.stop()
        if self.done:
            return
        self.done = True
        for overlay in self.overlays:
            overlay.closing_by_screen = True
            if overlay is not self or not closing:
                overlay.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The tray closes it when the break ended (quietly); the window manager as Esc."""
        escaped = event.spontaneous() and not self.done
        self.finish(closing=True)
        if escaped:
            self.escaped.emit()
        super(BreakOverlay, self).closeEvent(event)
