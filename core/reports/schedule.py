"""When to offer the weekly review: at the end of the working week (default Friday 17:00).

Pure functions of (now, zone, setting) so the tray's timer only asks them; wall-clock times
go through the zone's rules, so the prompt stays at 17:00 across a daylight-saving change.

For the tray: ``review_prompt_due(now, tz, last_prompted, setting)`` returns the week to offer
(or None) and ``next_review_prompt(now, tz, setting)`` when to ask again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from focuscoach.core.reports.week import Week

DEFAULT_NOTIFY_AT = "Fri 17:00"
# A prompt missed while the app was not running is still offered this long afterwards (a
# Friday-evening prompt on Monday morning would be stale: the new week has begun).
CATCH_UP = 2.5 * 86400

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SETTING = re.compile(r"^\s*([a-z]+)\.?\s+(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PromptTime:
    weekday: int  # 0 = Monday, as date.weekday()
    at: time

    def __str__(self) -> str:
        return f"{_DAYS[self.weekday].capitalize()} {self.at:%H:%M}"


def parse_notify_at(text: str) -> PromptTime:
    """'Fri 17:00' (a day's name or its first three letters, 24-hour time); ValueError says
    what is wrong in one line."""
    match = _SETTING.match(text)
    name = match.group(1).lower() if match else ""
    if name in _DAYS:
        weekday = _DAYS.index(name)
    elif name in _FULL_DAYS:
        weekday = _FULL_DAYS.index(name)
    else:
        raise ValueError(
            f"review notify_at must be a weekday and a time such as 'Fri 17:00', not {text!r}"
        )
    assert match is not None
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"review notify_at: {match.group(2)}:{match.group(3)} is not a time")
    return PromptTime(weekday, time(hour, minute))


def _prompt_in(week: Week, when: PromptTime, tz: tzinfo) -> float:
    day: date = week.monday + timedelta(days=when.weekday)
    return datetime.combine(day, when.at, tzinfo=tz).timestamp()


def _setting(setting: str | PromptTime) -> PromptTime:
    return setting if isinstance(setting, PromptTime) else parse_notify_at(setting)


def next_review_prompt(
    now: float, tz: tzinfo, setting: str | PromptTime = DEFAULT_NOTIFY_AT
) -> float:
    """The first prompt moment strictly after `now` (POSIX seconds)."""
    when = _setting(setting)
    week = Week.containing(now, tz)
    moment = _prompt_in(week, when, tz)
    return moment if moment > now else _prompt_in(week.next(), when, tz)


def last_review_prompt(
    now: float, tz: tzinfo, setting: str | PromptTime = DEFAULT_NOTIFY_AT
) -> float:
    """The latest prompt moment at or before `now`."""
    when = _setting(setting)
    week = Week.containing(now, tz)
    moment = _prompt_in(week, when, tz)
    return moment if moment <= now else _prompt_in(week.previous(), when, tz)


def review_prompt_due(
    now: float,
    tz: tzinfo,
    last_prompted: float | None,
    setting: str | PromptTime = DEFAULT_NOTIFY_AT,
) -> Week | None:
    """The week to offer now, or None: a prompt moment has passed since `last_prompted`, and
    not longer than CATCH_UP ago. The week offered is the one the prompt moment ends."""
    moment = last_review_prompt(now, tz, setting)
    if last_prompted is not None and last_prompted >= moment:
        return None
    if now - moment > CATCH_UP:
        return None
    return Week.containing(moment, tz)
