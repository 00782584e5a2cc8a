"""The settings the app's window edits: coaching rules, language, login; written back as TOML."""

from __future__ import annotations

import json
import logging
import os
import time
import tomllib
from pathlib import Path

import pytest

from focuscoach.core import config, config_writer
from focuscoach.core.saferegex import compile_pattern
from tests.conftest import Cli, run_focuscoach


def test_defaults_match_the_coaching_defaults() -> None:
    s = config.parse({})
    assert s.coaching.micro_interval_s == 20 * 60 and s.coaching.long_interval_s == 50 * 60
    assert s.coaching.forecast_budget == 0.5 and s.coaching.detector_interval_s == 30
    assert s.app == config.AppSettings("system", False)


def test_to_toml_round_trips_every_setting(tmp_path: Path) -> None:
    settings = config.Settings(
        recording=config.RecordingSettings(
            record_titles=False,
            exclusions=(
                config.ExclusionRule(app=compile_pattern("KeePass", ignore_case=True)),
                config.ExclusionRule(
                    title=compile_pattern(r'Private "\w+"\\ mode', ignore_case=True)
                ),
            ),
        ),
        planning=config.PlanningSettings(
            calendars=(tmp_path / "工作 work.ics",), day_start="08:30"
        ),
        coaching=config.CoachingSettings(
            micro_interval_s=600, forecast_budget=1.0, max_postpones=1
        ),
        app=config.AppSettings(language="zh_CN", launch_at_login=True),
    )
    path = tmp_path / "config.toml"
    config_writer.save(path, settings)
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
    assert again.recording == settings.recording
    assert tomllib.loads(path.read_text())["schema_version"] == config.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"breaks": {"micro_interval_s": 1}}, "micro_interval_s must be a number between 5"),
        ({"nudges": {"forecast_budget": 7}}, "forecast_budget must be a number between 0 and 6"),
        ({"nudges": {"enabled": "yes"}}, "enabled must be true or false"),
        ({"app": {"language": "fr"}}, "app.language must be one of"),
        ({"breaks": []}, r"\[breaks\] must be a table"),
    ],
)
def test_bad_coaching_settings_name_the_setting(raw: dict[str, object], message: str) -> None:
    with pytest.raises(config.ConfigError, match=message):
        config.parse(raw, source="config.toml")


# Unknown keys: a warning naming them, never silence ---------------------------------------


def test_a_misspelt_key_is_named_in_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[privacy]\nexlude = [{ app = "keepass" }]\nexclude = [{ app = "x", titel = "bank" }]\n'
        "[recording]\npol_interval = 2\n[colour]\nx = 1\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="focuscoach.config"):
        settings = config.load(path)
    assert settings.recording.exclusions[0].app is not None  # what is known still applies
    [record] = caplog.records
    assert record.getMessage() == (
        f"{path}: ignored unknown settings privacy.exlude, privacy.exclude[0].titel, "
        "recording.pol_interval, colour (misspelt?)"
    )


def test_known_keys_cover_everything_the_app_writes(tmp_path: Path) -> None:
    assert config.unknown_keys(tomllib.loads(config_writer.to_toml(config.Settings()))) == []


def test_an_odd_unknown_key_is_quoted_on_one_line(tmp_path: Path) -> None:
    assert config.unknown_keys({"a\nb": 1, "x" * 100: 2}) == [
        '"a\\nb"',
        '"' + "x" * 40 + '\\u2026"',
    ]


# Corrupt values: exit 2 with one line through the CLI, never exit 1 ------------------------

TINY_EXPORT = {
    "buckets": {
        "aw-watcher-window_host": {
            "id": "aw-watcher-window_host",
            "type": "currentwindow",
            "client": "aw-watcher-window",
            "hostname": "host",
            "created": "2026-03-02T08:00:00+00:00",
            "events": [
                {
                    "timestamp": "2026-03-02T09:00:00+00:00",
                    "duration": 60.0,
                    "data": {"app": "code", "title": "planner.py"},
                }
            ],
        }
    }
}

BAD_CONFIGS = [
    ("wrong type", '[recording]\npoll_interval = "fast"\n', "poll_interval must be a number"),
    ("NaN", "[recording]\nafk_timeout = nan\n", "afk_timeout must be a number"),
    ("inf", "[breaks]\npostpone_s = inf\n", "postpone_s must be a number"),
    ("huge int", "[privacy]\nmax_title_length = 99999999999999999999\n", "max_title_length"),
    ("negative", "[breaks]\nlong_duration_s = -5\n", "long_duration_s must be a number"),
    ("bool version", "schema_version = true\n", "schema_version must be a positive integer"),
    ("huge version", "schema_version = 9223372036854775807\n", "is newer than"),
    ("bad regex", '[privacy]\nexclude = [{ app = "(unclosed" }]\n', "not a valid regex"),
    ("backreference", '[privacy]\nexclude = [{ title = "(a)\\\\1" }]\n', "not a supported"),
    ("lookahead", '[privacy]\nexclude = [{ title = "a(?=b)" }]\n', "not a supported regex"),
    ("rule not a table", "[privacy]\nexclude = [1]\n", "needs an app or a title"),
    ("NUL path", '[planning]\ncalendars = ["a\\u0000b.ics"]\n', "NUL"),
    ("NUL language", '[app]\nlanguage = "en\\u0000"\n', "app.language must be one of"),
    ("deep", "x = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),
    ("deep tables", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "not valid TOML"),
    ("invalid TOML", "[recording\npoll_interval = 1\n", "not valid TOML"),
    ("table as value", "recording = 5\n", "must be tables"),
    ("day order", '[planning]\nday_start = "18:00"\nday_end = "09:00"\n', "before"),
]


@pytest.mark.parametrize(("label", "text", "message"), BAD_CONFIGS, ids=[b[0] for b in BAD_CONFIGS])
def test_corrupt_values_exit_2_with_one_line(
    cli: Cli, home: Path, label: str, text: str, message: str
) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")
    export = home / "export.json"
    export.write_text(json.dumps(TINY_EXPORT), encoding="utf-8")
    for args in (("plan", "--json"), ("import", "activitywatch", str(export))):
        result = cli(*args)
        assert result.code == 2, (label, args, result)
        [line] = result.err.splitlines()
        assert str(home / "config.toml") in line and message in line, line


def test_unreadable_settings_exit_2(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    path = home / "config.toml"
    cases: list[tuple[bytes | None, str]] = [
        (b"\xff\xfe[recording]\n", "not UTF-8"),
        (b"# " + b"x" * (2 * 1024 * 1024) + b"\n", "larger than 1 MB"),
    ]
    for content, message in cases:
        assert content is not None
        path.write_bytes(content)
        result = cli("plan")
        assert result.code == 2 and message in result.err
        assert len(result.err.splitlines()) == 1
    path.unlink()
    path.mkdir()
    result = cli("plan")
    assert result.code == 2 and "not a regular file" in result.err
    path.rmdir()
    if os.path.exists("/dev/zero"):
        path.symlink_to("/dev/zero")
        started = time.monotonic()
        result = cli("plan")
        assert result.code == 2 and "not a regular file" in result.err
        assert time.monotonic() - started < 5


def test_unknown_key_warns_on_stderr_in_a_real_process(home: Path) -> None:
    (home / "config.toml").write_text("[privacy]\nexlude = []\n", encoding="utf-8")
    done = run_focuscoach("--home", str(home), "plan", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"focuscoach: {home / 'config.toml'}: ignored unknown setting privacy.exlude (misspelt?)"
    ]
