"""Counting keyboard and mouse events. Only counts: the key itself is never looked at.

pynput is imported lazily (it needs a display on Linux and is heavy); when it cannot start,
the recorder carries on without input counts and says so once.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("focuscoach.recording")


@dataclass(frozen=True, slots=True)
class InputCounts:
    keys: int = 0
    clicks: int = 0
    moves: int = 0
    scrolls: int = 0

    @property
    def total(self) -> int:
        return self.keys + self.clicks + self.moves + self.scrolls


class InputCounter:
    """Thread-safe counters the listener threads bump and the recorder drains."""

    def __init__(self, clock: Any = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._keys = self._clicks = self._moves = self._scrolls = 0
        self.last_input: float = clock()

    def key(self, *_ignored: object) -> None:
        # The pressed key arrives as an argument and is deliberately dropped unread.
        with self._lock:
            self._keys += 1
            self.last_input = self._clock()

    def click(
        self, _x: object = None, _y: object = None, _button: object = None, pressed: bool = True
    ) -> None:
        if not pressed:
            return
        with self._lock:
            self._clicks += 1
            self.last_input = self._clock()

    def move(self, *_position: object) -> None:
        with self._lock:
            self._moves += 1
            self.last_input = self._clock()

    def scroll(self, *_args: object) -> None:
        with self._lock:
            self._scrolls += 1
            self.last_input = self._clock()

    def drain(self) -> InputCounts:
        with self._lock:
            counts = InputCounts(self._keys, self._clicks, self._moves, self._scrolls)
            self._keys = self._clicks = self._moves = self._scrolls = 0
        return counts


class PynputMonitor:
    """Feeds an InputCounter from pynput's keyboard and mouse listeners."""

    def __init__(self, counter: InputCounter) -> None:
        self.counter = counter
        self._listeners: list[Any] = []

    def start(self) -> bool:
        """Start listening; False (and one log line) when input cannot be observed here."""
        try:
            from pynput import keyboard, mouse
        except Exception as exc:  # ImportError, or Xlib's display errors at import time
            log.warning("input activity is not recorded: %s", _one_line(exc))
            return False
        try:
            key_listener = keyboard.Listener(on_press=self.counter.key)
            mouse_listener = mouse.Listener(
                on_move=self.counter.move,
                on_click=self.counter.click,
                on_scroll=self.counter.scroll,
            )
            for listener in (key_listener, mouse_listener):
                listener.daemon = True
                listener.start()
                self._listeners.append(listener)
        except Exception as exc:
            log.warning("input activity is not recorded: %s", _one_line(exc))
            self.stop()
            return False
        return True

    def stop(self) -> None:
        for listener in self._listeners:
            try:
                listener.stop()
            except Exception:  # already gone with its display
                log.debug("input listener did not stop cleanly", exc_info=True)
        self._listeners = []


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
