"""The report's page as drawn: the score is its headline, and nothing covers anything else
(bar labels and the week before's marks, legends and bars), measured on rendered figures
through matplotlib's own bounding boxes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from focuscoach.core import i18n
from focuscoach.core.reports import charts
from focuscoach.core.reports.paper import A4, LETTER
from focuscoach.core.reports.stats import SCORE_DEFINITION
from focuscoach.core.reports.summary import WeeklyReport, build_report
from focuscoach.core.store.database import connect
from tests.reports import simdb


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> WeeklyReport:
    path = tmp_path_factory.mktemp("layout") / "focuscoach.db"
    simdb.fill(path)
    conn = connect(path, readonly=True)
    try:
        return build_report(conn, simdb.WEEK, simdb.ZONE, now=time.time())
    finally:
        conn.close()


def drawn(figure: Figure) -> Figure:
    FigureCanvasAgg(figure).draw()  # type: ignore[no-untyped-call,unused-ignore]
    return figure


def pages(report: WeeklyReport) -> Iterator[tuple[str, Figure]]:
    """Every page the exports and the app draw: the PNG, the app's column, PDF pages."""
    yield "png", drawn(charts.composite_figure(report))
    yield "app", drawn(charts.composite_figure(report, width=9.0, columns=1))
    for paper in (A4, LETTER):
        for number, page in enumerate(charts.page_figures(report, paper.size), 1):
            yield f"{paper.name} page {number}", drawn(page)
    for name, _ in charts.PANELS:
        yield f"html {name}", drawn(charts.panel_figure(name, report, titled=False))


def box(artist: Text | Legend | Rectangle | Line2D, figure: Figure) -> Bbox:
    return artist.get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]


def overlap(a: Bbox, b: Bbox, slack: float = 0.5) -> bool:
    """Whether two boxes share more than `slack` pixels each way (touching is not covering)."""
    wide = min(a.x1, b.x1) - max(a.x0, b.x0)
    high = min(a.y1, b.y1) - max(a.y0, b.y0)
    return bool(wide > slack and high > slack)


def marks(line: Line2D, figure: Figure) -> list[Bbox]:
    """One box per marker drawn (the line's own extent covers all its points at once)."""
    if line.get_marker() in (None, "None", "none", ""):
        return []
    half = line.get_markersize() * figure.dpi / 72 / 2
    points = line.get_transform().transform(line.get_xydata())
    return [
        Bbox([[x - half, y - half], [x + half, y + half]])
        for x, y in points.tolist()
        if y == y  # a day without a check-in is NaN: no mark
    ]


def texts(figure: Figure) -> list[Text]:
    """Every visible piece of text on the page outside the legends."""
    found: list[Text] = [t for t in figure.texts if t.get_visible() and t.get_text()]
    for ax in figure.axes:
        found += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]  # type: ignore[attr-defined]
        found += ax.get_xticklabels() + ax.get_yticklabels() + list(ax.texts)
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0]


def test_the_focus_score_is_the_pages_headline(report: WeeklyReport) -> None:
    """The PNG (and the PDF's first page) open with the week's score, large, with the score's
    one-line definition under it, above every chart."""
    score, compared_text, definition = charts.score_headline(report)
    assert f"{report.current.score:.0f}" in score
    if i18n.current() == "en":
        assert score == f"Focus score {report.current.score:.0f}"
        assert definition == SCORE_DEFINITION.split("\n")[0]
    first_pages = {
        "png": charts.composite_figure(report),
        "pdf": charts.page_figures(report, A4.size)[0],
    }
    for where, figure in first_pages.items():
        drawn(figure)
        big = [t for t in figure.texts if t.get_text() == score]
        assert big, f"{where}: no '{score}' headline"
        assert float(big[0].get_fontsize()) >= 18, where
        explained = [t for t in figure.texts if t.get_text() == definition]
        assert explained, f"{where}: no definition of the score"
        lowest_text = min(box(t, figure).y0 for t in (big[0], explained[0]))
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        highest_chart = max(
            bound.y1 for ax in figure.axes if (bound := ax.get_tightbbox(renderer)) is not None
        )
        assert lowest_text > highest_chart, f"{where}: the headline is not above the charts"
        compared = [t for t in figure.texts if t.get_text() == compared_text]
        assert compared and not overlap(box(big[0], figure), box(compared[0], figure))


def test_bar_labels_are_never_under_a_mark_and_fit_their_bar(report: WeeklyReport) -> None:
    for where, figure in pages(report):
        for ax in figure.axes:
            if not any(line.get_marker() == "D" for line in ax.lines):
                continue  # not the daily chart (its marks are the week before's)
            labels = list(ax.texts)
            boxes = [b for line in ax.lines for b in marks(line, figure)]
            assert len(boxes) == 7
            for label in labels:
                drawn_at = box(label, figure)
                hidden = [b for b in boxes if overlap(drawn_at, b)]
                assert not hidden, f"{where}: the label {label.get_text()!r} is under a mark"
                inside = [b for b in bars(ax) if box(b, figure).contains(*drawn_at.get_points()[0])]
                assert inside and all(
                    box(inside[0], figure).contains(x, y) for x, y in drawn_at.corners()
                ), f"{where}: {label.get_text()!r} sticks out of its bar"
            assert len(labels) >= 4, where  # the weekdays' bars are labelled


def test_legends_cover_no_bar_mark_line_or_text(report: WeeklyReport) -> None:
    checked = 0
    for where, figure in pages(report):
        legends = [ax.get_legend() for ax in figure.axes if ax.get_legend() is not None]
        for legend in legends:
            assert legend is not None
            area = box(legend, figure)
            for ax in figure.axes:
                for bar in bars(ax):
                    assert not overlap(area, box(bar, figure)), f"{where}: legend over a bar"
                for line in ax.lines:
                    for mark in marks(line, figure):
                        assert not overlap(area, mark), f"{where}: legend over a mark"
                    if line.get_linestyle() not in ("None", "none", ""):
                        assert not overlap(area, box(line, figure)), f"{where}: over a line"
            for text in texts(figure):
                assert not overlap(area, box(text, figure)), (
                    f"{where}: the legend covers {text.get_text()!r}"
                )
            checked += 1
    assert checked >= 15  # the daily, mood and tasks legends, on every page that has them


def test_charts_stay_inside_their_page(report: WeeklyReport) -> None:
    for where, figure in pages(report):
        page = figure.bbox
        for text in texts(figure):
            drawn_at = box(text, figure)
            assert page.contains(drawn_at.x0, drawn_at.y0) and page.contains(
                drawn_at.x1, drawn_at.y1
            ), f"{where}: {text.get_text()!r} is cut by the page's edge"
        for legend in (ax.get_legend() for ax in figure.axes):
            if legend is not None:
                drawn_at = box(legend, figure)
                assert page.contains(drawn_at.x0, drawn_at.y0), where


def test_simulated_week_has_what_these_checks_need(report: WeeklyReport, tmp_path: Path) -> None:
    """The checks above mean something only with labels and marks to collide."""
    assert report.current.has_mood and report.current.tasks
    assert sum(d.focus_s > 3600 for d in report.current.days) >= 4
    assert sum(d.focus_s > 0 for d in report.previous.days) >= 4
