"""When to offer the weekly review: at the end of the working week (default Friday 17:00).

Pure functions of (now, zone, setting) so the tray's timer only asks them; wall-clock times
go through the zone's rules, so the prompt stays at 17:00 across a daylight-saving change.

For the tray: ``review_prompt_due(now, tz, last_prompted, setting)`` returns the week to offer
(or None) and ``next_review_prompt(now, tz, setting)`` when to ask again.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from focuscoach.core.reports.week import Week

# The setting's form lives below config, which checks it; these names stay importable here.
from focuscoach.core.weekday_time import PromptTime as PromptTime
from focuscoach.core.weekday_time import parse_notify_at as parse_notify_at

DEFAULT_NOTIFY_AT = "Fri 17:00"
# A prompt missed while the app was not running is still offered this long afterwards (a
# Friday-evening prompt on Monday morning would be stale: the new week has begun).
CATCH_UP = 2.5 * 86400


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
