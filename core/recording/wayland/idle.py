"""Idle time from the compositor, in the shape the recorder's AFK logic reads.

On Wayland an unprivileged client cannot see key presses or clicks, so there are no input
counts; the compositor only says "no input for T seconds" (idled) and "input again"
(resumed). `CompositorIdle` turns that into `last_input`: once idle it is when the idle
timer started (T before the idled event); while active it is the moment input came back,
or T ago, whichever is later (there was input within the last T, or the compositor would
have said idled). Since T is never longer than the AFK timeout (10 s at
least), the AFK spans come out as they would from counted input. `drain()` stays empty: no input
interval is ever written, which the readers take as "input counts missing", not zero.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from focuscoach.core.recording.activity_input import InputCounter

__all__ = ["IDLE_NOTIFY_SECONDS", "CompositorIdle"]

#: The idle timer asked of the compositor. Short, so `last_input` is within this of the
#: truth while active; an idle/resume pair costs two small events.
IDLE_NOTIFY_SECONDS = 5.0


class CompositorIdle(InputCounter):
    """An InputCounter fed by the compositor's idle notifications instead of by input."""

    #: No key, click, move or scroll counts come from here (see the module docstring).
    counts_available = False

    def __init__(
        self, clock: Callable[[], float] = time.time, timeout: float = IDLE_NOTIFY_SECONDS
    ) -> None:
        self._idle_lock = threading.Lock()
        self._idle_since: float | None = None  # the last input before an idle spell
        self._resumed_at: float | None = None
        self.timeout = timeout
        super().__init__(clock)

    @property
    def last_input(self) -> float:
        with self._idle_lock:
            if self._idle_since is not None:
                return self._idle_since
            resumed = self._resumed_at
        within = float(self._clock()) - self.timeout
        return within if resumed is None else max(resumed, within)

    @last_input.setter
    def last_input(self, value: float) -> None:
        """Set by InputCounter.__init__ and the input callbacks: counts as input now."""
        with self._idle_lock:
            self._idle_since = None

    @property
    def idle(self) -> bool:
        with self._idle_lock:
            return self._idle_since is not None

    def idled(self, at: float | None = None) -> None:
        """The compositor says: no input for `timeout` seconds (so since `at - timeout`)."""
        moment = self._clock() if at is None else at
        with self._idle_lock:
            if self._idle_since is None:
                self._idle_since = moment - self.timeout
                if self._resumed_at is not None:
                    self._idle_since = max(self._idle_since, self._resumed_at)

    def resumed(self, at: float | None = None) -> None:
        """The compositor says: input again."""
        moment = self._clock() if at is None else at
        with self._idle_lock:
            self._idle_since = None
            self._resumed_at = moment
