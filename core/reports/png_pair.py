"""The PNG page drawn by two processes at once, pixel for pixel the page one process draws.

Drawing the page (laying out and rasterizing eight charts: text is most of it) is about half
of `focuscoach report --out week.png`. The page has two columns of charts under a headline,
and nothing of one column reaches into the other (each chart's labels are fitted inside its
own half, charts.py), so a forked child draws the right-hand column while this process draws
the headline and the left-hand column, each on a figure of the whole page's size and layout;
the child's half below the headline is copied into this process's picture, which is then
written as the page drawn whole is (png_file.py).

Only where forking is safe (no other thread: it would be copied mid-work) and for a report
with charts; otherwise, or when the child fails in any way, None says "draw it in one piece".
Two halves cost about an eighth more processor time than the whole (each process loads its
fonts, the child's pixels cross a pipe), so they are worth it only with a processor to spare:
`spare_processor()` tells (render.py asks it first).
"""

from __future__ import annotations

import io
import os
import time

from focuscoach.core.reports import png_file
from focuscoach.core.reports.forked import Forked, can_fork
from focuscoach.core.reports.summary import WeeklyReport

RIGHT = 1  # the column the child draws
LOADAVG = "/proc/loadavg"


def spare_processor() -> bool:
    """Whether a second processor is idle now, so that the two halves each get one.

    Linux says how many tasks are runnable at this instant (/proc/loadavg): with this process
    one of them, the others must leave two processors free. That is taken as the least of
    three readings a millisecond apart, so that a task waking for a moment does not decide.
    (The load average, over the last minute, counts work already done: run after run of
    reports, it counted their own earlier runs and drew the next one in one piece.) Where
    there is no /proc, the load average is all there is: it must leave three quarters of a
    processor beside this process."""
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return False
    others = _other_runnable_tasks()
    if others is not None:
        return processors - others >= 2
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return False
    return processors - load >= 0.75


def _other_runnable_tasks(readings: int = 3) -> int | None:
    """Tasks runnable now besides this one (the least of `readings`), None without /proc."""
    least: int | None = None
    for reading in range(readings):
        if reading:
            time.sleep(0.001)
        try:
            with open(LOADAVG, encoding="ascii") as file:
                running = int(file.read().split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):
            return None
        least = running if least is None else min(least, running)
    return None if least is None else max(0, least - 1)


def render_png_pair(report: WeeklyReport, dpi: int) -> bytes | None:
    """The page as PNG bytes, or None where it is drawn in one piece instead."""
    if report.empty or not can_fork():
        return None

    def right_column() -> bytes:
        _own_fonts()
        return _draw(report, dpi, column=RIGHT, header=False)[0]

    with Forked(right_column) as child:
        mine, (width, height) = _draw(report, dpi, column=1 - RIGHT, header=True)
        theirs = child.result()
    if theirs is None or len(theirs) != len(mine):
        return None
    return _merged_png(report, mine, theirs, (width, height), dpi)


def _draw(
    report: WeeklyReport, dpi: int, column: int | None = None, header: bool = True
) -> tuple[bytes, tuple[int, int]]:
    """The page, or one column of it (with or without the headline), as raw RGBA pixels,
    drawn as `savefig` draws a PNG."""
    from focuscoach.core.reports.charts import composite_figure, quiet_missing_glyphs

    buffer = io.BytesIO()
    with quiet_missing_glyphs():
        figure = composite_figure(report, only_column=column, header=header)
        figure.savefig(buffer, format="raw", dpi=dpi, facecolor="white")
    width, height = figure.get_size_inches() * dpi
    return buffer.getvalue(), (int(width), int(height))


def render_png_whole(report: WeeklyReport, dpi: int) -> bytes:
    """The page drawn by this process alone."""
    pixels, (width, height) = _draw(report, dpi)
    return png_file.encode(png_file.rows_for(pixels, width, height), width, dpi)


def _merged_png(
    report: WeeklyReport, mine: bytes, theirs: bytes, size: tuple[int, int], dpi: int
) -> bytes | None:
    import numpy as np

    from focuscoach.core.reports.charts import composite_header_in

    width, height = size
    if len(mine) != width * height * 4:
        return None
    rows = png_file.rows_for(mine, width, height)
    right = np.frombuffer(theirs, dtype=np.uint8).reshape(height, width * 4)
    top = int(composite_header_in(report) * dpi)  # the charts start below the headline
    split = 4 * (width // 2)  # the right-hand column's slot starts at half the page
    rows[top:, 1 + split :] = right[top:, split:]
    return png_file.encode(rows, width, dpi)


def _own_fonts() -> None:
    """A forked child must not read font files through handles it shares with its parent
    (one file offset for both): drop matplotlib's open fonts so the child opens its own."""
    from matplotlib import font_manager

    clear = getattr(getattr(font_manager, "_get_font", None), "cache_clear", None)
    if callable(clear):
        clear()
