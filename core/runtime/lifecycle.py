"""The running app's threads: the recorder lock, the store's single writer, the recorder and
detector loops, and (for the tray) the coach's scheduler. Start and stop in one place, used by
the tray app (through `App`) and by `focuscoach record` (headless: no coach).

Everything the coach decides reaches `subscribe`rs on a background thread; `state()` and
`status()` read the coach under its runner's lock. Blocking calls (`write`, `read`) are for
worker threads: the App runs them on its own executor, never on the caller's thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

import sqlite_utils

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.coach import Observation
from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.coaching.from_settings import coach_settings
from focuscoach.core.coaching.nudges import DistractionScorer
from focuscoach.core.coaching.scheduler import CoachRunner, restore_coach
from focuscoach.core.lockfile import RECORDER_LOCK, LockFile
from focuscoach.core.paths import Paths
from focuscoach.core.planning.planner import Plan
from focuscoach.core.planning.service import load_plan
from focuscoach.core.planning.tasks import Task
from focuscoach.core.quiet import QuietSignals, QuietState
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.backends import compositor_idle
from focuscoach.core.recording.window import WindowBackend
from focuscoach.core.runtime.coach_io import (
    CachedScorer,
    WriterPersistence,
    drift_watch,
    update_drift,
)
from focuscoach.core.runtime.detection import DetectionLoop, live_scorer
from focuscoach.core.runtime.quiet_loop import platform_signals, watch_quiet
from focuscoach.core.runtime.recording import RecordingLoop, WindowTap
from focuscoach.core.runtime.state import Status, StatusChanged, tray_status
from focuscoach.core.runtime.store_access import write_committed
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import connect, open_database
from focuscoach.core.store.errors import StoreError
from focuscoach.core.store.writer import StoreWriter
from focuscoach.core.timeutil import local_zone

log = logging.getLogger("focuscoach.runtime")

T = TypeVar("T")
Subscriber = Callable[[CoachEvent], None]
BackendFactory = Callable[[], tuple[WindowBackend | None, str | None]]


class RecorderBusy(RuntimeError):
    """Another process (usually `focuscoach record`) is recording into this data folder."""


class Runtime:
    """Owns the background threads. Public methods are thread-safe unless noted.

    `coach=False` is `focuscoach record`: recorder and detector only; `scorer` replaces the
    live detector (tests); `detector=False` runs no detector at all; `quiet` replaces the
    platform's quiet signals (core.quiet: fullscreen, in a call, Do Not Disturb).
    """

    def __init__(
        self,
        paths: Paths,
        settings: config.Settings,
        *,
        backend_factory: BackendFactory | None = None,
        input_monitor: bool = True,
        scorer: DistractionScorer | None = None,
        clock: Callable[[], float] = time.time,
        tz: tzinfo | None = None,
        coach: bool = True,
        detector: bool = True,
        detector_interval_s: float | None = None,
        quiet: QuietSignals | None = None,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.tz = tz or local_zone()
        self.clock = clock
        self._backend_factory = backend_factory
        self._input_monitor = input_monitor
        self._external_scorer = scorer
        self._with_coach = coach
        self._with_detector = detector
        self._detector_interval = detector_interval_s
        self._lock = LockFile(paths.data_dir / RECORDER_LOCK)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._subscribers: list[Subscriber] = []
        self._paused_until: float | None = None
        self.writer: StoreWriter | None = None
        self.runner: CoachRunner | None = None
        self.persistence: WriterPersistence | None = None
        self.scorer = CachedScorer(max_age_s=settings.coaching.detector_interval_s * 3)
        self.backend_message: str | None = None
        self.live_detector: Any = None
        self._live_lock = threading.Lock()
        #: Why forecast nudges are off (runtime.forecast_job), for the status; None: on.
        self.forecast_note: str | None = None
        self._counter: InputCounter | None = None
        self._monitor: Any = None
        self._tap: WindowTap | None = None
        self._window_backend: WindowBackend | None = None
        self._recording: RecordingLoop | None = None
        self._started = False
        self._quiet_signals = quiet
        self.quiet_state = QuietState()

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> Runtime:
        """Take the recorder lock and start recording, scoring and coaching.

        Raises RecorderBusy when another process records into this data folder.
        """
        if not self._lock.acquire():
            raise RecorderBusy(f"another recorder is already running (pid {self._lock.holder()})")
        try:
            open_database(self.paths.database).close()  # create and migrate first
            self.writer = StoreWriter(self.paths.database).start()
            self.persistence = WriterPersistence(self.writer)
            backend, message = self._open_backend()
            self._window_backend = backend
            self.backend_message = message
            if message:
                log.warning("%s", message)
            self._tap = WindowTap(backend, self.settings.recording, self._window_changed)
            # Wayland: idle time from the compositor; no app can count input there.
            self._counter = compositor_idle(backend)
            if self._counter is None:
                self._start_input()
            if self._with_coach:
                self.runner = self._make_runner(self.persistence)
            self._recording = RecordingLoop(
                self.writer,
                self.settings.recording,
                self._tap,
                self._counter,
                clock=self.clock,
                paused_until=lambda: self._paused_until,
                wake=self._wake,
                on_status=lambda now: self.emit(StatusChanged(now)),
            )
            self._spawn("focuscoach-recorder", self._recording.run)
            if self._with_detector:
                self._spawn("focuscoach-detector", self._detect)
            if self.runner is not None:
                self._spawn("focuscoach-quiet", self._watch_quiet)
            if self.runner is not None:
                self.runner.start()
            self._started = True
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 4.0) -> None:
        """Stop everything, close the open spans and commit; safe to call twice."""
        deadline = time.monotonic() + timeout
        self._stop.set()
        self._wake.set()
        if self.runner is not None and self.runner.running:
            self.runner.shutdown()
        for thread in self._threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        self._threads = []
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None
        if self._tap is not None:
            self._tap.close()
            self._tap = None
        if self.writer is not None:
            self.writer.stop(timeout=max(0.5, deadline - time.monotonic()))
            self.writer = None
        self._lock.release()
        self._started = False

    def _open_backend(self) -> tuple[WindowBackend | None, str | None]:
        if self._backend_factory is not None:
            return self._backend_factory()
        from focuscoach.core.recording.backends import open_window_backend

        return open_window_backend()

    def _start_input(self) -> None:
        if not self._input_monitor:
            return
        from focuscoach.core.recording.activity_input import PynputMonitor

        counter = InputCounter()
        monitor = PynputMonitor(counter)
        if monitor.start():
            self._counter, self._monitor = counter, monitor

    def _spawn(self, name: str, target: Callable[[threading.Event], None]) -> None:
        thread = threading.Thread(target=target, args=(self._stop,), name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _make_runner(self, persistence: WriterPersistence) -> CoachRunner:
        with self.read() as db:
            coach = restore_coach(
                db,
                tz=self.tz,
                now=self.clock(),
                settings=coach_settings(self.settings),
                scorer=self.scorer,
            )
        # The drift nudge (core.coaching.drift), with the user's categories and settings.
        coach.drift = drift_watch(self.paths.categories_file, coach.settings.drift)
        runner = CoachRunner(
            coach,
            observe=self.observation,
            persistence=persistence,
            plan_loader=self.load_plan,
            tick_s=self.settings.coaching.tick_s,
            clock=self.clock,
        )
        coach.subscribe(self.emit)
        self._set_calendar(runner)
        return runner

    # --- the recorder's and the detector's threads ---------------------------------------

    def _window_changed(self, _info: WindowInfo | None) -> None:
        if self.runner is not None and self._started:
            self.runner.push(self.observation())

    def observation(self) -> Observation:
        """What the coach sees now: the focused window (as recorded) and whether the user is
        at the keyboard. Paused recording counts as away: nothing is known then."""
        now = self.clock()
        if self.paused(now):
            return Observation(active=False)
        info = self._tap.last if self._tap is not None else None
        active = True
        if self._counter is not None:
            active = now - self._counter.last_input < self.settings.recording.afk_timeout
        quiet = self.quiet_state
        return Observation(
            active=active,
            app=info.app if info else "",
            title=info.title if info else "",
            fullscreen=quiet.fullscreen,
            in_meeting=quiet.in_call,
            dnd=quiet.dnd,
        )

    def _watch_quiet(self, stop: threading.Event) -> None:
        signals = self._quiet_signals or platform_signals(self.settings, self._window_backend)

        def changed(state: QuietState) -> None:
            self.quiet_state = state
            if self.runner is not None and self._started:
                self.runner.push(self.observation())
            self.emit(StatusChanged(self.clock()))

        watch_quiet(
            stop, signals, self.clock, lambda: self._tap.last if self._tap else None, changed
        )

    def _make_scorer(self) -> DistractionScorer | None:
        if self._external_scorer is not None:
            return self._external_scorer
        return self.live()  # type: ignore[no-any-return]

    def live(self) -> Any:
        """The live detector (model/live.py), made once: the detection loop scores with it and
        the attention strip asks it what its model looked at. None when it cannot be set up."""
        with self._live_lock:
            if self.live_detector is None:
                self.live_detector = live_scorer(self.paths, self.writer)
            return self.live_detector

    def _detect(self, stop: threading.Event) -> None:
        scorer = self._make_scorer()
        if scorer is None:
            return
        interval = self._detector_interval or self.settings.coaching.detector_interval_s
        loop = DetectionLoop(
            scorer,
            interval,
            # With a coach the first score comes soon, so a nudge does not wait an interval.
            first_after_s=min(interval, 5.0) if self._with_coach else interval,
            clock=self.clock,
            paused=self.paused,
            on_score=self.scorer.update,
        )
        loop.run(stop)

    # --- events ------------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """`callback(event)` for each coach event and StatusChanged, on a background thread.
        Returns the call that unsubscribes it (a view going away must not be called)."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, event: CoachEvent) -> None:
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception("runtime subscriber failed on %s", event.kind)

    # --- the store (blocking: for worker threads) ----------------------------------------

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """A read-only connection of its own (WAL: never blocks the writer)."""
        conn = connect(self.paths.database, readonly=True)
        try:
            yield sqlite_utils.Database(conn)
        finally:
            conn.close()

    def write(self, func: Callable[[sqlite_utils.Database], T], timeout: float = 10.0) -> T:
        """`func(db)` on the writer thread, committed, its result or exception back here
        (store_access.write_committed). Blocks: never call it on the UI thread."""
        if self.writer is None:
            raise RuntimeError("the runtime is not running")
        return write_committed(self.writer, func, timeout)

    def flush(self, timeout: float = 10.0) -> bool:
        """Commit what the writer holds (blocking: worker threads only)."""
        return self.writer.flush(timeout) if self.writer is not None else True

    def store_problem(self) -> StoreError | None:
        """Why the database cannot be written now (disk full), or None."""
        return self.writer.problem if self.writer is not None else None

    def load_plan(self, day: date) -> tuple[Plan | None, Iterable[Task]]:
        with self.read() as db:
            return load_plan(db, day, self.tz), task_store.list_tasks(db, include_done=True)

    def _set_calendar(self, runner: CoachRunner) -> None:
        calendars = self.settings.planning.calendars
        if not calendars:
            return
        from focuscoach.core.planning.calendar import CalendarError, busy_intervals
        from focuscoach.core.planning.service import day_bounds

        today = datetime.fromtimestamp(self.clock(), self.tz).date()
        try:
            busy = busy_intervals(calendars, *day_bounds(today, self.tz))
        except CalendarError as exc:
            log.warning("%s", exc)
            return
        runner.set_calendar(busy)

    # --- state ---------------------------------------------------------------------------

    def paused(self, now: float | None = None) -> bool:
        until = self._paused_until
        return until is not None and (self.clock() if now is None else now) < until

    def set_paused_until(self, until: float | None) -> None:
        """Pause recording until `until` (None: resume); the recorder loop wakes at once."""
        self._paused_until = until
        self._wake.set()
        self.emit(StatusChanged(self.clock()))

    def status(self) -> Status:
        """The tray's icon and tooltip; the coach is read under its runner's lock."""
        detector = self.live_detector
        return tray_status(
            self.clock(),
            self.runner,
            self._paused_until,
            detector.fallback if detector is not None else None,
            self.forecast_note,
            self.quiet_state.reasons,
        )

    @property
    def live_scoring(self) -> bool:
        """Whether the coach scores with the live detector (not a scorer a caller injected)."""
        return self._with_detector and self._external_scorer is None

    def reload_settings(self, settings: config.Settings) -> None:
        """Settings saved in the window: privacy rules apply from the next sample, the drift
        rule's settings (and the categories it reads) at once; other coaching rules at the next
        start (the coach's timers are not reset behind the user's back)."""
        self.settings = settings
        if self.runner is not None:
            update_drift(self.runner, self.paths.categories_file, coach_settings(settings).drift)
        if self._tap is not None:
            self._tap.settings = settings.recording
        if self._recording is not None:
            self._recording.restart(settings.recording)
