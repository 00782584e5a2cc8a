"""The review's charts as matplotlib Figures: the CLI saves them (Agg, SVG, PDF) and the app
puts the same Figure on a Qt canvas, so both show exactly the same thing.

No pyplot (its global state belongs to nobody). This module lays out the page (one chart, or
every chart with the headline); the charts themselves are core/reports/panels.py and their
look (palette, fonts) core/reports/chart_style.py, whose public names stay importable here.
"""

from __future__ import annotations

import unicodedata

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from focuscoach.core.reports.chart_style import font_families as font_families
from focuscoach.core.reports.chart_style import quiet_missing_glyphs as quiet_missing_glyphs
from focuscoach.core.reports.chart_style import refresh_font_list as refresh_font_list
from focuscoach.core.reports.chart_style import style as style
from focuscoach.core.reports.panels import PANELS as PANELS
from focuscoach.core.reports.panels import draw_panel as draw_panel
from focuscoach.core.reports.panels import empty_axes
from focuscoach.core.reports.summary import (
    EMPTY_MESSAGE,
    WeeklyReport,
    fmt_duration,
    fmt_number,
)


def panel_figure(
    name: str, report: WeeklyReport, width: float = 7.5, height: float = 3.6
) -> Figure:
    """One chart on its own (the HTML export shows them one by one)."""
    with style():
        figure = Figure(figsize=(width, height), layout="constrained")
        draw_panel(name, figure.add_subplot(), report)
    return figure


def headline_text(report: WeeklyReport, width: float = 15.0) -> str:
    """The figures under the page's title, in lines that fit a page `width` inches wide."""
    cur, prev = report.current, report.previous
    before = "same days last week" if report.so_far else "week before"
    parts = [
        f"Focus score {fmt_number(cur.score)} ({before} {fmt_number(prev.score)})",
        f"focused {fmt_duration(cur.focus_s)} of {fmt_duration(cur.active_s)} active "
        f"({before} {fmt_duration(prev.focus_s)} of {fmt_duration(prev.active_s)})",
        f"distraction {fmt_duration(cur.distraction_s)} in {cur.episodes} episodes",
        f"longest focus stretch {fmt_duration(cur.longest_stretch_s)}",
        f"{fmt_number(cur.fragmentation, 1)} window switches per active hour",
        f"times in {report.zone}",
    ]
    room = (width - 0.4) * 72 / (HEADLINE_PT * 0.62)  # characters of an average width
    lines: list[str] = []
    for part in parts:
        if lines and _columns(lines[-1] + " · " + part) <= room:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def _columns(text: str) -> int:
    """Width in average characters: a wide (CJK) character counts twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _measuring_renderer(figure: Figure) -> RendererAgg:
    """A renderer only to measure text with (at the figure's dpi); nothing is drawn on it."""
    return RendererAgg(1, 1, figure.dpi)  # type: ignore[no-untyped-call,unused-ignore]


def _fit_panel(
    figure: Figure, axes: list[Axes], left_in: float, right_in: float, renderer: RendererAgg
) -> None:
    """Move a chart's axes (and its twin) so that its labels, measured as drawn, lie between
    `left_in` and `right_in`: the longest window title and a right-hand axis label are never
    cut, whatever the font."""
    dpi = figure.dpi
    # The y axes (tick labels and label, left and, for a twin, right) are what can stick out;
    # measuring them alone is a fraction of the cost of the whole chart's bounding box.
    boxes = [box for ax in axes if (box := ax.yaxis.get_tightbbox(renderer)) is not None]
    if not boxes:
        return
    place = axes[0].get_position()
    width = figure.get_figwidth()
    inner_left, inner_right = place.x0 * width, place.x1 * width
    need_left = inner_left - min(b.x0 for b in boxes) / dpi
    need_right = max(b.x1 for b in boxes) / dpi - inner_right
    new_left = max(inner_left, left_in + need_left + 0.05)
    new_right = min(inner_right, right_in - need_right - 0.05)
    if (new_left, new_right) == (inner_left, inner_right) or new_right - new_left < 1.0:
        return
    for ax in axes:
        ax.set_position((new_left / width, place.y0, (new_right - new_left) / width, place.height))


# The page is laid out in inches, once, rather than by a layout engine: constrained layout
# measures every label again on each draw and would cost a third of the report's time.
# Left of each chart: room for its labels (the longest are window titles, TITLE_WIDTH long).
LABEL_ROOM_IN = {"categories": 2.0, "apps": 1.6, "titles": 2.9, "tasks": 2.2}
DEFAULT_LABEL_ROOM_IN = 0.85
RIGHT_ROOM_IN = 0.85  # right of each chart: a colour bar or a second axis with its label
HEADER_IN = 1.0  # at least: more when the headline needs more lines
HEADLINE_PT = 11
FOOTER_IN = 0.1
TITLE_ROOM_IN = 0.55
TICK_ROOM_IN = 0.7
PANEL_IN = 3.3  # a chart's height, with its title and ticks
# Charts whose labels vary most (window titles, a second axis): measured and moved to fit.
FITTED_PANELS = ("titles", "apps", "tasks", "categories", "mood")


def composite_figure(report: WeeklyReport, width: float = 15.0, columns: int = 2) -> Figure:
    """Every chart on one page: the PNG export (two columns) and the app (one column)."""
    with style():
        if report.empty:
            figure = Figure(figsize=(width, 3.0), layout="constrained")
            figure.suptitle(f"Focus review — {report.week.label()}", fontsize=15, x=0.02, ha="left")
            ax = figure.add_subplot()
            empty_axes(ax, _empty_text())
            return figure
        rows = -(-len(PANELS) // columns)
        headline = headline_text(report, width)
        header_in = max(HEADER_IN, 0.65 + 0.2 * (headline.count("\n") + 1))
        height = header_in + rows * PANEL_IN + FOOTER_IN
        figure = Figure(figsize=(width, height))
        figure.text(
            0.2 / width,
            1 - 0.15 / height,
            f"Focus review — {report.week.label()}",
            fontsize=15,
            fontweight="bold",
            va="top",
        )
        figure.text(0.2 / width, 1 - 0.5 / height, headline, fontsize=HEADLINE_PT, va="top")
        column_in = width / columns
        renderer = _measuring_renderer(figure)
        for index, (name, _) in enumerate(PANELS):
            row, column = divmod(index, columns)
            room = LABEL_ROOM_IN.get(name, DEFAULT_LABEL_ROOM_IN)
            left = column * column_in + room
            chart_width = column_in - room - RIGHT_ROOM_IN
            bottom = height - header_in - (row + 1) * PANEL_IN + TICK_ROOM_IN
            chart_height = PANEL_IN - TITLE_ROOM_IN - TICK_ROOM_IN
            ax = figure.add_axes(
                (left / width, bottom / height, chart_width / width, chart_height / height)
            )
            before = len(figure.axes)
            draw_panel(name, ax, report)
            if name in FITTED_PANELS:
                panel_axes = [ax, *figure.axes[before:]]
                _fit_panel(
                    figure, panel_axes, column * column_in, (column + 1) * column_in, renderer
                )
    return figure


def _empty_text() -> str:
    words, lines, line = EMPTY_MESSAGE.split(), [], ""
    for word in words:
        if len(line) + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
