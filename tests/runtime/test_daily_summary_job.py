"""The end-of-day summary in the running app (core/runtime/daily_summary.py): the figures from
the real store, the event sent and logged, the day saved so a restart does not repeat it, held
while recording is paused, nothing on a day with nothing to sum up, off by default."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import config
from focuscoach.core.coaching.daily_summary import DAILY_SUMMARY_KEY, DailySummaryDue
from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.paths import resolve
from focuscoach.core.runtime import App
from focuscoach.core.runtime.daily_summary import DailySummaryJob
from focuscoach.core.store import history, journal
from focuscoach.core.store import state as saved_state
from tests.fakes import FixedScorer, scripted_runtime

TZ = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 3, 4)


def at(day: date, hour: int, minute: int = 0) -> float:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ).timestamp()


def w(hour: int, minute: int = 0) -> float:
    return at(WEDNESDAY, hour, minute)


def _settings(daily_summary: bool) -> config.Settings:
    return config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "planning": {"day_end": "17:00"},
            "app": {"daily_summary": daily_summary},
        }
    )


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    runtime = scripted_runtime(
        paths,
        _settings(True),
        scorer=FixedScorer(0.1),
        tz=TZ,
    )
    running = App(runtime).start()
    yield running
    running.close()


def _seed(app: App) -> None:
    app.runtime.write(
        lambda db: history.insert_windows(
            db.conn,
            [(w(9), w(10, 30), "code", "report.tex"), (w(10, 30), w(10, 40), "firefox", "Reddit")],
        )
    )


def test_the_summary_comes_once_at_the_end_of_the_day(app: App) -> None:
    _seed(app)
    heard: list[CoachEvent] = []
    app.subscribe(heard.append)
    assert app.check_daily_summary(w(16, 59)).result() is None
    app.runtime.set_paused_until(w(17, 20))
    assert app.check_daily_summary(w(17, 10)).result() is None  # paused: held
    event = app.check_daily_summary(w(17, 30)).result()
    assert isinstance(event, DailySummaryDue) and event.day == "2026-03-04"
    assert (event.focused_s, event.longest_s, event.longest_start) == (90 * 60, 90 * 60, w(9))
    assert event.next_start is None
    assert [e for e in heard if isinstance(e, DailySummaryDue)] == [event]
    assert app.check_daily_summary(w(17, 31)).result() is None  # once
    app.flush().result()
    saved = app.read(lambda db: saved_state.load_coach_state(db, DAILY_SUMMARY_KEY)).result()
    assert saved is not None and saved[1] == {"day": "2026-03-04"}
    logged = app.read(lambda db: journal.list_coach_events(db, kinds=["daily_summary"])).result()
    assert [e.detail["focused_s"] for e in logged] == [90 * 60]
    # A restart reads the saved day from the store: not again today, again tomorrow.
    restarted = DailySummaryJob(app.runtime)
    assert restarted.check(w(18)) is None
    thu = date(2026, 3, 5)
    app.runtime.write(
        lambda db: history.insert_windows(db.conn, [(at(thu, 9), at(thu, 10), "code", "a.py")])
    )
    thursday = restarted.check(at(thu, 17, 5))
    assert thursday is not None and thursday.focused_s == 3600 and thursday.day == "2026-03-05"


def test_nothing_on_a_day_off_or_a_day_with_nothing_recorded(app: App) -> None:
    assert app.check_daily_summary(at(date(2026, 3, 7), 17, 30)).result() is None  # Saturday
    assert app.check_daily_summary(w(17, 30)).result() is None  # nothing recorded, no plan
    app.flush().result()
    saved = app.read(lambda db: saved_state.load_coach_state(db, DAILY_SUMMARY_KEY)).result()
    assert saved is not None and saved[1] == {"day": "2026-03-04"}  # remembered, not shown


def test_the_working_days_setting_decides_the_days_off(app: App) -> None:
    """With Sunday to Thursday set, Wednesday is a working day, Friday is not (nothing is
    summed up even with work recorded) and Sunday is."""
    friday, sunday = date(2026, 3, 6), date(2026, 3, 8)
    rows = [(at(d, 9), at(d, 10), "code", "a.py") for d in (friday, sunday)]
    app.runtime.write(lambda db: history.insert_windows(db.conn, rows))
    settings = dataclasses.replace(
        app.settings, planning=dataclasses.replace(app.settings.planning, workdays="sun-thu")
    )
    app.reload_settings(settings).result()
    assert app.check_daily_summary(at(friday, 17, 30)).result() is None
    event = app.check_daily_summary(at(sunday, 17, 30)).result()
    assert isinstance(event, DailySummaryDue) and event.day == "2026-03-08"


def test_off_by_default_and_when_turned_off(app: App) -> None:
    assert config.Settings().app.daily_summary is False
    _seed(app)
    off = dataclasses.replace(
        app.settings, app=dataclasses.replace(app.settings.app, daily_summary=False)
    )
    app.reload_settings(off).result()
    assert app.check_daily_summary(w(17, 30)).result() is None
    on = dataclasses.replace(off, app=dataclasses.replace(off.app, daily_summary=True))
    app.reload_settings(on).result()
    assert app.check_daily_summary(w(17, 30)).result() is not None
