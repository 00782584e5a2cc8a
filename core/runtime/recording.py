"""The one recorder loop, for the tray app and `focuscoach record` alike.

It ticks the Recorder at a fixed rate (no catch-up after a suspend or heavy load), closes the
open spans while recording is paused, and starts a fresh Recorder after a failed tick or a
settings change. The `WindowTap` lets the coach see what the recorder saw.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.privacy import filter_window
from focuscoach.core.recording.recorder import Recorder, is_own_window
from focuscoach.core.recording.window import WindowBackend
from focuscoach.core.store.writer import StoreWriter

log = logging.getLogger("focuscoach.runtime")

#: After a failed tick (e.g. the writer failed) the loop waits this long and starts afresh.
RETRY_S = 5.0


class WindowTap:
    """Wraps the window backend to remember what the recorder saw (after privacy filtering)
    and report a change of window at once: a switch is the coach's natural breakpoint."""

    def __init__(
        self,
        inner: WindowBackend | None,
        settings: config.RecordingSettings,
        on_change: Callable[[WindowInfo | None], None],
    ) -> None:
        self._inner = inner
        self.settings = settings
        self._on_change = on_change
        self.last: WindowInfo | None = None

    def active_window(self) -> WindowInfo | None:
        if self._inner is None:
            return None
        info = self._inner.active_window()
        if info is not None and is_own_window(info):
            return info  # a pause of the current window (see Recorder): no change to report
        seen = filter_window(info, self.settings) if info is not None else None
        if seen != self.last:
            self.last = seen
            self._on_change(seen)
        return info

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


class RecordingLoop:
    """Runs on its own thread until `stop` is set. `paused_until()` is read each turn;
    `wake` cuts a paused wait short; `on_status(now)` says recording started or stopped."""

    def __init__(
        self,
        writer: StoreWriter,
        settings: config.RecordingSettings,
        backend: WindowTap,
        counter: InputCounter | None,
        *,
        clock: Callable[[], float] = time.time,
        paused_until: Callable[[], float | None] = lambda: None,
        wake: threading.Event | None = None,
        on_status: Callable[[float], None] = lambda _now: None,
    ) -> None:
        self._writer = writer
        self.settings = settings
        self._backend = backend
        self._counter = counter
        self._clock = clock
        self._paused_until = paused_until
        self._wake = wake or threading.Event()
        self._on_status = on_status
        self._restart = False

    def restart(self, settings: config.RecordingSettings) -> None:
        """New settings: the open spans end and a new Recorder starts at the next turn."""
        self.settings = settings
        self._restart = True

    def run(self, stop: threading.Event) -> None:
        recorder: Recorder | None = None
        next_tick = time.monotonic()
        try:
            while not stop.is_set():
                now = self._clock()
                until = self._paused_until()
                if until is not None and now < until:
                    if recorder is not None:
                        recorder.finish(now)
                        recorder = None
                        self._on_status(now)
                    self._wake.wait(min(5.0, max(0.1, until - now)))
                    self._wake.clear()
                    next_tick = time.monotonic()
                    continue
                if recorder is not None and self._restart:
                    recorder.finish(now)
                    recorder = None
                self._restart = False
                if recorder is None:
                    recorder = Recorder(
                        self._writer, self.settings, self._backend, self._counter, self._clock
                    )
                    self._on_status(now)
                try:
                    recorder.tick(now)
                except Exception:
                    # Log it, then start afresh rather than stop recording for good (disk
                    # full never gets here: the writer keeps the rows and retries).
                    log.exception("recording failed; retrying in %.0f s", RETRY_S)
                    recorder = None
                    stop.wait(RETRY_S)
                    next_tick = time.monotonic()
                    continue
                next_tick += self.settings.poll_interval
                delay = next_tick - time.monotonic()
                if delay < 0:  # fell behind (suspend, heavy load): do not try to catch up
                    next_tick, delay = time.monotonic(), 0.0
                stop.wait(delay)
        except Exception:
            log.exception("the recorder stopped")
        finally:
            if recorder is not None:
                recorder.finish()
