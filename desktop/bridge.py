"""Hands the runtime's events from its threads to the Qt main thread."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal

from focuscoach.core.coaching.events import CoachEvent


class Bridge(QObject):
    """`post` may be called from any thread; `delivered` fires on the main thread
    (queued connection: the bridge lives in the main thread)."""

    delivered = Signal(object)

    def post(self, event: CoachEvent) -> None:
        if shiboken6.isValid(self):  # the view may be gone at exit
            self.delivered.emit(event)
