"""The review's eight charts, each drawn on a given matplotlib Axes from a WeeklyReport.

`PANELS` names them with their captions, in the order the page and the HTML export show them;
`draw_panel` draws one. The page around them is core/reports/charts.py.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes

from focuscoach.core.reports.chart_style import (
    BLACK,
    BLUE,
    DISTRACTION_COLOUR,
    FOCUS_COLOUR,
    GREEN,
    GREY,
    HEATMAP,
    ORANGE,
    OTHER_COLOUR,
    PURPLE,
    SKY_BLUE,
    VERMILLION,
    font_for,
)
from focuscoach.core.reports.summary import (
    NO_DATA,
    WeeklyReport,
    fmt_duration,
    fmt_percent,
)

PANELS: tuple[tuple[str, str], ...] = (
    ("daily", "Focused time per day"),
    ("heatmap", "When you focused (hour × weekday)"),
    ("categories", "Time by category"),
    ("apps", "Top apps"),
    ("titles", "Top windows"),
    ("mood", "Mood and energy against focus"),
    ("tasks", "Tasks: planned and actual"),
    ("coach", "Breaks and nudges"),
)

TITLE_WIDTH = 42


def _hours(seconds: float) -> float:
    return seconds / 3600


def empty_axes(ax: Axes, text: str = NO_DATA) -> None:
    ax.text(
        0.5,
        0.5,
        text[:1].upper() + text[1:],
        ha="center",
        va="center",
        color=GREY,
        transform=ax.transAxes,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _shorten(text: str, width: int = TITLE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def draw_daily(ax: Axes, report: WeeklyReport) -> None:
    days, prev = report.current.days, report.previous.days
    labels = [f"{d.day:%a}\n{d.day.day} {d.day:%b}" for d in days]
    x = list(range(7))
    focus = [_hours(d.focus_s) for d in days]
    other = [_hours(d.other_s) for d in days]
    distraction = [_hours(d.distraction_s) for d in days]
    ax.bar(x, focus, color=FOCUS_COLOUR, label="focused")
    ax.bar(x, other, bottom=focus, color=OTHER_COLOUR, label="other (chat, mail, …)")
    ax.bar(
        x,
        distraction,
        bottom=[f + o for f, o in zip(focus, other, strict=True)],
        color=DISTRACTION_COLOUR,
        label="distraction",
        hatch="//",
        edgecolor="white",
        linewidth=0,
    )
    ax.plot(
        x,
        [_hours(d.focus_s) for d in prev],
        linestyle="none",
        marker="D",
        color=BLACK,
        markersize=5,
        label="focused, week before",
    )
    for i, d in enumerate(days):
        if focus[i] >= 0.8:  # the focused time, written inside its bar when it fits
            ax.text(
                i,
                focus[i] / 2,
                fmt_duration(d.focus_s).replace(" min", "m").replace(" h ", "h "),
                ha="center",
                va="center",
                rotation=90,
                fontsize=8,
                color="white",
            )
    ax.set_xticks(x, labels)
    ax.set_ylabel("hours (active, not away)")
    top = max([f + o + s for f, o, s in zip(focus, other, distraction, strict=True)] + [1.0])
    ax.set_ylim(0, top * 1.4)  # room for the legend above the bars
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncols=2)


def draw_heatmap(ax: Axes, report: WeeklyReport) -> None:
    grid = [[s / 60 for s in row] for row in report.current.heatmap]
    image = ax.imshow(grid, aspect="auto", cmap=HEATMAP, vmin=0, vmax=60, interpolation="nearest")
    ax.set_yticks(range(7), [f"{d.day:%a}" for d in report.current.days])
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    ax.set_xlabel("hour of the day (local time)")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label("focused minutes in the hour")


def _barh(
    ax: Axes, labels: list[str], seconds: list[float], colours: list[str] | str, unit: str = "h"
) -> None:
    y = list(range(len(labels)))[::-1]
    values = [_hours(s) for s in seconds]
    ax.barh(y, values, color=colours)
    ax.set_yticks(y, labels, **font_for(labels))
    ax.set_xlabel("hours" if unit == "h" else unit)
    peak = max([*values, 0.1])
    for yi, value, s in zip(y, values, seconds, strict=True):
        ax.text(value + peak * 0.01, yi, fmt_duration(s), va="center", fontsize=8)
    ax.set_xlim(0, peak * 1.25)


def draw_categories(ax: Axes, report: WeeklyReport) -> None:
    items = report.current.categories[:8]
    if not items:
        empty_axes(ax)
        return
    colours = [
        DISTRACTION_COLOUR
        if name.startswith("Distracting")
        else FOCUS_COLOUR
        if name.startswith("Work")
        else OTHER_COLOUR
        for name, _ in items
    ]
    _barh(ax, [name for name, _ in items], [s for _, s in items], colours)


def draw_apps(ax: Axes, report: WeeklyReport) -> None:
    items = report.current.apps[:8]
    if not items:
        empty_axes(ax)
        return
    _barh(ax, [_shorten(a, 24) for a, _ in items], [s for _, s in items], SKY_BLUE)


def draw_titles(ax: Axes, report: WeeklyReport) -> None:
    items = report.current.titles[:8]
    if not items:
        empty_axes(ax)
        return
    _barh(ax, [_shorten(t or a) for a, t, _ in items], [s for _, _, s in items], GREEN)


def draw_mood(ax: Axes, report: WeeklyReport) -> None:
    cur = report.current
    if not cur.has_mood:
        empty_axes(ax, f"mood check-ins: {NO_DATA}")
        return
    x = list(range(7))
    ax.bar(x, [_hours(d.focus_s) for d in cur.days], color=SKY_BLUE, label="focused hours")
    ax.set_ylabel("focused hours")
    ax.set_xticks(x, [f"{d.day:%a}" for d in cur.days])
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    for attr, colour, marker, label in (
        ("mood", PURPLE, "o", "mood"),
        ("energy", GREEN, "s", "energy"),
    ):
        right.plot(
            x,
            [getattr(d, attr) if getattr(d, attr) is not None else float("nan") for d in cur.days],
            color=colour,
            marker=marker,
            label=label,
            linewidth=2,
        )
    right.set_ylim(0.5, 5.5)
    right.set_yticks([1, 2, 3, 4, 5])
    right.set_ylabel("check-in (1 low – 5 high)")
    mf, ef = cur.mood_focus, cur.energy_focus
    ax.set_title(
        f"Mood and energy against focus\nr with focused hours: mood {_r(mf.r)} ({mf.n} days), "
        f"energy {_r(ef.r)} ({ef.n} days)",
        fontsize=10,
    )
    handles = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(
        handles[0] + more[0], handles[1] + more[1], loc="upper left", fontsize=8, frameon=False
    )


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def draw_tasks(ax: Axes, report: WeeklyReport) -> None:
    tasks = (report.current.tasks or [])[:8]
    if not tasks:
        empty_axes(ax, f"tasks: {NO_DATA}")
        return
    y = list(range(len(tasks)))[::-1]
    height = 0.38
    ax.barh(
        [v + height / 2 for v in y],
        [_hours(t.planned_s) for t in tasks],
        height=height,
        color=SKY_BLUE,
        label="planned",
    )
    ax.barh(
        [v - height / 2 for v in y],
        [_hours(t.actual_s) for t in tasks],
        height=height,
        color=BLUE,
        label="actual",
    )
    names = [_shorten(("✓ " if t.done else "") + t.title, 30) for t in tasks]
    ax.set_yticks(y, names, **font_for(names))
    ax.set_xlabel("hours")
    ax.legend(loc="lower right", fontsize=8, frameon=False)


def draw_coach(ax: Axes, report: WeeklyReport) -> None:
    cur = report.current
    if cur.breaks is None and cur.nudges is None:
        empty_axes(ax, f"breaks and nudges: {NO_DATA}")
        return
    labels: list[str] = []
    values: list[int] = []
    colours: list[str] = []
    if cur.breaks is not None:
        labels += ["breaks\ntaken", "breaks\npostponed", "breaks\nskipped"]
        values += [cur.breaks.taken, cur.breaks.postponed, cur.breaks.skipped]
        colours += [GREEN, ORANGE, VERMILLION]
    title = "Breaks and nudges"
    if cur.nudges is not None:
        distracted = cur.nudges.answered - cur.nudges.not_distracted
        labels += ["nudges\nshown", "“was\ndistracted”", "“wasn't\ndistracted”"]
        values += [cur.nudges.shown, distracted, cur.nudges.not_distracted]
        colours += [SKY_BLUE, BLUE, PURPLE]
        title += f"\nfalse-alarm rate {fmt_percent(cur.nudges.false_alarm_rate)}"
    x = list(range(len(values)))
    ax.bar(x, values, color=colours)
    for xi, value in zip(x, values, strict=True):
        ax.text(xi, value, str(value), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylabel("count")
    ax.set_ylim(0, max([*values, 1]) * 1.2)
    ax.set_title(title, fontsize=10)


DRAW: dict[str, Callable[[Axes, WeeklyReport], None]] = {
    "daily": draw_daily,
    "heatmap": draw_heatmap,
    "categories": draw_categories,
    "apps": draw_apps,
    "titles": draw_titles,
    "mood": draw_mood,
    "tasks": draw_tasks,
    "coach": draw_coach,
}


def draw_panel(name: str, ax: Axes, report: WeeklyReport) -> None:
    title = dict(PANELS)[name]
    ax.set_title(title)
    DRAW[name](ax, report)
