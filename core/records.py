"""The plain records every layer passes around, in one module below all of them.

The store returns these and the coach, the planner, the model and the reports take them, so no
layer has to import another to name a record (this is what ended the coaching <-> planning
import cycle). Constructors keep validating (a Task with priority 9 cannot exist), with
checks that are pure functions of the values.

Times are POSIX seconds (UTC) as floats: cheap to compare, index and subtract, and
unambiguous across time zones. Conversion to aware datetimes happens at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from focuscoach.core import saferegex
from focuscoach.core.timeutil import shown, to_iso

# Activity ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowInfo:
    """What the active-window backends report: the application and its window title."""

    app: str
    title: str


@dataclass(frozen=True, slots=True)
class WindowSpan:
    """A stretch of time during which one window had focus."""

    start: float
    end: float
    app: str
    title: str

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class AfkSpan:
    """A stretch of time the user was away from the keyboard (afk=True) or at it."""

    start: float
    end: float
    afk: bool


@dataclass(frozen=True, slots=True)
class InputInterval:
    """Input event counts over one interval. Only counts: which key was pressed is never kept."""

    start: float
    end: float
    keys: int
    clicks: int
    moves: int
    scrolls: int


# Tasks ------------------------------------------------------------------------------------

PRIORITY_MIN = 1
PRIORITY_MAX = 4
#: 1 is "most important"; 3 leaves room above for urgent work and below for "someday".
DEFAULT_PRIORITY = 3
#: An estimate is capped so a typo ("4500") cannot fill a week of plans.
MAX_ESTIMATE_MINUTES = 24 * 60
#: Titles and notes are for people to read; a longer one is refused, not silently cut.


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


def check_priority(priority: int) -> int:
    """Raise a CLI-ready ValueError for a priority outside 1-4."""
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise ValueError(f"priority must be a whole number from 1 to 4, got {priority!r}")
    if not PRIORITY_MIN <= priority <= PRIORITY_MAX:
        raise ValueError(f"priority must be from 1 (most important) to 4, got {priority}")
    return priority


def check_estimate(minutes: int) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValueError(f"estimate must be whole minutes, got {minutes!r}")
    if minutes <= 0:
        raise ValueError(f"estimate must be more than 0 minutes, got {minutes}")
    if minutes > MAX_ESTIMATE_MINUTES:
        raise ValueError(f"estimate must be at most 24h, got {minutes} minutes")
    return minutes


def check_pattern(pattern: str, what: str = "pattern") -> str:
    try:
        compile_task_pattern(pattern)
    except saferegex.RegexError as exc:
        raise ValueError(f"invalid {what} {shown(pattern)}: {exc}") from None
    return pattern


def compile_task_pattern(pattern: str) -> saferegex.SafeRegex:
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
    if task.app_pattern is not None and not compile_task_pattern(task.app_pattern).search(app):
        return False
    return task.title_pattern is None or bool(
        compile_task_pattern(task.title_pattern).search(title)
    )


# Detector ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    """The detector's answer as the coach reads it: the probability of drifting off, and why."""

    probability: float
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class StripSegment:
    """One window of the attention strip (core/model/attention_strip.py): when, what, and how
    much of the model's attention it drew, so a nudge can show *why* without the desktop
    knowing the model."""

    start: float
    end: float
    name: str  # the site or app, as the explanation names it
    category: str  # "Work › Programming"
    distracting: bool
    weight: float  # attention, 0..1, the most attended segment shown is 1
    share: float  # its share of the model's attention over all its input spans, 0..1


# Mood -------------------------------------------------------------------------------------

SCALE_MIN = 1
SCALE_MAX = 5
#: At or below this, mood or energy counts as "low" (planner and coach rules).
LOW_THRESHOLD = 2


def check_scale(value: int, what: str) -> int:
    """Raise a CLI-ready ValueError unless 1 <= value <= 5."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number from 1 to 5, got {value!r}")
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"{what} must be from 1 (low) to 5 (high), got {value}")
    return value


@dataclass(frozen=True, slots=True)
class MoodEntry:
    """One check-in. Energy is optional because `focuscoach mood 3` alone is a valid answer."""

    at: float
    mood: int
    energy: int | None = None
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        check_scale(self.mood, "mood")
        if self.energy is not None:
            check_scale(self.energy, "energy")

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": to_iso(self.at),
            "mood": self.mood,
            "energy": self.energy,
            "note": self.note,
        }

    @property
    def is_low(self) -> bool:
        return self.mood <= LOW_THRESHOLD or (
            self.energy is not None and self.energy <= LOW_THRESHOLD
        )


# The coach's journal ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NudgeLabel:
    """A user-confirmed label for the detector, at the moment the nudge was scored."""

    at: float
    answered_at: float
    answer: str
    distracted: bool
    probability: float | None
    explanation: str
    task_id: int | None


@dataclass(frozen=True, slots=True)
class CoachLogEntry:
    """One line of the coach's log (break_started, nudge_shown, ...)."""

    at: float
    kind: str
    detail: dict[str, Any]


# Accepted plans ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredBlock:
    """A block of an accepted plan as stored: instants (UTC seconds), kind as text."""

    start: float
    end: float
    kind: str
    task_id: int | None
    title: str


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """An accepted plan as stored; the planner turns it back into a Plan in a time zone."""

    date: date
    accepted_at: float
    blocks: tuple[StoredBlock, ...] = ()
    unscheduled: tuple[int, ...] = field(default_factory=tuple)
