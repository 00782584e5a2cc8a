"""Tasks the user plans their day around, and the parsers the CLI feeds them through.

Validation lives here, not in the CLI, so every entry point (CLI, tray, importer) rejects
the same bad input with the same one-line message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from focuscoach.core import saferegex
from focuscoach.core.timeutil import DATE_MAX, DATE_MIN, shown, to_iso

PRIORITY_MIN = 1
PRIORITY_MAX = 4
#: 1 is "most important"; 3 leaves room above for urgent work and below for "someday".
DEFAULT_PRIORITY = 3
#: An estimate is capped so a typo ("4500") cannot fill a week of plans.
MAX_ESTIMATE_MINUTES = 24 * 60
#: Titles and notes are for people to read; a longer one is refused, not silently cut.
MAX_TITLE_LENGTH = 1000
MAX_NOTES_LENGTH = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Task:
    """One to-do item. `estimate` is in minutes; None means "not estimated".

    `app_pattern` / `title_pattern` are case-insensitive regular expressions that mark a
    window as belonging to this task (see `on_task`), so the detector and the coach can
    tell "working on it" from "somewhere else".
    """

    id: int | None
    title: str
    notes: str = ""
    priority: int = DEFAULT_PRIORITY
    estimate: int | None = None
    due: date | None = None
    status: TaskStatus = TaskStatus.OPEN
    created: float = 0.0
    done_at: float | None = None
    app_pattern: str | None = None
    title_pattern: str | None = None

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("task title must not be empty")
        check_priority(self.priority)
        if self.estimate is not None:
            check_estimate(self.estimate)
        if self.app_pattern is not None:
            check_pattern(self.app_pattern, "app pattern")
        if self.title_pattern is not None:
            check_pattern(self.title_pattern, "title pattern")

    @property
    def is_open(self) -> bool:
        return self.status is TaskStatus.OPEN

    def to_json_dict(self) -> dict[str, Any]:
        """For `task list --json`: times as ISO 8601 UTC, dates as ISO dates."""
        return {
            "id": self.id,
            "title": self.title,
            "notes": self.notes,
            "priority": self.priority,
            "estimate": self.estimate,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
            "created": to_iso(self.created),
            "done_at": to_iso(self.done_at) if self.done_at is not None else None,
            "app_pattern": self.app_pattern,
            "title_pattern": self.title_pattern,
        }


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


def check_priority(priority: int) -> int:
    """Raise a CLI-ready ValueError for a priority outside 1-4."""
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise ValueError(f"priority must be a whole number from 1 to 4, got {priority!r}")
    if not PRIORITY_MIN <= priority <= PRIORITY_MAX:
        raise ValueError(f"priority must be from 1 (most important) to 4, got {priority}")
    return priority


def parse_priority(text: str) -> int:
    """Parse "1".."4" (also "p1".."p4", as Todoist users type it)."""
    cleaned = text.strip().lower().removeprefix("p")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 3:
        raise ValueError(f"priority must be a whole number from 1 to 4, got {shown(text)}")
    return check_priority(int(cleaned))


def check_estimate(minutes: int) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValueError(f"estimate must be whole minutes, got {minutes!r}")
    if minutes <= 0:
        raise ValueError(f"estimate must be more than 0 minutes, got {minutes}")
    if minutes > MAX_ESTIMATE_MINUTES:
        raise ValueError(f"estimate must be at most 24h, got {minutes} minutes")
    return minutes


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


def check_pattern(pattern: str, what: str = "pattern") -> str:
    try:
        _compile(pattern)
    except saferegex.RegexError as exc:
        raise ValueError(f"invalid {what} {shown(pattern)}: {exc}") from None
    return pattern


def _compile(pattern: str) -> saferegex.SafeRegex:
    """RE2, like every user pattern: `(a+)+$` must not hang the report through on_task."""
    return saferegex.compile_pattern(pattern, ignore_case=True)


def on_task(task: Task, app: str, title: str) -> bool:
    """Whether a window (app, title) belongs to `task`.

    Both patterns must match when both are set (e.g. app "code" AND title "planner").
    A task with no patterns matches nothing: guessing from the task title would
    mislabel windows and teach the detector the wrong thing.
    """
    if task.app_pattern is None and task.title_pattern is None:
        return False
    if task.app_pattern is not None and not _compile(task.app_pattern).search(app):
        return False
    return task.title_pattern is None or bool(_compile(task.title_pattern).search(title))


def sort_key(task: Task) -> tuple[int, date, float, int]:
    """Most important first, then earliest due date (undated last), then oldest."""
    return (task.priority, task.due or date.max, task.created, task.id or 0)
