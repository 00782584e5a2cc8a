"""The PNG page drawn by two processes at once, pixel for pixel the page one process draws.

Drawing the page (laying out and rasterizing eight charts: text is most of it) is about half
of `focuscoach report --out week.png`. The page has two columns of charts under a headline,
and nothing of one column reaches into the other (each chart's labels are fitted inside its
own half, charts.py), so a forked child draws the right-hand column while this process draws
the headline and the left-hand column, each on a figure of the whole page's size and layout;
the child's half below the headline is copied into this process's picture, which is then
written as the PNG exactly as matplotlib writes one.

Only where forking is safe (no other thread: it would be copied mid-work) and for a report
with charts; otherwise, or when the child fails in any way, None says "draw it in one piece".
Two halves cost about an eighth more processor time than the whole (each process loads its
fonts, the child's pixels cross a pipe), so they are worth it only with a processor to spare:
`spare_processor()` tells (render.py asks it first).
"""

from __future__ import annotations

import io
import os
from typing import Any

from focuscoach.core.reports.forked import Forked, can_fork
from focuscoach.core.reports.summary import WeeklyReport

RIGHT = 1  # the column the child draws


def spare_processor() -> bool:
    """Whether a second processor is idle now: the processors this process may run on, less
    the system's load over the last minute (this process counts in it), leave at least
    three quarters of one. On a machine that is busy, one process draws the page alone."""
    try:
        processors = len(os.sched_getaffinity(0))
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return False
    return processors - load >= 0.75


def render_png_pair(report: WeeklyReport, dpi: int, pil_kwargs: dict[str, Any]) -> bytes | None:
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
    return _merged_png(report, mine, theirs, (width, height), dpi, pil_kwargs)


def _draw(
    report: WeeklyReport, dpi: int, column: int, header: bool
) -> tuple[bytes, tuple[int, int]]:
    """One part of the page as raw RGBA rows, drawn as `savefig` draws a PNG."""
    from focuscoach.core.reports.charts import composite_figure, quiet_missing_glyphs

    buffer = io.BytesIO()
    with quiet_missing_glyphs():
        figure = composite_figure(report, only_column=column, header=header)
        figure.savefig(buffer, format="raw", dpi=dpi, facecolor="white")
    width, height = figure.get_size_inches() * dpi
    return buffer.getvalue(), (int(width), int(height))


def _merged_png(
    report: WeeklyReport,
    mine: bytes,
    theirs: bytes,
    size: tuple[int, int],
    dpi: int,
    pil_kwargs: dict[str, Any],
) -> bytes | None:
    import numpy as np
    from matplotlib import image

    from focuscoach.core.reports.charts import composite_header_in

    width, height = size
    if len(mine) != width * height * 4:
        return None
    page = np.frombuffer(mine, dtype=np.uint8).reshape(height, width, 4).copy()
    right = np.frombuffer(theirs, dtype=np.uint8).reshape(height, width, 4)
    top = int(composite_header_in(report) * dpi)  # the charts start below the headline
    split = width // 2  # the right-hand column's slot starts at half the page
    page[top:, split:] = right[top:, split:]
    out = io.BytesIO()
    image.imsave(out, page, format="png", origin="upper", dpi=dpi, pil_kwargs=pil_kwargs)
    return out.getvalue()


def _own_fonts() -> None:
    """A forked child must not read font files through handles it shares with its parent
    (one file offset for both): drop matplotlib's open fonts so the child opens its own."""
    from matplotlib import font_manager

    clear = getattr(getattr(font_manager, "_get_font", None), "cache_clear", None)
    if callable(clear):
        clear()
