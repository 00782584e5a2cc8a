"""The end-of-day summary as a coach policy (settings `[app] daily_summary`, off by default):
once a working day, when it ends (`[planning] day_end`), say how the day went.

Pure over (now, the day last summed up); the runtime asks it every minute on the coach's
scheduler (core/runtime/daily_summary.py), composes the figures (core/reports/daily_summary.py)
and persists the day it summed up, so a restart the same day does not repeat it. The rules:

- Working days are the user's (`[planning] workdays`, Monday to Friday unless set), and any
  other day with an accepted plan (the user chose to work it). A working day with nothing
  recorded and no plan (a day off) is not summed up either: `DaySummary.empty` (the runtime
  remembers it as done, silently).
- Due from the end of the working day until local midnight: an app that starts after the end
  of the day (or is enabled then) sums the day up once, a minute or so after; a day is never
  summed up the day after.
- Held while recording is paused or the desktop is quiet (fullscreen, a call, Do Not
  Disturb): it comes when that ends, if the day has not ended meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import ClassVar

from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.reports.daily_summary import DaySummary

#: Where the day last summed up is saved (coach_state), and how often it is checked.
DAILY_SUMMARY_KEY = "daily_summary"
CHECK_EVERY_S = 60.0
#: The working days of each `[planning] workdays` choice, as date.weekday() numbers.
WORKDAY_SETS: Mapping[str, frozenset[int]] = {
    "mon-fri": frozenset({0, 1, 2, 3, 4}),
    "sun-thu": frozenset({6, 0, 1, 2, 3}),
    "sat-wed": frozenset({5, 6, 0, 1, 2}),
    "mon-sat": frozenset({0, 1, 2, 3, 4, 5}),
    "every-day": frozenset(range(7)),
}
#: Monday to Friday, the default.
WORKDAYS = WORKDAY_SETS["mon-fri"]


@dataclass(frozen=True, slots=True)
class DailySummaryDue(CoachEvent):
    """Sum up `day` (ISO date): its figures, flat so the coach log can keep them."""

    kind: ClassVar[str] = "daily_summary"
    day: str
    focused_s: float
    planned_focus_s: float
    active_s: float
    longest_s: float
    longest_start: float | None
    next_start: float | None
    next_kind: str
    next_title: str

    @classmethod
    def of(cls, at: float, summary: DaySummary) -> DailySummaryDue:
        return cls(
            at,
            summary.day.isoformat(),
            summary.focused_s,
            summary.planned_focus_s,
            summary.active_s,
            summary.longest_s,
            summary.longest_start,
            summary.next_start,
            summary.next_kind,
            summary.next_title,
        )

    def summary(self) -> DaySummary:
        """The figures again, for `reports.daily_summary.summary_text`."""
        return DaySummary(
            day=date.fromisoformat(self.day),
            focused_s=self.focused_s,
            planned_focus_s=self.planned_focus_s,
            active_s=self.active_s,
            longest_s=self.longest_s,
            longest_start=self.longest_start,
            next_start=self.next_start,
            next_kind=self.next_kind,
            next_title=self.next_title,
        )


class DailySummaryPolicy:
    """Decides which day to sum up now, if any. Not thread-safe (the runtime's job locks)."""

    def __init__(
        self,
        tz: tzinfo,
        *,
        enabled: bool,
        day_end: time,
        last_day: date | None,
        workdays: frozenset[int] = WORKDAYS,
    ) -> None:
        self.tz = tz
        self.enabled = enabled
        self.day_end = day_end
        self.last_day = last_day
        self.workdays = workdays
        self._off_day: date | None = None  # a day off without a plan: not asked again

    def end_of(self, day: date) -> float:
        """The end of `day`'s working hours, as an instant (the zone's rules, so DST-safe)."""
        return datetime.combine(day, self.day_end, tzinfo=self.tz).timestamp()

    def due(
        self,
        now: float,
        *,
        held: bool = False,
        planned: Callable[[date], bool] = lambda _day: False,
    ) -> date | None:
        """The day to sum up at `now`, or None. `held`: paused or quiet now; `planned(day)`
        says whether `day` has an accepted plan (asked on days off only, once a day)."""
        if not self.enabled or held:
            return None
        day = datetime.fromtimestamp(now, self.tz).date()
        if self.last_day is not None and day <= self.last_day:
            return None
        if now < self.end_of(day) or day == self._off_day:
            return None
        if day.weekday() not in self.workdays and not planned(day):
            self._off_day = day
            return None
        return day

    def done(self, day: date) -> None:
        """`day` was summed up (or had nothing to sum up): never again."""
        if self.last_day is None or day > self.last_day:
            self.last_day = day


def saved_day(
    state: Mapping[str, object] | None, saved_at: float | None, tz: tzinfo
) -> date | None:
    """The day last summed up, from its saved state ({"day": "2026-03-04"}); the day of the
    save itself when the state is unreadable."""
    value = (state or {}).get("day")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return None if saved_at is None else datetime.fromtimestamp(saved_at, tz).date()
