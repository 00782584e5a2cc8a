"""The options table: what the parser, the writer and the coach mapper derive from it, the
config.toml files earlier versions wrote, and migrations between schema versions."""

from __future__ import annotations

import dataclasses
import difflib
import logging
import tomllib
from pathlib import Path
from typing import Any

import pytest

from focuscoach.core import config, config_writer, options
from focuscoach.core.coaching.breaks import BreakSettings
from focuscoach.core.coaching.checkins import CheckInSettings
from focuscoach.core.coaching.coach import CoachSettings
from focuscoach.core.coaching.drift import DriftSettings
from focuscoach.core.coaching.from_settings import coach_settings
from focuscoach.core.coaching.nudges import NudgeSettings
from focuscoach.core.coaching.quiet import QuietSettings
from focuscoach.core.saferegex import compile_pattern

DATA = Path(__file__).parents[1] / "data" / "config"

#: The tables and keys config.toml had before the options table (copied from core/config.py
#: at schema_version 1): the table may add keys, never rename or drop one without a migration.
KEYS_V1 = {
    "recording": {"poll_interval", "input_interval", "afk_timeout"},
    "privacy": {"record_titles", "max_title_length", "exclude"},
    "planning": {
        "calendars",
        "day_start",
        "day_end",
        "focus_minutes",
        "break_minutes",
        # Added within v1 (optional: a file without it has the default).
        "workdays",
    },
    "breaks": {
        "enabled",
        "micro_interval_s",
        "micro_duration_s",
        "long_interval_s",
        "long_duration_s",
        "postpone_s",
        "max_postpones",
        # Added within v1 (optional: a file without it has the default).
        "screen",
    },
    "nudges": {
        "enabled",
        "forecast_budget",
        "min_interval_s",
        "daily_cap",
        "snooze_s",
        "only_in_focus_blocks",
        # Added within v1 (optional: a file without them has the defaults).
        "drift_enabled",
        "drift_after_s",
    },
    "checkins": {"enabled", "interval_s"},
    # Added within v1 (optional: a file without them has the defaults).
    "quiet": {
        "calm_gap_s",
        "notice_timeout_s",
        "checkin_after_break_s",
        "meetings",
        "camera_devices",
    },
    "detector": {"interval_s", "tick_s"},
    # daily_summary: added within v1 (optional: a file without it has the default, off).
    "app": {"language", "launch_at_login", "review_notify_at", "daily_summary"},
}


def _rx(pattern: str) -> Any:
    return compile_pattern(pattern, ignore_case=True)


#: What tests/data/config/written-custom-v1.toml holds (written by the app's writer before the
#: options table, with the values of issue 15: 90 s, 40 s, 30 s and 150 s).
CUSTOM = config.Settings(
    recording=config.RecordingSettings(
        poll_interval=2.0,
        input_interval=10.0,
        afk_timeout=300.0,
        record_titles=False,
        max_title_length=2000,
        exclusions=(
            config.ExclusionRule(app=_rx("KeePass")),
            config.ExclusionRule(title=_rx(r'Private "\w+"\\ mode|网银')),
            config.ExclusionRule(app=_rx("firefox"), title=_rx("bank")),
        ),
    ),
    planning=config.PlanningSettings(
        calendars=(Path("/home/user/cal/工作 work.ics"), Path("/home/user/personal.ics")),
        day_start="08:30",
        day_end="18:15",
        focus_minutes=45,
        break_minutes=15,
    ),
    coaching=config.CoachingSettings(
        micro_interval_s=1500,
        micro_duration_s=90,
        long_interval_s=3600,
        long_duration_s=40,
        postpone_s=30,
        max_postpones=1,
        nudges_enabled=False,
        nudge_min_interval_s=900,
        nudge_daily_cap=4,
        snooze_s=60,
        nudge_only_in_focus_blocks=False,
        checkins_enabled=False,
        checkin_interval_s=150,
        detector_interval_s=20,
        tick_s=10,
    ),
    app=config.AppSettings(language="zh_CN", launch_at_login=True, review_notify_at=""),
)


# The table ------------------------------------------------------------------------------------


def test_the_file_keeps_every_table_and_key_name() -> None:
    assert {k: set(v) for k, v in config.KNOWN_KEYS.items() if v is not None} == KEYS_V1
    assert config.KNOWN_KEYS["schema_version"] is None


def test_every_typed_setting_has_exactly_one_option_and_its_default() -> None:
    fields = {
        f"{group.name}.{f.name}": f.default
        for group in dataclasses.fields(config.Settings)
        for f in dataclasses.fields(getattr(config.Settings(), group.name))
    }
    assert sorted(fields) == sorted(o.field for o in options.OPTIONS)
    for option in options.OPTIONS:
        assert fields[option.field] == option.default, option.name
    assert len(options.BY_NAME) == len(options.OPTIONS)


def test_coaching_defaults_are_the_policies_own() -> None:
    policies = {
        "breaks": BreakSettings(),
        "nudges": NudgeSettings(),
        "checkins": CheckInSettings(),
        "quiet": QuietSettings(),
        "drift": DriftSettings(),
    }
    with_policy = [o for o in options.OPTIONS if o.policy]
    assert len(with_policy) == 19
    for option in with_policy:
        policy, attr = option.policy.split(".")
        assert getattr(policies[policy], attr) == option.default, option.name


def test_form_options_say_how_to_show_them() -> None:
    for option in options.OPTIONS:
        if option.tab is not options.Tab.NONE:
            assert option.label, option.name
        if option.kind in (options.Kind.NUMBER, options.Kind.INTEGER):
            assert option.lo is not None and option.hi is not None and option.lo < option.hi
        if option.show_as:
            assert option.unit == "s" and option.show_as == "min", option.name


def test_coach_settings_carry_every_policy_option() -> None:
    assert coach_settings(config.Settings()) == CoachSettings()
    coach = coach_settings(CUSTOM)
    assert coach.breaks.micro_duration_s == 90 and coach.breaks.postpone_s == 30
    assert coach.breaks.max_postpones == 1 and coach.nudges.snooze_s == 60
    assert coach.nudges.enabled is False and coach.nudges.only_in_focus_blocks is False
    assert coach.nudges.daily_cap == 4
    assert coach.checkins == CheckInSettings(enabled=False, interval_s=150)
    assert str(coach.working_hours.start) == "08:30:00" and coach.max_gap_s == 90
    drift = coach_settings(
        config.parse({"nudges": {"drift_enabled": False, "drift_after_s": 45}})
    ).drift
    assert drift == DriftSettings(enabled=False, after_s=45.0)


# Files written by earlier versions -----------------------------------------------------------


def test_files_the_app_wrote_before_load_unchanged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="focuscoach.config"):
        assert config.load(DATA / "written-defaults-v1.toml") == config.Settings()
        assert config.load(DATA / "written-custom-v1.toml") == CUSTOM
    assert caplog.records == []


@pytest.mark.parametrize("name", ["written-defaults-v1.toml", "written-custom-v1.toml"])
def test_saving_unchanged_settings_changes_only_what_the_upgrade_must(
    tmp_path: Path, name: str
) -> None:
    """A version-1 file is upgraded (schema 2 drops the fixed nudge threshold); nothing else
    changes, and saving the upgraded file again leaves it alone."""
    path = tmp_path / "config.toml"
    old = (DATA / name).read_text(encoding="utf-8")
    path.write_text(old, encoding="utf-8")
    assert config_writer.save(path, config.load(path)) == []
    new = path.read_text(encoding="utf-8")
    threshold = next(line for line in old.splitlines() if line.startswith("threshold = "))
    assert _changed_lines(old, new) == [
        "-schema_version = 1",
        "+schema_version = 2",
        f"-{threshold}",
    ]
    before = path.stat()
    assert config_writer.save(path, config.load(path)) == []
    assert path.read_text(encoding="utf-8") == new
    assert path.stat().st_mtime_ns == before.st_mtime_ns  # not even rewritten


def _changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_an_edit_changes_only_its_line_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = (DATA / "hand-edited-v1.toml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    settings = config.load(path)
    edited = dataclasses.replace(
        settings,
        coaching=dataclasses.replace(settings.coaching, micro_duration_s=45.0, snooze_s=300.0),
    )
    changed = config_writer.save(path, edited)
    assert [o.name for o in changed] == ["breaks.micro_duration_s", "nudges.snooze_s"]
    text = path.read_text(encoding="utf-8")
    assert _changed_lines(original, text) == [
        "-schema_version = 1",  # upgraded on save (schema 2)
        "+schema_version = 2",
        "-micro_duration_s = 90     # ninety seconds, not two minutes",
        "+micro_duration_s = 45.0     # ninety seconds, not two minutes",
        "+",
        "+[nudges]",
        "+snooze_s = 300.0",
    ]
    assert config.load(path) == edited
    assert path.stat().st_mode & 0o777 == 0o600


def _another_value(option: options.Option, settings: config.Settings) -> Any:
    """A valid typed value for `option` other than the one in `settings`."""
    now = option.get(settings)
    match option.kind:
        case options.Kind.BOOL:
            return not now
        case options.Kind.NUMBER | options.Kind.INTEGER:
            assert option.hi is not None
            return type(now)(option.hi)
        case options.Kind.CHOICE:
            return next(c for c in option.choices if c != now)
        case options.Kind.CLOCK:
            return "07:00" if option.key == "day_start" else "20:00"
        case options.Kind.WEEKLY:
            return "Mon 09:00"
        case options.Kind.PATHS:
            return (*now, Path("/srv/team.ics"))
        case options.Kind.RULES:
            return (config.ExclusionRule(app=_rx("1password")),)
    raise AssertionError(option.kind)


@pytest.mark.parametrize("option", options.OPTIONS, ids=lambda o: o.name)
def test_every_option_is_written_on_its_own_line(tmp_path: Path, option: options.Option) -> None:
    path = tmp_path / "config.toml"
    original = (DATA / "written-custom-v1.toml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    group, attr = option.field.split(".")
    value = _another_value(option, CUSTOM)
    edited = dataclasses.replace(
        CUSTOM, **{group: dataclasses.replace(getattr(CUSTOM, group), **{attr: value})}
    )
    assert config_writer.save(path, edited) == [option]
    # Besides the edit, the version-1 file is upgraded (schema 2 drops the fixed threshold).
    upgrade = {"-schema_version = 1", "+schema_version = 2", "-threshold = 0.85"}
    changed = _changed_lines(original, path.read_text(encoding="utf-8"))
    assert upgrade <= set(changed), changed
    changed = [line for line in changed if line not in upgrade]
    if f"[{option.section}]" not in original:  # a table added after the file was written
        assert changed == ["+", f"+[{option.section}]", changed[-1]], changed
        assert changed[-1].startswith(f"+{option.key} = "), changed
    elif option.key not in tomllib.loads(original)[option.section]:  # a key added later
        assert len(changed) == 1 and changed[0].startswith(f"+{option.key} = "), changed
    else:
        assert len(changed) == 2 and changed[0].startswith(f"-{option.key} = "), changed
        assert changed[1].startswith(f"+{option.key} = "), changed
    assert config.load(path) == edited


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "breaks.enabled = true\nbreaks.postpone_s = 30 # x\n",
            "breaks.enabled = true\nbreaks.postpone_s = 60.0 # x\n",
        ),
        (
            "breaks = {enabled = true, postpone_s = 30}\n",
            "breaks = {enabled = true, postpone_s = 60.0}\n",
        ),
        (
            "[breaks.later]\nx = 1\n",
            "[breaks]\npostpone_s = 60.0\n\n[breaks.later]\nx = 1\n",
        ),
    ],
    ids=["dotted keys", "inline table", "only a sub-table"],
)
def test_other_toml_layouts_are_edited_in_place(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    settings = config.load(path)
    edited = dataclasses.replace(
        settings, coaching=dataclasses.replace(settings.coaching, postpone_s=60.0)
    )
    assert [o.name for o in config_writer.save(path, edited)] == ["breaks.postpone_s"]
    assert path.read_text(encoding="utf-8") == expected
    assert config.load(path) == edited


def test_base_keeps_what_changed_on_disk_meanwhile(tmp_path: Path) -> None:
    """The form passes what it started from: only what the user changed in it is written."""
    path = tmp_path / "config.toml"
    path.write_text("[breaks]\npostpone_s = 30\n", encoding="utf-8")
    shown = config.load(path)
    path.write_text("[breaks]\npostpone_s = 60  # edited meanwhile\n", encoding="utf-8")
    mine = dataclasses.replace(shown, app=dataclasses.replace(shown.app, language="en"))
    assert [o.name for o in config_writer.save(path, mine, base=shown)] == ["app.language"]
    assert config.load(path).coaching.postpone_s == 60
    assert "postpone_s = 60  # edited meanwhile" in path.read_text(encoding="utf-8")


def test_a_broken_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[breaks\nuser's half-typed work", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="not valid TOML, not overwritten"):
        config_writer.save(path, config.Settings())
    path.write_text("[breaks]\npostpone_s = -1\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="postpone_s must be a number"):
        config_writer.save(path, config.Settings())
    assert path.read_text(encoding="utf-8") == "[breaks]\npostpone_s = -1\n"


def test_a_new_file_holds_every_option_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    assert [o.name for o in config_writer.save(path, CUSTOM)] == [
        o.name for o in options.OPTIONS if o.get(CUSTOM) != o.default
    ]
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert {k: set(v) for k, v in raw.items() if isinstance(v, dict)} == KEYS_V1
    assert config.load(path) == CUSTOM


def test_odd_text_round_trips(tmp_path: Path) -> None:
    odd = 'a\x01b\x7f"c\\ \u2028 \t网银'
    settings = config.Settings(
        recording=config.RecordingSettings(exclusions=(config.ExclusionRule(title=_rx(odd)),)),
        planning=config.PlanningSettings(calendars=(tmp_path / odd,)),
    )
    path = tmp_path / "config.toml"
    config_writer.save(path, settings)
    assert config.load(path) == settings


# Migrations -------------------------------------------------------------------------------------


def _rename_postpone(raw: dict[str, Any]) -> dict[str, Any]:
    """A v1 -> v2 step as a future version might need: postpone in minutes becomes seconds."""
    breaks = raw.get("breaks")
    if isinstance(breaks, dict) and "postpone_minutes" in breaks:
        breaks["postpone_s"] = breaks.pop("postpone_minutes") * 60
    return raw


@pytest.fixture
def version_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(config_writer, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(config, "MIGRATIONS", {1: _rename_postpone})


V1 = "# mine\nschema_version = 1\n\n[breaks]\npostpone_minutes = 2  # two minutes\n"


@pytest.mark.usefixtures("version_2")
def test_a_migration_upgrades_an_older_file_on_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = tomllib.loads(V1)
    assert config.parse(raw).coaching.postpone_s == 120
    assert raw["breaks"] == {"postpone_minutes": 2}  # the caller's mapping is left alone
    assert config.migrate(raw) == {"schema_version": 2, "breaks": {"postpone_s": 120}}
    path = tmp_path / "config.toml"
    path.write_text(V1, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="focuscoach.config"):
        assert config.load(path).coaching.postpone_s == 120
    assert caplog.records == []  # the old key is not "unknown": it was migrated


@pytest.mark.usefixtures("version_2")
def test_saving_writes_the_new_version_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(V1, encoding="utf-8")
    assert config_writer.save(path, config.load(path)) == []
    assert path.read_text(encoding="utf-8") == (
        "# mine\nschema_version = 2\n\n[breaks]\npostpone_s = 120  # two minutes\n"
    )
    assert config.load(path).coaching.postpone_s == 120


@pytest.mark.usefixtures("version_2")
def test_version_errors_are_one_line() -> None:
    with pytest.raises(config.ConfigError, match="schema_version 3 is newer"):
        config.parse({"schema_version": 3})
    config.MIGRATIONS.clear()
    with pytest.raises(config.ConfigError) as missing:
        config.parse({"schema_version": 1}, source="config.toml")
    assert str(missing.value) == "config.toml: cannot upgrade settings from schema_version 1"


def test_every_registered_migration_has_a_path_to_this_version() -> None:
    assert set(config.MIGRATIONS) == set(range(1, config.SCHEMA_VERSION))


def test_a_linked_file_is_edited_through_the_link(tmp_path: Path) -> None:
    """Settings kept in a dotfiles folder: the link stays, the file it points to changes."""
    dotfiles = tmp_path / "dotfiles" / "focuscoach.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text('# mine\n[app]\nlanguage = "en"\n', encoding="utf-8")
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    path.symlink_to(dotfiles)
    settings = config.load(path)
    edited = dataclasses.replace(settings, app=dataclasses.replace(settings.app, language="zh_CN"))
    config_writer.save(path, edited)
    assert path.is_symlink()
    assert dotfiles.read_text(encoding="utf-8") == '# mine\n[app]\nlanguage = "zh_CN"\n'
    assert dotfiles.stat().st_mode & 0o777 == 0o600


def test_a_new_file_and_its_folders_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "config.toml"
    config_writer.save(path, config.Settings())
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_the_fixed_nudge_threshold_of_version_1_is_dropped_on_read_and_on_save(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Schema 2: the forecast threshold is the user's own (core.coaching.forecast), so a
    version-1 file's `[nudges] threshold` is migrated away, not reported as unknown."""
    path = tmp_path / "config.toml"
    path.write_text(
        "schema_version = 1\n\n[nudges]  # mine\nthreshold = 0.8\ndaily_cap = 3\n", "utf-8"
    )
    with caplog.at_level(logging.WARNING, logger="focuscoach.config"):
        loaded = config.load(path)
    assert loaded.coaching.nudge_daily_cap == 3 and loaded.coaching.forecast_budget == 0.5
    assert caplog.records == []
    assert config_writer.save(path, loaded) == []
    assert path.read_text(encoding="utf-8") == (
        "schema_version = 2\n\n[nudges]  # mine\ndaily_cap = 3\n"
    )
