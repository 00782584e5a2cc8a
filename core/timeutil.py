"""Conversions between POSIX seconds (the storage format) and ISO 8601 text (the interface)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

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
