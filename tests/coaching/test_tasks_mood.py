"""Task and mood records and the parsers the CLI relies on for its one-line errors."""

from __future__ import annotations

from datetime import date

import pytest

from focuscoach.core.coaching.mood import MoodEntry, parse_scale
from focuscoach.core.planning.tasks import (
    Task,
    format_estimate,
    on_task,
    parse_date,
    parse_estimate,
    parse_priority,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("2h", 120),
        ("90", 90),
        (" 90 ", 90),
        ("1.5h", 90),
        ("25min", 25),
        ("3 hours", 180),
        ("2H", 120),
    ],
)
def test_parse_estimate(text: str, minutes: int) -> None:
    assert parse_estimate(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "estimate is empty"),
        ("soon", "invalid estimate 'soon': use minutes like 45m, 1h30m, 2h or 90"),
        ("1x", "invalid estimate"),
        ("0", "more than 0 minutes"),
        ("0m", "more than 0 minutes"),
        ("-5", "invalid estimate"),
        ("25h", "at most 24h"),
        ("1.01h", "not a whole number of minutes"),
        ("h", "invalid estimate"),
    ],
)
def test_parse_estimate_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_estimate(text)
    assert "\n" not in str(info.value)


def test_format_estimate_round_trips() -> None:
    for minutes in (5, 45, 60, 90, 125, 24 * 60):
        assert parse_estimate(format_estimate(minutes)) == minutes
    assert format_estimate(90) == "1h30m"


def test_parse_priority() -> None:
    assert parse_priority("1") == 1
    assert parse_priority("p4") == 4
    for bad, message in [("0", "from 1"), ("5", "from 1"), ("high", "whole number"), ("", "whole")]:
        with pytest.raises(ValueError, match=message):
            parse_priority(bad)


def test_parse_date() -> None:
    today = date(2026, 3, 29)
    assert parse_date("2026-04-01", today) == date(2026, 4, 1)
    assert parse_date("today", today) == today
    assert parse_date("Tomorrow", today) == date(2026, 3, 30)
    assert parse_date("yesterday", today) == date(2026, 3, 28)
    with pytest.raises(ValueError, match="invalid date '31/03/2026': use YYYY-MM-DD"):
        parse_date("31/03/2026", today)
    with pytest.raises(ValueError, match="invalid date"):
        parse_date("2026-02-30", today)


def test_task_validation() -> None:
    with pytest.raises(ValueError, match="title must not be empty"):
        Task(None, "  ")
    with pytest.raises(ValueError, match="priority must be from 1"):
        Task(None, "x", priority=0)
    with pytest.raises(ValueError, match="more than 0"):
        Task(None, "x", estimate=0)
    with pytest.raises(ValueError, match="invalid title pattern"):
        Task(None, "x", title_pattern="(unclosed")
    assert Task(None, "x").priority == 3


def test_on_task_matches_patterns_case_insensitively() -> None:
    both = Task(1, "Planner", app_pattern=r"^code$", title_pattern="planner")
    assert on_task(both, "Code", "planner.py - focuscoach")
    assert not on_task(both, "firefox", "planner docs")
    assert not on_task(both, "code", "README.md")
    title_only = Task(2, "Review", title_pattern=r"pull request|PR #\d+")
    assert on_task(title_only, "firefox", "Fix planner by x · Pull Request #12")
    assert not on_task(title_only, "firefox", "YouTube")
    app_only = Task(3, "Write", app_pattern="libreoffice")
    assert on_task(app_only, "libreoffice-writer", "")
    assert not on_task(Task(4, "No patterns"), "code", "No patterns")


def test_mood_entry_and_scale() -> None:
    assert MoodEntry(0.0, mood=2).is_low
    assert MoodEntry(0.0, mood=4, energy=2).is_low
    assert not MoodEntry(0.0, mood=3, energy=3).is_low
    assert not MoodEntry(0.0, mood=3).is_low
    with pytest.raises(ValueError, match=r"mood must be from 1 \(low\) to 5"):
        MoodEntry(0.0, mood=6)
    with pytest.raises(ValueError, match="energy must be"):
        MoodEntry(0.0, mood=3, energy=0)
    assert parse_scale(" 4", "mood") == 4
    with pytest.raises(ValueError, match="mood must be a whole number from 1 to 5, got 'ok'"):
        parse_scale("ok", "mood")


@pytest.mark.timeout(10)
def test_a_catastrophic_task_pattern_does_not_hang_on_task() -> None:
    """A task's --app/--title pattern runs on RE2, like every other user pattern."""
    task = Task(5, "Evil", title_pattern="(a+)+$")
    titles = ["a" * 35 + "!"] * 1000
    assert not any(on_task(task, "code", title) for title in titles)


def test_a_pattern_re2_cannot_run_is_refused_when_given() -> None:
    with pytest.raises(ValueError, match="invalid title pattern"):
        Task(6, "Backref", title_pattern=r"(a)\1")
