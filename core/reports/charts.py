"""The review's charts as matplotlib Figures: the CLI saves them (Agg, SVG, PDF) and the app
puts the same Figure on a Qt canvas, so both show exactly the same thing.

No pyplot (its global state belongs to nobody). This module lays out the page (one chart, or
every chart with the headline); the charts themselves are core/reports/panels.py and their
look (palette, fonts) core/reports/chart_style.py, whose public names stay importable here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

from focuscoach.core.i18n import _
from focuscoach.core.reports.chart_style import FOCUS_COLOUR
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
    score_definition,
    week_label,
)


def panel_figure(
    name: str, report: WeeklyReport, width: float = 7.5, height: float = 3.6, titled: bool = True
) -> Figure:
    """One chart on its own (the HTML export shows them one by one, each under its caption:
    there it is drawn with `titled` False, so its title is not shown twice)."""
    with style():
        figure = Figure(figsize=(width, height))
        renderer = _measuring_renderer(figure)
        _place_panel(figure, report, name, Slot(0.0, width, 0.0, height), renderer, titled)
    return figure


def headline_text(report: WeeklyReport, width: float = 15.0) -> str:
    """The figures under the score headline, in lines that fit a page `width` inches wide."""
    cur, prev = report.current, report.previous
    before = _before(report)
    parts = [
        _("focused {focus} of {active} active ({before} {prev_focus} of {prev_active})").format(
            focus=fmt_duration(cur.focus_s),
            active=fmt_duration(cur.active_s),
            before=before,
            prev_focus=fmt_duration(prev.focus_s),
            prev_active=fmt_duration(prev.active_s),
        ),
        _("distraction {time} in {episodes} episodes").format(
            time=fmt_duration(cur.distraction_s), episodes=cur.episodes
        ),
        _("longest focus stretch {time}").format(time=fmt_duration(cur.longest_stretch_s)),
        _("{rate} window switches per active hour").format(rate=fmt_number(cur.fragmentation, 1)),
        _("times in {zone}").format(zone=report.zone),
    ]
    room = (width - 0.4) * 72 / (HEADLINE_PT * 0.62)  # characters of an average width
    lines: list[str] = []
    for part in parts:
        if lines and _columns(lines[-1] + " · " + part) <= room:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def _before(report: WeeklyReport) -> str:
    return _("same days last week") if report.so_far else _("week before")


def score_headline(report: WeeklyReport) -> tuple[str, str, str]:
    """The page's headline: the week's focus score, the week before's, and the score's
    one-line definition (the review window and the HTML show the whole of it)."""
    cur, prev = report.current, report.previous
    return (
        _("Focus score {score}").format(score=fmt_number(cur.score)),
        _("out of 100 ({before} {score})").format(
            before=_before(report), score=fmt_number(prev.score)
        ),
        score_definition().split("\n")[0],
    )


def page_title(report: WeeklyReport) -> str:
    return _("Focus review — {week}").format(week=week_label(report.week))


def _columns(text: str) -> int:
    """Width in average characters: a wide (CJK) character counts twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _measuring_renderer(figure: Figure) -> RendererAgg:
    """The renderer to measure text with: the page's own Agg renderer (at the figure's dpi),
    which saving it as a PNG at that dpi then draws with, so matplotlib's text-size cache
    (kept per renderer) answers again for every label measured here. A Qt canvas or another
    format replaces the canvas later; measuring stays right, only the cache is not shared."""
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)  # type: ignore[no-untyped-call,unused-ignore]
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    renderer: RendererAgg = canvas.get_renderer()  # type: ignore[no-untyped-call,unused-ignore]
    return renderer


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
HEADLINE_PT = 11
TITLE_PT = 15
SCORE_PT = 22
DEFINITION_PT = 9.5
LINE_IN = 0.21  # one line of the headline's figures
SCORE_BASELINE_IN = 0.66  # below the header's top: the title above, the definition below
FIGURES_IN = 1.06  # the week's other figures, under the score's definition
FOOTER_IN = 0.1
TITLE_ROOM_IN = 0.55
TICK_ROOM_IN = 0.75  # tick labels, and a legend below them (the daily and mood charts)
PANEL_IN = 3.3  # a chart's height, with its title and ticks
PAGE_PANEL_IN = 3.2  # the same on a PDF page
PAGE_MARGIN_IN = 0.4
# Charts whose labels vary most (window titles, a second axis): measured and moved to fit.
FITTED_PANELS = ("titles", "apps", "tasks", "categories", "mood")


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one chart goes, in inches: from `left` to `right`, and from `bottom` up to `top`
    (measured from the figure's bottom, as matplotlib does), title and tick labels included."""

    left: float
    right: float
    bottom: float
    top: float


def _place_panel(
    figure: Figure,
    report: WeeklyReport,
    name: str,
    slot: Slot,
    renderer: RendererAgg,
    titled: bool = True,
) -> None:
    width, height = figure.get_figwidth(), figure.get_figheight()
    room = LABEL_ROOM_IN.get(name, DEFAULT_LABEL_ROOM_IN)
    left = slot.left + room
    chart_width = slot.right - slot.left - room - RIGHT_ROOM_IN
    bottom = slot.bottom + TICK_ROOM_IN
    chart_height = slot.top - slot.bottom - TITLE_ROOM_IN - TICK_ROOM_IN
    ax = figure.add_axes(
        (left / width, bottom / height, chart_width / width, chart_height / height)
    )
    before = len(figure.axes)
    draw_panel(name, ax, report, titled)
    axes = [ax, *figure.axes[before:]]
    _pin_empty_labels(axes)
    if name in FITTED_PANELS:
        _fit_panel(figure, axes, slot.left, slot.right, renderer)


def _pin_empty_labels(axes: list[Axes]) -> None:
    """Fix where the axis labels that have no text go (they draw nothing, wherever they are).
    Left to matplotlib, each one is placed clear of its axis's tick labels on every draw
    and measurement: the tick labels are laid out and measured again for a label that never
    shows, and the axes without a label (the bar charts' names, the weekdays, the heatmap's)
    are the ones with the most tick labels."""
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text():
                axis.set_label_coords(0.5, 0.5)


def _draw_header(figure: Figure, report: WeeklyReport, left_in: float, top_in: float) -> float:
    """The page's title, the focus score as its headline with the score's definition, and the
    week's figures, from `top_in` inches below the figure's top; returns the height used."""
    width, height = figure.get_figwidth(), figure.get_figheight()
    usable = width - 2 * left_in

    def y(inches: float) -> float:
        return 1 - (top_in + inches) / height

    figure.text(
        left_in / width,
        y(0.0),
        page_title(report),
        fontsize=TITLE_PT,
        fontweight="bold",
        va="top",
    )
    score, compared, definition = score_headline(report)
    big = figure.text(
        left_in / width,
        y(SCORE_BASELINE_IN),
        score,
        fontsize=SCORE_PT,
        fontweight="bold",
        color=FOCUS_COLOUR,
        va="baseline",
    )
    big_in = big.get_window_extent(_measuring_renderer(figure)).width / figure.dpi
    figure.text(
        (left_in + big_in + 0.12) / width,
        y(SCORE_BASELINE_IN),
        compared,
        fontsize=HEADLINE_PT + 1,
        va="baseline",
    )
    figure.text(
        left_in / width,
        y(SCORE_BASELINE_IN + 0.12),
        definition,
        fontsize=DEFINITION_PT,
        color="#444444",
        va="top",
    )
    figures = headline_text(report, usable)
    figure.text(left_in / width, y(FIGURES_IN), figures, fontsize=HEADLINE_PT, va="top")
    return header_height(figures)


def header_height(figures: str) -> float:
    return FIGURES_IN + LINE_IN * (figures.count("\n") + 1) + 0.2


def composite_figure(
    report: WeeklyReport,
    width: float = 15.0,
    columns: int = 2,
    only_column: int | None = None,
    header: bool = True,
    dpi: float | None = None,
) -> Figure:
    """Every chart on one page under the score headline: the PNG export (two columns) and the
    app (one column). With `only_column`, the page's charts of that column alone, each where
    the whole page has it, and with `header` False no headline: parts of the page that two
    processes draw side by side (see core/reports/png_pair.py). `dpi`: the resolution it will
    be drawn at (matplotlib's default if None), so that its labels are measured, and fitted,
    by the renderer that then draws them, whose text-size cache then answers the drawing."""
    with style():
        if report.empty:
            return _empty_figure(report, width)
        rows = -(-len(PANELS) // columns)
        header_in = composite_header_in(report, width)
        height = header_in + rows * PANEL_IN + FOOTER_IN
        figure = Figure(figsize=(width, height), dpi=dpi)
        if header:
            _draw_header(figure, report, 0.2, 0.15)
        column_in = width / columns
        renderer = _measuring_renderer(figure)
        for index, (name, _) in enumerate(PANELS):
            row, column = divmod(index, columns)
            if only_column is not None and column != only_column:
                continue
            top = height - header_in - row * PANEL_IN
            slot = Slot(column * column_in, (column + 1) * column_in, top - PANEL_IN, top)
            _place_panel(figure, report, name, slot, renderer)
    return figure


def composite_header_in(report: WeeklyReport, width: float = 15.0) -> float:
    """The height of the composite page's header (title, score, figures) above the charts."""
    return header_height(headline_text(report, width - 0.4)) + 0.15


def page_figures(report: WeeklyReport, page: tuple[float, float]) -> list[Figure]:
    """The report on pages of `page` (width, height) inches (A4 or Letter: the PDF export),
    one chart under another, the score headline on the first page and a footer on each."""
    width, height = page
    margin = PAGE_MARGIN_IN
    with style():
        if report.empty:
            figure = Figure(figsize=page)
            _draw_title_only(figure, report, margin)
            ax = figure.add_axes((0.1, 0.5, 0.8, 0.3))
            empty_axes(ax, _empty_text(56))
            return [figure]
        figures: list[Figure] = []
        names = [name for name, _ in PANELS]
        while names:
            figure = Figure(figsize=page)
            top = height - margin
            if not figures:
                top -= _draw_header(figure, report, margin, margin)
            renderer = _measuring_renderer(figure)
            fits = max(1, int((top - margin + 1e-6) // PAGE_PANEL_IN))
            for name in names[:fits]:
                slot = Slot(margin, width - margin, top - PAGE_PANEL_IN, top)
                _place_panel(figure, report, name, slot, renderer)
                top -= PAGE_PANEL_IN
            names = names[fits:]
            figures.append(figure)
        for number, figure in enumerate(figures, 1):
            figure.text(
                0.5,
                (margin / 2) / height,
                _("{title} · page {number} of {pages}").format(
                    title=page_title(report), number=number, pages=len(figures)
                ),
                fontsize=8,
                color="#666666",
                ha="center",
                va="center",
            )
    return figures


def _empty_figure(report: WeeklyReport, width: float) -> Figure:
    figure = Figure(figsize=(width, 3.0), layout="constrained")
    figure.suptitle(page_title(report), fontsize=TITLE_PT, x=0.02, ha="left")
    ax = figure.add_subplot()
    empty_axes(ax, _empty_text())
    return figure


def _draw_title_only(figure: Figure, report: WeeklyReport, margin: float) -> None:
    figure.text(
        margin / figure.get_figwidth(),
        1 - margin / figure.get_figheight(),
        page_title(report),
        fontsize=TITLE_PT,
        fontweight="bold",
        va="top",
    )


def _empty_text(width: int = 70) -> str:
    message = _(EMPTY_MESSAGE)
    if any(unicodedata.east_asian_width(ch) in "WF" for ch in message):
        step = width // 2  # wide characters, no spaces between words
        return "\n".join(message[i : i + step] for i in range(0, len(message), step))
    words, lines, line = message.split(), [], ""
    for word in words:
        if len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
