"""Logging: one rotating file in the log folder (0600: it names windows), warnings also on
stderr."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from focuscoach.core.files import open_private

LOG_NAME = "focuscoach.log"


def configure(log_dir: Path, *, stderr_level: int = logging.WARNING) -> None:
    root = logging.getLogger("focuscoach")
    target = log_dir / LOG_NAME
    if getattr(root, "_focuscoach_log", None) == target:
        return
    for old in list(root.handlers):  # a second home in the same process (tests)
        root.removeHandler(old)
        old.close()
    root.setLevel(logging.INFO)
    file_handler = _PrivateRotatingFileHandler(
        target, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(stderr_level)
    console.setFormatter(_OneLine("focuscoach: %(message)s"))
    root.addHandler(file_handler)
    root.addHandler(console)
    root._focuscoach_log = target  # type: ignore[attr-defined]


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Opens (and, after each rotation, creates) the log as 0600, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


class _OneLine(logging.Formatter):
    """stderr gets the message only; the traceback goes to the log file."""

    def format(self, record: logging.LogRecord) -> str:
        plain = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return super().format(plain)
