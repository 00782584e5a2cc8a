"""The week's rows for the review: read by core/store/week.py (the store owns the SQL); these
names stay importable from here for the review's modules and tests."""

from __future__ import annotations

from focuscoach.core.store.week import (
    BREAK_POSTPONED,
    BREAK_SKIPPED,
    BREAK_TAKEN,
    COVER_LOOKAHEAD,
    NUDGE_SHOWN,
    AfkRow,
    PlanBlockRow,
    TaskInfo,
    WeekData,
    WindowRow,
    load_week,
    span_overlap_sql,
)

__all__ = [
    "BREAK_POSTPONED",
    "BREAK_SKIPPED",
    "BREAK_TAKEN",
    "COVER_LOOKAHEAD",
    "NUDGE_SHOWN",
    "AfkRow",
    "PlanBlockRow",
    "TaskInfo",
    "WeekData",
    "WindowRow",
    "load_week",
    "span_overlap_sql",
]
