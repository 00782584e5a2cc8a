"""The break countdown: a small window, not a locked screen."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from focuscoach.desktop.icons import icon


def format_left(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def suggestion(long_break: bool) -> str:
    """What to do with the break (the small window and the break screen say the same)."""
    if long_break:
        return QCoreApplication.translate(
            "BreakWindow", "Stand up, stretch, look into the distance."
        )
    return QCoreApplication.translate("BreakWindow", "Look away from the screen for a moment.")


class BreakWindow(QDialog):
    """Counts down to `until`; closes itself when the break is over."""

    ended_early = Signal()

    def __init__(self, until: float, long_break: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Break"))
        self.setWindowIcon(icon("break"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.until = until
        self.total = max(1.0, until - time.time())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(suggestion(long_break)))
        self.left = QLabel()
        font = self.left.font()
        font.setPointSize(font.pointSize() * 2)
        self.left.setFont(font)
        self.left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.left)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        layout.addWidget(self.progress)
        self.end_button = QPushButton(self.tr("Back to work"))
        self.end_button.clicked.connect(self._end)
        layout.addWidget(self.end_button)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        left = self.until - time.time()
        self.left.setText(format_left(left))
        self.progress.setValue(int(1000 * (1 - max(0.0, left) / self.total)))
        if left <= 0:
            self.timer.stop()
            self.accept()

    def _end(self) -> None:
        self.timer.stop()
        self.ended_early.emit()
        self.accept()
