"""The week's statistics as JSON: the same figures as the charts and tables of the report,
for scripts and other tools (`focuscoach report --out week.json`).

Pure data: no matplotlib on this path (it is most of a PNG report's time). Durations are
seconds, shares are fractions (0–1), days are ISO dates in the report's zone; a figure that
cannot be computed (no activity, fewer than 3 days for a correlation) is null.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from focuscoach.core import i18n
from focuscoach.core.reports.stats import SCORE_DEFINITION, WeekStats
from focuscoach.core.reports.summary import WeeklyReport, headlines

#: Bumped when a key changes meaning or goes away (new keys do not bump it).
SCHEMA_VERSION = 1


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def week_json(stats: WeekStats) -> dict[str, Any]:
    """One week's figures (the report's week, or the week before for comparison)."""
    return {
        "week": str(stats.week),
        "score": _round(stats.score),
        "active_s": _round(stats.active_s),
        "focus_s": _round(stats.focus_s),
        "other_s": _round(stats.other_s),
        "distraction_s": _round(stats.distraction_s),
        "distraction_episodes": stats.episodes,
        "longest_focus_stretch_s": _round(stats.longest_stretch_s),
        "window_switches": stats.switches,
        "switches_per_active_hour": _round(stats.fragmentation, 2),
        "days": [
            {
                "date": d.day.isoformat(),
                "score": _round(d.score),
                "active_s": _round(d.active_s),
                "focus_s": _round(d.focus_s),
                "other_s": _round(d.other_s),
                "distraction_s": _round(d.distraction_s),
                "deep_focus_s": _round(d.deep_focus_s),
                "distraction_episodes": d.episodes,
                "longest_focus_stretch_s": _round(d.longest_stretch_s),
                "window_switches": d.switches,
                "switches_per_active_hour": _round(d.fragmentation, 2),
                "mood": _round(d.mood, 2),
                "energy": _round(d.energy, 2),
            }
            for d in stats.days
        ],
        # [weekday 0 = Monday][hour 0-23]: focused seconds, as the heat map shows them.
        "focus_by_hour": [[_round(s) for s in row] for row in stats.heatmap],
        "categories": [{"category": n, "active_s": _round(s)} for n, s in stats.categories],
        "apps": [{"app": a, "active_s": _round(s)} for a, s in stats.apps],
        "windows": [{"app": a, "title": t, "active_s": _round(s)} for a, t, s in stats.titles],
        "mood_focus_correlation": {"r": _round(stats.mood_focus.r, 3), "days": stats.mood_focus.n},
        "energy_focus_correlation": {
            "r": _round(stats.energy_focus.r, 3),
            "days": stats.energy_focus.n,
        },
        "tasks": None
        if stats.tasks is None
        else [
            {
                "id": t.id,
                "title": t.title,
                "planned_s": _round(t.planned_s),
                "actual_s": _round(t.actual_s),
                "estimate_s": _round(t.estimate_s),
                "done": t.done,
            }
            for t in stats.tasks
        ],
        "breaks": None
        if stats.breaks is None
        else {
            "taken": stats.breaks.taken,
            "postponed": stats.breaks.postponed,
            "skipped": stats.breaks.skipped,
        },
        "nudges": None
        if stats.nudges is None
        else {
            "shown": stats.nudges.shown,
            "answered": stats.nudges.answered,
            "not_distracted": stats.nudges.not_distracted,
            "false_alarm_rate": _round(stats.nudges.false_alarm_rate, 3),
        },
        "detector_checks": stats.predictions,
        "detector_alerts": stats.alerts,
    }


def report_json(report: WeeklyReport) -> dict[str, Any]:
    """The whole report: this week, the week before (the same days only, for a week in
    progress), the headline comparison as the tables show it, and the score's definition."""

    def iso(moment: float | None) -> str | None:
        if moment is None:
            return None
        return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")

    return {
        "schema": SCHEMA_VERSION,
        "week": str(report.week),
        "label": report.week.label(),
        "zone": report.zone,
        "generated_at": iso(report.generated_at),
        "so_far": report.so_far,
        "until": iso(report.until),
        "days_begun": report.days_begun,
        "empty": report.empty,
        "score_definition": SCORE_DEFINITION,
        "headline": [
            {
                "label": h.label,
                "value": _round(h.value, 3),
                "previous": _round(h.previous, 3),
                "text": h.text,
                "previous_text": h.previous_text,
                "change": h.change,
            }
            for h in headlines(report)
        ],
        "current": week_json(report.current),
        "previous": week_json(report.previous),
    }


def render_json(report: WeeklyReport) -> bytes:
    """Always English (its labels and the headline's texts), whatever the report's language:
    scripts read it."""
    with i18n.language("en"):
        data = report_json(report)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
