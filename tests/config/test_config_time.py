"""Settings parsing (the [planning] section) and the DST-aware local time zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import config
from focuscoach.core.timeutil import local_zone


def test_planning_defaults_and_values() -> None:
    assert config.parse({}).planning == config.PlanningSettings()
    planning = config.parse(
        {"planning": {"calendars": ["~/work.ics"], "day_start": "08:30", "focus_minutes": 25}}
    ).planning
    assert planning.calendars == (Path("~/work.ics").expanduser(),)
    assert (planning.day_start, planning.day_end, planning.focus_minutes) == ("08:30", "17:00", 25)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"day_start": "8:30"}, "planning.day_start must be a time"),
        ({"day_start": "18:00"}, "must come before"),
        ({"calendars": "work.ics"}, "planning.calendars must be a list"),
        ({"focus_minutes": 5}, "focus_minutes must be a number between 15"),
    ],
)
def test_bad_planning_settings_name_the_setting(section: dict[str, object], message: str) -> None:
    with pytest.raises(config.ConfigError, match=message):
        config.parse({"planning": section}, source="config.toml")


@pytest.fixture
def berlin() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.usefixtures("berlin")
def test_local_zone_follows_daylight_saving_like_zoneinfo() -> None:
    tz, reference = local_zone(), ZoneInfo("Europe/Berlin")
    for day in (date(2026, 3, 29), date(2026, 10, 25), date(2026, 7, 1), date(2026, 12, 1)):
        for hour in (0, 3, 9, 17, 23):
            ours = datetime.combine(day, clock_time(hour, 30), tzinfo=tz).astimezone(UTC)
            theirs = datetime.combine(day, clock_time(hour, 30), tzinfo=reference)
            assert ours == theirs.astimezone(UTC), (day, hour)
    start = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    for step in range(16):  # across the autumn change, every 15 minutes
        moment = start + timedelta(minutes=15 * step)
        ours, theirs = moment.astimezone(tz), moment.astimezone(reference)
        assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)
        assert ours.utcoffset() == theirs.utcoffset()


def test_review_prompt_setting() -> None:
    assert config.parse({}).app.review_notify_at == "Fri 17:00"
    assert config.parse({"app": {"review_notify_at": ""}}).app.review_notify_at == ""
    with pytest.raises(config.ConfigError, match=r"app\.review_notify_at"):
        config.parse({"app": {"review_notify_at": "Someday 25:00"}})
