"""Every setting in config.toml, declared once (after Picard's options.py).

Before this table a setting lived in five places: the dataclass, the parser, the TOML writer,
the coach mapper and the settings form, with its default repeated as literals in each. Now
each `Option` says where it lives in the file (table and key), what it holds and within which
bounds, which unit the file counts in, how the form shows it, and which field of the typed
settings (`config.Settings`) and of the coach's policies it feeds. The parser and writer in
`config`, `coach_settings` (core/coaching/from_settings.py) and the form in desktop/settings.py
are derived from it.

This module sits below every package of core (config imports it; it imports none of them),
so the coaching defaults are written here as numbers. They equal the policies' own
(BreakSettings, NudgeSettings, CheckInSettings, QuietSettings, DriftSettings), which
tests/config/test_options.py::test_coach_settings_carry_every_policy_option checks.

Labels are the English source text; the form translates them (context "SettingsWindow").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Kind(StrEnum):
    """What a value is in the file, which decides its check, its TOML form and its widget."""

    BOOL = "bool"
    NUMBER = "number"  # a float (an integer in the file is fine)
    INTEGER = "integer"  # a whole number (a float in the file is cut, as before)
    CHOICE = "choice"  # one of `choices`
    CLOCK = "clock"  # "HH:MM", local time
    WEEKLY = "weekly"  # "Fri 17:00" or "" (core.reports.schedule)
    PATHS = "paths"  # a list of file paths
    RULES = "rules"  # a list of {app = regex, title = regex}


class Tab(StrEnum):
    """The settings form's pages; options without one are kept in the file only."""

    NONE = ""
    GENERAL = "General"
    COACHING = "Breaks and nudges"
    CALENDARS = "Calendars"
    PRIVACY = "Privacy"


@dataclass(frozen=True, slots=True)
class Option:
    """One setting: `[section] key` in config.toml and `settings.<field>` in Python."""

    section: str
    key: str
    kind: Kind
    default: Any
    #: "group.attribute" in config.Settings (`coaching.micro_interval_s`).
    field: str
    lo: float | None = None
    hi: float | None = None
    #: What a number in the file counts ("s" or "min"); the form may show seconds as minutes.
    unit: str = ""
    #: The unit the form prefers when it keeps the value exact ("min" for long intervals).
    show_as: str = ""
    choices: tuple[str, ...] = ()
    tab: Tab = Tab.NONE
    label: str = ""
    #: Shown as the field's tooltip.
    help: str = ""
    #: Shown as a line under the field.
    note: str = ""
    #: "policy.field" in CoachSettings (`breaks.micro_interval_s`), when the coach reads it.
    policy: str = ""

    @property
    def name(self) -> str:
        """The dotted name used in messages and as the form's key (`breaks.postpone_s`)."""
        return f"{self.section}.{self.key}"

    def get(self, settings: object) -> Any:
        """This option's typed value in `settings` (a config.Settings: typed as object because
        config imports this module)."""
        group, attr = self.field.split(".")
        return getattr(getattr(settings, group), attr)


DAY_S = 86400.0
K = Kind
G, CO, CA, PR = Tab.GENERAL, Tab.COACHING, Tab.CALENDARS, Tab.PRIVACY

#: The weeks people work: Monday to Friday, Sunday to Thursday (much of the Middle East),
#: Saturday to Wednesday, Monday to Saturday, or every day.
WORKDAY_CHOICES = ("mon-fri", "sun-thu", "sat-wed", "mon-sat", "every-day")

#: The exclusions a new config.toml starts with (config_writer.write_first_run): password
#: managers by their application name, private and incognito browser windows by their title.
SUGGESTED_EXCLUSIONS: tuple[dict[str, str], ...] = (
    {"app": "keepass|1password|bitwarden|enpass|lastpass|seahorse|kwalletmanager"},
    {"title": "private browsing|incognito|inprivate"},
)

#: Every setting, in the order config.toml is written and the form shows them.
# fmt: off
OPTIONS: tuple[Option, ...] = (
    Option("app", "language", K.CHOICE, "system", "app.language", choices=("system", "en", "zh_CN"), tab=G, label="Language:", note="A new language applies when Focus Coach restarts."),
    Option("app", "launch_at_login", K.BOOL, False, "app.launch_at_login", tab=G, label="Start Focus Coach when I log in"),
    Option("app", "review_notify_at", K.WEEKLY, "Fri 17:00", "app.review_notify_at", help="When the app offers the weekly review (local time); empty: never."),
    # The end-of-day summary (core/coaching/daily_summary.py): off unless the user asks for it.
    Option("app", "daily_summary", K.BOOL, False, "app.daily_summary", tab=G, label="Sum up my day when the working day ends", help="A notification at the end of your working hours (on your working days, or a day with a plan): time focused, the longest focused stretch and tomorrow's first block."),
    Option("recording", "poll_interval", K.NUMBER, 1.0, "recording.poll_interval", 0.1, 60.0, "s"),
    Option("recording", "input_interval", K.NUMBER, 5.0, "recording.input_interval", 1.0, 300.0, "s"),
    Option("recording", "afk_timeout", K.NUMBER, 180.0, "recording.afk_timeout", 10.0, DAY_S, "s"),
    Option("privacy", "record_titles", K.BOOL, True, "recording.record_titles", tab=PR, label="Record window titles (not only application names)"),
    # Titles longer than this are cut (with an ellipsis); kept generous for browser tabs.
    Option("privacy", "max_title_length", K.INTEGER, 1000, "recording.max_title_length", 1000, 100_000),
    Option("privacy", "exclude", K.RULES, (), "recording.exclusions", tab=PR, label="Never record windows matching these rules (regular expressions):", note="A rule matches anywhere in the application's name or the window's title, ignoring case: keepass, or Private Browsing. A window that matches is never recorded."),
    Option("planning", "calendars", K.PATHS, (), "planning.calendars", tab=CA, label="Calendar files (.ics) whose meetings the plan works around:"),
    Option("planning", "day_start", K.CLOCK, "09:00", "planning.day_start", tab=G, label="Working day starts:"),
    Option("planning", "day_end", K.CLOCK, "17:00", "planning.day_end", tab=G, label="Working day ends:"),
    # The week's working days (core/coaching/daily_summary.py WORKDAY_SETS: the same names).
    Option("planning", "workdays", K.CHOICE, "mon-fri", "planning.workdays", choices=WORKDAY_CHOICES, tab=G, label="Working days:"),
    Option("planning", "focus_minutes", K.INTEGER, 50, "planning.focus_minutes", 15, 240, "min", tab=G, label="Focus block length:"),
    Option("planning", "break_minutes", K.INTEGER, 10, "planning.break_minutes", 1, 120, "min", tab=G, label="Planned break length:"),
    Option("breaks", "enabled", K.BOOL, True, "coaching.breaks_enabled", tab=CO, label="Remind me to take breaks", policy="breaks.enabled"),
    Option("breaks", "micro_interval_s", K.NUMBER, 20 * 60.0, "coaching.micro_interval_s", 5, DAY_S, "s", "min", tab=CO, label="Micro break every:", policy="breaks.micro_interval_s"),
    Option("breaks", "micro_duration_s", K.NUMBER, 20.0, "coaching.micro_duration_s", 5, 3600, "s", tab=CO, label="Micro break length:", policy="breaks.micro_duration_s"),
    Option("breaks", "long_interval_s", K.NUMBER, 50 * 60.0, "coaching.long_interval_s", 5, DAY_S, "s", "min", tab=CO, label="Long break every:", policy="breaks.long_interval_s"),
    Option("breaks", "long_duration_s", K.NUMBER, 5 * 60.0, "coaching.long_duration_s", 5, 7200, "s", "min", tab=CO, label="Long break length:", policy="breaks.long_duration_s"),
    Option("breaks", "postpone_s", K.NUMBER, 5 * 60.0, "coaching.postpone_s", 5, 7200, "s", "min", tab=CO, label="Postpone by:", policy="breaks.postpone_s"),
    Option("breaks", "max_postpones", K.INTEGER, 3, "coaching.max_postpones", 0, 20, tab=CO, label="Postpones per reminder:", policy="breaks.max_postpones"),
    Option("breaks", "screen", K.BOOL, False, "coaching.break_screen", tab=CO, label="Show breaks full screen", help="A dark screen over every monitor with the countdown, Postpone (in the break's first 30 %) and Skip; Esc shows the small countdown instead."),
    Option("nudges", "enabled", K.BOOL, True, "coaching.nudges_enabled", tab=CO, label="Nudge me when I drift off", policy="nudges.enabled"),
    Option("nudges", "only_in_focus_blocks", K.BOOL, True, "coaching.nudge_only_in_focus_blocks", tab=CO, label="Only during focus blocks", policy="nudges.only_in_focus_blocks"),
    # Forecast nudges: the threshold is the user's own (core.coaching.forecast), from this budget.
    Option("nudges", "forecast_budget", K.NUMBER, 0.5, "coaching.forecast_budget", 0.0, 6.0, tab=CO, label="Forecast nudges per active hour, at most:", help="The model's threshold is set from your own recent scores so that at most this many forecasts come per active hour (0: none)."),
    Option("nudges", "min_interval_s", K.NUMBER, 10 * 60.0, "coaching.nudge_min_interval_s", 0, DAY_S, "s", "min", tab=CO, label="At least this long between nudges:", policy="nudges.min_interval_s"),
    Option("nudges", "daily_cap", K.INTEGER, 8, "coaching.nudge_daily_cap", 0, 1000, tab=CO, label="At most this many nudges a day:", policy="nudges.daily_cap"),
    Option("nudges", "snooze_s", K.NUMBER, 10 * 60.0, "coaching.snooze_s", 5, DAY_S, "s", "min", policy="nudges.snooze_s"),
    # The drift nudge (core.coaching.drift): a rule, shown with the facts, in focus blocks.
    Option("nudges", "drift_enabled", K.BOOL, True, "coaching.drift_enabled", tab=CO, label="Nudge me after a while in distracting windows during focus", policy="drift.enabled"),
    Option("nudges", "drift_after_s", K.NUMBER, 2 * 60.0, "coaching.drift_after_s", 10, 4 * 3600, "s", "min", tab=CO, label="Distracting time before that nudge:", policy="drift.after_s"),
    Option("checkins", "enabled", K.BOOL, True, "coaching.checkins_enabled", tab=CO, label="Ask how I feel now and then", policy="checkins.enabled"),
    Option("checkins", "interval_s", K.NUMBER, 60 * 60.0, "coaching.checkin_interval_s", 60, DAY_S, "s", "min", tab=CO, label="Mood check-in about every:", policy="checkins.interval_s"),
    # One interruption at a time (core.coaching.quiet): calm after each, how long an unanswered
    # notice holds the others back, no check-in this soon after a break.
    Option("quiet", "calm_gap_s", K.NUMBER, 2 * 60.0, "coaching.calm_gap_s", 0, 3600, "s", policy="quiet.calm_gap_s"),
    Option("quiet", "notice_timeout_s", K.NUMBER, 4 * 60.0, "coaching.notice_timeout_s", 0, 3600, "s", policy="quiet.notice_timeout_s"),
    Option("quiet", "checkin_after_break_s", K.NUMBER, 5 * 60.0, "coaching.checkin_after_break_s", 0, 3600, "s", policy="quiet.checkin_after_break_s"),
    # What else means "in a call" (core.quiet) besides a camera or microphone in use: windows the
    # user names as meetings, and which device files are cameras (tests point it at a temp file).
    Option("quiet", "meetings", K.RULES, (), "coaching.meeting_rules", tab=CO, label="Treat these windows as meetings: no reminders while one has focus (regular expressions):", help="For example the application zoom or teams, or meet\\.google\\.com in a title."),
    Option("quiet", "camera_devices", K.PATHS, (Path("/dev/video*"),), "coaching.camera_devices", help="Device files (globs) whose use by another program means a call."),
    # How often the detector scores the recent activity while the app runs.
    Option("detector", "interval_s", K.NUMBER, 30.0, "coaching.detector_interval_s", 1, 3600, "s"),
    # Seconds between the coach's periodic re-evaluations.
    Option("detector", "tick_s", K.NUMBER, 15.0, "coaching.tick_s", 1, 300, "s"),
)
# fmt: on

BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}
BY_FIELD: dict[str, Option] = {o.field: o for o in OPTIONS}
#: The tables of config.toml, in the order they are written.
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(o.section for o in OPTIONS))


def in_section(section: str) -> Iterator[Option]:
    return (o for o in OPTIONS if o.section == section)


def default(field: str) -> Any:
    """The default of the option behind `config.Settings.<field>` (for the dataclasses)."""
    return BY_FIELD[field].default
