"""Typed settings read from config.toml.

The file is optional: a missing file means the defaults. What each setting is (its table and
key, type, bounds and default) is declared once in `focuscoach.core.options`; the parser and
the unknown-key check here, the dataclasses' defaults and the writer are derived from it.

The file carries `schema_version`; older versions are upgraded in memory by the functions in
MIGRATIONS (version N -> N+1), a newer one is refused rather than half-understood. Every error
names the file and the setting, in one line.

A key this version does not know is not an error (a newer app may have written it), but it is
never silent either: a misspelt `exclude` would quietly turn exclusions off. `load` logs one
warning line naming every unknown key and the file. Regexes are compiled by
`focuscoach.core.saferegex` (RE2): a rule can never hang recording on a long title.

Writing the file back is `focuscoach.core.config_writer`.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from focuscoach.core import saferegex
from focuscoach.core.options import BY_NAME, OPTIONS, SECTIONS, Kind, Option, default

SCHEMA_VERSION = 2


def _drop_fixed_threshold(data: dict[str, Any]) -> dict[str, Any]:
    """1 -> 2: `[nudges] threshold` (a fixed 0.7 meant different things per person) is gone;
    the forecast nudge's threshold now comes from the user's own scores and
    `[nudges] forecast_budget` (core.coaching.forecast)."""
    nudges = data.get("nudges")
    if isinstance(nudges, dict) and "threshold" in nudges:
        del nudges["threshold"]
        log.info("settings: [nudges] threshold is no longer used (see forecast_budget)")
    return data


# version N -> function turning a version-N mapping into a version N+1 mapping. A function
# gets a copy (or, when saving, the tomlkit document, which is a dict too) and returns it.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _drop_fixed_threshold}

# Titles longer than this are cut (with an ellipsis); kept generous for browser tabs.
DEFAULT_MAX_TITLE_LENGTH: int = default("recording.max_title_length")
#: A settings file is a few hundred bytes; a larger one is not ours (or not a file at all).
MAX_FILE_BYTES = 1024 * 1024

log = logging.getLogger("focuscoach.config")


class ConfigError(ValueError):
    """The settings file cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class ExclusionRule:
    """A window matching this is never written to the database (password managers...)."""

    app: saferegex.SafeRegex | None = None
    title: saferegex.SafeRegex | None = None

    def matches(self, app: str, title: str) -> bool:
        if self.app is None and self.title is None:
            return False
        if self.app is not None and not self.app.search(app):
            return False
        return not (self.title is not None and not self.title.search(title))


def first_run(path: Path) -> bool:
    """No config.toml yet, not even a dangling link (a dotfile not checked out yet)."""
    return not (path.exists() or path.is_symlink())


# The defaults come from the options table (and through it from the coaching policies).


@dataclass(frozen=True, slots=True)
class RecordingSettings:
    poll_interval: float = default("recording.poll_interval")
    input_interval: float = default("recording.input_interval")
    afk_timeout: float = default("recording.afk_timeout")
    record_titles: bool = default("recording.record_titles")
    max_title_length: int = DEFAULT_MAX_TITLE_LENGTH
    exclusions: tuple[ExclusionRule, ...] = default("recording.exclusions")


@dataclass(frozen=True, slots=True)
class PlanningSettings:
    """What `plan` and the coach read: calendars, the working day and the block rhythm."""

    calendars: tuple[Path, ...] = default("planning.calendars")
    day_start: str = default("planning.day_start")  # local time, HH:MM
    day_end: str = default("planning.day_end")
    #: Which days are working days ("mon-fri", "sun-thu", ...: options.WORKDAY_CHOICES).
    workdays: str = default("planning.workdays")
    focus_minutes: int = default("planning.focus_minutes")
    break_minutes: int = default("planning.break_minutes")


@dataclass(frozen=True, slots=True)
class CoachingSettings:
    """Break, nudge and check-in rules as the user sets them (seconds; see core.coaching)."""

    breaks_enabled: bool = default("coaching.breaks_enabled")
    micro_interval_s: float = default("coaching.micro_interval_s")
    micro_duration_s: float = default("coaching.micro_duration_s")
    long_interval_s: float = default("coaching.long_interval_s")
    long_duration_s: float = default("coaching.long_duration_s")
    postpone_s: float = default("coaching.postpone_s")
    max_postpones: int = default("coaching.max_postpones")
    #: Breaks as a full-screen overlay on every monitor (desktop/break_screen.py).
    break_screen: bool = default("coaching.break_screen")
    nudges_enabled: bool = default("coaching.nudges_enabled")
    forecast_budget: float = default("coaching.forecast_budget")
    nudge_min_interval_s: float = default("coaching.nudge_min_interval_s")
    nudge_daily_cap: int = default("coaching.nudge_daily_cap")
    snooze_s: float = default("coaching.snooze_s")
    nudge_only_in_focus_blocks: bool = default("coaching.nudge_only_in_focus_blocks")
    #: The drift nudge (core.coaching.drift): on, and after how long in distracting windows.
    drift_enabled: bool = default("coaching.drift_enabled")
    drift_after_s: float = default("coaching.drift_after_s")
    checkins_enabled: bool = default("coaching.checkins_enabled")
    checkin_interval_s: float = default("coaching.checkin_interval_s")
    #: The quiet gate (core.coaching.quiet).
    calm_gap_s: float = default("coaching.calm_gap_s")
    notice_timeout_s: float = default("coaching.notice_timeout_s")
    checkin_after_break_s: float = default("coaching.checkin_after_break_s")
    #: Windows that count as a meeting, and the camera devices (core.quiet's call signals).
    meeting_rules: tuple[ExclusionRule, ...] = default("coaching.meeting_rules")
    camera_devices: tuple[Path, ...] = default("coaching.camera_devices")
    #: How often the detector scores the recent activity while the app runs.
    detector_interval_s: float = default("coaching.detector_interval_s")
    #: Seconds between the coach's periodic re-evaluations.
    tick_s: float = default("coaching.tick_s")


#: Languages the app ships translations for ("system" follows the locale).
LANGUAGES: tuple[str, ...] = BY_NAME["app.language"].choices


@dataclass(frozen=True, slots=True)
class AppSettings:
    language: str = default("app.language")
    launch_at_login: bool = default("app.launch_at_login")
    #: When the app offers the weekly review ("Fri 17:00", local time); "" never.
    review_notify_at: str = default("app.review_notify_at")
    #: A notification summing up the day at the end of the working day (off by default).
    daily_summary: bool = default("app.daily_summary")


@dataclass(frozen=True, slots=True)
class Settings:
    recording: RecordingSettings = field(default_factory=RecordingSettings)
    planning: PlanningSettings = field(default_factory=PlanningSettings)
    coaching: CoachingSettings = field(default_factory=CoachingSettings)
    app: AppSettings = field(default_factory=AppSettings)


#: Settings' groups: an option's `field` is "group.attribute".
_GROUPS: dict[str, type[Any]] = {
    "recording": RecordingSettings,
    "planning": PlanningSettings,
    "coaching": CoachingSettings,
    "app": AppSettings,
}


# Reading ---------------------------------------------------------------------------------------


def load(path: Path) -> Settings:
    """Settings from `path`, or the defaults when it does not exist."""
    text = read_text(path)
    if text is None:
        return Settings()
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {one_line(str(exc))}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    raw = migrate(raw, source=str(path))
    settings = parse(raw, source=str(path))
    unknown = unknown_keys(raw)
    if unknown:
        shown = ", ".join(unknown[:5]) + (
            f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        )
        log.warning(
            "%s: ignored unknown setting%s %s (misspelt?)", path, "s" * (len(unknown) > 1), shown
        )
    return settings


def read_text(path: Path) -> str | None:
    """The file's text (at most 1 MB of UTF-8), or None when there is no file."""
    try:
        if not path.is_file():
            if path.exists() or path.is_symlink():
                raise ConfigError(f"{path}: cannot read settings: not a regular file")
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(f"{path}: cannot read settings: larger than 1 MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read settings: not UTF-8 text ({exc.reason})") from None


# Every key this version reads, table by table (None: a plain value at the top).
KNOWN_KEYS: dict[str, frozenset[str] | None] = {"schema_version": None} | {
    section: frozenset(o.key for o in OPTIONS if o.section == section) for section in SECTIONS
}
_RULE_KEYS = frozenset({"app", "title"})
_RULES = tuple((o.section, o.key) for o in OPTIONS if o.kind is Kind.RULES)


def unknown_keys(raw: Mapping[str, Any]) -> list[str]:
    """Dotted names of the keys in a parsed config.toml that this version does not read."""
    return list(_unknown(raw))


def _unknown(raw: Mapping[str, Any]) -> Iterator[str]:
    for key, value in raw.items():
        if key not in KNOWN_KEYS:
            yield _show(key)
            continue
        known = KNOWN_KEYS[key]
        if known is None or not isinstance(value, dict):
            continue
        yield from (f"{key}.{_show(k)}" for k in value if k not in known)
        for section, name in _RULES:
            rules = value.get(name) if key == section else None
            if isinstance(rules, list):
                for index, rule in enumerate(rules):
                    if isinstance(rule, dict):
                        yield from (
                            f"{section}.{name}[{index}].{_show(k)}"
                            for k in rule
                            if k not in _RULE_KEYS
                        )


def _show(key: str) -> str:
    """A key as it can be shown on one line: quoted when it holds anything odd."""
    if key.isprintable() and key.strip() == key and key and len(key) <= 40:
        return key
    return json.dumps(key[:40] + ("…" if len(key) > 40 else ""))


def one_line(text: str) -> str:
    """An error text flattened to one line of at most 200 characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:197] + "..."


def schema_version(raw: Mapping[str, Any], source: str) -> int:
    """The file's schema_version (1 when absent), refused when odd or newer than ours."""
    version = raw.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ConfigError(f"{source}: schema_version must be a positive integer")
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"{source}: schema_version {version} is newer than this Focus Coach understands "
            f"({SCHEMA_VERSION}); upgrade the app"
        )
    return version


def migrate(raw: Mapping[str, Any], source: str = "settings") -> dict[str, Any]:
    """A copy of `raw` upgraded to SCHEMA_VERSION by MIGRATIONS, one version at a time."""
    return upgrade(copy.deepcopy(dict(raw)), schema_version(raw, source), source)


def upgrade(data: dict[str, Any], version: int, source: str) -> dict[str, Any]:
    """`data` (at `version`) through MIGRATIONS up to SCHEMA_VERSION; it may be edited."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ConfigError(f"{source}: cannot upgrade settings from schema_version {version}")
        data = step(data)
        version += 1
    if "schema_version" in data:
        data["schema_version"] = SCHEMA_VERSION
    return data


def parse(raw: Mapping[str, Any], source: str = "settings") -> Settings:
    """Typed settings from config.toml's mapping (migrated first); one-line ConfigError."""
    raw = migrate(raw, source)
    groups: dict[str, dict[str, Any]] = {group: {} for group in _GROUPS}
    for section in SECTIONS:
        table = raw.get(section, {})
        if not isinstance(table, dict):
            if section in ("recording", "privacy"):  # the message these two always had
                raise ConfigError(f"{source}: [recording] and [privacy] must be tables")
            raise ConfigError(f"{source}: [{section}] must be a table")
        for option in OPTIONS:
            if option.section == section:
                group, attr = option.field.split(".")
                if option.key in table:
                    groups[group][attr] = _check(option, table[option.key], source)
                elif option.kind in (Kind.PATHS, Kind.RULES):
                    groups[group][attr] = option.default  # already typed: an empty tuple
                else:
                    groups[group][attr] = _check(option, option.default, source)
    planning = groups["planning"]
    if planning["day_start"] >= planning["day_end"]:
        raise ConfigError(f"{source}: planning.day_start must come before planning.day_end")
    return Settings(**{group: cls(**groups[group]) for group, cls in _GROUPS.items()})


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _check(option: Option, value: Any, src: str) -> Any:
    """`value` from the file as the typed value of `option`, or a one-line ConfigError."""
    name = option.name
    match option.kind:
        case Kind.BOOL:
            if not isinstance(value, bool):
                raise ConfigError(f"{src}: {name} must be true or false")
            return value
        case Kind.NUMBER | Kind.INTEGER:
            lo, hi = option.lo or 0.0, option.hi if option.hi is not None else float("inf")
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not lo <= value <= hi
            ):
                raise ConfigError(f"{src}: {name} must be a number between {lo:g} and {hi:g}")
            return int(value) if option.kind is Kind.INTEGER else float(value)
        case Kind.CHOICE:
            if not isinstance(value, str) or value not in option.choices:
                raise ConfigError(f"{src}: {name} must be one of {', '.join(option.choices)}")
            return value
        case Kind.CLOCK:
            if not isinstance(value, str) or not _HHMM.match(value):
                raise ConfigError(f"{src}: {name} must be a time like 09:00")
            return value
        case Kind.WEEKLY:
            return _weekly(value, name, src)
        case Kind.PATHS:
            return _paths(value, name, src)
        case Kind.RULES:
            return _exclusions(value, name, src)
    raise AssertionError(option.kind)  # pragma: no cover


def _weekly(value: Any, name: str, src: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f'{src}: {name} must be text like "Fri 17:00"')
    if value:
        from focuscoach.core.weekday_time import parse_notify_at

        try:
            parse_notify_at(value)
        except ValueError as exc:
            raise ConfigError(f"{src}: {name}: {exc}") from None
    return value


def _paths(value: Any, name: str, src: str) -> tuple[Path, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) and c for c in value):
        raise ConfigError(f"{src}: {name} must be a list of file paths")
    if any("\x00" in c for c in value):
        raise ConfigError(f"{src}: {name}: a file path cannot contain a NUL character")
    return tuple(Path(c).expanduser() for c in value)


def _exclusions(items: Any, name: str, src: str) -> tuple[ExclusionRule, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"{src}: {name} must be a list of {{app=..., title=...}}")
    rules = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not (_RULE_KEYS & item.keys()):
            raise ConfigError(f"{src}: {name}[{index}] needs an app or a title regex")
        rules.append(
            ExclusionRule(
                app=_regex(item.get("app"), f"{name}[{index}].app", src),
                title=_regex(item.get("title"), f"{name}[{index}].title", src),
            )
        )
    return tuple(rules)


def _regex(value: Any, name: str, src: str) -> saferegex.SafeRegex | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{src}: {name} must be a string")
    try:
        return saferegex.compile_pattern(value, ignore_case=True)
    except saferegex.RegexError as exc:
        raise ConfigError(f"{src}: {name}: {exc}") from None
