"""Busy time from iCalendar (.ics) files, so the planner can work around meetings.

Recurrences (RRULE, EXDATE, moved or cancelled occurrences) are expanded by
`recurring-ical-events`. An event blocks time unless it is `STATUS:CANCELLED` or
`TRANSP:TRANSPARENT` ("free"), as RFC 5545 defines: so an opaque all-day event (an offsite,
a holiday entered as busy) blocks the whole day, while a transparent one (a birthday) does not.
Floating times (no zone) are read in the caller's local zone.

A calendar is untrusted input, and expanding a recurrence walks it from its first occurrence:
`FREQ=SECONDLY` from 1900 is billions of steps, `INTERVAL=0` never advances, and a rule whose
filters never match (the 30th of February) is walked until the year 9999. So a file is read
with a size cap, one-off events days away from the planned day are dropped before parsing
(icalendar takes seconds per megabyte), every RRULE (events and time zones alike) is priced before anything is
expanded, and dateutil is told to stop 20 years after the planned day. A calendar over the
budget is refused with one line naming the event, never half-read.
"""

from __future__ import annotations

import contextlib
import re
import stat
import threading
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta, tzinfo
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import icalendar

# icalendar and recurring_ical_events are imported when a calendar is read: the tray app
# imports this module at start, and most people keep no calendar files.

_MAX_REASON = 160

#: Larger calendar files are refused: a year of a busy work calendar is well under 1 MB.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: What is left to parse once far-off one-off events are dropped (icalendar: ~1 MB a second).
MAX_PARSED_BYTES = 3 * 1024 * 1024
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


class CalendarError(ValueError):
    """A calendar file could not be read. str() is one line naming the file and the problem."""


@dataclass(frozen=True, slots=True)
class BusyInterval:
    """Time the user is not free. `all_day` events block planning but are not "meetings"
    for the coach: nobody wants break reminders suppressed for a whole day."""

    start: datetime
    end: datetime
    summary: str
    all_day: bool = False


def _one_line(text: str) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= _MAX_REASON else flat[: _MAX_REASON - 3] + "..."


def _to_aware(value: date | datetime, local: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=local)
    return datetime.combine(value, time(0), tzinfo=local)


def _read_capped(path: Path) -> bytes:
    """The file's bytes; a regular file or a pipe (`--ics <(...)`), at most MAX_FILE_BYTES.

    Devices are refused without reading: /dev/zero never ends and /dev/random is no calendar.
    """
    limit = f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
    if "\x00" in str(path):  # stat() would raise ValueError, not OSError
        raise CalendarError(f"{str(path)!r}: cannot read calendar: a NUL in the file name")
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise CalendarError(f"{path}: cannot read calendar: it is a folder")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise CalendarError(f"{path}: cannot read calendar: not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise CalendarError(f"{path}: calendar too large: {limit}")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CalendarError(f"{path}: cannot read calendar: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CalendarError(f"{path}: calendar too large: {limit}")
    return data


_SKIPPED = (b"VTODO", b"VJOURNAL", b"VFREEBUSY")
_KEEP_ALWAYS = (b"RRULE", b"RDATE", b"RECURRENCE-ID", b"DURATION")
_DAYS = re.compile(rb"\d{8}")


def _near(day_start: date, day_end: date) -> Callable[[list[bytes]], bool]:
    """Whether an event's lines may touch [day_start, day_end]: anything recurring or not
    understood is kept; a one-off whose dates lie two days or more away is not."""
    low, high = (
        int(f"{day_start - timedelta(days=2):%Y%m%d}"),
        int(f"{day_end + timedelta(days=2):%Y%m%d}"),
    )

    def keep(lines: list[bytes]) -> bool:
        start = end = None
        for line in lines[1:-1]:
            name = line.split(b":", 1)[0].split(b";", 1)[0].upper()
            if name in _KEEP_ALWAYS or name.startswith(b"BEGIN"):
                return True
            if name in (b"DTSTART", b"DTEND"):
                value = line.rsplit(b":", 1)[-1].strip()[:8]
                if not _DAYS.fullmatch(value):
                    return True  # let the parser say what is wrong
                if name == b"DTSTART":
                    start = int(value)
                else:
                    end = int(value)
        if start is None:
            return True
        return start <= high and (end if end is not None else start) >= low

    return keep


def _around(data: bytes, keep: Callable[[list[bytes]], bool]) -> tuple[bytes, int]:
    """The calendar with only the events `keep` accepts (and no to-dos, journals or free/busy
    blocks), and how many events it kept. Parsing is the slow part (a year of events is seconds
    of icalendar), and a day needs a few of them: the rest is dropped from the text first."""
    text = data.replace(b"\r\n", b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    out: list[bytes] = []
    block: list[bytes] = []
    depth = kept = 0
    for line in text.split(b"\n"):
        upper = line[:24].upper()
        if (
            depth == 0
            and upper.startswith(b"BEGIN:")
            and upper[6:].strip() in (b"VEVENT", *_SKIPPED)
        ):
            depth, block = 1, [line]
            continue
        if depth == 0:
            out.append(line)
            continue
        block.append(line)
        if upper.startswith(b"BEGIN:"):
            depth += 1
        elif upper.startswith(b"END:"):
            depth -= 1
            if depth == 0 and block[0][6:].strip().upper() == b"VEVENT" and keep(block):
                out.extend(block)
                kept += 1
    out.extend(block if depth else [])  # an unclosed block: the parser reports it
    return b"\r\n".join(out), kept


def _load(path: Path, day_start: datetime, day_end: datetime) -> icalendar.Calendar:
    data = _read_capped(path)
    if not data.strip():
        raise CalendarError(f"{path}: not an iCalendar file: the file is empty")
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise CalendarError(f"{path}: not an iCalendar file: no BEGIN:VCALENDAR line")
    data, events = _around(data, _near(day_start.date(), day_end.date()))
    if len(data) > MAX_PARSED_BYTES:
        raise CalendarError(
            f"{path}: calendar too large: more than {MAX_PARSED_BYTES // (1024 * 1024)} MB "
            f"of it may concern {day_start:%Y-%m-%d} (recurring events, time zones...)"
        )
    if events > MAX_OCCURRENCES:
        raise CalendarError(
            f"{path}: calendar too complex: more than {MAX_OCCURRENCES} events "
            f"around {day_start:%Y-%m-%d}"
        )
    try:
        import icalendar

        return icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises plain ValueError and friends
        raise CalendarError(f"{path}: broken calendar: {_one_line(str(exc))}") from None


def _blocks_time(event: Any) -> bool:
    status = str(event.get("STATUS", "")).upper()
    transp = str(event.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transp != "TRANSPARENT"


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
    return _one_line(name)[:60] or str(component.name)


def _duration_s(event: Any, raw_start: Any) -> float:
    end = event.get("DTEND")
    if end is not None:
        return max(0.0, (_naive_utc(end.dt) - _naive_utc(raw_start)).total_seconds())
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return max(0.0, duration.dt.total_seconds())
    return 0.0


def _last_year(day_end: datetime) -> int:
    """Where dateutil stops: 20 years on costs a never-matching rule milliseconds, and keeps a
    custom VTIMEZONE (icalendar caches it per process by TZID) right for two decades."""
    return min(day_end.year + 20, MAXYEAR)


def _check_budget(path: Path, calendar: Any, day_start: datetime, day_end: datetime) -> None:
    """Price every recurrence before expanding anything; refuse a calendar over the budget."""
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
            end, window = datetime(_last_year(day_end), 12, 31), 0.0
        for rule in rules:
            try:
                rule_steps, rule_occurrences = _price(rule, start, end, window)
            except ValueError as exc:
                raise CalendarError(f"{path}: broken calendar: {what}: {exc}") from None
            steps += rule_steps
            occurrences += rule_occurrences if is_event else 0.0
            if steps > MAX_STEPS or occurrences > MAX_OCCURRENCES:
                text = _one_line(rule.to_ical().decode(errors="replace"))[:80]
                raise CalendarError(
                    f"{path}: calendar too complex: {what} repeats too often "
                    f"(RRULE {text} from {start:%Y-%m-%d})"
                )


@contextlib.contextmanager
def _dateutil_stops_after(last_year: int) -> Iterator[None]:
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


def _intervals_of(
    path: Path, day_start: datetime, day_end: datetime, local: tzinfo
) -> list[BusyInterval]:
    calendar = _load(path, day_start, day_end)
    result: list[BusyInterval] = []
    try:
        import recurring_ical_events

        with _dateutil_stops_after(_last_year(day_end)):
            _check_budget(path, calendar, day_start, day_end)
            occurrences = recurring_ical_events.of(calendar).between(day_start, day_end)
        for event in occurrences:
            if not _blocks_time(event):
                continue
            raw_start = event.get("DTSTART").dt
            dtend = event.get("DTEND")
            raw_end = dtend.dt if dtend is not None else raw_start
            all_day = not isinstance(raw_start, datetime)
            if all_day and raw_end == raw_start:
                raw_end = raw_start + timedelta(days=1)
            start = _to_aware(raw_start, local)
            end = _to_aware(raw_end, local)
            s, e = start.timestamp(), end.timestamp()
            if e <= s or e <= day_start.timestamp() or s >= day_end.timestamp():
                continue
            summary = str(event.get("SUMMARY", "")).strip() or "Busy"
            result.append(BusyInterval(start, end, summary, all_day))
    except CalendarError:
        raise
    except Exception as exc:  # broken values surface lazily, during expansion
        raise CalendarError(f"{path}: broken calendar: {_one_line(str(exc))}") from None
    return result


def busy_intervals(
    paths: Iterable[str | PathLike[str]], day_start: datetime, day_end: datetime
) -> list[BusyInterval]:
    """Every blocking event overlapping [day_start, day_end), sorted by start.

    `day_start` must be aware; its zone is the user's local zone for floating times and
    all-day events. Intervals are not clipped: the caller decides what a partial overlap means.
    """
    if day_start.tzinfo is None or day_end.tzinfo is None:
        raise ValueError("day_start and day_end must be timezone-aware")
    local = day_start.tzinfo
    intervals: list[BusyInterval] = []
    for path in paths:
        intervals.extend(_intervals_of(Path(path), day_start, day_end, local))
    intervals.sort(key=lambda b: (b.start.timestamp(), b.end.timestamp(), b.summary))
    return intervals
