"""Typed settings read from config.toml.

The file is optional: a missing file means the defaults. It carries `schema_version`; older
versions are upgraded in memory by the functions in MIGRATIONS, a newer one is refused rather
than half-understood. Every error names the file and the setting.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

# version N -> function turning a version-N mapping into a version N+1 mapping.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

# Titles longer than this are cut (with an ellipsis); kept generous for browser tabs.
DEFAULT_MAX_TITLE_LENGTH = 1000


class ConfigError(ValueError):
    """The settings file cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class ExclusionRule:
    """A window matching this is never written to the database (password managers...)."""

    app: re.Pattern[str] | None = None
    title: re.Pattern[str] | None = None

    def matches(self, app: str, title: str) -> bool:
        if self.app is None and self.title is None:
            return False
        if self.app is not None and not self.app.search(app):
            return False
        return not (self.title is not None and not self.title.search(title))


@dataclass(frozen=True, slots=True)
class RecordingSettings:
    poll_interval: float = 1.0
    input_interval: float = 5.0
    afk_timeout: float = 180.0
    record_titles: bool = True
    max_title_length: int = DEFAULT_MAX_TITLE_LENGTH
    exclusions: tuple[ExclusionRule, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanningSettings:
    """What `plan` and the coach read: calendars, the working day and the block rhythm."""

    calendars: tuple[Path, ...] = ()
    day_start: str = "09:00"  # local time, HH:MM
    day_end: str = "17:00"
    focus_minutes: int = 50
    break_minutes: int = 10


@dataclass(frozen=True, slots=True)
class Settings:
    recording: RecordingSettings = field(default_factory=RecordingSettings)
    planning: PlanningSettings = field(default_factory=PlanningSettings)


def load(path: Path) -> Settings:
    """Settings from `path`, or the defaults when it does not exist."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from None
    return parse(raw, source=str(path))


def parse(raw: dict[str, Any], source: str = "settings") -> Settings:
    version = raw.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version < 1:
        raise ConfigError(f"{source}: schema_version must be a positive integer")
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"{source}: schema_version {version} is newer than this Focus Coach understands "
            f"({SCHEMA_VERSION}); upgrade the app"
        )
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    rec = raw.get("recording", {})
    privacy = raw.get("privacy", {})
    if not isinstance(rec, dict) or not isinstance(privacy, dict):
        raise ConfigError(f"{source}: [recording] and [privacy] must be tables")
    recording = RecordingSettings(
        poll_interval=_number(rec, "poll_interval", 1.0, 0.1, 60.0, source),
        input_interval=_number(rec, "input_interval", 5.0, 1.0, 300.0, source),
        afk_timeout=_number(rec, "afk_timeout", 180.0, 10.0, 86400.0, source),
        record_titles=_bool(privacy, "record_titles", True, source),
        max_title_length=int(
            _number(privacy, "max_title_length", DEFAULT_MAX_TITLE_LENGTH, 1000, 100_000, source)
        ),
        exclusions=_exclusions(privacy.get("exclude", []), source),
    )
    return Settings(recording=recording, planning=_planning(raw.get("planning", {}), source))


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _planning(table: Any, src: str) -> PlanningSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{src}: [planning] must be a table")
    calendars = table.get("calendars", [])
    if not isinstance(calendars, list) or not all(isinstance(c, str) for c in calendars):
        raise ConfigError(f"{src}: planning.calendars must be a list of file paths")
    hours = []
    for key, default in (("day_start", "09:00"), ("day_end", "17:00")):
        value = table.get(key, default)
        if not isinstance(value, str) or not _HHMM.match(value):
            raise ConfigError(f"{src}: planning.{key} must be a time like 09:00")
        hours.append(value)
    if hours[0] >= hours[1]:
        raise ConfigError(f"{src}: planning.day_start must come before planning.day_end")
    return PlanningSettings(
        calendars=tuple(Path(c).expanduser() for c in calendars),
        day_start=hours[0],
        day_end=hours[1],
        focus_minutes=int(_number(table, "focus_minutes", 50, 15, 240, src)),
        break_minutes=int(_number(table, "break_minutes", 10, 1, 120, src)),
    )


def _number(
    table: dict[str, Any], key: str, default: float, lo: float, hi: float, src: str
) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise ConfigError(f"{src}: {key} must be a number between {lo:g} and {hi:g}")
    return float(value)


def _bool(table: dict[str, Any], key: str, default: bool, src: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{src}: {key} must be true or false")
    return value


def _exclusions(items: Any, src: str) -> tuple[ExclusionRule, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"{src}: privacy.exclude must be a list of {{app=..., title=...}}")
    rules = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not ({"app", "title"} & item.keys()):
            raise ConfigError(f"{src}: privacy.exclude[{index}] needs an app or a title regex")
        rules.append(
            ExclusionRule(
                app=_regex(item.get("app"), f"privacy.exclude[{index}].app", src),
                title=_regex(item.get("title"), f"privacy.exclude[{index}].title", src),
            )
        )
    return tuple(rules)


def _regex(value: Any, name: str, src: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{src}: {name} must be a string")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{src}: {name} is not a valid regex: {exc}") from None
