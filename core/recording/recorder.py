"""The recording loop: samples the focused window and input about once a second, merges the
samples into spans and hands them to the writer thread.

All decisions happen in `tick(now)`, which takes the time as an argument so tests can drive a
whole day with a fake clock; the runtime's recorder loop (core/runtime/recording.py) calls it
on a real timer.

Stored times are wall-clock times, but the wall clock can jump (set by hand, NTP stepping a
wrong clock, a VM restored). Each tick compares how far the wall clock moved with how far a
monotonic clock moved; when they disagree by more than `JUMP_TOLERANCE`, the open spans end at
the last time seen before the jump and new ones start at the new time, so no span is ever
negative or stretched over time that did not pass. The monotonic clock is CLOCK_BOOTTIME on
Linux, which keeps counting during suspend: a suspended laptop is time away, not a jump.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from focuscoach.core.activity import WindowInfo
from focuscoach.core.appinfo import OWN_APPS
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
#: Seconds the wall clock may drift from the monotonic clock between two ticks before it
#: counts as a jump (NTP slews far slower; a loaded machine delays both clocks alike).
JUMP_TOLERANCE = 3.0


def is_own_window(info: WindowInfo) -> bool:
    """A window of Focus Coach itself (a check-in, the break countdown, settings...)."""
    return info.app.casefold() in OWN_APPS


def boot_clock() -> float:
    """Seconds on a clock that never jumps and, where the OS allows, counts suspend."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


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
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        """`monotonic` tells clock jumps from passing time; by default the boot clock when
        `clock` is the real wall clock (a fake clock without one never jumps)."""
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
        if monotonic is None:
            monotonic = boot_clock if clock is time.time else clock
        self._monotonic = monotonic
        self._last_seen: tuple[float, float] | None = None  # (wall, monotonic) at the last tick
        self._input_shift = 0.0  # added to input times stamped before the last jump
        self._input_seen_at_jump: float | None = None

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
        if info is not None and is_own_window(info):
            # Time in Focus Coach's own windows is a pause of the current window: it is not
            # recorded, not a switch, and the open span neither grows nor ends; whatever has
            # focus next continues it (within the pulse time) or starts a new span.
            return
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
            if current is not None and current.span.end <= now <= current.span.end + pulsetime:
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
            self._flush_input(now)
            self._interval_start = now

        state = afk_state(self._afk, self._last_input(now), now, self._settings.afk_timeout)
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

    def _last_input(self, now: float) -> float:
        """The last input on the current timeline: times stamped before a clock jump are
        moved by the jump, and nothing lies in the future."""
        assert self._counter is not None
        raw = self._counter.last_input
        if self._input_seen_at_jump is not None and raw == self._input_seen_at_jump:
            raw += self._input_shift
        return min(raw, now)

    # Clock jumps -----------------------------------------------------------------------------

    def _check_clock(self, now: float) -> None:
        mono = self._monotonic()
        last = self._last_seen
        self._last_seen = (now, mono)
        if last is None:
            return
        expected = last[0] + (mono - last[1])
        if abs(now - expected) <= JUMP_TOLERANCE:
            return
        log.warning(
            "the wall clock jumped by %+.0f s: the open spans end at the last time seen before it",
            now - expected,
        )
        self._split_at_jump(last_good=last[0], now=now, shift=now - expected)

    def _split_at_jump(self, last_good: float, now: float, shift: float) -> None:
        if self._window is not None:
            self._write_window(self._window)  # it ends where it was last seen
            self._close_window()
        if self._counter is not None:
            self._flush_input(last_good)
            self._interval_start = now
            # The last input, if stamped before the jump, is moved onto the new timeline.
            raw = self._counter.last_input
            before_jump = abs(raw - (now - shift)) < abs(raw - now)
            self._input_seen_at_jump = raw if before_jump else None
            self._input_shift = shift
        if self._afk_span is not None:
            self._write_afk(self._afk_span, end=last_good)
            self._writer.forget(("afk", self._afk_span.token))
            self._afk_span = None
        self._afk = AfkState(afk=self._afk.afk, since=now)
        if self._backoff_until:
            self._backoff_until = now + self._backoff

    def _flush_input(self, stop: float) -> None:
        assert self._counter is not None
        counts = self._counter.drain()
        if counts.total and stop >= self._interval_start:
            self._writer.insert(
                "input_activity",
                {
                    "start": self._interval_start,
                    "stop": stop,
                    "keys": counts.keys,
                    "clicks": counts.clicks,
                    "moves": counts.moves,
                    "scrolls": counts.scrolls,
                },
            )

    # Driving ---------------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> None:
        """One sample: the focused window, and input/AFK bookkeeping."""
        moment = self._clock() if now is None else now
        self._check_clock(moment)
        self._record_window(moment, self._sample_window(moment))
        self._record_input(moment)

    def finish(self, now: float | None = None) -> None:
        """Close the open spans at `now` (called on exit before the final flush)."""
        moment = self._clock() if now is None else now
        self._check_clock(moment)
        if self._window is not None:
            self._window.span = Span(
                self._window.span.start, max(self._window.span.end, moment), self._window.span.data
            )
            self._write_window(self._window)
            self._close_window()
        if self._counter is not None:
            self._flush_input(moment)
        if self._afk_span is not None:
            self._write_afk(self._afk_span, end=moment)
