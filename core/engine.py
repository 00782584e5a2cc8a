"""The app's background half, without Qt: recording, the detector and the coach, wired together.

The tray app (desktop/) owns one Engine. It starts the recorder thread (holding the same
recorder lock as `focuscoach record`, so the two never record at once), the store's single
writer, a detector thread that scores the recent activity about every 30 s, and the coach's
scheduler. Everything the coach decides arrives through `subscribe` on a background thread;
the desktop layer hands it to its main thread. Everything the user does comes back through
the methods here, so the tray stays a thin view and this module is tested without a display.
"""

from __future__ import annotations

import concurrent.futures
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

import sqlite_utils

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.coach import Observation
from focuscoach.core.coaching.events import BreakKind, CoachEvent
from focuscoach.core.coaching.mood import MoodEntry
from focuscoach.core.coaching.nudges import (
    DistractionScorer,
    NudgeAnswer,
    NudgeLabel,
    Score,
)
from focuscoach.core.coaching.scheduler import STATE_KEY, CoachRunner, restore_coach
from focuscoach.core.lockfile import RECORDER_LOCK, LockFile
from focuscoach.core.memory import release_free_memory
from focuscoach.core.options import coach_settings
from focuscoach.core.paths import Paths
from focuscoach.core.planning import storage
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.privacy import filter_window
from focuscoach.core.recording.recorder import Recorder
from focuscoach.core.recording.window import WindowBackend
from focuscoach.core.store.database import connect, open_database
from focuscoach.core.store.writer import StoreWriter
from focuscoach.core.timeutil import local_zone

log = logging.getLogger("focuscoach.engine")

#: The same lock file `focuscoach record` takes: one recorder per data folder.

T = TypeVar("T")


class RecorderBusy(RuntimeError):
    """Another process (usually `focuscoach record`) is recording into this data folder."""


class AppState(StrEnum):
    RECORDING = "recording"
    FOCUS = "focus"
    BREAK = "break"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class Status:
    """What the tray shows: its icon (state) and tooltip."""

    state: AppState
    block_title: str = ""
    block_end: float | None = None
    break_end: float | None = None
    paused_until: float | None = None
    focused_today_s: float = 0.0
    # Why the detector is not using the user's trained model (a broken file): shown, not hidden.
    model_warning: str | None = None


@dataclass(frozen=True, slots=True)
class StatusChanged(CoachEvent):
    """Not from the coach: the engine's own note that the tray's state may have changed."""

    kind: ClassVar[str] = "status_changed"


# Pure helpers ----------------------------------------------------------------------------------


def with_focus_block(
    plan: Plan | None, day: date, start: datetime, minutes: float, task: Task | None
) -> Plan:
    """Today's plan with a focus block started by hand at `start`.

    Planned focus and break blocks that overlap the new one are cut short or dropped
    (the user's choice wins over the planner's); meetings stay, they are facts.
    """
    # In UTC: adding to a zoned time adds wall-clock time, wrong across a DST change.
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    block = PlanBlock(
        start, end, BlockKind.FOCUS, task.id if task else None, task.title if task else ""
    )
    kept: list[PlanBlock] = []
    for b in plan.blocks if plan else ():
        if b.kind is BlockKind.MEETING or b.end <= start or b.start >= end:
            kept.append(b)
        elif b.start < start:
            kept.append(replace(b, end=start))
    blocks = sorted([*kept, block], key=lambda b: (b.start.timestamp(), b.end.timestamp()))
    return Plan(
        date=day,
        blocks=tuple(blocks),
        unscheduled=plan.unscheduled if plan else (),
        unscheduled_minutes=plan.unscheduled_minutes if plan else (),
        low_energy=plan.low_energy if plan else False,
    )


def end_focus_block(plan: Plan, now: datetime) -> Plan:
    """The plan with the focus block running at `now` ending now."""
    blocks = tuple(
        replace(b, end=now) if b.kind is BlockKind.FOCUS and b.contains(now) else b
        for b in plan.blocks
    )
    return replace(plan, blocks=tuple(b for b in blocks if b.end > b.start))


def focused_seconds(plan: Plan | None, now: float) -> float:
    """Focus-block time of the plan that has already passed (the tooltip's "focused today")."""
    if plan is None:
        return 0.0
    return sum(
        max(0.0, min(now, b.end.timestamp()) - b.start.timestamp())
        for b in plan.of_kind(BlockKind.FOCUS)
    )


def pause_end(choice: str, now: float, tz: tzinfo) -> float:
    """When a pause chosen in the menu ends: "15m", "1h" or "tomorrow" (next local 06:00)."""
    if choice == "15m":
        return now + 15 * 60
    if choice == "1h":
        return now + 3600
    if choice == "tomorrow":
        today = datetime.fromtimestamp(now, tz).date()
        return datetime.combine(today + timedelta(days=1), clock_time(6, 0), tzinfo=tz).timestamp()
    raise ValueError(f"unknown pause {choice!r}: use 15m, 1h or tomorrow")


# Wiring ----------------------------------------------------------------------------------------


class WriterPersistence:
    """The coach's log, labels and timers, written by the store's single writer thread."""

    def __init__(self, writer: StoreWriter) -> None:
        self._writer = writer

    def record_event(self, event: CoachEvent) -> None:
        if isinstance(event, StatusChanged):
            return
        detail = event.detail()
        self._writer.call(
            lambda conn: storage.record_coach_event(
                sqlite_utils.Database(conn), event.at, event.kind, detail
            )
        )

    def record_label(self, label: NudgeLabel) -> None:
        self._writer.call(
            lambda conn: storage.record_nudge_label(sqlite_utils.Database(conn), label)
        )

    def save_state(self, now: float, state: dict[str, Any]) -> None:
        self._writer.call(
            lambda conn: storage.save_coach_state(
                sqlite_utils.Database(conn), STATE_KEY, now, state
            )
        )


class CachedScorer:
    """The coach's scorer: the detector thread's latest score, so deciding on a nudge never
    waits for the model (it ran at most one detector interval ago)."""

    def __init__(self, max_age_s: float) -> None:
        self._max_age_s = max_age_s
        self._lock = threading.Lock()
        self._score: Score | None = None
        self._at = 0.0

    def update(self, score: Score, at: float) -> None:
        with self._lock:
            self._score, self._at = score, at

    def score(self, now: float) -> Score:
        with self._lock:
            if self._score is None or now - self._at > self._max_age_s:
                return Score(0.0, "no recent score")
            return self._score


class _TapBackend:
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
        seen = filter_window(info, self.settings) if info is not None else None
        if seen != self.last:
            self.last = seen
            self._on_change(seen)
        return info

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


Subscriber = Callable[[CoachEvent], None]


class Engine:
    """Owns the background threads. Public methods are thread-safe unless noted."""

    def __init__(
        self,
        paths: Paths,
        settings: config.Settings,
        *,
        backend_factory: Callable[[], tuple[WindowBackend | None, str | None]] | None = None,
        input_monitor: bool = True,
        scorer: DistractionScorer | None = None,
        clock: Callable[[], float] = time.time,
        tz: tzinfo | None = None,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.tz = tz or local_zone()
        self._backend_factory = backend_factory
        self._input_monitor = input_monitor
        self._external_scorer = scorer
        self._clock = clock
        self._lock = LockFile(paths.data_dir / RECORDER_LOCK)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._subscribers: list[Subscriber] = []
        self._paused_until: float | None = None
        self._state_lock = threading.Lock()
        self.writer: StoreWriter | None = None
        self.runner: CoachRunner | None = None
        self.scorer = CachedScorer(max_age_s=settings.coaching.detector_interval_s * 3)
        self.backend_message: str | None = None
        self._counter: InputCounter | None = None
        self._monitor: Any = None
        self._tap: _TapBackend | None = None
        self._started = False
        self._restart_recorder = False

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Take the recorder lock and start recording, scoring and coaching.

        Raises RecorderBusy when another process records into this data folder.
        """
        if not self._lock.acquire():
            raise RecorderBusy(f"another recorder is already running (pid {self._lock.holder()})")
        try:
            open_database(self.paths.database).close()  # create and migrate first
            self.writer = StoreWriter(self.paths.database).start()
            backend, message = self._open_backend()
            self.backend_message = message
            if message:
                log.warning("%s", message)
            self._tap = _TapBackend(backend, self.settings.recording, self._window_changed)
            self._start_input()
            with self.read() as db:
                coach = restore_coach(
                    db,
                    tz=self.tz,
                    now=self._clock(),
                    settings=coach_settings(self.settings),
                    scorer=self.scorer,
                )
            self.runner = CoachRunner(
                coach,
                observe=self.observation,
                persistence=WriterPersistence(self.writer),
                plan_loader=self._load_plan,
                tick_s=self.settings.coaching.tick_s,
                clock=self._clock,
            )
            self.runner.coach.subscribe(self._emit)
            self._set_calendar()
            self._spawn("focuscoach-recorder", self._record_loop)
            self._spawn("focuscoach-detector", self._detect_loop)
            self.runner.start()
            self._started = True
        except BaseException:
            self.stop()
            raise

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

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    # --- the recorder thread -----------------------------------------------------------

    def _record_loop(self) -> None:
        assert self.writer is not None
        rec = self.settings.recording
        recorder: Recorder | None = None
        try:
            while not self._stop.is_set():
                now = self._clock()
                if self.paused(now):
                    if recorder is not None:
                        recorder.finish(now)
                        recorder = None
                        self._emit(StatusChanged(now))
                    self._wake.wait(min(5.0, max(0.1, (self._paused_until or now) - now)))
                    self._wake.clear()
                    continue
                if recorder is not None and self._restart_recorder:
                    recorder.finish(now)
                    recorder = None
                self._restart_recorder = False
                if recorder is None:
                    recorder = Recorder(self.writer, rec, self._tap, self._counter, self._clock)
                    self._emit(StatusChanged(now))
                try:
                    recorder.tick(now)
                except Exception:
                    # E.g. the writer failed: log it, then start afresh rather than stop
                    # recording for good (disk full never gets here: the writer retries).
                    log.exception("recording failed; retrying in 5 s")
                    recorder = None
                    self._stop.wait(5.0)
                    continue
                self._stop.wait(rec.poll_interval)
        except Exception:
            log.exception("the recorder stopped")
        finally:
            if recorder is not None:
                recorder.finish()

    def _window_changed(self, _info: WindowInfo | None) -> None:
        if self.runner is not None and self._started:
            self.runner.push(self.observation())

    def observation(self) -> Observation:
        """What the coach sees now: the focused window (as recorded) and whether the user is
        at the keyboard. Paused recording counts as away: nothing is known then."""
        now = self._clock()
        if self.paused(now):
            return Observation(active=False)
        info = self._tap.last if self._tap is not None else None
        active = True
        if self._counter is not None:
            active = now - self._counter.last_input < self.settings.recording.afk_timeout
        return Observation(
            active=active, app=info.app if info else "", title=info.title if info else ""
        )

    # --- the detector thread -----------------------------------------------------------

    def _make_scorer(self) -> DistractionScorer | None:
        if self._external_scorer is not None:
            return self._external_scorer
        try:
            from focuscoach.core.categories import user_or_default_categorizer
            from focuscoach.core.model.live import LiveDetector

            rules = user_or_default_categorizer(self.paths.categories_file)
            self._live_detector = LiveDetector(
                self.paths.database, self.writer, self.paths.models_dir, categorizer=rules
            )
            return self._live_detector
        except Exception:
            log.exception("the detector is not available; nudges are off")
            return None

    def _detect_loop(self) -> None:
        scorer = self._make_scorer()
        if scorer is None:
            return
        interval = self.settings.coaching.detector_interval_s
        failures = 0
        # The first score comes soon after start, so a nudge does not wait a whole interval.
        wait = min(interval, 5.0)
        while not self._stop.wait(wait):
            wait = interval
            now = self._clock()
            if self.paused(now):
                continue
            try:
                self.scorer.update(scorer.score(now), now)
                failures = 0
                release_free_memory()
            except Exception:  # a bad model or a locked file must not stop the app
                failures += 1
                if failures in (1, 10, 100):
                    log.exception("detector failed (%d times in a row)", failures)

    # --- events ------------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> None:
        """`callback(event)` for each coach event and StatusChanged, on a background thread."""
        self._subscribers.append(callback)

    def _emit(self, event: CoachEvent) -> None:
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception("engine subscriber failed on %s", event.kind)

    # --- the store -----------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """A read-only connection of its own (WAL: never blocks the writer)."""
        conn = connect(self.paths.database, readonly=True)
        try:
            yield sqlite_utils.Database(conn)
        finally:
            conn.close()

    def write(self, func: Callable[[sqlite_utils.Database], T], timeout: float = 10.0) -> T:
        """Run `func` on the writer thread and wait until it is committed; its result or its
        exception comes back here. A failing `func` is rolled back alone: the writer and the
        recording it also carries go on."""
        if self.writer is None:
            raise RuntimeError("the engine is not running")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def call(conn: sqlite3.Connection) -> None:
            # A batch that failed to commit (disk full) is run again: answer only once.
            conn.execute("SAVEPOINT ui_write")
            try:
                result = func(sqlite_utils.Database(conn))
            except Exception as exc:
                conn.execute("ROLLBACK TO ui_write")
                conn.execute("RELEASE ui_write")
                if not future.done():
                    future.set_exception(exc)
                return
            conn.execute("RELEASE ui_write")
            if not future.done():
                future.set_result(result)

        self.writer.call(call)
        self.writer.flush(timeout)
        return future.result(timeout)

    # --- what the tray shows -------------------------------------------------------------

    def paused(self, now: float | None = None) -> bool:
        until = self._paused_until
        return until is not None and (self._clock() if now is None else now) < until

    def status(self) -> Status:
        detector = getattr(self, "_live_detector", None)
        warning = detector.fallback if detector is not None else None
        status = self._status()
        return status if warning is None else replace(status, model_warning=warning)

    def _status(self) -> Status:
        now = self._clock()
        if self.paused(now):
            return Status(AppState.PAUSED, paused_until=self._paused_until)
        if self.runner is None:
            return Status(AppState.RECORDING)
        coach = self.runner.coach
        focused = focused_seconds(coach.plan, now)
        on_break = coach.state.breaks.on_break
        if on_break is not None and now < on_break.until:
            return Status(AppState.BREAK, break_end=on_break.until, focused_today_s=focused)
        block = (
            coach.plan.block_at(datetime.fromtimestamp(now, UTC), BlockKind.FOCUS)
            if coach.plan
            else None
        )
        if block is not None:
            return Status(
                AppState.FOCUS,
                block_title=block.title,
                block_end=block.end.timestamp(),
                focused_today_s=focused,
            )
        return Status(AppState.RECORDING, focused_today_s=focused)

    # --- what the user does --------------------------------------------------------------

    def _runner(self) -> CoachRunner:
        if self.runner is None:
            raise RuntimeError("the engine is not running")
        return self.runner

    def _today(self) -> date:
        return datetime.fromtimestamp(self._clock(), self.tz).date()

    def _load_plan(self, day: date) -> tuple[Plan | None, Iterable[Task]]:
        with self.read() as db:
            return storage.load_plan(db, day, self.tz), storage.list_tasks(db, include_done=True)

    def _set_calendar(self) -> None:
        calendars = self.settings.planning.calendars
        if not calendars:
            return
        from focuscoach.core.planning.calendar import CalendarError, busy_intervals
        from focuscoach.core.planning.service import day_bounds

        try:
            busy = busy_intervals(calendars, *day_bounds(self._today(), self.tz))
        except CalendarError as exc:
            log.warning("%s", exc)
            return
        self._runner().set_calendar(busy)

    def accept_plan(self, plan: Plan) -> None:
        """Store `plan` as today's and let the coach follow it."""
        now = self._clock()
        self.write(lambda db: storage.save_plan(db, plan, now))
        with self.read() as db:
            tasks = storage.list_tasks(db, include_done=True)
        self._runner().set_plan(plan, tasks)
        self._runner().tick()
        self._emit(StatusChanged(now))

    def start_focus_block(self, minutes: float, task_id: int | None = None) -> Plan:
        """Start a focus block now (optionally for a task): it becomes part of today's plan."""
        if not 1 <= minutes <= 480:
            raise ValueError("a focus block lasts from 1 minute to 8 hours")
        now = self._clock()
        with self.read() as db:
            task = storage.get_task(db, task_id) if task_id is not None else None
        start = datetime.fromtimestamp(now, UTC).astimezone(self.tz)
        plan = with_focus_block(self._runner().coach.plan, self._today(), start, minutes, task)
        self.accept_plan(plan)
        return plan

    def stop_focus_block(self) -> None:
        plan = self._runner().coach.plan
        if plan is None:
            return
        now = datetime.fromtimestamp(self._clock(), UTC).astimezone(self.tz)
        self.accept_plan(end_focus_block(plan, now))

    def take_break(self, kind: BreakKind | None = None) -> None:
        self._runner().start_break(kind)
        self._emit(StatusChanged(self._clock()))

    def postpone_break(self) -> bool:
        return self._runner().postpone_break()

    def skip_break(self) -> bool:
        return self._runner().skip_break()

    def answer_nudge(self, answer: NudgeAnswer | str) -> NudgeLabel | None:
        """Store the answer to the last nudge as a label (None when none was waiting)."""
        label = self._runner().answer_nudge(answer)
        if self.writer is not None:
            self.writer.flush()
        return label

    def log_mood(self, mood: int, energy: int | None, note: str = "") -> MoodEntry:
        """Validate (ValueError, nothing stored), store, and tell the coach."""
        entry = MoodEntry(self._clock(), mood, energy, note.strip())
        stored = self.write(lambda db: storage.add_mood(db, entry))
        self._runner().checkin_answered()
        return stored

    def skip_checkin(self) -> None:
        self._runner().skip_checkin()

    def pause_recording(self, choice: str) -> float:
        """Pause for "15m", "1h" or until "tomorrow"; returns when it ends."""
        until = pause_end(choice, self._clock(), self.tz)
        with self._state_lock:
            self._paused_until = until
        self._wake.set()
        self._emit(StatusChanged(self._clock()))
        return until

    def resume_recording(self) -> None:
        with self._state_lock:
            self._paused_until = None
        self._wake.set()
        self._emit(StatusChanged(self._clock()))

    def reload_settings(self, settings: config.Settings) -> None:
        """Settings saved in the window: privacy rules apply from the next sample; coaching
        rules at the next start (the coach's timers are not reset behind the user's back)."""
        self.settings = settings
        if self._tap is not None:
            self._tap.settings = settings.recording
        self._restart_recorder = True
