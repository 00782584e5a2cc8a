"""The tray's own small windows: a custom focus block, and the stand-in for a missing tray."""

from __future__ import annotations

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

from focuscoach.desktop.icons import icon


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
        index = self.task.findData(chosen)
        self.task.setCurrentIndex(max(0, index))

    def choice(self) -> tuple[int, int | None]:
        task_id = int(self.task.currentData())
        return self.minutes.value(), (task_id if task_id >= 0 else None)


class FallbackWindow(QMainWindow):
    """Stands in for the tray icon when the desktop has no system tray."""

    def __init__(self, menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Focus Coach")
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
