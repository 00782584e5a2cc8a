"""The coach: break, nudge and check-in policies combined, driven by observations and a clock.

Nothing here reads a clock or touches a thread: every call takes `now` (POSIX seconds), so a
whole workday can be simulated in milliseconds. The desktop layer subscribes to the events
and calls the response methods with what the user clicked; `scheduler.CoachRunner` adds the
real clock, the periodic tick and the locking.

A step gap longer than `max_gap_s` (suspend, sleep, the app not running) is counted as time
away, never as activity, so waking up cannot produce a burst of stale reminders.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, tzinfo

from ..planning.calendar import BusyInterval
from ..planning.planner import BlockKind, Plan, PlanBlock
from ..planning.tasks import Task, on_task
from .breaks import (
    BreakAnswer,
    BreakContext,
    BreakPolicy,
    Elapsed,
    RunningBreak,
)
from .checkins import (
    CheckInContext,
    CheckInPolicy,
)
from .coach_state import OUTSIDE_BLOCKS
from .coach_state import STATE_VERSION as STATE_VERSION
from .coach_state import CoachSettings as CoachSettings
from .coach_state import CoachState as CoachState
from .coach_state import Observation as Observation
from .drift import DriftWatch
from .events import (
    BlockEnded,
    BlockStarted,
    BreakKind,
    CoachEvent,
    Resumed,
)
from .nudges import (
    DistractionScorer,
    NudgeAnswer,
    NudgeContext,
    NudgeLabel,
    NudgePolicy,
    Score,
)
from .quiet import Interruption, QuietGate

log = logging.getLogger("focuscoach.coaching")

Subscriber = Callable[[CoachEvent], None]


class _NoScorer:
    """Until a model is trained there is nothing to nudge about."""

    def score(self, now: float) -> Score:
        return Score(0.0, "no detector yet")


class Coach:
    """One user's coach. Not thread-safe: `CoachRunner` serialises calls."""

    def __init__(
        self,
        settings: CoachSettings | None = None,
        *,
        tz: tzinfo,
        scorer: DistractionScorer | None = None,
        rng: random.Random | None = None,
        state: CoachState | None = None,
        plan: Plan | None = None,
        tasks: Iterable[Task] = (),
    ) -> None:
        self.settings = settings or CoachSettings()
        self.tz = tz
        self.scorer: DistractionScorer = scorer or _NoScorer()
        self.rng = rng or random.Random()
        self.state = state or CoachState()
        self.plan = plan
        self.tasks = {t.id: t for t in tasks if t.id is not None}
        self._meetings: list[tuple[float, float]] = []
        self._breaks = BreakPolicy(self.settings.breaks)
        self._nudges = NudgePolicy(self.settings.nudges)
        self._checkins = CheckInPolicy(self.settings.checkins)
        self._subscribers: list[Subscriber] = []
        #: One interruption at a time, calm after each (core.coaching.quiet).
        self.quiet = QuietGate(self.settings.quiet)
        #: The drift nudge's rule (core.coaching.drift), when the caller sets one.
        self.drift: DriftWatch | None = None

    def set_forecast_threshold(self, threshold: float) -> None:
        """The forecast nudge's per-user operating point (forecast.py); inf: none for now."""
        nudges = replace(self.settings.nudges, threshold=threshold)
        self.settings = replace(self.settings, nudges=nudges)
        self._nudges = NudgePolicy(nudges)

    # --- wiring ------------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(event)` for every event; returns a function that unsubscribes.

        Callbacks run on the caller's thread (with CoachRunner: a scheduler thread), so a
        Qt layer must hand them to its main thread.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def _emit(self, events: list[CoachEvent]) -> list[CoachEvent]:
        self.quiet.note_all(events)
        for event in events:
            for callback in list(self._subscribers):
                try:
                    callback(event)
                except Exception:
                    log.exception("coach subscriber failed on %s", event.kind)
        return events

    def set_plan(self, plan: Plan | None, tasks: Iterable[Task] | None = None) -> None:
        """Follow a newly accepted plan (block events come at the next step)."""
        self.plan = plan
        if tasks is not None:
            self.tasks = {t.id: t for t in tasks if t.id is not None}

    def set_calendar(self, busy: Iterable[BusyInterval]) -> None:
        """Calendar meetings to respect even without an accepted plan (all-day events are
        not meetings: they would silence the coach for a whole day)."""
        self._meetings = [(b.start.timestamp(), b.end.timestamp()) for b in busy if not b.all_day]

    # --- queries -----------------------------------------------------------------------

    @property
    def skips_today(self) -> int:
        return self.state.breaks.skips_today

    @property
    def nudges_today(self) -> int:
        return self.state.nudges.nudges_today

    def _day(self, now: float) -> str:
        return datetime.fromtimestamp(now, self.tz).date().isoformat()

    def _block(self, now: float, kind: BlockKind) -> PlanBlock | None:
        if self.plan is None:
            return None
        return self.plan.block_at(datetime.fromtimestamp(now, UTC), kind)

    # --- driving -----------------------------------------------------------------------

    def tick(self, now: float) -> list[CoachEvent]:
        """Re-evaluate with the last observation (the periodic timer)."""
        return self.observe(self.state.last_obs, now)

    def observe(self, obs: Observation, now: float) -> list[CoachEvent]:
        st = self.state
        prev = st.last_obs
        events: list[CoachEvent] = []
        dt = 0.0 if st.last_at is None else max(0.0, now - st.last_at)
        jumped = dt > self.settings.max_gap_s
        if jumped:
            events.append(Resumed(now, dt))
        was_present = prev.active and not jumped
        away = 0.0 if was_present else st.away_s + dt
        back_after = away if (obs.active and away > 0) else 0.0

        breakpoint_at = st.last_breakpoint_at
        switched = st.last_at is not None and (obs.app, obs.title) != (prev.app, prev.title)
        if switched or back_after > 0 or (prev.fullscreen and not obs.fullscreen):
            breakpoint_at = now

        focus = self._block(now, BlockKind.FOCUS)
        pause = self._block(now, BlockKind.BREAK)
        meeting = (
            obs.in_meeting
            or obs.dnd
            or self._block(now, BlockKind.MEETING) is not None
            or any(start <= now < end for start, end in self._meetings)
        )

        current = None if focus is None else (focus.start.timestamp(), focus.end.timestamp())
        block_ended = False
        if st.current_block is not None and st.current_block != current:
            start, end = st.current_block
            ended = self._find_focus(start, end)
            events.append(
                BlockEnded(
                    now,
                    start,
                    end,
                    ended.task_id if ended else None,
                    ended.title if ended else "",
                )
            )
            block_ended = not jumped
        if focus is not None and current != st.current_block:
            start, end = focus.start.timestamp(), focus.end.timestamp()
            events.append(BlockStarted(now, start, end, focus.task_id, focus.title))

        day = self._day(now)
        gate = self.quiet
        held = gate.hold(Interruption.BREAK, now, on_break=st.breaks.on_break is not None)
        breaks, break_events = self._breaks.step(
            st.breaks,
            BreakContext(
                day=day,
                elapsed=Elapsed(dt, was_present),
                active=obs.active,
                fullscreen=obs.fullscreen,
                in_meeting=meeting or held is not None,
                in_plan=focus is not None or pause is not None,
                planned_break=None
                if pause is None
                else (pause.start.timestamp(), pause.end.timestamp()),
            ),
            now,
        )
        events.extend(break_events)
        gate.note_all(break_events)

        quiet = meeting or obs.fullscreen or not obs.active
        held = gate.hold(Interruption.CHECKIN, now, on_break=breaks.on_break is not None)
        checkins, checkin_events = self._checkins.step(
            st.checkins,
            CheckInContext(
                in_working_hours=self.settings.working_hours.contains(
                    datetime.fromtimestamp(now, UTC), self.tz
                ),
                quiet=quiet or held is not None,
                block_ended=block_ended,
                back_after_s=back_after,
            ),
            now,
            self.rng,
        )
        events.extend(checkin_events)
        gate.note_all(checkin_events)
        held = gate.hold(Interruption.NUDGE, now, on_break=breaks.on_break is not None)

        task = self.tasks.get(focus.task_id) if focus and focus.task_id is not None else None
        nudges, nudge_events = self._nudges.step(
            st.nudges,
            NudgeContext(
                day=day,
                in_focus_block=focus is not None,
                quiet=quiet or held is not None,
                breakpoint_at=breakpoint_at,
                on_task=task is not None and on_task(task, obs.app, obs.title),
                task_id=focus.task_id if focus else None,
                task_title=focus.title if focus else "",
                distracting=self.drift is not None
                and obs.active
                and self.drift.distracting(obs.app, obs.title, focus.title if focus else ""),
            ),
            now,
            self.scorer,
        )
        events.extend(nudge_events)
        if self.drift is not None and not nudge_events:  # the drift rule (coaching.drift)
            nudges, drift_events = self.drift.step(
                now=now,
                elapsed_s=dt,  # spent in prev, or away (prev None)
                prev=(prev.app, prev.title) if was_present else None,
                current=(obs.app, obs.title) if obs.active else None,
                # Nudges allowed outside focus blocks: the rule watches the time between
                # blocks as one stretch too.
                block=current
                if current is not None or self.settings.nudges.only_in_focus_blocks
                else OUTSIDE_BLOCKS,
                task_id=focus.task_id if focus else None,
                task_title=focus.title if focus else "",
                quiet=quiet
                or held is not None
                or (task is not None and on_task(task, obs.app, obs.title)),
                nudges=nudges,
                nudge_settings=self.settings.nudges,
                day=day,
            )
            events.extend(drift_events)
        if (quiet or held is not None) and breakpoint_at is not None:
            # A breakpoint that came while the coach had to keep quiet is dropped, not
            # nudged about seconds later when the quiet ends.
            nudges = replace(nudges, last_scored_breakpoint=breakpoint_at)

        self.state = CoachState(
            last_at=now,
            last_obs=obs,
            away_s=0.0 if obs.active else away,
            last_breakpoint_at=breakpoint_at,
            current_block=current,
            breaks=breaks,
            nudges=nudges,
            checkins=checkins,
        )
        return self._emit(events)

    def _find_focus(self, start: float, end: float) -> PlanBlock | None:
        for block in self.plan.of_kind(BlockKind.FOCUS) if self.plan else []:
            if block.start.timestamp() == start and block.end.timestamp() == end:
                return block
        return None

    # --- the user's answers ------------------------------------------------------------

    def start_break(self, now: float, kind: BreakKind | None = None) -> list[CoachEvent]:
        breaks, events = self._breaks.start_break(self.state.breaks, now, kind)
        self.state = replace(self.state, breaks=breaks)
        return self._emit(events)

    def end_break(self, now: float) -> list[CoachEvent]:
        breaks, events = self._breaks.end_break(self.state.breaks, now)
        self.state = replace(self.state, breaks=breaks)
        return self._emit(events)

    def postpone_break(self, now: float) -> bool:
        return self._answer_break(self._breaks.postpone, now)

    def skip_break(self, now: float) -> bool:
        return self._answer_break(self._breaks.skip, now)

    def postpone_running_break(self, now: float) -> bool:
        return self._answer_break(self._breaks.postpone_running, now)

    def skip_running_break(self, now: float) -> bool:
        return self._answer_break(self._breaks.skip_running, now)

    def running_break(self) -> RunningBreak | None:
        return self._breaks.running(self.state.breaks)

    def _answer_break(self, answer: BreakAnswer, now: float) -> bool:
        breaks, events, ok = answer(self.state.breaks, now)
        self.state = replace(self.state, breaks=breaks)
        self._emit(events)
        return ok

    def answer_nudge(self, answer: NudgeAnswer | str, now: float) -> NudgeLabel | None:
        """Returns the label to store (None when no nudge was waiting for an answer)."""
        nudges, events, label = self._nudges.answer(self.state.nudges, answer, now)
        self.state = replace(self.state, nudges=nudges)
        if self.drift is not None and label is not None:
            self.drift.answered(label)  # "It's work" spares that site for the rest of the block
        self._emit(events)
        return label

    def skip_checkin(self, now: float) -> None:
        checkins, events = self._checkins.skip(self.state.checkins, now, self.rng)
        self.state = replace(self.state, checkins=checkins)
        self._emit(events)

    def checkin_answered(self, now: float) -> None:
        """A mood was logged (from the check-in or `focuscoach mood`); store it separately."""
        checkins, events = self._checkins.answered(self.state.checkins, now, self.rng)
        self.state = replace(self.state, checkins=checkins)
        self._emit(events)
