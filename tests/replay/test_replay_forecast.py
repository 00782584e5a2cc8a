"""Replay with the forecast gate as the running app has it (issue 13): no forecast nudge
before about a day of history, none from a model never checked on the user, and with a checked
model and a few days of stored scores, forecasts within the nudge budget."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import config
from focuscoach.core.paths import Paths, resolve
from focuscoach.core.replay_store import replay_store
from tests.support.forecast_data import install_checked_model, store_days

UTC = ZoneInfo("UTC")
#: A fixed day (2026-04-15 00:00 UTC): the simulated days, and so the figures, are the same
#: on every run.
END = 1_776_211_200.0


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    p = resolve(tmp_path / "home")
    p.ensure()
    return p


def _forecasts(result: object) -> list[dict[str, object]]:
    return [n for n in result.nudges if n["kind"] == "forecast"]  # type: ignore[attr-defined]


def test_no_forecast_before_a_day_of_history(paths: Paths) -> None:
    store_days(paths.database, 1, END)
    install_checked_model(paths.models_dir, beats=True)
    result = replay_store(paths, config.Settings(), assume_focus=True, tz=UTC)
    assert result.forecast is not None and result.forecast["threshold"] is None
    assert "about a day" in str(result.forecast["reason"])
    assert _forecasts(result) == []
    assert result.to_json()["forecast"] == result.forecast


def test_the_prior_never_checked_on_the_user_does_not_forecast(paths: Paths) -> None:
    store_days(paths.database, 4, END)
    result = replay_store(paths, config.Settings(), since=END - 86400, assume_focus=True, tz=UTC)
    assert result.forecast is not None and result.forecast["threshold"] is None
    assert "focuscoach train" in str(result.forecast["reason"])
    assert _forecasts(result) == []


def test_a_checked_model_forecasts_within_the_budget(paths: Paths) -> None:
    store_days(paths.database, 4, END)
    install_checked_model(paths.models_dir, beats=True)
    settings = config.parse({"nudges": {"forecast_budget": 0.5}})
    result = replay_store(paths, settings, since=END - 86400, assume_focus=True, tz=UTC)
    assert result.forecast is not None and result.forecast["threshold"] is not None
    per_hour = len(_forecasts(result)) / result.active_hours
    print(
        f"\nforecast nudges: {len(_forecasts(result))} in {result.active_hours:.1f} active h"
        f" ({per_hour:.2f}/h, budget 0.5/h), threshold {result.forecast['threshold']}"
    )
    assert per_hour <= 0.5 * 1.5
