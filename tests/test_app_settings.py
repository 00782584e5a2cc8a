"""The settings the app's window edits: coaching rules, language, login; written back as TOML."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from focuscoach.core import config


def test_defaults_match_the_coaching_defaults() -> None:
    s = config.parse({})
    assert s.coaching.micro_interval_s == 20 * 60 and s.coaching.long_interval_s == 50 * 60
    assert s.coaching.nudge_threshold == 0.7 and s.coaching.detector_interval_s == 30
    assert s.app == config.AppSettings("system", False)


def test_to_toml_round_trips_every_setting(tmp_path: Path) -> None:
    settings = config.Settings(
        recording=config.RecordingSettings(
            record_titles=False,
            exclusions=(
                config.ExclusionRule(app=re.compile("KeePass", re.I)),
                config.ExclusionRule(title=re.compile(r'Private "\w+"\\ mode', re.I)),
            ),
        ),
        planning=config.PlanningSettings(
            calendars=(tmp_path / "工作 work.ics",), day_start="08:30"
        ),
        coaching=config.CoachingSettings(
            micro_interval_s=600, nudge_threshold=0.8, max_postpones=1
        ),
        app=config.AppSettings(language="zh_CN", launch_at_login=True),
    )
    path = tmp_path / "config.toml"
    config.save(path, settings)
    assert path.stat().st_mode & 0o777 == 0o600
    again = config.load(path)
    assert again.coaching == settings.coaching
    assert again.app == settings.app
    assert again.planning == settings.planning
    assert [r.app.pattern if r.app else None for r in again.recording.exclusions] == [
        "KeePass",
        None,
    ]
    assert again.recording.exclusions[1].title.pattern == r'Private "\w+"\\ mode'  # type: ignore[union-attr]
    assert again.recording.record_titles is False
    assert tomllib.loads(path.read_text())["schema_version"] == config.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"breaks": {"micro_interval_s": 1}}, "micro_interval_s must be a number between 5"),
        ({"nudges": {"threshold": 1.5}}, "threshold must be a number between 0 and 1"),
        ({"nudges": {"enabled": "yes"}}, "enabled must be true or false"),
        ({"app": {"language": "fr"}}, "app.language must be one of"),
        ({"breaks": []}, r"\[breaks\] must be a table"),
    ],
)
def test_bad_coaching_settings_name_the_setting(raw: dict[str, object], message: str) -> None:
    with pytest.raises(config.ConfigError, match=message):
        config.parse(raw, source="config.toml")
