"""Conversions between POSIX seconds (the storage format) and ISO 8601 text (the interface).

What is stored lies in one documented range, [TIME_MIN, TIME_MAX): 1970-01-01 to 2200-01-01
UTC (an imported event may end up to MAX_EVENT_SECONDS after TIME_MAX). Every time can then be
shown, exported and forgotten on every platform, and no arithmetic on it overflows. A time the
user types is clamped to that range (nothing is stored outside it, so "since 1900" means "since
the beginning"); `to_iso` never fails, even on a row that somehow lies outside.
"""

from __future__ import annotations

import math
import re
import time as systime
from datetime import UTC, date, datetime, time, timedelta, tzinfo

#: 1970-01-01T00:00:00Z: nothing stored starts before it.
TIME_MIN = 0.0
#: 2200-01-01T00:00:00Z: nothing stored starts at or after it.
TIME_MAX = 7_258_118_400.0
#: The longest span one imported event may cover (7 days); longer ones are cut to this.
MAX_EVENT_SECONDS = 7 * 86_400.0
#: Dates (due dates, planned days) the user may give: the days of the stored range.
DATE_MIN = date(1970, 1, 1)
DATE_MAX = date(2199, 12, 31)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# What datetime can represent at all (to the second): 0001-01-01 to 9999-12-31T23:59:59 UTC.
_REPRESENTABLE = (-62_135_596_800.0, 253_402_300_799.0)
# Where datetime.fromtimestamp works on every platform (Windows refuses negative times).
_FROMTIMESTAMP_SAFE = (0.0, 32_503_680_000.0)

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])\s*(?:ago)?$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_HINT = "use ISO 8601 (2026-04-14 or 2026-04-14T09:30), 'today', 'yesterday' or a duration ago such as 2h"


def to_iso(ts: float) -> str:
    """UTC ISO 8601 with microseconds and a Z, as ActivityWatch writes it.

    Never raises: a time datetime cannot represent (a corrupt row) is shown at the nearest
    representable instant, so `status` and the exports always work.
    """
    if _FROMTIMESTAMP_SAFE[0] <= ts < _FROMTIMESTAMP_SAFE[1]:
        moment = datetime.fromtimestamp(round(ts, 6), tz=UTC)
    else:
        lo, hi = _REPRESENTABLE
        clamped = lo if math.isnan(ts) else min(max(ts, lo), hi)
        moment = _EPOCH + timedelta(seconds=round(clamped, 6))
    # isoformat, not strftime: it writes year 1 as 0001 on every platform.
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def clamp_time(ts: float) -> float:
    """`ts` moved into [TIME_MIN, TIME_MAX]."""
    return min(max(ts, TIME_MIN), TIME_MAX)


def in_range(ts: float) -> bool:
    """Whether a stored span may start at `ts`."""
    return TIME_MIN <= ts < TIME_MAX


def shown(text: str, limit: int = 40) -> str:
    """`text` for a one-line message: quoted and escaped (repr), and cut when long."""
    if len(text) > limit:
        return repr(text[:limit]) + "…"
    return repr(text)


def parse_iso(text: str) -> float:
    """An ISO 8601 timestamp to POSIX seconds; a naive one is read in the local time zone.

    Raises ValueError with the offending text, never anything else.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not an ISO 8601 timestamp: {shown(str(text))}") from exc
    if moment.tzinfo is None:
        try:
            moment = moment.astimezone()
        except (OverflowError, ValueError, OSError):
            # The local offset of year 1 or 9999 is unknowable, and clamped away anyway.
            moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, ValueError, OSError) as exc:
        raise ValueError(f"not a usable time: {shown(text)}") from exc


def parse_when(text: str, now: float) -> float:
    """A user's time argument: ISO date or datetime (local unless it has an offset), 'now',
    'today', 'yesterday', or a duration ago such as '2h' or '3d'.

    The result is clamped to [TIME_MIN, TIME_MAX]. Raises ValueError (one line), never
    anything else.
    """
    value = text.strip().lower()
    if not value:
        raise ValueError(f"the time is empty: {_HINT}")
    try:
        return clamp_time(_parse_when(text, value, now))
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"cannot read the time {shown(text)}: {_HINT}") from None


def _parse_when(text: str, value: str, now: float) -> float:
    if value == "now":
        return now
    if value in ("today", "yesterday"):
        day = datetime.fromtimestamp(now).date()
        if value == "yesterday":
            day -= timedelta(days=1)
        return datetime.combine(day, time()).astimezone().timestamp()
    match = _RELATIVE.match(value)
    if match:
        ago = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
        return now - ago if math.isfinite(ago) else TIME_MIN
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return parse_iso(value)
    return parse_iso(text)


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
