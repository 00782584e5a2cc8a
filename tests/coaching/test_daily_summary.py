"""The end-of-day summary as a coach policy, on a fake clock: due once when the working day
ends, not on days off (unless planned), not again after a restart the same day, held while
paused, never when turned off, never for a day that is over."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import config
from focuscoach.core.coaching.daily_summary import (
    WORKDAY_SETS,
    DailySummaryDue,
    DailySummaryPolicy,
    saved_day,
)
from focuscoach.core.options import WORKDAY_CHOICES
from focuscoach.core.reports.daily_summary import DaySummary

TZ = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 3, 4)
SATURDAY = date(2026, 3, 7)


def at(day: date, hour: int, minute: int = 0) -> float:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ).timestamp()


def policy(last_day: date | None = None, enabled: bool = True) -> DailySummaryPolicy:
    return DailySummaryPolicy(TZ, enabled=enabled, day_end=time(17, 0), last_day=last_day)


def test_due_once_when_the_working_day_ends() -> None:
    p = policy()
    assert p.due(at(WEDNESDAY, 16, 59)) is None
    assert p.due(at(WEDNESDAY, 17, 0)) == WEDNESDAY
    assert p.due(at(WEDNESDAY, 17, 1)) == WEDNESDAY  # asked again until it is done
    p.done(WEDNESDAY)
    assert p.due(at(WEDNESDAY, 17, 30)) is None
    assert p.due(at(WEDNESDAY, 23, 59)) is None
    assert p.due(at(date(2026, 3, 5), 16, 0)) is None  # Thursday, before its end
    assert p.due(at(date(2026, 3, 5), 17, 0)) == date(2026, 3, 5)


def test_a_restart_the_same_day_does_not_repeat_it() -> None:
    p = policy()
    day = p.due(at(WEDNESDAY, 17, 5))
    assert day == WEDNESDAY
    p.done(day)
    saved = {"day": day.isoformat()}  # what the runtime saves (coach_state)
    again = policy(last_day=saved_day(saved, at(WEDNESDAY, 17, 5), TZ))
    assert again.due(at(WEDNESDAY, 17, 6)) is None
    assert again.due(at(WEDNESDAY, 22, 0)) is None
    assert again.due(at(date(2026, 3, 5), 17, 0)) == date(2026, 3, 5)


def test_not_on_a_day_off_unless_it_has_a_plan() -> None:
    asked: list[date] = []

    def unplanned(day: date) -> bool:
        asked.append(day)
        return False

    p = policy()
    assert p.due(at(SATURDAY, 17, 0), planned=unplanned) is None
    assert p.due(at(SATURDAY, 18, 0), planned=unplanned) is None
    assert asked == [SATURDAY]  # asked once a day, not every minute
    assert policy().due(at(SATURDAY, 17, 0), planned=lambda _day: True) == SATURDAY
    assert policy().due(at(WEDNESDAY, 17, 0), planned=unplanned) == WEDNESDAY
    assert asked == [SATURDAY]  # working days need no plan


def test_held_while_paused_and_off_when_disabled() -> None:
    p = policy()
    assert p.due(at(WEDNESDAY, 17, 0), held=True) is None
    assert p.due(at(WEDNESDAY, 19, 0)) == WEDNESDAY  # after the pause, the same day
    off = policy(enabled=False)
    for moment in (at(WEDNESDAY, 17, 0), at(WEDNESDAY, 23, 0), at(SATURDAY, 17, 0)):
        assert off.due(moment, planned=lambda _day: True) is None


def test_a_start_after_the_end_of_the_day_sums_it_up_the_same_day_only() -> None:
    # Not running at 17:00 on Wednesday; started at 21:00: once, soon after the start.
    late = policy(last_day=date(2026, 3, 3))
    assert late.due(at(WEDNESDAY, 21, 0)) == WEDNESDAY
    # Started on Thursday morning: Wednesday is over and is never summed up.
    assert policy(last_day=date(2026, 3, 3)).due(at(date(2026, 3, 5), 8, 0)) is None


def test_the_end_of_the_day_follows_the_zone_across_daylight_saving() -> None:
    sunday = date(2026, 3, 29)  # Europe/Berlin springs forward at 02:00
    p = DailySummaryPolicy(
        TZ, enabled=True, day_end=time(17, 0), last_day=None, workdays=frozenset(range(7))
    )
    assert p.end_of(sunday) == datetime(2026, 3, 29, 15, 0, tzinfo=ZoneInfo("UTC")).timestamp()
    assert p.due(p.end_of(sunday) - 1) is None and p.due(p.end_of(sunday)) == sunday


def test_the_saved_day_and_the_event_round_trip() -> None:
    assert saved_day({"day": "2026-03-04"}, None, TZ) == WEDNESDAY
    assert saved_day({"day": "garbage"}, at(WEDNESDAY, 17, 0), TZ) == WEDNESDAY
    assert saved_day(None, None, TZ) is None
    summary = DaySummary(
        day=WEDNESDAY,
        focused_s=3.5 * 3600,
        planned_focus_s=4 * 3600,
        active_s=6 * 3600,
        longest_s=3000.0,
        longest_start=at(WEDNESDAY, 9, 5),
        next_start=at(date(2026, 3, 5), 9, 0),
        next_kind="focus",
        next_title="Write report",
    )
    event = DailySummaryDue.of(at(WEDNESDAY, 17, 0), summary)
    assert event.summary() == summary
    assert event.detail()["day"] == "2026-03-04" and event.kind == "daily_summary"


def test_working_days_follow_the_setting() -> None:
    """Sunday to Thursday: Friday and Saturday are days off, Sunday is a working day."""
    friday, sunday = date(2026, 3, 6), date(2026, 3, 8)
    p = DailySummaryPolicy(
        TZ, enabled=True, day_end=time(17, 0), last_day=None, workdays=WORKDAY_SETS["sun-thu"]
    )
    assert p.due(at(friday, 17, 30)) is None
    assert p.due(at(friday, 17, 30), planned=lambda day: day == friday) is None  # asked once
    assert p.due(at(SATURDAY, 17, 30), planned=lambda day: day == SATURDAY) == SATURDAY
    assert p.due(at(sunday, 17, 30)) == sunday
    assert [WORKDAY_SETS["every-day"] >= WORKDAY_SETS[name] for name in WORKDAY_SETS] == [
        True
    ] * len(WORKDAY_SETS)
    assert all(len(WORKDAY_SETS[name]) >= 5 for name in WORKDAY_SETS)


def test_every_choice_of_the_setting_has_its_days() -> None:
    assert set(WORKDAY_CHOICES) == set(WORKDAY_SETS)
    assert config.Settings().planning.workdays == "mon-fri"
    assert WORKDAY_SETS["mon-fri"] == frozenset(range(5))
    with pytest.raises(config.ConfigError, match="workdays must be one of"):
        config.parse({"planning": {"workdays": "fri-mon"}})
