"""Conversions between POSIX seconds (the storage format) and ISO 8601 text (the interface)."""

from __future__ import annotations

import re
import time as systime
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])\s*(?:ago)?$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def to_iso(ts: float) -> str:
    """UTC ISO 8601 with microseconds and a Z, as ActivityWatch writes it."""
    moment = datetime.fromtimestamp(round(ts, 6), tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> float:
    """An ISO 8601 timestamp to POSIX seconds; a naive one is read in the local time zone.

    Raises ValueError with the offending text.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not an ISO 8601 timestamp: {text!r}") from exc
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


def parse_when(text: str, now: float) -> float:
    """A user's time argument: ISO date or datetime (local unless it has an offset), 'now',
    'today', 'yesterday', or a duration ago such as '2h' or '3d'."""
    value = text.strip().lower()
    if value == "now":
        return now
    if value in ("today", "yesterday"):
        day = datetime.fromtimestamp(now).date()
        if value == "yesterday":
            day -= timedelta(days=1)
        return datetime.combine(day, time()).astimezone().timestamp()
    match = _RELATIVE.match(value)
    if match:
        return now - float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = date.fromisoformat(value)
        return datetime.combine(day, time()).astimezone().timestamp()
    try:
        return parse_iso(text)
    except ValueError:
        raise ValueError(
            f"cannot read the time {text!r}: use ISO 8601 (2026-04-14 or 2026-04-14T09:30), "
            "'today', 'yesterday' or a duration ago such as 2h"
        ) from None


class SystemLocalTime(tzinfo):
    """The operating system's local time zone, daylight saving included.

    Asks the C library (mktime/localtime) per instant, so it follows whatever zone the system
    or the TZ variable names, on every platform, without knowing the zone's IANA name.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=systime.localtime().tm_gmtoff)
        # Wall time read as if it were UTC; the real instant is that minus the offset. Try
        # the offsets in force a day before and a day after (clock changes are months
        # apart); PEP 495's fold picks between the two readings of a repeated hour.
        wall = dt.replace(tzinfo=UTC).timestamp()
        before = systime.localtime(wall - 86400).tm_gmtoff
        after = systime.localtime(wall + 86400).tm_gmtoff
        valid = [o for o in (before, after) if systime.localtime(wall - o).tm_gmtoff == o]
        if not valid:  # a skipped hour: read it with the offset from before the change
            return timedelta(seconds=before)
        if len(valid) == 2 and before != after:
            return timedelta(seconds=before if dt.fold == 0 else after)
        return timedelta(seconds=valid[0])

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)  # the offset above already includes it

    def tzname(self, dt: datetime | None) -> str:
        stamp = (
            None
            if dt is None
            else (dt.replace(tzinfo=None) - self.utcoffset(dt)).replace(tzinfo=UTC).timestamp()
        )
        return systime.strftime("%Z", systime.localtime(stamp))

    def fromutc(self, dt: datetime) -> datetime:
        stamp = dt.replace(tzinfo=UTC).timestamp()
        offset = timedelta(seconds=systime.localtime(stamp).tm_gmtoff)
        local = (dt.replace(tzinfo=None) + offset).replace(tzinfo=self)
        # The second reading of a repeated hour carries fold=1, as zoneinfo does.
        if local.utcoffset() != offset:
            local = local.replace(fold=1)
        return local


def local_zone() -> tzinfo:
    """The local time zone for planning and reports (DST-aware)."""
    return SystemLocalTime()
