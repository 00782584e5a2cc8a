"""The end-of-week prompt as a coach policy: once the working week ends (settings
`app.review_notify_at`, default Friday 17:00) offer its weekly review, once.

Pure over (now, last time asked); the runtime fires it on the coach's scheduler and persists
when it last asked, so a restart does not ask again. It speaks through a `ReviewDue` event,
like every other prompt the coach makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import ClassVar

from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.reports.schedule import PromptTime, parse_notify_at, review_prompt_due

#: Where the time of the last prompt is saved (coach_state), and how often it is checked.
REVIEW_PROMPT_KEY = "review_prompt"
CHECK_EVERY_S = 5 * 60.0


@dataclass(frozen=True, slots=True)
class ReviewDue(CoachEvent):
    """Offer the weekly review of `week` (ISO week, e.g. '2026-W11')."""

    kind: ClassVar[str] = "review_due"
    week: str


class ReviewPromptPolicy:
    """Decides when to offer the review. `setting` '' (or None) means never."""

    def __init__(self, tz: tzinfo, setting: str | None, last_prompted: float | None) -> None:
        self.tz = tz
        self.when: PromptTime | None = parse_notify_at(setting) if setting else None
        self.last_prompted = last_prompted

    def check(self, now: float) -> ReviewDue | None:
        """The prompt due at `now`, remembered as asked; None when nothing is due."""
        if self.when is None:
            return None
        week = review_prompt_due(now, self.tz, self.last_prompted, self.when)
        if week is None:
            return None
        self.last_prompted = now
        return ReviewDue(now, str(week))
