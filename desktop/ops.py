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
import queue
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger("focuscoach.desktop")

T = TypeVar("T")
Future = concurrent.futures.Future
Submit = Callable[[Callable[[], Any]], "Future[Any]"]

#: Operations started and not yet delivered (tests wait for this to empty).
_pending: set[Op[Any]] = set()


class _Dispatcher(QObject):
    """One object on the main thread for every operation: a worker puts the function to run
    in `queue` and emits `wake` (no arguments); the queued connection drains it here.

    Neither a QObject per operation nor a Python object carried by a queued signal: both
    corrupted reference counts under load (a 'none_dealloc' abort in the review benchmark)."""

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self.wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Any thread: run `fn` on the main thread soon."""
        self.queue.put(fn)
        self.wake.emit()

    @Slot()
    def _drain(self) -> None:
        while True:
            try:
                fn = self.queue.get_nowait()
            except queue.Empty:
                return
            fn()


_dispatcher: _Dispatcher | None = None


def _main_thread_dispatcher() -> _Dispatcher:
    """Made on first use, from `run()`, which is called on the main thread."""
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
    return _dispatcher


class _RunOnce(Generic[T]):
    """What the worker thread gets: it lets go of `fn` while it runs, so the worker never holds
    the last reference to what `fn` closes over (often a window, which must only ever be freed
    on the main thread); the Op keeps its own reference until it has delivered."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn: Callable[[], T] | None = fn

    def __call__(self) -> T:
        fn, self._fn = self._fn, None
        assert fn is not None, "a background operation runs once"
        return fn()


class Op(Generic[T]):
    """One background operation. Every reference it holds to Qt objects (the parent, the
    callbacks, the function) is dropped on the main thread once it has delivered: the future
    and its callbacks may be freed on a worker thread, and freeing a widget there crashes."""

    def __init__(
        self, parent: QObject | None, start: Callable[[], Future[T]], keep: object = None
    ) -> None:
        self._parent = parent
        self._start: Callable[[], Future[T]] | None = start
        self._keep = keep
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[BaseException], object] | None = None

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], object]) -> Op[T]:
        self._failure = callback
        return self

    def run(self) -> Future[T]:
        dispatcher = _main_thread_dispatcher()
        _pending.add(self)
        assert self._start is not None, "an operation runs once"
        try:
            future = self._start()
        except BaseException as exc:  # a command that refuses at once fails like any other
            future = concurrent.futures.Future()
            future.set_exception(exc)
        future.add_done_callback(lambda done: dispatcher.post(lambda: self._deliver(done)))
        return future

    def _deliver(self, future: Future[T]) -> None:
        _pending.discard(self)
        parent, success, failure = self._parent, self._success, self._failure
        self._parent = self._success = self._failure = self._start = self._keep = None
        alive = parent is None or shiboken6.isValid(parent)
        exc = future.exception()
        if exc is not None:
            if failure is not None and alive:
                failure(exc)
            else:
                log.error("background operation failed", exc_info=exc)
        elif success is not None and alive:
            success(future.result())


def op(parent: QObject | None, fn: Callable[[], T], submit: Submit) -> Op[T]:
    """`fn()` on the executor behind `submit` (the App's)."""
    once = _RunOnce(fn)
    return Op(parent, lambda: submit(once), keep=fn)


def command(parent: QObject | None, start: Callable[[], Future[T]]) -> Op[T]:
    """An App command, which already returns a Future (`start` is called in `run()`)."""
    return Op(parent, start)


def pending() -> int:
    """How many operations have not delivered their result yet."""
    return len(_pending)
