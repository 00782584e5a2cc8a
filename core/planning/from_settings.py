"""The planner's settings from the user's [planning] section: one mapping for the CLI's
`plan`, the tray's plan window and anything else that plans a day."""

from __future__ import annotations

from datetime import time as clock_time

from focuscoach.core.config import PlanningSettings
from focuscoach.core.planning.planner import PlannerSettings, WorkingHours


def planner_settings(planning: PlanningSettings) -> PlannerSettings:
    """ValueError when a working-hours time is not HH:MM."""
    hours = WorkingHours(
        clock_time.fromisoformat(planning.day_start), clock_time.fromisoformat(planning.day_end)
    )
    return PlannerSettings(
        working_hours=hours,
        focus_minutes=planning.focus_minutes,
        break_minutes=planning.break_minutes,
    )
