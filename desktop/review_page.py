"""The review's page of charts, made and drawn on the worker (matplotlib's import included)
and shown by a Qt canvas that takes the worker's drawing: the main thread only puts the
finished picture on screen (desktop/review.py)."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from focuscoach.core.reports.summary import WeeklyReport

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

CHART_WIDTH_IN = 9.0
CHART_DPI = 100  # at a device pixel ratio of 1; the canvas scales it by the screen's ratio


@dataclass(frozen=True, slots=True)
class DrawnPage:
    """The review's figure as the worker drew it: the renderer holding its pixels, and the
    canvas size (logical pixels) it was drawn for."""

    figure: Figure
    renderer: RendererAgg
    size: tuple[int, int]


def draw_page(report: WeeklyReport, ratio: float) -> DrawnPage:
    """On the worker: make the page of charts and draw it (the expensive part, matplotlib's
    import included) as the canvas will show it, `ratio` physical pixels to a logical one.

    The cyclic garbage collector pauses meanwhile: the page makes tens of thousands of
    objects, each batch of which would start a collection (a tenth of the drawing's time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _draw_page(report, ratio)
    finally:
        if collecting:
            gc.enable()


def load_chart_modules() -> None:
    """On the worker: import what drawing the page needs (matplotlib and its Qt canvas: a
    third of a second), never on the UI thread. The tray asks for it ahead of time too, when
    the pointer rests on "Weekly review…" (tray_windows.warm_review).

    What the import made (modules, classes, matplotlib's tables) lives as long as the app:
    the first time, it is frozen out of the cyclic collector's full passes, as the app's own
    start is (desktop/app.py settle_heap). Left in, it made each full pass about 10 ms
    longer, and a pass holds every thread, the main one included."""
    first = "matplotlib.backends.backend_qtagg" not in sys.modules
    from matplotlib.backends import backend_qtagg  # noqa: F401
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401

    from focuscoach.core.reports import charts  # noqa: F401

    if first:
        gc.freeze()


def _draw_page(report: WeeklyReport, ratio: float) -> DrawnPage:
    load_chart_modules()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from focuscoach.core.reports.charts import composite_figure

    dpi = CHART_DPI * round(ratio, 2)
    figure = composite_figure(report, width=CHART_WIDTH_IN, columns=1, dpi=dpi)
    width_in, height_in = figure.get_size_inches()
    # Whole logical pixels, as the Qt canvas will size the figure when it is shown.
    size = (int(width_in * CHART_DPI), int(height_in * CHART_DPI))
    figure.set_size_inches(size[0] / CHART_DPI, size[1] / CHART_DPI)
    figure.set_dpi(dpi)
    agg = figure.canvas
    if not isinstance(agg, FigureCanvasAgg):  # the empty week's page was not measured
        agg = FigureCanvasAgg(figure)  # type: ignore[no-untyped-call,unused-ignore]
    agg.draw()  # type: ignore[no-untyped-call,unused-ignore]
    renderer: RendererAgg = agg.get_renderer()  # type: ignore[no-untyped-call,unused-ignore]
    return DrawnPage(figure, renderer, size)


@functools.cache
def canvas_class() -> Callable[[Figure, RendererAgg | None], FigureCanvasQTAgg]:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class Canvas(FigureCanvasQTAgg):
        """The charts don't zoom: the wheel scrolls the pane they sit in (matplotlib's canvas
        would take the wheel event for itself and the pane would not move).

        Its first draw takes the picture the worker drew (`draw_page`) when it has the
        canvas's size and resolution; any later draw (a resize, a change) is matplotlib's."""

        def __init__(self, figure: Figure, drawn: RendererAgg | None = None) -> None:
            super().__init__(figure)  # type: ignore[no-untyped-call,unused-ignore]
            self._drawn = drawn

        def draw(self) -> None:
            drawn, self._drawn = self._drawn, None
            if drawn is not None and self._adopt(drawn):
                self.figure.stale = False
                self.update()
                return
            super().draw()  # type: ignore[no-untyped-call,unused-ignore]

        def _adopt(self, drawn: RendererAgg) -> bool:
            width, height = self.get_width_height(physical=True)
            key = (width, height, self.figure.dpi)
            if (drawn.width, drawn.height, drawn.dpi) != key:
                return False
            # FigureCanvasAgg keeps its renderer with the (width, height, dpi) it was made
            # for and reuses it while they hold: hand it the one already drawn.
            self.renderer = drawn
            self._lastKey = key
            return self.get_renderer() is drawn  # type: ignore[no-untyped-call,unused-ignore]

        def wheelEvent(self, event: QWheelEvent) -> None:
            pane = self.parentWidget()  # the scroll area's viewport
            if pane is None:
                event.ignore()
            else:
                QApplication.sendEvent(pane, event)

    return Canvas
