"""`[app] daily_summary` (the end-of-day summary, core/coaching/daily_summary.py): off by
default, read from config.toml, written back on its own line keeping the user's comments, and
a wrong value refused in one line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from focuscoach.core import config, config_writer

HAND_WRITTEN = """\
# my settings
[app]
language = "en"  # English please
daily_summary = true  # tell me how the day went

[planning]
day_end = "18:30"
"""


def test_off_by_default_and_read_from_the_file(tmp_path: Path) -> None:
    assert config.Settings().app.daily_summary is False
    assert config.parse({}).app.daily_summary is False
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    settings = config.load(path)
    assert settings.app.daily_summary is True and settings.planning.day_end == "18:30"


def test_turning_it_off_changes_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    settings = config.load(path)
    off = dataclasses.replace(settings, app=dataclasses.replace(settings.app, daily_summary=False))
    changed = config_writer.save(path, off)
    assert [o.name for o in changed] == ["app.daily_summary"]
    text = path.read_text(encoding="utf-8")
    assert "daily_summary = false  # tell me how the day went" in text
    assert "# my settings" in text and 'language = "en"  # English please' in text
    assert config.load(path) == off
    on = dataclasses.replace(off, app=dataclasses.replace(off.app, daily_summary=True))
    config_writer.save(path, on)
    assert config.load(path).app.daily_summary is True


def test_a_new_file_round_trips_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = config.Settings(app=config.AppSettings(daily_summary=True))
    config_writer.save(path, settings)
    assert config.load(path) == settings


@pytest.mark.parametrize("value", ['"yes"', "1"])
def test_a_wrong_value_is_refused_in_one_line(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[app]\ndaily_summary = {value}\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as error:
        config.load(path)
    message = str(error.value)
    assert "app.daily_summary" in message and "\n" not in message
