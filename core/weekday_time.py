"""A weekday and a time of day, as the weekly-review setting writes it ("Fri 17:00").

Below every package of core: config checks `[app] review_notify_at` with `parse_notify_at`
without importing the reports (core/reports/schedule.py, which decides when to prompt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

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
