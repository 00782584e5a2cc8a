"""The review's numbers as text: durations, counts, shares, days and weeks, in the current
language's units and forms (core/i18n.py). English stays exactly as it was ('3 h 05 min')."""

from __future__ import annotations

from datetime import date

from focuscoach.core import i18n
from focuscoach.core.reports.week import Week


def fmt_duration(seconds: float | None, short: bool = False) -> str:
    """'3 h 05 min', '45 min', '0 min' (short: '3h 05m'), in the language's units; minutes
    are rounded."""
    if seconds is None:
        return "–"
    return i18n.duration(round(seconds / 60), short)


def day_label(day: date) -> str:
    """'Mon 08 Jan' / '周一 1月8日' (a table's day)."""
    if i18n.current() == "en":
        return f"{day:%a %d %b}"
    return f"{i18n.weekday(day)} {i18n.day_month(day)}"


def week_label(week: Week) -> str:
    """'Week 15, 2026 (6 Apr – 12 Apr 2026)' / '2026年第15周（4月6日–4月12日）'."""
    if i18n.current() == "en":
        return week.label()
    first, last = week.days[0], week.days[-1]
    return f"{week.year}年第{week.week}周（{i18n.day_month(first)}–{i18n.day_month(last)}）"


def fmt_number(value: float | None, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}{unit}"


def fmt_percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"
