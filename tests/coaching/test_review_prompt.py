"""The end-of-week prompt as a coach policy: offered once after the week's prompt time, not
before, not again after a restart, never when turned off."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from focuscoach.core.coaching.review_prompt import ReviewDue, ReviewPromptPolicy

TZ = ZoneInfo("Europe/Berlin")
FRIDAY = datetime(2026, 3, 13, 17, 30, tzinfo=TZ).timestamp()  # ISO week 2026-W11


def test_offered_once_after_the_prompt_time() -> None:
    policy = ReviewPromptPolicy(TZ, "Fri 17:00", None)
    assert policy.check(FRIDAY - 86400) is None  # Thursday: not yet
    event = policy.check(FRIDAY)
    assert isinstance(event, ReviewDue) and event.week == "2026-W11" and event.at == FRIDAY
    assert event.detail() == {"week": "2026-W11"}
    assert policy.check(FRIDAY + 600) is None
    # A restart reads the saved time of the last prompt: still asked only once.
    assert ReviewPromptPolicy(TZ, "Fri 17:00", policy.last_prompted).check(FRIDAY + 900) is None


def test_turned_off_and_stale_prompts() -> None:
    assert ReviewPromptPolicy(TZ, "", None).check(FRIDAY) is None
    # A prompt missed by more than the catch-up time is not shown on Monday afternoon.
    assert ReviewPromptPolicy(TZ, "Fri 17:00", None).check(FRIDAY + 3 * 86400) is None
