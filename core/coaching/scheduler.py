"""APScheduler wiring: the real clock, a periodic tick, and jobs at the plan's block edges.

The coach stays pure; this module only decides *when* to call it, serialises the calls
(scheduler thread, recorder thread, UI responses) behind one lock, and persists what happened
so a restart resumes today's plan and timers.

Sleep and suspend: jobs that missed their time by more than a short grace period are dropped
and repeated ticks are coalesced into one (APScheduler `misfire_grace_time` / `coalesce`);
the coach itself treats a step gap much longer than the tick as time away, so waking up
produces at most a `Resumed` event, never a burst of stale reminders.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from os import PathLike
from typing import Any, Protocol, TypeVar

import sqlite_utils
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ..planning.calendar import BusyInterval
from ..planning.planner import BlockKind, Plan
from ..planning.service import load_plan
from ..planning.tasks import Task
from ..store import journal
from ..store import state as state_store
from ..store import tasks as task_store
from .coach import Coach, CoachSettings, CoachState, Observation
from .events import BreakKind, CoachEvent
from .nudges import DistractionScorer, NudgeAnswer, NudgeLabel

log = logging.getLogger("focuscoach.coaching")

STATE_KEY = "coach"
R = TypeVar("R")
DEFAULT_TICK_S = 15.0


class CoachPersistence(Protocol):
    """Where the runner writes. The store may route these through its single writer."""

    def record_event(self, event: CoachEvent) -> None: ...

    def record_label(self, label: NudgeLabel) -> None: ...

    def save_state(self, now: float, state: dict[str, Any]) -> None: ...


class SqliteCoachPersistence:
    """Writes the coach log, labels and state snapshot through its own connection.

    The connection may be used from the scheduler thread, hence check_same_thread=False
    and a lock; WAL mode in the store keeps it from blocking readers.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | PathLike[str]) -> SqliteCoachPersistence:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        return cls(sqlite_utils.Database(conn))

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    def record_event(self, event: CoachEvent) -> None:
        with self._lock:
            journal.record_coach_event(self.db, event.at, event.kind, event.detail())

    def record_label(self, label: NudgeLabel) -> None:
        with self._lock:
            journal.record_nudge_label(self.db, label)

    def save_state(self, now: float, state: dict[str, Any]) -> None:
        with self._lock:
            state_store.save_coach_state(self.db, STATE_KEY, now, state)


def restore_coach(
    db: sqlite_utils.Database,
    *,
    tz: tzinfo,
    now: float,
    settings: CoachSettings | None = None,
    scorer: DistractionScorer | None = None,
    rng: random.Random | None = None,
) -> Coach:
    """A coach that continues where the last process stopped: today's accepted plan, the
    tasks, and the saved timers. The time the app was down counts as time away (the coach's
    gap rule), so a long downtime resets the break timers instead of firing them."""
    day = datetime.fromtimestamp(now, tz).date()
    plan = load_plan(db, day, tz)
    tasks = task_store.list_tasks(db, include_done=True)
    state: CoachState | None = None
    saved = state_store.load_coach_state(db, STATE_KEY)
    if saved is not None:
        try:
            state = CoachState.from_dict(saved[1])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("starting with fresh coach timers: saved state unusable (%s)", exc)
    return Coach(settings, tz=tz, scorer=scorer, rng=rng, state=state, plan=plan, tasks=tasks)


class CoachRunner:
    """Drives a Coach from a BackgroundScheduler. All public methods are thread-safe.

    `observe` is polled on each tick for the current observation; recorders may also push
    changes (window switch, AFK change) with `push` so breakpoints are seen at once.
    `plan_loader(day)` is asked for the new day's plan when the local date changes.
    """

    def __init__(
        self,
        coach: Coach,
        *,
        observe: Callable[[], Observation] | None = None,
        persistence: CoachPersistence | None = None,
        plan_loader: Callable[[date], tuple[Plan | None, Iterable[Task]]] | None = None,
        tick_s: float = DEFAULT_TICK_S,
        clock: Callable[[], float] = time.time,
        save_every_s: float = 60.0,
    ) -> None:
        self.coach = coach
        self._observe = observe
        self._persistence = persistence
        self._plan_loader = plan_loader
        self._tick_s = tick_s
        self._clock = clock
        self._save_every_s = save_every_s
        self._saved_at: float | None = None
        self._lock = threading.RLock()
        self._day = self._local_day(clock())
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": max(1, int(tick_s)),
            },
        )
        if persistence is not None:
            coach.subscribe(persistence.record_event)

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        self._scheduler.add_job(
            self.tick, IntervalTrigger(seconds=self._tick_s), id="coach-tick", name="coach tick"
        )
        self._schedule_plan_jobs()
        self._scheduler.start()
        self.tick()

    def shutdown(self) -> None:
        """Stop the scheduler and wait for a running tick to finish."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        with self._lock:
            self._save()

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def inspect(self, read: Callable[[Coach], R]) -> R:
        """`read(coach)` under the runner's lock: plan and timers as one consistent snapshot."""
        with self._lock:
            return read(self.coach)

    def every(self, seconds: float, job: Callable[[], object], job_id: str) -> None:
        """Run `job` every `seconds` on this scheduler: other prompts' policies (the weekly
        review) fire on the same clock as the coach, with the same misfire rules."""
        self._scheduler.add_job(job, IntervalTrigger(seconds=seconds), id=job_id, name=job_id)

    def once(self, delay_s: float, job: Callable[[], object], job_id: str) -> None:
        """Run `job` once, `delay_s` from now, on this scheduler."""
        when = datetime.now(UTC) + timedelta(seconds=delay_s)
        self._scheduler.add_job(job, DateTrigger(run_date=when), id=job_id, name=job_id)

    def scheduled_block_times(self) -> list[datetime]:
        """When the plan jobs will fire (block starts and ends still ahead)."""
        return sorted(
            job.trigger.run_date
            for job in self._scheduler.get_jobs()
            if job.id.startswith("block-")
        )

    # --- driving -----------------------------------------------------------------------

    def _local_day(self, now: float) -> date:
        return datetime.fromtimestamp(now, self.coach.tz).date()

    def _save(self, *, force: bool = True) -> None:
        """Snapshot the timers. Quiet ticks save at most every `save_every_s`: losing a
        minute of timer progress in a crash is harmless, a disk write every tick is not."""
        last_at = self.coach.state.last_at
        if self._persistence is None or last_at is None:
            return
        recent = self._saved_at is not None and last_at - self._saved_at < self._save_every_s
        if recent and not force:
            return
        self._persistence.save_state(last_at, self.coach.state.to_dict())
        self._saved_at = last_at

    def _roll_day(self, now: float) -> None:
        day = self._local_day(now)
        if day == self._day:
            return
        self._day = day
        if self._plan_loader is not None:
            plan, tasks = self._plan_loader(day)
            self.coach.set_plan(plan, tasks)
            self._schedule_plan_jobs()

    def tick(self) -> list[CoachEvent]:
        with self._lock:
            now = self._clock()
            self._roll_day(now)
            obs = self._observe() if self._observe is not None else self.coach.state.last_obs
            events = self.coach.observe(obs, now)
            self._save(force=bool(events))
            return events

    def push(self, obs: Observation) -> list[CoachEvent]:
        with self._lock:
            now = self._clock()
            self._roll_day(now)
            events = self.coach.observe(obs, now)
            self._save(force=bool(events))
            return events

    def set_plan(self, plan: Plan | None, tasks: Iterable[Task] | None = None) -> None:
        """Follow a newly accepted plan; block edges still ahead get their own jobs."""
        with self._lock:
            self.coach.set_plan(plan, tasks)
            self._schedule_plan_jobs()

    def set_calendar(self, busy: Iterable[BusyInterval]) -> None:
        """Meetings to respect when no plan is accepted (see Coach.set_calendar)."""
        with self._lock:
            self.coach.set_calendar(busy)

    def _schedule_plan_jobs(self) -> None:
        for job in self._scheduler.get_jobs():
            if job.id.startswith("block-"):
                job.remove()
        plan = self.coach.plan
        if plan is None:
            return
        now = datetime.fromtimestamp(self._clock(), UTC)
        edges = {
            moment
            for block in plan.of_kind(BlockKind.FOCUS) + plan.of_kind(BlockKind.BREAK)
            for moment in (block.start, block.end)
        }
        ahead = sorted((m for m in edges if m > now), key=lambda m: m.timestamp())
        for index, moment in enumerate(ahead):
            self._scheduler.add_job(
                self.tick,
                DateTrigger(run_date=moment.astimezone(UTC)),
                id=f"block-{index}",
                name="plan block edge",
                misfire_grace_time=max(1, int(self._tick_s)),
            )

    # --- the user's answers ------------------------------------------------------------

    def _respond(self, call: Callable[[float], Any]) -> Any:
        with self._lock:
            result = call(self._clock())
            self._save()
            return result

    def start_break(self, kind: BreakKind | None = None) -> None:
        self._respond(lambda now: self.coach.start_break(now, kind))

    def end_break(self) -> bool:
        """End the running break now; False when none was running."""
        return bool(self._respond(self.coach.end_break))

    def postpone_break(self) -> bool:
        return bool(self._respond(self.coach.postpone_break))

    def skip_break(self) -> bool:
        return bool(self._respond(self.coach.skip_break))

    def postpone_running_break(self) -> bool:
        """Postpone the running break (the break screen); False when it cannot be."""
        return bool(self._respond(self.coach.postpone_running_break))

    def skip_running_break(self) -> bool:
        """Skip the running break (the break screen); False when none was running."""
        return bool(self._respond(self.coach.skip_running_break))

    def answer_nudge(self, answer: NudgeAnswer | str) -> NudgeLabel | None:
        """Answer the last nudge; the label is stored through the persistence, and returned."""

        def call(now: float) -> NudgeLabel | None:
            label = self.coach.answer_nudge(answer, now)
            if label is not None and self._persistence is not None:
                self._persistence.record_label(label)
            return label

        result: NudgeLabel | None = self._respond(call)
        return result

    def skip_checkin(self) -> None:
        self._respond(self.coach.skip_checkin)

    def checkin_answered(self) -> None:
        self._respond(self.coach.checkin_answered)
