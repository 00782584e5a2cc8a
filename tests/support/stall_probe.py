"""A main-thread probe for the UI benchmarks: a precise timer ticking every few milliseconds;
the longest gap between two ticks is the longest the window could not answer."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer

PROBE_MS = 10


class StallProbe:
    def __init__(self, interval_ms: int = PROBE_MS) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        """Stops ticking; the longest gap in seconds, the last one (up to now) included. Once
        stopped, a second stop changes nothing (a `finally` may stop it again later)."""
        if self.timer.isActive():
            self._tick()
            self.timer.stop()
        return self.longest
