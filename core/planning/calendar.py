"""Busy time from iCalendar (.ics) files, so the planner can work around meetings.

Recurrences (RRULE, EXDATE, moved or cancelled occurrences) are expanded by
`recurring-ical-events`. An event blocks time unless it is `STATUS:CANCELLED` or
`TRANSP:TRANSPARENT` ("free"), as RFC 5545 defines: so an opaque all-day event (an offsite,
a holiday entered as busy) blocks the whole day, while a transparent one (a birthday) does not.
Floating times (no zone) are read in the caller's local zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import icalendar

# icalendar and recurring_ical_events are imported when a calendar is read: the tray app
# imports this module at start, and most people keep no calendar files.

_MAX_REASON = 160


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


def _load(path: Path) -> icalendar.Calendar:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CalendarError(f"{path}: cannot read calendar: {exc.strerror or exc}") from None
    if not data.strip():
        raise CalendarError(f"{path}: not an iCalendar file: the file is empty")
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise CalendarError(f"{path}: not an iCalendar file: no BEGIN:VCALENDAR line")
    try:
        import icalendar

        return icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises plain ValueError and friends
        raise CalendarError(f"{path}: broken calendar: {_one_line(str(exc))}") from None


def _blocks_time(event: Any) -> bool:
    status = str(event.get("STATUS", "")).upper()
    transp = str(event.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transp != "TRANSPARENT"


def _intervals_of(
    path: Path, day_start: datetime, day_end: datetime, local: tzinfo
) -> list[BusyInterval]:
    calendar = _load(path)
    result: list[BusyInterval] = []
    try:
        import recurring_ical_events

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
