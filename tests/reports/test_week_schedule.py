"""ISO weeks in local time, and when the end-of-week review is offered."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core.reports.schedule import (
    CATCH_UP,
    next_review_prompt,
    parse_notify_at,
    review_prompt_due,
)
from focuscoach.core.reports.week import Week

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def local(tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=tz).timestamp()


@pytest.mark.parametrize(
    ("text", "week"),
    [("2026-W15", Week(2026, 15)), ("2026w01", Week(2026, 1)), (" 2020-W53 ", Week(2020, 53))],
)
def test_parse_weeks(text: str, week: Week) -> None:
    assert Week.parse(text) == week
    assert Week.parse(str(week)) == week


@pytest.mark.parametrize("text", ["2026-15", "W15", "2026-W00", "2025-W53", "1900-W01", ""])
def test_bad_weeks_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"week|ISO|1970"):
        Week.parse(text)


def test_iso_years_near_new_year() -> None:
    assert Week.of(date(2024, 12, 30)) == Week(2025, 1)  # a Monday in ISO 2025
    assert Week.of(date(2021, 1, 3)) == Week(2020, 53)
    assert Week(2020, 53).next() == Week(2021, 1)
    assert Week(2021, 1).previous() == Week(2020, 53)
    assert Week(2025, 1).monday == date(2024, 12, 30)
    assert Week(2026, 15).label() == "Week 15, 2026 (6 Apr – 12 Apr 2026)"


def test_last_complete_week_is_the_one_before_now() -> None:
    sunday_night = local(BERLIN, 2026, 4, 12, 23, 59)
    monday_morning = local(BERLIN, 2026, 4, 13, 0, 1)
    assert Week.last_complete(sunday_night, BERLIN) == Week(2026, 14)
    assert Week.last_complete(monday_morning, BERLIN) == Week(2026, 15)


def test_fall_back_week_has_an_extra_hour() -> None:
    week = Week(2026, 44)  # clocks go back on Sunday 1 November 2026 in New York
    start, end = week.bounds(NEW_YORK)
    assert end - start == 169 * 3600
    sunday = week.hour_edges(NEW_YORK)[6]
    assert sunday[2] - sunday[1] == 2 * 3600  # the repeated 01:00 hour holds both


@pytest.mark.parametrize(
    ("text", "weekday", "clock"),
    [("Fri 17:00", 4, "17:00"), ("friday 9:30", 4, "09:30"), ("Mon. 08:05", 0, "08:05")],
)
def test_notify_setting(text: str, weekday: int, clock: str) -> None:
    when = parse_notify_at(text)
    assert when.weekday == weekday and f"{when.at:%H:%M}" == clock


@pytest.mark.parametrize("text", ["Friday", "17:00", "Fry 17:00", "Fri 25:00", "Fri 17:60"])
def test_bad_notify_setting(text: str) -> None:
    with pytest.raises(ValueError, match="notify_at"):
        parse_notify_at(text)


def test_next_prompt_keeps_the_wall_clock_across_dst() -> None:
    wednesday = local(BERLIN, 2026, 3, 25, 12)
    assert next_review_prompt(wednesday, BERLIN) == local(BERLIN, 2026, 3, 27, 17)
    friday_evening = local(BERLIN, 2026, 3, 27, 17, 0)
    # At the very moment, the next one is a week later: 17:00 again, now in summer time.
    nxt = next_review_prompt(friday_evening, BERLIN)
    assert nxt == local(BERLIN, 2026, 4, 3, 17)
    assert nxt - friday_evening == 7 * 86400 - 3600
    assert next_review_prompt(wednesday, BERLIN, "Sun 20:00") == local(BERLIN, 2026, 3, 29, 20)


def test_prompt_due_once_per_week_and_not_when_stale() -> None:
    prompt = local(BERLIN, 2026, 3, 27, 17)
    assert review_prompt_due(prompt - 60, BERLIN, None) is None
    assert review_prompt_due(prompt + 60, BERLIN, None) == Week(2026, 13)
    assert review_prompt_due(prompt + 60, BERLIN, last_prompted=prompt + 30) is None
    # Started on Saturday morning without having shown it: still offered.
    saturday = local(BERLIN, 2026, 3, 28, 10)
    assert review_prompt_due(saturday, BERLIN, last_prompted=prompt - 86400) == Week(2026, 13)
    # Started on Tuesday: that review is stale, the new week has begun.
    assert review_prompt_due(prompt + CATCH_UP + 60, BERLIN, None) is None
