"""Typed settings read from config.toml.

The file is optional: a missing file means the defaults. It carries `schema_version`; older
versions are upgraded in memory by the functions in MIGRATIONS, a newer one is refused rather
than half-understood. Every error names the file and the setting, in one line.

A key this version does not know is not an error (a newer app may have written it), but it is
never silent either: a misspelt `exclude` would quietly turn exclusions off. `load` logs one
warning line naming every unknown key and the file. Regexes are compiled by
`focuscoach.core.saferegex` (RE2): a rule can never hang recording on a long title.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from focuscoach.core import saferegex
from focuscoach.core.coaching.breaks import BreakSettings
from focuscoach.core.coaching.checkins import CheckInSettings
from focuscoach.core.coaching.nudges import NudgeSettings

SCHEMA_VERSION = 1

# version N -> function turning a version-N mapping into a version N+1 mapping.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

# Titles longer than this are cut (with an ellipsis); kept generous for browser tabs.
DEFAULT_MAX_TITLE_LENGTH = 1000
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


_BREAKS, _NUDGES, _CHECKINS = BreakSettings(), NudgeSettings(), CheckInSettings()


@dataclass(frozen=True, slots=True)
class CoachingSettings:
    """Break, nudge and check-in rules as the user sets them (seconds; see core.coaching)."""

    # The defaults are the coaching policies' own (one place to change them).
    breaks_enabled: bool = _BREAKS.enabled
    micro_interval_s: float = _BREAKS.micro_interval_s
    micro_duration_s: float = _BREAKS.micro_duration_s
    long_interval_s: float = _BREAKS.long_interval_s
    long_duration_s: float = _BREAKS.long_duration_s
    postpone_s: float = _BREAKS.postpone_s
    max_postpones: int = _BREAKS.max_postpones
    nudges_enabled: bool = _NUDGES.enabled
    nudge_threshold: float = _NUDGES.threshold
    nudge_min_interval_s: float = _NUDGES.min_interval_s
    nudge_daily_cap: int = _NUDGES.daily_cap
    snooze_s: float = _NUDGES.snooze_s
    nudge_only_in_focus_blocks: bool = _NUDGES.only_in_focus_blocks
    checkins_enabled: bool = _CHECKINS.enabled
    checkin_interval_s: float = _CHECKINS.interval_s
    #: How often the detector scores the recent activity while the app runs.
    detector_interval_s: float = 30.0
    #: Seconds between the coach's periodic re-evaluations.
    tick_s: float = 15.0


#: Languages the app ships translations for ("system" follows the locale).
LANGUAGES = ("system", "en", "zh_CN")


@dataclass(frozen=True, slots=True)
class AppSettings:
    language: str = "system"
    launch_at_login: bool = False
    #: When the app offers the weekly review ("Fri 17:00", local time); "" never.
    review_notify_at: str = "Fri 17:00"


@dataclass(frozen=True, slots=True)
class Settings:
    recording: RecordingSettings = field(default_factory=RecordingSettings)
    planning: PlanningSettings = field(default_factory=PlanningSettings)
    coaching: CoachingSettings = field(default_factory=CoachingSettings)
    app: AppSettings = field(default_factory=AppSettings)


def load(path: Path) -> Settings:
    """Settings from `path`, or the defaults when it does not exist."""
    try:
        if not path.is_file():
            if path.exists() or path.is_symlink():
                raise ConfigError(f"{path}: cannot read settings: not a regular file")
            return Settings()
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(f"{path}: cannot read settings: larger than 1 MB")
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read settings: not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {_one_line(str(exc))}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
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


# Every key this version reads, table by table (None: a plain value at the top).
KNOWN_KEYS: dict[str, frozenset[str] | None] = {
    "schema_version": None,
    "recording": frozenset({"poll_interval", "input_interval", "afk_timeout"}),
    "privacy": frozenset({"record_titles", "max_title_length", "exclude"}),
    "planning": frozenset({"calendars", "day_start", "day_end", "focus_minutes", "break_minutes"}),
    "breaks": frozenset(
        {
            "enabled",
            "micro_interval_s",
            "micro_duration_s",
            "long_interval_s",
            "long_duration_s",
            "postpone_s",
            "max_postpones",
        }
    ),
    "nudges": frozenset(
        {"enabled", "threshold", "min_interval_s", "daily_cap", "snooze_s", "only_in_focus_blocks"}
    ),
    "checkins": frozenset({"enabled", "interval_s"}),
    "detector": frozenset({"interval_s", "tick_s"}),
    "app": frozenset({"language", "launch_at_login", "review_notify_at"}),
}
_RULE_KEYS = frozenset({"app", "title"})


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
        rules = value.get("exclude") if key == "privacy" else None
        if isinstance(rules, list):
            for index, rule in enumerate(rules):
                if isinstance(rule, dict):
                    yield from (
                        f"privacy.exclude[{index}].{_show(k)}" for k in rule if k not in _RULE_KEYS
                    )


def _show(key: str) -> str:
    """A key as it can be shown on one line: quoted when it holds anything odd."""
    if key.isprintable() and key.strip() == key and key and len(key) <= 40:
        return key
    return json.dumps(key[:40] + ("…" if len(key) > 40 else ""))


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:197] + "..."


def parse(raw: dict[str, Any], source: str = "settings") -> Settings:
    version = raw.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
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
    return Settings(
        recording=recording,
        planning=_planning(raw.get("planning", {}), source),
        coaching=_coaching(raw, source),
        app=_app(raw.get("app", {}), source),
    )


def _table(raw: dict[str, Any], name: str, src: str) -> dict[str, Any]:
    table = raw.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{src}: [{name}] must be a table")
    return table


def _coaching(raw: dict[str, Any], src: str) -> CoachingSettings:
    breaks = _table(raw, "breaks", src)
    nudges = _table(raw, "nudges", src)
    checkins = _table(raw, "checkins", src)
    detector = _table(raw, "detector", src)
    d = CoachingSettings()
    day = 86400.0
    return CoachingSettings(
        breaks_enabled=_bool(breaks, "enabled", d.breaks_enabled, src),
        micro_interval_s=_number(breaks, "micro_interval_s", d.micro_interval_s, 5, day, src),
        micro_duration_s=_number(breaks, "micro_duration_s", d.micro_duration_s, 5, 3600, src),
        long_interval_s=_number(breaks, "long_interval_s", d.long_interval_s, 5, day, src),
        long_duration_s=_number(breaks, "long_duration_s", d.long_duration_s, 5, 7200, src),
        postpone_s=_number(breaks, "postpone_s", d.postpone_s, 5, 7200, src),
        max_postpones=int(_number(breaks, "max_postpones", d.max_postpones, 0, 20, src)),
        nudges_enabled=_bool(nudges, "enabled", d.nudges_enabled, src),
        nudge_threshold=_number(nudges, "threshold", d.nudge_threshold, 0.0, 1.0, src),
        nudge_min_interval_s=_number(nudges, "min_interval_s", d.nudge_min_interval_s, 0, day, src),
        nudge_daily_cap=int(_number(nudges, "daily_cap", d.nudge_daily_cap, 0, 1000, src)),
        snooze_s=_number(nudges, "snooze_s", d.snooze_s, 5, day, src),
        nudge_only_in_focus_blocks=_bool(
            nudges, "only_in_focus_blocks", d.nudge_only_in_focus_blocks, src
        ),
        checkins_enabled=_bool(checkins, "enabled", d.checkins_enabled, src),
        checkin_interval_s=_number(checkins, "interval_s", d.checkin_interval_s, 60, day, src),
        detector_interval_s=_number(detector, "interval_s", d.detector_interval_s, 1, 3600, src),
        tick_s=_number(detector, "tick_s", d.tick_s, 1, 300, src),
    )


def _app(table: Any, src: str) -> AppSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{src}: [app] must be a table")
    language = table.get("language", "system")
    if language not in LANGUAGES:
        raise ConfigError(f"{src}: app.language must be one of {', '.join(LANGUAGES)}")
    notify_at = table.get("review_notify_at", "Fri 17:00")
    if not isinstance(notify_at, str):
        raise ConfigError(f'{src}: app.review_notify_at must be text like "Fri 17:00"')
    if notify_at:
        from focuscoach.core.reports.schedule import parse_notify_at

        try:
            parse_notify_at(notify_at)
        except ValueError as exc:
            raise ConfigError(f"{src}: app.review_notify_at: {exc}") from None
    return AppSettings(
        language=language,
        launch_at_login=_bool(table, "launch_at_login", False, src),
        review_notify_at=notify_at,
    )


# Writing ---------------------------------------------------------------------------------------


def to_toml(settings: Settings) -> str:
    """The settings as config.toml text; `parse(tomllib.loads(to_toml(s)))` gives `s` back."""
    rec, plan, coach, app = settings.recording, settings.planning, settings.coaching, settings.app
    lines = [
        "# Focus Coach settings (written by the app; comments are not kept).",
        f"schema_version = {SCHEMA_VERSION}",
        "",
        "[app]",
        f"language = {_toml(app.language)}",
        f"launch_at_login = {_toml(app.launch_at_login)}",
        f"review_notify_at = {_toml(app.review_notify_at)}",
        "",
        "[recording]",
        f"poll_interval = {_toml(rec.poll_interval)}",
        f"input_interval = {_toml(rec.input_interval)}",
        f"afk_timeout = {_toml(rec.afk_timeout)}",
        "",
        "[privacy]",
        f"record_titles = {_toml(rec.record_titles)}",
        f"max_title_length = {rec.max_title_length}",
        "exclude = ["
        + ", ".join(
            "{"
            + ", ".join(
                f"{key} = {_toml(rx.pattern)}"
                for key, rx in (("app", rule.app), ("title", rule.title))
                if rx is not None
            )
            + "}"
            for rule in rec.exclusions
        )
        + "]",
        "",
        "[planning]",
        "calendars = [" + ", ".join(_toml(str(c)) for c in plan.calendars) + "]",
        f"day_start = {_toml(plan.day_start)}",
        f"day_end = {_toml(plan.day_end)}",
        f"focus_minutes = {plan.focus_minutes}",
        f"break_minutes = {plan.break_minutes}",
        "",
        "[breaks]",
        f"enabled = {_toml(coach.breaks_enabled)}",
        f"micro_interval_s = {_toml(coach.micro_interval_s)}",
        f"micro_duration_s = {_toml(coach.micro_duration_s)}",
        f"long_interval_s = {_toml(coach.long_interval_s)}",
        f"long_duration_s = {_toml(coach.long_duration_s)}",
        f"postpone_s = {_toml(coach.postpone_s)}",
        f"max_postpones = {coach.max_postpones}",
        "",
        "[nudges]",
        f"enabled = {_toml(coach.nudges_enabled)}",
        f"threshold = {_toml(coach.nudge_threshold)}",
        f"min_interval_s = {_toml(coach.nudge_min_interval_s)}",
        f"daily_cap = {coach.nudge_daily_cap}",
        f"snooze_s = {_toml(coach.snooze_s)}",
        f"only_in_focus_blocks = {_toml(coach.nudge_only_in_focus_blocks)}",
        "",
        "[checkins]",
        f"enabled = {_toml(coach.checkins_enabled)}",
        f"interval_s = {_toml(coach.checkin_interval_s)}",
        "",
        "[detector]",
        f"interval_s = {_toml(coach.detector_interval_s)}",
        f"tick_s = {_toml(coach.tick_s)}",
        "",
    ]
    return "\n".join(lines)


def _toml(value: str | bool | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))
    escaped = "".join(
        {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}.get(ch, ch)
        if ch in '\\"\n\t' or ord(ch) >= 32
        else f"\\u{ord(ch):04x}"
        for ch in value
    )
    return f'"{escaped}"'


def save(path: Path, settings: Settings) -> None:
    """Write atomically (a crash leaves the old file), readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(to_toml(settings), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _planning(table: Any, src: str) -> PlanningSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{src}: [planning] must be a table")
    calendars = table.get("calendars", [])
    if not isinstance(calendars, list) or not all(isinstance(c, str) and c for c in calendars):
        raise ConfigError(f"{src}: planning.calendars must be a list of file paths")
    if any("\x00" in c for c in calendars):
        raise ConfigError(f"{src}: planning.calendars: a file path cannot contain a NUL character")
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


def _regex(value: Any, name: str, src: str) -> saferegex.SafeRegex | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{src}: {name} must be a string")
    try:
        return saferegex.compile_pattern(value, ignore_case=True)
    except saferegex.RegexError as exc:
        raise ConfigError(f"{src}: {name}: {exc}") from None
