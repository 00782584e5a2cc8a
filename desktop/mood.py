"""The mood check-in: five buttons, energy, an optional note; keys 1-5 pick the mood."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from focuscoach.desktop.icons import icon

FACE_COLOURS = ("#e8590c", "#f59f00", "#fcc419", "#94d82d", "#40c057")


def face_icon(mood: int, size: int = 40) -> QIcon:
    """A face drawn for mood 1 (a frown) to 5 (a broad smile): no emoji font needed."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = max(1.0, size / 20)
        painter.setPen(QPen(QColor("#343a40"), edge))
        painter.setBrush(QColor(FACE_COLOURS[mood - 1]))
        painter.drawEllipse(QRectF(edge, edge, size - 2 * edge, size - 2 * edge))
        painter.setBrush(QColor("#343a40"))
        eye = size / 14
        for x in (0.36, 0.64):
            painter.drawEllipse(QPointF(size * x, size * 0.4), eye, eye)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        mouth = QPainterPath(QPointF(size * 0.3, size * 0.66))
        bend = (mood - 3) * size * 0.09  # down for a frown, up for a smile
        mouth.quadTo(QPointF(size * 0.5, size * 0.66 + bend), QPointF(size * 0.7, size * 0.66))
        painter.drawPath(mouth)
    finally:
        painter.end()
    return QIcon(pixmap)


class MoodDialog(QDialog):
    """`submitted(mood, energy or 0, note)` or `skipped()`; never both."""

    submitted = Signal(int, int, str)
    skipped = Signal()

    def __init__(self, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("How are you doing?"))
        self.setWindowIcon(icon("app"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        layout = QVBoxLayout(self)
        prompt = (
            self.tr("A focus block just ended. How do you feel?")
            if reason == "block_end"
            else self.tr("How do you feel right now?")
        )
        layout.addWidget(QLabel(prompt))
        self.mood_group = QButtonGroup(self)
        row = QHBoxLayout()
        names = (
            self.tr("Awful"),
            self.tr("Low"),
            self.tr("Okay"),
            self.tr("Good"),
            self.tr("Great"),
        )
        for value, name in enumerate(names, start=1):
            button = QPushButton(face_icon(value), f"{value} {name}")
            button.setIconSize(QSize(28, 28))
            button.setCheckable(True)
            button.setToolTip(self.tr("Press {key}").format(key=value))
            self.mood_group.addButton(button, value)
            row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Energy (optional):")))
        self.energy_group = QButtonGroup(self)
        energy_row = QHBoxLayout()
        self.energy_low = QLabel(self.tr("low"))
        self.energy_high = QLabel(self.tr("high"))
        energy_row.addWidget(self.energy_low)
        for value in range(1, 6):
            button = QPushButton(str(value))
            button.setCheckable(True)
            self.energy_group.addButton(button, value)
            energy_row.addWidget(button)
        energy_row.addWidget(self.energy_high)
        layout.addLayout(energy_row)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("A note (optional)"))
        self.note.setMaxLength(500)
        layout.addWidget(self.note)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c92a2a")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.skip_button = QPushButton(self.tr("Skip"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        buttons.addWidget(self.skip_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.skip_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self._done = False
        self.rejected.connect(self._rejected)  # a signal: see BreakWindow

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys 1-5 pick the mood, unless the note has the keyboard (digits are text there)."""
        text = event.text()
        if text in {"1", "2", "3", "4", "5"} and not self.note.hasFocus():
            self.choose(int(text))
            return
        super().keyPressEvent(event)

    def choose(self, mood: int) -> None:
        """Keys 1-5: pick the mood (Enter then saves)."""
        button = self.mood_group.button(mood)
        button.setChecked(True)
        button.setFocus()
        self.error.setText("")

    def _save(self) -> None:
        mood = self.mood_group.checkedId()
        if mood < 1:
            self.error.setText(self.tr("Pick a mood from 1 to 5 first (or Skip)."))
            return
        energy = max(0, self.energy_group.checkedId())
        self._done = True
        self.submitted.emit(mood, energy, self.note.text().strip())
        self.accept()

    def _rejected(self) -> None:
        if not self._done:
            self._done = True
            self.skipped.emit()
