"""The review's charts as matplotlib Figures: the CLI saves them (Agg, SVG, PDF) and the app
puts the same Figure on a Qt canvas, so both show exactly the same thing.

No pyplot (its global state belongs to nobody); colours from the Okabe-Ito palette and the
cividis map, both readable with colour-vision deficiencies; a CJK-capable font as fallback so
Chinese or Japanese window titles render instead of boxes.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from cycler import cycler
from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from focuscoach.core.reports.summary import (
    EMPTY_MESSAGE,
    NO_DATA,
    WeeklyReport,
    fmt_duration,
    fmt_number,
    fmt_percent,
)

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

FOCUS_COLOUR = BLUE
OTHER_COLOUR = GREY
DISTRACTION_COLOUR = VERMILLION
HEATMAP = "cividis"

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans SC",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Serif CJK SC",
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


_FONTS_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """DejaVu Sans, then the first CJK font installed (matplotlib falls back glyph by glyph).

    matplotlib caches its font list (fontlist-*.json in its cache folder) and never looks
    again; a CJK font installed after that cache was made would stay unseen and Chinese titles
    would be boxes. So when the cached list has no CJK font, it is rebuilt once if any font
    file on the system is missing from it."""
    with _FONTS_LOCK:
        cjk = _cjk_font()
        if cjk is None and refresh_font_list():
            cjk = _cjk_font()
    return ("DejaVu Sans", cjk) if cjk else ("DejaVu Sans",)


def _cjk_font() -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = next((name for name in CJK_FONTS if name in installed), None)
    if cjk is None:
        cjk = next((n for n in sorted(installed) if "CJK" in n or "Han Sans" in n), None)
    return cjk


def refresh_font_list() -> bool:
    """Rebuild matplotlib's font list (and its cache file) if a font file on the system is not
    in it; True if it was rebuilt. Listing the files costs milliseconds; the rebuild (about a
    second: every font file is opened) happens only when there is something new."""
    manager = font_manager.fontManager
    known = {f.fname for f in manager.ttflist}
    on_disk = set(font_manager.findSystemFonts(fontext="ttf"))
    if on_disk <= known:
        return False
    # What matplotlib itself does when a cached font file has gone: build a new manager (this
    # also rewrites the cache file) and take its state into the instance everyone refers to.
    load: Callable[..., font_manager.FontManager] | None = getattr(
        font_manager, "_load_fontmanager", None
    )
    fresh = load(try_read_cache=False) if load is not None else font_manager.FontManager()
    vars(manager).update(vars(fresh))
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    return True


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The review's look; figures keep it after the block (text takes its font when made)."""
    params: dict[Any, Any] = {
        # Latin text needs no fallback (which costs time on every label); labels that hold
        # CJK ask for it themselves (see _font_for).
        "font.family": ["DejaVu Sans"],
        "font.size": 9.5,
        "axes.titlesize": 11.5,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(
            color=[BLUE, ORANGE, GREEN, VERMILLION, SKY_BLUE, PURPLE, YELLOW, BLACK]
        ),
    }
    with rc_context(params), quiet_missing_glyphs():
        yield


@contextlib.contextmanager
def quiet_missing_glyphs() -> Iterator[None]:
    """Without any CJK font a title is drawn with boxes rather than failing the report; with
    one, a missing glyph is a bug and stays loud."""
    with warnings.catch_warnings():
        if len(font_families()) == 1:
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def _font_for(labels: list[str]) -> dict[str, Any]:
    """The CJK fallback for tick labels that need it (window titles, app and task names)."""
    if any(ord(ch) >= 0x2E80 for label in labels for ch in label):
        return {"fontfamily": list(font_families())}
    return {}


def _hours(seconds: float) -> float:
    return seconds / 3600


def _empty(ax: Axes, text: str = NO_DATA) -> None:
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
    ax.set_yticks(y, labels, **_font_for(labels))
    ax.set_xlabel("hours" if unit == "h" else unit)
    peak = max([*values, 0.1])
    for yi, value, s in zip(y, values, seconds, strict=True):
        ax.text(value + peak * 0.01, yi, fmt_duration(s), va="center", fontsize=8)
    ax.set_xlim(0, peak * 1.25)


def draw_categories(ax: Axes, report: WeeklyReport) -> None:
    items = report.current.categories[:8]
    if not items:
        _empty(ax)
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
        _empty(ax)
        return
    _barh(ax, [_shorten(a, 24) for a, _ in items], [s for _, s in items], SKY_BLUE)


def draw_titles(ax: Axes, report: WeeklyReport) -> None:
    items = report.current.titles[:8]
    if not items:
        _empty(ax)
        return
    _barh(ax, [_shorten(t or a) for a, t, _ in items], [s for _, _, s in items], GREEN)


def draw_mood(ax: Axes, report: WeeklyReport) -> None:
    cur = report.current
    if not cur.has_mood:
        _empty(ax, f"mood check-ins: {NO_DATA}")
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
        _empty(ax, f"tasks: {NO_DATA}")
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
    ax.set_yticks(y, names, **_font_for(names))
    ax.set_xlabel("hours")
    ax.legend(loc="lower right", fontsize=8, frameon=False)


def draw_coach(ax: Axes, report: WeeklyReport) -> None:
    cur = report.current
    if cur.breaks is None and cur.nudges is None:
        _empty(ax, f"breaks and nudges: {NO_DATA}")
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
            _empty(ax, _empty_text())
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
