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
budget is refused with one line naming the event, never half-read. The pricing is
core/planning/recurrence_budget.py.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from focuscoach.core.planning.recurrence_budget import MAX_OCCURRENCES as MAX_OCCURRENCES
from focuscoach.core.planning.recurrence_budget import MAX_STEPS as MAX_STEPS
from focuscoach.core.planning.recurrence_budget import (
    BrokenRule,
    TooComplex,
    check_budget,
    dateutil_stops_after,
    last_year,
    one_line,
)

if TYPE_CHECKING:
    import icalendar

# icalendar and recurring_ical_events are imported when a calendar is read: the tray app
# imports this module at start, and most people keep no calendar files.

#: Larger calendar files are refused: a year of a busy work calendar is well under 1 MB.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: What is left to parse once far-off one-off events are dropped (icalendar: ~1 MB a second).
MAX_PARSED_BYTES = 3 * 1024 * 1024


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
        raise CalendarError(f"{path}: broken calendar: {one_line(str(exc))}") from None


def _blocks_time(event: Any) -> bool:
    status = str(event.get("STATUS", "")).upper()
    transp = str(event.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transp != "TRANSPARENT"


def _intervals_of(
    path: Path, day_start: datetime, day_end: datetime, local: tzinfo
) -> list[BusyInterval]:
    calendar = _load(path, day_start, day_end)
    result: list[BusyInterval] = []
    try:
        import recurring_ical_events

        with dateutil_stops_after(last_year(day_end)):
            try:
                check_budget(calendar, day_start, day_end)
            except BrokenRule as exc:
                raise CalendarError(f"{path}: broken calendar: {exc}") from None
            except TooComplex as exc:
                raise CalendarError(f"{path}: calendar too complex: {exc}") from None
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
        raise CalendarError(f"{path}: broken calendar: {one_line(str(exc))}") from None
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
