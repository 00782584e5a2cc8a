"""What expanding a calendar's recurrences may cost, priced before anything is expanded.

Expanding a recurrence walks it from its first occurrence: `FREQ=SECONDLY` from 1900 is
billions of steps, `INTERVAL=0` never advances, and a rule whose filters never match (the 30th
of February) is walked until the year 9999. So every RRULE (events and time zones alike) is
priced first (`check_budget`), and dateutil is told to stop 20 years after the planned day
(`dateutil_stops_after`). core/planning/calendar.py turns the errors into CalendarError.
"""

from __future__ import annotations

import contextlib
import threading
import types
from collections.abc import Iterator
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from typing import Any

_MAX_REASON = 160

#: Recurrence steps one calendar may cost (about two seconds): a daily event since 1900 is
#: 46,000, an hourly one since 2000 230,000.
MAX_STEPS = 300_000
#: Occurrences one calendar may put in the planned range: every minute of a day is 1,440.
MAX_OCCURRENCES = 5_000

# Shortest length of one period, so the count of periods is never underestimated.
_FREQ_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
# Most days one period of a coarse rule expands to.
_DAYS_PER_PERIOD = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
# Time parts that expand a period (rather than filter it), by frequency.
_TIME_PARTS = {
    "SECONDLY": (),
    "MINUTELY": ("BYSECOND",),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
}
_ALL_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
_DATEUTIL_LOCK = threading.Lock()


class BrokenRule(ValueError):
    """A recurrence that cannot be priced (no FREQ, INTERVAL 0); str() names the event."""


class TooComplex(ValueError):
    """A calendar whose recurrences cost more than the budget; str() names the event."""


def one_line(text: str) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= _MAX_REASON else flat[: _MAX_REASON - 3] + "..."


def _naive_utc(value: Any) -> datetime:
    """A date or time as naive UTC, for pricing only (floating times are off by hours at most)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    raise ValueError(f"not a date or time: {value!r}")


def _values(mapping: Any, key: str) -> list[Any]:
    values = mapping.get(key)
    if values is None:
        return []
    return list(values) if isinstance(values, list) else [values]


def _first(rule: Any, key: str) -> Any:
    values = _values(rule, key)
    return values[0] if values else None


def _days_per_period(rule: Any, freq: str) -> int:
    """At most how many days one period of a WEEKLY/MONTHLY/YEARLY rule expands to."""
    if freq not in _DAYS_PER_PERIOD:
        return 1  # finer rules step one period at a time; their day parts only filter
    by_day = _values(rule, "BYDAY")
    # "-1SU" is one day a month; a bare "SU" up to five.
    weekdays = sum(1 if any(ch.isdigit() for ch in str(d)) else 5 for d in by_day)
    if freq == "WEEKLY":
        days = len(by_day) or 1
    elif _values(rule, "BYYEARDAY"):
        days = len(_values(rule, "BYYEARDAY"))
    elif _values(rule, "BYWEEKNO"):
        days = 7 * len(_values(rule, "BYWEEKNO"))
    else:
        per_month = len(_values(rule, "BYMONTHDAY")) or weekdays or 1
        months = len(_values(rule, "BYMONTH")) or (12 if freq == "YEARLY" and per_month else 1)
        days = (months if freq == "YEARLY" else 1) * per_month
    return min(days, _DAYS_PER_PERIOD[freq])


def _price(rule: Any, start: datetime, end: datetime, window_s: float) -> tuple[float, float]:
    """(steps dateutil takes from `start` to `end`, occurrences in `window_s` seconds), both
    over- rather than underestimated. ValueError for a rule that would never advance."""
    freq = str(_first(rule, "FREQ") or "").upper()
    period = _FREQ_SECONDS.get(freq)
    if period is None:
        raise ValueError(f"RRULE needs a FREQ (one of {', '.join(_FREQ_SECONDS)})")
    interval = _first(rule, "INTERVAL")
    interval = 1 if interval is None else interval
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise ValueError(f"RRULE INTERVAL must be a positive whole number, not {interval!r}")
    until = _first(rule, "UNTIL")
    if until is not None:
        end = min(end, _naive_utc(until))
    per_period = _days_per_period(rule, freq)
    for part in _TIME_PARTS.get(freq, _ALL_TIME_PARTS):
        per_period *= max(1, len(_values(rule, part)))
    span = period * interval
    # dateutil steps through every period, and then through every candidate in it.
    steps = (max(0.0, (end - start).total_seconds()) / span + 1) * (1 + per_period)
    occurrences = (window_s / span + 1) * per_period
    count = _first(rule, "COUNT")
    if isinstance(count, int) and not isinstance(count, bool):
        occurrences = min(occurrences, max(count, 0))
        if not any(str(key).upper().startswith("BY") for key in rule):
            steps = min(steps, max(count, 0))
    return steps, occurrences


def _label(component: Any) -> str:
    name = str(component.get("TZID") or component.get("SUMMARY") or component.get("UID") or "")
    return one_line(name)[:60] or str(component.name)


def _duration_s(event: Any, raw_start: Any) -> float:
    end = event.get("DTEND")
    if end is not None:
        return max(0.0, (_naive_utc(end.dt) - _naive_utc(raw_start)).total_seconds())
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return max(0.0, duration.dt.total_seconds())
    return 0.0


def last_year(day_end: datetime) -> int:
    """Where dateutil stops: 20 years on costs a never-matching rule milliseconds, and keeps a
    custom VTIMEZONE (icalendar caches it per process by TZID) right for two decades."""
    return min(day_end.year + 20, MAXYEAR)


def check_budget(calendar: Any, day_start: datetime, day_end: datetime) -> None:
    """Price every recurrence before expanding anything: BrokenRule for a rule that cannot be
    priced, TooComplex for a calendar over the budget."""
    steps = occurrences = 0.0
    window_end = _naive_utc(day_end)
    window_s = (day_end - day_start).total_seconds()
    # Time zones first: reading an event's start builds its zone from these rules.
    zones = [
        (part, f"time zone {_label(zone)!r}")
        for zone in calendar.walk("VTIMEZONE")
        for part in zone.subcomponents
    ]
    events = [(event, f"event {_label(event)!r}") for event in calendar.walk("VEVENT")]
    for component, what in (*zones, *events):
        rules = _values(component, "RRULE")
        if not rules or component.get("DTSTART") is None:
            continue
        is_event = component.name == "VEVENT"
        raw_start = component.get("DTSTART").dt
        start = _naive_utc(raw_start)
        if is_event:
            end, window = window_end, window_s + _duration_s(component, raw_start)
        else:  # icalendar expands a zone's rules as far as dateutil goes
            end, window = datetime(last_year(day_end), 12, 31), 0.0
        for rule in rules:
            try:
                rule_steps, rule_occurrences = _price(rule, start, end, window)
            except ValueError as exc:
                raise BrokenRule(f"{what}: {exc}") from None
            steps += rule_steps
            occurrences += rule_occurrences if is_event else 0.0
            if steps > MAX_STEPS or occurrences > MAX_OCCURRENCES:
                text = one_line(rule.to_ical().decode(errors="replace"))[:80]
                raise TooComplex(f"{what} repeats too often (RRULE {text} from {start:%Y-%m-%d})")


@contextlib.contextmanager
def dateutil_stops_after(last_year: int) -> Iterator[None]:
    """Make dateutil's rrule give up after `last_year` instead of the year 9999.

    dateutil checks UNTIL only on candidates a rule's filters let through, so a rule that
    never matches (BYMONTH=2;BYMONTHDAY=30) is walked day by day to 9999, seconds per rule,
    whatever UNTIL says. Its only other stop is `datetime.MAXYEAR`, read from the module it
    imported: during the expansion that name points to a copy of `datetime` with a nearer
    MAXYEAR. Nothing after the planned range matters here; the lock keeps two expansions in
    one process from restoring each other's copy.
    """
    from dateutil import rrule

    with _DATEUTIL_LOCK:
        real = rrule.datetime
        near = types.ModuleType("datetime")
        near.__dict__.update(real.__dict__)
        near.MAXYEAR = last_year  # type: ignore[attr-defined]
        rrule.datetime = near
        try:
            yield
        finally:
            rrule.datetime = real
