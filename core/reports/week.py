"""ISO weeks (Monday to Sunday) as ranges of POSIX seconds in a local time zone.

Every boundary is computed from a local wall-clock time through the zone's rules, never by
adding 86,400 s, so a week holding a daylight-saving change is 167 or 169 hours long and its
days are 23 or 25 hours, as the user lived them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class Week:
    """One ISO week: `year` is the ISO year, which differs from the calendar year near 1 Jan."""

    year: int
    week: int

    def __post_init__(self) -> None:
        # 28 December is always in the last ISO week of its year.
        last = date(self.year, 12, 28).isocalendar().week
        if not 1 <= self.week <= last:
            raise ValueError(f"{self.year} has ISO weeks 1 to {last}, not {self.week}")

    @classmethod
    def parse(cls, text: str) -> Week:
        """'2026-W15' (or '2026W15'); ValueError with a one-line reason otherwise."""
        match = _WEEK.match(text)
        if not match:
            raise ValueError(f"not an ISO week: {text!r} (use YYYY-Www, for example 2026-W15)")
        year, week = int(match.group(1)), int(match.group(2))
        if year < 1971:
            raise ValueError(f"no week {text!r}: recordings start after 1970")
        return cls(year, week)

    @classmethod
    def of(cls, day: date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def containing(cls, moment: float, tz: tzinfo) -> Week:
        return cls.of(datetime.fromtimestamp(moment, tz).date())

    @classmethod
    def last_complete(cls, now: float, tz: tzinfo) -> Week:
        """The week before the one `now` falls in: the default report."""
        return cls.containing(now, tz).previous()

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def days(self) -> list[date]:
        first = self.monday
        return [first + timedelta(days=i) for i in range(7)]

    def previous(self) -> Week:
        return Week.of(self.monday - timedelta(days=7))

    def next(self) -> Week:
        return Week.of(self.monday + timedelta(days=7))

    def bounds(self, tz: tzinfo) -> tuple[float, float]:
        """[start, end) of the week: local midnight on Monday to local midnight a week later."""
        return local_midnight(self.monday, tz), local_midnight(self.monday + timedelta(7), tz)

    def day_bounds(self, tz: tzinfo) -> list[tuple[float, float]]:
        edges = [local_midnight(self.monday + timedelta(days=i), tz) for i in range(8)]
        return list(itertools.pairwise(edges))

    def hour_edges(self, tz: tzinfo) -> list[list[float]]:
        """For each day, the 25 starts of its local hours 0..23 and the next midnight.

        A skipped hour (spring forward) starts where the next one does, so it holds no time;
        a repeated hour (fall back) holds both of its occurrences.
        """
        result = []
        for day in self.days:
            edges = [_local(day, time(hour), tz) for hour in range(24)]
            edges.append(local_midnight(day + timedelta(days=1), tz))
            for i in range(1, len(edges)):  # keep them monotonic whatever the zone does
                edges[i] = max(edges[i], edges[i - 1])
            result.append(edges)
        return result

    def label(self) -> str:
        """'Week 15, 2026 (6 Apr – 12 Apr)' for titles."""
        first, last = self.monday, self.monday + timedelta(days=6)
        return (
            f"Week {self.week}, {self.year} "
            f"({first.day} {first:%b} – {last.day} {last:%b} {last.year})"
        )


def local_midnight(day: date, tz: tzinfo) -> float:
    return _local(day, time(0), tz)


def _local(day: date, at: time, tz: tzinfo) -> float:
    # fold=0: a repeated wall time is its first occurrence; a skipped one maps past the gap.
    return datetime.combine(day, at, tzinfo=tz).timestamp()
