"""Tasks the user plans their day around, and the parsers the CLI feeds them through.

Validation lives here, not in the CLI, so every entry point (CLI, tray, importer) rejects
the same bad input with the same one-line message.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

# The Task record and its checks live with every other record (core/records.py); these names
# stay importable from here.
from focuscoach.core.records import DEFAULT_PRIORITY as DEFAULT_PRIORITY
from focuscoach.core.records import MAX_ESTIMATE_MINUTES as MAX_ESTIMATE_MINUTES
from focuscoach.core.records import PRIORITY_MAX as PRIORITY_MAX
from focuscoach.core.records import PRIORITY_MIN as PRIORITY_MIN
from focuscoach.core.records import Task as Task
from focuscoach.core.records import TaskStatus as TaskStatus
from focuscoach.core.records import check_estimate as check_estimate
from focuscoach.core.records import check_pattern as check_pattern
from focuscoach.core.records import check_priority as check_priority
from focuscoach.core.records import on_task as on_task
from focuscoach.core.timeutil import DATE_MAX, DATE_MIN, shown

MAX_TITLE_LENGTH = 1000
MAX_NOTES_LENGTH = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(title: str | None = None, notes: str | None = None, what: str = "") -> None:
    """Bounds for what a user types as a title, notes or pattern (new input only: rows stored
    by an older version must still read back, so Task() itself does not check this).

    Text must be valid Unicode: a command line with bytes that are not UTF-8 arrives with
    lone surrogates, which no database or terminal can take.
    """
    for text, name in ((title, what or "task title"), (notes, what or "task notes")):
        if text is not None and not text.isascii() and _SURROGATE.search(text):
            raise ValueError(f"not valid text in the {name} (bytes that are not UTF-8)")
    if title is not None and len(title) > MAX_TITLE_LENGTH:
        raise ValueError(f"{what or 'task title'} must be at most {MAX_TITLE_LENGTH} characters")
    if notes is not None and len(notes) > MAX_NOTES_LENGTH:
        raise ValueError(f"task notes must be at most {MAX_NOTES_LENGTH} characters")


def parse_priority(text: str) -> int:
    """Parse "1".."4" (also "p1".."p4", as Todoist users type it)."""
    cleaned = text.strip().lower().removeprefix("p")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 3:
        raise ValueError(f"priority must be a whole number from 1 to 4, got {shown(text)}")
    return check_priority(int(cleaned))


_ESTIMATE_RE = re.compile(
    r"^(?:(?P<hours>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<minutes>\d+)\s*m(?:in(?:ute)?s?)?)?$"
)


def parse_estimate(text: str) -> int:
    """Parse "45m", "1h30m", "2h", "1.5h" or bare minutes ("90") into whole minutes."""
    cleaned = text.strip().lower()
    hint = "use minutes like 45m, 1h30m, 2h or 90"
    if not cleaned:
        raise ValueError(f"estimate is empty: {hint}")
    # Long digit strings cannot be a sane estimate (and would overflow float or int).
    if not cleaned.isascii() or len(cleaned) > 20:
        raise ValueError(f"invalid estimate {shown(text)}: {hint}")
    if cleaned.isdigit():
        return check_estimate(int(cleaned))
    match = _ESTIMATE_RE.match(cleaned)
    if match is None or (match["hours"] is None and match["minutes"] is None):
        raise ValueError(f"invalid estimate {shown(text)}: {hint}")
    hours = float(match["hours"]) if match["hours"] else 0.0
    minutes = int(match["minutes"]) if match["minutes"] else 0
    total = hours * 60 + minutes
    if not math.isfinite(total) or total != int(total):
        raise ValueError(f"invalid estimate {shown(text)}: it is not a whole number of minutes")
    return check_estimate(int(total))


def format_estimate(minutes: int) -> str:
    """The inverse of parse_estimate, for listings."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h{rest:02d}m"
    return f"{hours}h" if hours else f"{rest}m"


def parse_date(text: str, today: date) -> date:
    """Parse an ISO date (2026-03-29) or "today" / "tomorrow" / "yesterday".

    `today` is passed in (the caller's local date) so the parser stays clock-free.
    """
    cleaned = text.strip().lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if cleaned in relative:
        return check_date(today + timedelta(days=relative[cleaned]))
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"invalid date {shown(text)}: use YYYY-MM-DD, 'today' or 'tomorrow'"
        ) from None
    return check_date(day)


def check_date(day: date) -> date:
    """A due or planned day must lie in the stored range (1970-2199): planning around a day
    near date.max would overflow, and nothing outside the range can be recorded anyway."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(
            f"the date {day.isoformat()} is outside {DATE_MIN.isoformat()} to"
            f" {DATE_MAX.isoformat()}"
        )
    return day


def sort_key(task: Task) -> tuple[int, date, float, int]:
    """Most important first, then earliest due date (undated last), then oldest."""
    return (task.priority, task.due or date.max, task.created, task.id or 0)
