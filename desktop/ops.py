"""Background operations in the style of Anki's `CollectionOp`:

    op(parent, fn, app.submit).success(on_done).failure(on_error).run()

`fn` runs on the app's executor (one serialized queue in front of the database); the callbacks
come back on the Qt main thread through a queued signal, so they may touch widgets. Nothing
here waits: `run()` returns the Future at once. A callback whose parent widget is gone is
dropped (a failure is still logged).
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger("focuscoach.desktop")

T = TypeVar("T")
Future = concurrent.futures.Future
Submit = Callable[[Callable[[], Any]], "Future[Any]"]

#: Operations started and not yet delivered (tests wait for this to empty).
_pending: set[_Relay] = set()


class _Relay(QObject):
    """Lives on the main thread; `done` is emitted from the worker and, queued, runs
    `deliver(future)` here."""

    done = Signal(object)

    def __init__(self, deliver: Callable[[Future[Any]], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_done(self, future: Future[Any]) -> None:
        _pending.discard(self)
        self.deleteLater()
        self._deliver(future)


class Op(Generic[T]):
    def __init__(self, parent: QObject | None, start: Callable[[], Future[T]]) -> None:
        self._parent = parent
        self._start = start
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[BaseException], object] | None = None

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], object]) -> Op[T]:
        self._failure = callback
        return self

    def run(self) -> Future[T]:
        relay = _Relay(self._deliver)
        _pending.add(relay)
        try:
            future = self._start()
        except BaseException as exc:  # a command that refuses at once fails like any other
            future = concurrent.futures.Future()
            future.set_exception(exc)
        future.add_done_callback(relay.done.emit)
        return future

    def _deliver(self, future: Future[T]) -> None:
        alive = self._parent is None or shiboken6.isValid(self._parent)
        exc = future.exception()
        if exc is not None:
            if self._failure is not None and alive:
                self._failure(exc)
            else:
                log.error("background operation failed", exc_info=exc)
        elif self._success is not None and alive:
            self._success(future.result())


def op(parent: QObject | None, fn: Callable[[], T], submit: Submit) -> Op[T]:
    """`fn()` on the executor behind `submit` (the App's)."""
    return Op(parent, lambda: submit(fn))


def command(parent: QObject | None, start: Callable[[], Future[T]]) -> Op[T]:
    """An App command, which already returns a Future (`start` is called in `run()`)."""
    return Op(parent, start)


def pending() -> int:
    """How many operations have not delivered their result yet."""
    return len(_pending)
