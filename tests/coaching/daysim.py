"""A fake-clock driver for whole-day coach simulations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from focuscoach.core.coaching.coach import Coach, Observation
from focuscoach.core.coaching.events import CoachEvent

TICK = 15.0


class Day:
    """Ticks the coach every 15 s on a fixed grid; `push` delivers an observation change
    at the current instant, as the recorder does on a window switch or AFK change."""

    def __init__(self, coach: Coach, day: date, tz: ZoneInfo) -> None:
        self.coach = coach
        self.day = day
        self.tz = tz
        self.now = self.at(0, 0)
        self.obs = Observation()
        self.ticks = 0

    def at(self, hh: int, mm: int, ss: int = 0) -> float:
        d = self.day
        return datetime(d.year, d.month, d.day, hh, mm, ss, tzinfo=self.tz).timestamp()

    def clock(self, t: float) -> str:
        return datetime.fromtimestamp(t, self.tz).strftime("%H:%M:%S")

    def start(self, t: float, **obs: object) -> list[CoachEvent]:
        self.now = t
        return self.push(**obs)

    def push(self, **changes: object) -> list[CoachEvent]:
        self.obs = replace(self.obs, **changes)  # type: ignore[arg-type]
        return self.coach.observe(self.obs, self.now)

    def run_until(self, t: float) -> list[CoachEvent]:
        """Tick on the 15 s grid up to and including `t`, then stand at `t`."""
        assert t >= self.now, "the simulated clock only moves forward"
        events: list[CoachEvent] = []
        next_tick = (self.now // TICK + 1) * TICK
        while next_tick <= t:
            self.now = next_tick
            events += self.coach.tick(self.now)
            self.ticks += 1
            next_tick += TICK
        self.now = t
        return events

    def suspend_until(self, t: float) -> None:
        """The laptop sleeps: nothing runs until `t`."""
        self.now = t
