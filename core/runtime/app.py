"""The `App` facade the tray talks to: every user command returns a Future and never blocks
the caller. Commands run one at a time on the app's own executor (one serialized queue for the
database, as Anki's task manager), where they may wait for the writer; the caller, usually the
Qt main thread, only gets the Future and hears of the result when it is done.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from typing import TypeVar

import sqlite_utils

from focuscoach.core import config
from focuscoach.core.coaching.breaks import RunningBreak
from focuscoach.core.coaching.daily_summary import DailySummaryDue
from focuscoach.core.coaching.events import BreakKind
from focuscoach.core.coaching.mood import MoodEntry
from focuscoach.core.coaching.nudges import NudgeAnswer, NudgeLabel, Score
from focuscoach.core.coaching.review_prompt import ReviewDue
from focuscoach.core.coaching.scheduler import CoachRunner
from focuscoach.core.paths import Paths
from focuscoach.core.planning.planner import Plan
from focuscoach.core.planning.service import save_plan
from focuscoach.core.recording.backends import worth_telling
from focuscoach.core.records import StripSegment
from focuscoach.core.runtime.attention import TODAY_STRIP_S, AttentionView
from focuscoach.core.runtime.context_job import ContextJob
from focuscoach.core.runtime.daily_summary import DailySummaryJob
from focuscoach.core.runtime.data import DataCommands
from focuscoach.core.runtime.forecast_job import ForecastJob
from focuscoach.core.runtime.lifecycle import Runtime, Subscriber
from focuscoach.core.runtime.plan_edits import end_focus_block, pause_end, with_focus_block
from focuscoach.core.runtime.review import ReviewPromptJob
from focuscoach.core.runtime.state import Status, StatusChanged
from focuscoach.core.store import journal
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.errors import StoreError as StoreError

log = logging.getLogger("focuscoach.runtime")

T = TypeVar("T")
Future = concurrent.futures.Future


class App(DataCommands):
    """Thread-safe. `start()` starts the runtime; `close()` drains the queue and stops it.

    The windows' data commands (tasks, plans, export, deleting a range) come from
    `DataCommands` (data.py); `StoreError` is named here for the desktop, which does
    not import the store."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.review_prompt = ReviewPromptJob(runtime)
        self.daily_summary = DailySummaryJob(runtime)
        self.forecast = ForecastJob(runtime)
        #: Which distracting windows are on-task, for the drift rule (judged in a child).
        self.context = ContextJob(runtime)
        self.attention = AttentionView(runtime)
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="focuscoach-app"
        )

    def start(self) -> App:
        self.runtime.start()
        self.review_prompt.install()
        self.daily_summary.install()
        self.forecast.install()
        self.context.install()
        return self

    def close(self, timeout: float = 4.0) -> None:
        """Let queued commands finish, then stop the runtime (flushes everything)."""
        self._executor.shutdown(wait=True)
        self.context.close()
        self.runtime.stop(timeout=timeout)

    # --- what the views read (in memory, never the database) -----------------------------

    @property
    def paths(self) -> Paths:
        return self.runtime.paths

    @property
    def settings(self) -> config.Settings:
        return self.runtime.settings

    @property
    def tz(self) -> tzinfo:
        return self.runtime.tz

    def status(self) -> Status:
        return self.runtime.status()

    def running_break(self) -> RunningBreak | None:
        """The running break for the break screen (its Postpone window, today's skips); read
        under the runner's lock like `status`. None when no break runs or the app is stopped."""
        runner = self.runtime.runner
        return runner.inspect(lambda coach: coach.running_break()) if runner else None

    def store_problem(self) -> StoreError | None:
        return self.runtime.store_problem()

    def recording_note(self) -> str | None:
        """What this session cannot record, when the user should hear it at start (GNOME on
        Wayland without the Focused Window extension, ...); None when all is recorded."""
        message = self.runtime.backend_message
        return message if worth_telling(message) else None

    def latest_score(self, now: float) -> Score:
        return self.runtime.scorer.score(now)

    def attention_strip(
        self, at: float | None = None, window_s: float = TODAY_STRIP_S
    ) -> Future[list[StripSegment] | None]:
        """What the model looked at over [at - window_s, at] (runtime/attention.py), on a
        thread of its own (never behind the command queue); None when no model scores."""
        return self.attention.request(self._now() if at is None else at, window_s)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        return self.runtime.subscribe(callback)

    # --- background work ---------------------------------------------------------------

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Run `fn` on the app's executor, after the commands queued before it."""
        return self._executor.submit(fn)

    def read(self, fn: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        """`fn(db)` on a read-only connection, in order with the writes queued before it."""

        def run() -> T:
            with self.runtime.read() as db:
                return fn(db)

        return self.submit(run)

    def write(self, fn: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        """`fn(db)` on the writer thread; the Future is done once it is committed."""
        return self.submit(lambda: self.runtime.write(fn))

    def flush(self) -> Future[bool]:
        """Done when everything recorded so far is committed (before an export, a review)."""
        return self.submit(self.runtime.flush)

    def commit_recorded(self) -> bool:
        """Commit what the writer holds, waiting for it: only for work already running on the
        app's executor (an export, a review), never on the UI thread."""
        return self.runtime.flush()

    # --- the user's commands -----------------------------------------------------------

    def _runner(self) -> CoachRunner:
        if self.runtime.runner is None:
            raise RuntimeError("the app is not running")
        return self.runtime.runner

    def _now(self) -> float:
        return self.runtime.clock()

    def _accept(self, plan: Plan) -> Plan:
        now = self._now()
        self.runtime.write(lambda db: save_plan(db, plan, now))
        with self.runtime.read() as db:
            tasks = task_store.list_tasks(db, include_done=True)
        runner = self._runner()
        runner.set_plan(plan, tasks)
        runner.tick()
        self.runtime.emit(StatusChanged(now))
        return plan

    def accept_plan(self, plan: Plan) -> Future[Plan]:
        """Store `plan` as today's and let the coach follow it."""
        return self.submit(lambda: self._accept(plan))

    def tasks_changed(self) -> Future[Plan | None]:
        """The task list changed: the coach re-reads today's plan's tasks (their patterns)."""

        def run() -> Plan | None:
            plan = self._runner().inspect(lambda coach: coach.plan)
            return self._accept(plan) if plan is not None else None

        return self.submit(run)

    def start_focus_block(self, minutes: float, task_id: int | None = None) -> Future[Plan]:
        """Start a focus block now (optionally for a task): it becomes part of today's plan."""

        def run() -> Plan:
            if not 1 <= minutes <= 480:
                raise ValueError("a focus block lasts from 1 minute to 8 hours")
            tz = self.runtime.tz
            with self.runtime.read() as db:
                task = task_store.get_task(db, task_id) if task_id is not None else None
            start = datetime.fromtimestamp(self._now(), UTC).astimezone(tz)
            current = self._runner().inspect(lambda coach: coach.plan)
            return self._accept(with_focus_block(current, start.date(), start, minutes, task))

        return self.submit(run)

    def stop_focus_block(self) -> Future[Plan | None]:
        def run() -> Plan | None:
            plan = self._runner().inspect(lambda coach: coach.plan)
            if plan is None:
                return None
            now = datetime.fromtimestamp(self._now(), UTC).astimezone(self.runtime.tz)
            return self._accept(end_focus_block(plan, now))

        return self.submit(run)

    def take_break(self, kind: BreakKind | None = None) -> Future[None]:
        def run() -> None:
            self._runner().start_break(kind)
            self.runtime.emit(StatusChanged(self._now()))

        return self.submit(run)

    def end_break(self) -> Future[bool]:
        """End the running break now ("Back to work", "End break"): state, timers and tray
        follow at once and no "Break over" comes later; False when no break was running."""

        def run() -> bool:
            ended = self._runner().end_break()
            self.runtime.emit(StatusChanged(self._now()))
            return ended

        return self.submit(run)

    def postpone_break(self) -> Future[bool]:
        return self.submit(lambda: self._runner().postpone_break())

    def skip_break(self) -> Future[bool]:
        return self.submit(lambda: self._runner().skip_break())

    def postpone_running_break(self) -> Future[bool]:
        """Postpone on the break screen: the break ends now and its reminder comes back after
        the postpone time; False (nothing changes) past the break's first part or with no
        postpones left."""

        def run() -> bool:
            done = self._runner().postpone_running_break()
            self.runtime.emit(StatusChanged(self._now()))
            return done

        return self.submit(run)

    def skip_running_break(self) -> Future[bool]:
        """Skip on the break screen: the break ends now and counts as skipped today."""

        def run() -> bool:
            done = self._runner().skip_running_break()
            self.runtime.emit(StatusChanged(self._now()))
            return done

        return self.submit(run)

    def answer_nudge(self, answer: NudgeAnswer) -> Future[NudgeLabel | None]:
        """Store the answer to the last nudge as a label (None when none was waiting)."""

        def run() -> NudgeLabel | None:
            label = self._runner().answer_nudge(answer)
            self.runtime.flush()
            return label

        return self.submit(run)

    def log_mood(self, mood: int, energy: int | None, note: str = "") -> Future[MoodEntry]:
        """Validate (ValueError in the Future, nothing stored), store, and tell the coach."""

        def run() -> MoodEntry:
            entry = MoodEntry(self._now(), mood, energy, note.strip())
            stored = self.runtime.write(lambda db: journal.add_mood(db, entry))
            self._runner().checkin_answered()
            return stored

        return self.submit(run)

    def skip_checkin(self) -> Future[None]:
        return self.submit(lambda: self._runner().skip_checkin())

    def coach_window(self, opened: bool) -> Future[None]:
        """A Focus Coach window waiting for the user opened (True) or closed (False): while
        one is open nothing new interrupts, and the calm gap counts from its closing."""

        def run() -> None:
            now = self._now()
            self._runner().inspect(
                lambda coach: (
                    coach.quiet.window_opened(now) if opened else coach.quiet.window_closed(now)
                )
            )

        return self.submit(run)

    def pause_recording(self, choice: str) -> Future[float]:
        """Pause for "15m", "1h" or until "tomorrow"; the Future holds when it ends."""

        def run() -> float:
            until = pause_end(choice, self._now(), self.runtime.tz)
            self.runtime.set_paused_until(until)
            return until

        return self.submit(run)

    def resume_recording(self) -> Future[None]:
        return self.submit(lambda: self.runtime.set_paused_until(None))

    def reload_settings(self, settings: config.Settings) -> Future[None]:
        def run() -> None:
            self.runtime.reload_settings(settings)
            self.review_prompt.reload()
            self.daily_summary.reload()
            if self.forecast.applies:
                self.forecast.reload()

        return self.submit(run)

    def check_review_prompt(self, now: float | None = None) -> Future[ReviewDue | None]:
        """Ask the weekly-review policy now (the scheduler asks every few minutes)."""
        return self.submit(lambda: self.review_prompt.check(now))

    def check_daily_summary(self, now: float | None = None) -> Future[DailySummaryDue | None]:
        """Ask the end-of-day summary's policy now (the scheduler asks every minute)."""
        return self.submit(lambda: self.daily_summary.check(now))


@contextmanager
def running(app: App) -> Iterator[App]:
    """`with running(App(Runtime(...))) as app:` starts it and always closes it."""
    app.start()
    try:
        yield app
    finally:
        app.close()
