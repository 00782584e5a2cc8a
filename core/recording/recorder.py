"""The recording loop: samples the focused window and input about once a second, merges the
samples into spans and hands them to the writer thread.

All decisions happen in `tick(now)`, which takes the time as an argument so tests can drive a
whole day with a fake clock; `run()` only calls it on a real timer.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import RecordingSettings
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.afk import AfkState, afk_state
from focuscoach.core.recording.heartbeat import Heartbeat, Span, merge_heartbeat
from focuscoach.core.recording.privacy import filter_window
from focuscoach.core.recording.window import BackendUnavailable, WindowBackend
from focuscoach.core.store.writer import StoreWriter

log = logging.getLogger("focuscoach.recording")

# Backoff while the display cannot be reached: 1, 2, 4 ... seconds, at most this.
MAX_BACKOFF = 30.0

D = TypeVar("D")


@dataclass(slots=True)
class _OpenSpan(Generic[D]):
    span: Span[D]
    token: int


class Recorder:
    """Turns samples into spans in the store. Not thread-safe: one thread calls tick()."""

    def __init__(
        self,
        writer: StoreWriter,
        settings: RecordingSettings,
        backend: WindowBackend | None,
        counter: InputCounter | None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._writer = writer
        self._settings = settings
        self._backend = backend
        self._counter = counter
        self._clock = clock
        self._tokens = itertools.count(1)
        self._window: _OpenSpan[tuple[str, str]] | None = None
        self._afk_span: _OpenSpan[bool] | None = None
        self._afk = AfkState(afk=False, since=clock())
        self._interval_start = clock()
        self._backoff_until = 0.0
        self._backoff = 0.0

    # Window focus ---------------------------------------------------------------------------

    def _sample_window(self, now: float) -> WindowInfo | None:
        if self._backend is None or now < self._backoff_until:
            return None
        try:
            info = self._backend.active_window()
        except BackendUnavailable as exc:
            self._backoff = min(MAX_BACKOFF, max(1.0, self._backoff * 2))
            self._backoff_until = now + self._backoff
            log.warning("window recording paused, retrying in %.0f s: %s", self._backoff, exc)
            return None
        if self._backoff:
            log.info("window recording resumed")
            self._backoff = 0.0
        return info

    def _record_window(self, now: float, info: WindowInfo | None) -> None:
        visible = filter_window(info, self._settings) if info is not None else None
        pulsetime = self._settings.poll_interval + 1.0
        if visible is None:
            self._close_window()
            return
        data: tuple[str, str] = (visible.app, visible.title)
        current = self._window
        merged = merge_heartbeat(current.span if current else None, Heartbeat(now, data), pulsetime)
        if current is not None and merged is not None:
            current.span = merged
        else:
            if current is not None and now <= current.span.end + pulsetime:
                # Focus moved straight from one window to the next: no gap between them.
                current.span = Span(current.span.start, now, current.span.data)
                self._write_window(current)
            self._close_window()
            current = self._window = _OpenSpan(Span(now, now, data), next(self._tokens))
        self._write_window(current)

    def _write_window(self, open_span: _OpenSpan[tuple[str, str]]) -> None:
        app, title = open_span.span.data
        self._writer.upsert(
            "window_spans",
            ("window", open_span.token),
            {"start": open_span.span.start, "stop": open_span.span.end, "app": app, "title": title},
        )

    def _close_window(self) -> None:
        if self._window is not None:
            self._writer.forget(("window", self._window.token))
            self._window = None

    # Input and AFK ---------------------------------------------------------------------------

    def _record_input(self, now: float) -> None:
        if self._counter is None:
            return
        if now - self._interval_start >= self._settings.input_interval:
            counts = self._counter.drain()
            if counts.total:
                self._writer.insert(
                    "input_activity",
                    {
                        "start": self._interval_start,
                        "stop": now,
                        "keys": counts.keys,
                        "clicks": counts.clicks,
                        "moves": counts.moves,
                        "scrolls": counts.scrolls,
                    },
                )
            self._interval_start = now

        state = afk_state(self._afk, self._counter.last_input, now, self._settings.afk_timeout)
        if state != self._afk:
            if self._afk_span is not None:
                # The old state ends where the new one begins (AFK is dated from the last input).
                self._write_afk(self._afk_span, end=state.since)
                self._writer.forget(("afk", self._afk_span.token))
            self._afk = state
            self._afk_span = _OpenSpan(Span(state.since, now, state.afk), next(self._tokens))
        elif self._afk_span is None:
            self._afk_span = _OpenSpan(Span(now, now, state.afk), next(self._tokens))
        self._write_afk(self._afk_span, end=now)

    def _write_afk(self, open_span: _OpenSpan[bool], end: float) -> None:
        open_span.span = Span(
            open_span.span.start, max(open_span.span.start, end), open_span.span.data
        )
        self._writer.upsert(
            "afk_spans",
            ("afk", open_span.token),
            {
                "start": open_span.span.start,
                "stop": open_span.span.end,
                "afk": int(bool(open_span.span.data)),
            },
        )

    # Driving ---------------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> None:
        """One sample: the focused window, and input/AFK bookkeeping."""
        moment = self._clock() if now is None else now
        self._record_window(moment, self._sample_window(moment))
        self._record_input(moment)

    def finish(self, now: float | None = None) -> None:
        """Close the open spans at `now` (called on exit before the final flush)."""
        moment = self._clock() if now is None else now
        if self._window is not None:
            self._window.span = Span(
                self._window.span.start, max(self._window.span.end, moment), self._window.span.data
            )
            self._write_window(self._window)
            self._close_window()
        if self._counter is not None:
            counts = self._counter.drain()
            if counts.total:
                self._writer.insert(
                    "input_activity",
                    {
                        "start": self._interval_start,
                        "stop": moment,
                        "keys": counts.keys,
                        "clicks": counts.clicks,
                        "moves": counts.moves,
                        "scrolls": counts.scrolls,
                    },
                )
        if self._afk_span is not None:
            self._write_afk(self._afk_span, end=moment)

    def run(self, stop: threading.Event, duration: float | None = None) -> None:
        """Tick on the wall clock until `stop` is set or `duration` has passed."""
        started = time.monotonic()
        interval = self._settings.poll_interval
        next_tick = started
        while not stop.is_set():
            if duration is not None and time.monotonic() - started >= duration:
                break
            self.tick()
            next_tick += interval
            delay = next_tick - time.monotonic()
            if delay < 0:  # fell behind (suspend, heavy load): do not try to catch up
                next_tick = time.monotonic()
                delay = 0
            stop.wait(delay)
        self.finish()
