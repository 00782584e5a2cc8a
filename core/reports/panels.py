"""The review's eight charts, each drawn on a given matplotlib Axes from a WeeklyReport.

`PANELS` names them with their captions, in the order the page and the HTML export show them;
`draw_panel` draws one. The page around them is core/reports/charts.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from focuscoach.core import i18n
from focuscoach.core.i18n import _
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
BAR_LABEL_PT = 8
MARK_SHIFT = 0.22  # the week before's mark, right of the bar's middle (bar width 0.8)
LABEL_SHIFT = 0.14  # the bar's label, left of it


def _hours(seconds: float) -> float:
    return seconds / 3600


def caption(name: str) -> str:
    """Chart `name`'s caption in the current language."""
    return _(dict(PANELS)[name])


def empty_axes(ax: Axes, text: str | None = None) -> None:
    text = _("no data yet") if text is None else text
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
    labels = [f"{i18n.weekday(d.day)}\n{i18n.day_month(d.day)}" for d in days]
    x = list(range(7))
    focus = [_hours(d.focus_s) for d in days]
    other = [_hours(d.other_s) for d in days]
    distraction = [_hours(d.distraction_s) for d in days]
    ax.bar(x, focus, color=FOCUS_COLOUR, label=_("focused"))
    ax.bar(x, other, bottom=focus, color=OTHER_COLOUR, label=_("other (chat, mail, …)"))
    ax.bar(
        x,
        distraction,
        bottom=[f + o for f, o in zip(focus, other, strict=True)],
        color=DISTRACTION_COLOUR,
        label=_("distraction"),
        hatch="//",
        edgecolor="white",
        linewidth=0,
    )
    # The week before's mark sits in the right half of the bar and the bar's label in the
    # left half, so neither ever hides the other (a mark used to cover the label).
    ax.plot(
        [xi + MARK_SHIFT for xi in x],
        [_hours(d.focus_s) for d in prev],
        linestyle="none",
        marker="D",
        color=BLACK,
        markersize=5,
        label=_("focused, week before"),
    )
    top = max([f + o + s for f, o, s in zip(focus, other, distraction, strict=True)] + [1.0])
    ax.set_ylim(0, top * 1.08)
    inch_per_hour = _axes_height_in(ax) / (top * 1.08)
    for i, d in enumerate(days):
        text = fmt_duration(d.focus_s, short=True)
        # Written inside its bar only where it fits (the table below has every number).
        if focus[i] * inch_per_hour >= _text_length_in(text, BAR_LABEL_PT) + 0.12:
            ax.text(
                i - LABEL_SHIFT,
                focus[i] / 2,
                text,
                ha="center",
                va="center",
                rotation=90,
                fontsize=BAR_LABEL_PT,
                color="white",
            )
    ax.set_xticks(x, labels)
    ax.set_ylabel(_("hours (active, not away)"))
    _legend_below(ax, tick_lines=2, columns=4 if _axes_width_in(ax) >= 5.2 else 2)


def _figure(ax: Axes) -> Figure:
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    return figure


def _axes_height_in(ax: Axes) -> float:
    return float(ax.get_position().height * _figure(ax).get_figheight())


def _axes_width_in(ax: Axes) -> float:
    return float(ax.get_position().width * _figure(ax).get_figwidth())


def _text_length_in(text: str, points: float) -> float:
    """A generous estimate of a line's length: digits and Latin letters ~0.62 em (DejaVu
    Sans), a CJK character 1 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.64 for ch in text)
    return ems * points / 72


def _legend_below(ax: Axes, *twins: Axes, tick_lines: int = 1, columns: int = 4) -> None:
    """The legend (of `ax` and its twins) under the x tick labels, outside the plot, where it
    can cover no bar, mark or line (inside, it used to hide the mood chart's bars).

    Placed in points below the axes, so it keeps its distance at any axes height."""
    handles, labels = ax.get_legend_handles_labels()
    for twin in twins:
        more = twin.get_legend_handles_labels()
        handles += more[0]
        labels += more[1]
    below = offset_copy(ax.transAxes, fig=_figure(ax), y=-(10 + 12 * tick_lines), units="points")
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=below,
        ncols=columns,
        fontsize=8,
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.5,
        columnspacing=1.2,
    )


def draw_heatmap(ax: Axes, report: WeeklyReport) -> None:
    grid = [[s / 60 for s in row] for row in report.current.heatmap]
    image = ax.imshow(grid, aspect="auto", cmap=HEATMAP, vmin=0, vmax=60, interpolation="nearest")
    ax.set_yticks(range(7), [i18n.weekday(d.day) for d in report.current.days])
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    ax.set_xlabel(_("hour of the day (local time)"))
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label(_("focused minutes in the hour"))


def _barh(
    ax: Axes, labels: list[str], seconds: list[float], colours: list[str] | str, unit: str = "h"
) -> None:
    y = list(range(len(labels)))[::-1]
    values = [_hours(s) for s in seconds]
    ax.barh(y, values, color=colours)
    ax.set_yticks(y, labels, **font_for(labels))
    ax.set_xlabel(_("hours") if unit == "h" else unit)
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
    _barh(ax, [i18n.category_name(name) for name, _ in items], [s for _, s in items], colours)


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


def draw_mood(ax: Axes, report: WeeklyReport) -> str:
    cur = report.current
    if not cur.has_mood:
        empty_axes(ax, _("mood check-ins: no data yet"))
        return ""
    x = list(range(7))
    ax.bar(x, [_hours(d.focus_s) for d in cur.days], color=SKY_BLUE, label=_("focused hours"))
    ax.set_ylabel(_("focused hours"))
    ax.set_xticks(x, [i18n.weekday(d.day) for d in cur.days])
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
            label=_(label),
            linewidth=2,
        )
    right.set_ylim(0.5, 5.5)
    right.set_yticks([1, 2, 3, 4, 5])
    right.set_ylabel(_("check-in (1 low – 5 high)"))
    _legend_below(ax, right, tick_lines=1, columns=3)
    mf, ef = cur.mood_focus, cur.energy_focus
    return _("r with focused hours: mood {mood} ({m} days), energy {energy} ({e} days)").format(
        mood=_r(mf.r), m=mf.n, energy=_r(ef.r), e=ef.n
    )


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def draw_tasks(ax: Axes, report: WeeklyReport) -> None:
    tasks = (report.current.tasks or [])[:8]
    if not tasks:
        empty_axes(ax, _("tasks: no data yet"))
        return
    y = list(range(len(tasks)))[::-1]
    height = 0.38
    ax.barh(
        [v + height / 2 for v in y],
        [_hours(t.planned_s) for t in tasks],
        height=height,
        color=SKY_BLUE,
        label=_("planned"),
    )
    ax.barh(
        [v - height / 2 for v in y],
        [_hours(t.actual_s) for t in tasks],
        height=height,
        color=BLUE,
        label=_("actual"),
    )
    names = [_shorten(("✓ " if t.done else "") + t.title, 30) for t in tasks]
    ax.set_yticks(y, names, **font_for(names))
    ax.set_xlabel(_("hours"))
    # Above the plot at the right, level with the left-aligned title: inside, it covered bars.
    ax.legend(
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=2,
        fontsize=8,
        frameon=False,
        borderaxespad=0.2,
    )


def draw_coach(ax: Axes, report: WeeklyReport) -> str:
    cur = report.current
    if cur.breaks is None and cur.nudges is None:
        empty_axes(ax, _("breaks and nudges: no data yet"))
        return ""
    labels: list[str] = []
    values: list[int] = []
    colours: list[str] = []
    if cur.breaks is not None:
        labels += [_("breaks\ntaken"), _("breaks\npostponed"), _("breaks\nskipped")]
        values += [cur.breaks.taken, cur.breaks.postponed, cur.breaks.skipped]
        colours += [GREEN, ORANGE, VERMILLION]
    subtitle = ""
    if cur.nudges is not None:
        distracted = cur.nudges.answered - cur.nudges.not_distracted
        labels += [_("nudges\nshown"), _("“was\ndistracted”"), _("“wasn't\ndistracted”")]
        values += [cur.nudges.shown, distracted, cur.nudges.not_distracted]
        colours += [SKY_BLUE, BLUE, PURPLE]
        subtitle = _("false-alarm rate {rate}").format(
            rate=fmt_percent(cur.nudges.false_alarm_rate)
        )
    x = list(range(len(values)))
    ax.bar(x, values, color=colours)
    for xi, value in zip(x, values, strict=True):
        ax.text(xi, value, str(value), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylabel(_("count"))
    ax.set_ylim(0, max([*values, 1]) * 1.2)
    return subtitle


DRAW: dict[str, Callable[[Axes, WeeklyReport], str | None]] = {
    "daily": draw_daily,
    "heatmap": draw_heatmap,
    "categories": draw_categories,
    "apps": draw_apps,
    "titles": draw_titles,
    "mood": draw_mood,
    "tasks": draw_tasks,
    "coach": draw_coach,
}


def draw_panel(name: str, ax: Axes, report: WeeklyReport, titled: bool = True) -> None:
    """Draw chart `name` on `ax`, with its caption as its title unless `titled` is False
    (the HTML export captions each chart itself: the title would show twice); a chart's
    second line (the mood chart's correlations, the false-alarm rate) stays either way."""
    title = caption(name)
    subtitle = DRAW[name](ax, report)
    # At the axes' top (y=1, where matplotlib would leave it: no chart has x tick labels on
    # top or a y-axis offset text under its title), placed once: left to matplotlib, each draw
    # measured every chart's y axis again (tick labels and all) to decide to leave it there.
    if titled and subtitle:
        ax.set_title(f"{title}\n{subtitle}", fontsize=10, y=1.0)
    elif titled:
        ax.set_title(title, y=1.0)
    elif subtitle:
        ax.set_title(subtitle, fontsize=9.5, fontweight="normal", y=1.0)
