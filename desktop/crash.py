"""The crash path: any uncaught exception (main thread or not) is logged to the rotating log
file, then shown in a dialog the user can copy into a bug report."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger("focuscoach.crash")


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Focus Coach: something went wrong"))
        self.details = details
        layout = QVBoxLayout(self)
        message = QLabel(
            self.tr(
                "Focus Coach hit an unexpected error. Recording goes on where it can.\n"
                "The details are also in {log}."
            ).format(log=log_file)
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.details)


class CrashHandler(QObject):
    """Installs itself as sys.excepthook and threading.excepthook. The dialog is always
    shown on the main thread (the signal is queued there from other threads)."""

    crashed = Signal(str)

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialogs: list[CrashDialog] = []
        self.crashed.connect(self._show)
        self._old: tuple[object, object] | None = None

    def install(self) -> None:
        self._old = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._old is not None:
            sys.excepthook, threading.excepthook = self._old  # type: ignore[assignment]
            self._old = None

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.crashed.emit(details)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, details: str) -> None:
        if len(self.dialogs) >= 3:  # an error in a timer must not bury the screen in dialogs
            return
        dialog = CrashDialog(details, self.log_file)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d))
        self.dialogs.append(dialog)
        dialog.show()
        dialog.raise_()
