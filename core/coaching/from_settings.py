"""The coach's policies from the user's settings (config.toml, through core/options.py).

Here, not in options: the options table sits below every package of core, so it cannot name
the coach's policy classes; the coach's layer reads the table instead.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from focuscoach.core.coaching.breaks import BreakSettings
from focuscoach.core.coaching.checkins import CheckInSettings
from focuscoach.core.coaching.coach import CoachSettings
from focuscoach.core.coaching.drift import DriftSettings
from focuscoach.core.coaching.nudges import NudgeSettings
from focuscoach.core.coaching.quiet import QuietSettings
from focuscoach.core.config import Settings
from focuscoach.core.options import OPTIONS
from focuscoach.core.planning.planner import WorkingHours


def coach_settings(settings: Settings) -> CoachSettings:
    """The coach's policies from the user's settings: every option with a `policy`, plus the
    working day and how long a silence means the machine slept (six missed ticks, >= 90 s)."""
    groups: dict[str, dict[str, Any]] = {
        "breaks": {},
        "nudges": {},
        "checkins": {},
        "quiet": {},
        "drift": {},
    }
    for option in OPTIONS:
        if option.policy:
            policy, attr = option.policy.split(".")
            groups[policy][attr] = option.get(settings)
    return CoachSettings(
        breaks=BreakSettings(**groups["breaks"]),
        nudges=NudgeSettings(**groups["nudges"]),
        checkins=CheckInSettings(**groups["checkins"]),
        quiet=QuietSettings(**groups["quiet"]),
        drift=DriftSettings(**groups["drift"]),
        working_hours=WorkingHours(
            time.fromisoformat(settings.planning.day_start),
            time.fromisoformat(settings.planning.day_end),
        ),
        max_gap_s=max(90.0, settings.coaching.tick_s * 6),
    )
