"""The plain records every layer passes around.

Times are POSIX seconds (UTC) as floats: cheap to compare, index and subtract, and
unambiguous across time zones. Conversion to aware datetimes happens at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass


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
