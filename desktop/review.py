"""The Weekly review window: one week's charts and numbers, previous/next week, Export.

It draws the very Figure the CLI saves (core.reports.charts) on matplotlib's Qt canvas, and
shows the same number tables as the HTML export. The week's numbers are built off the main
thread (a background operation) and shown when they arrive; the charts follow from the same
worker: matplotlib's import, the figure and its drawing (Agg, at the screen's pixel ratio)
all happen there, and the main thread only puts the finished picture on the canvas, so it is
never held for more than a few milliseconds (issue 15: the window answers while it fills).

The tray offers it at the end of the working week: see
``focuscoach.core.reports.schedule.review_prompt_due`` and ``open_review`` below.
"""

from __future__ import annotations

import concurrent.futures
import html
import time
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QTextCursor, QTextDocument, QTextDocumentFragment
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.categories import Categorizer, default_categorizer
from focuscoach.core.i18n import gettext
from focuscoach.core.reports.formats import week_label
from focuscoach.core.reports.summary import (
    EMPTY_MESSAGE,
    WeeklyReport,
    fmt_number,
    headlines,
    score_definition,
    table_sections_html,
)
from focuscoach.core.reports.week import Week
from focuscoach.core.timeutil import local_zone
from focuscoach.desktop.ops import Submit, op
from focuscoach.desktop.review_page import DrawnPage, canvas_class, draw_page

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg


# Reports are built here, off the main thread, on their own read-only connection (WAL: the
# writer is never held up, and a busy writer never holds up the review): see
# core/runtime/data.py's weekly_report.
_BUILDER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="review")

_STYLE = """
<style>
table { border-collapse: collapse; margin-bottom: 8px; }
th, td { padding: 2px 8px; border-bottom: 1px solid #ccc; text-align: left; }
th { background: #eee; white-space: nowrap; }
td { white-space: nowrap; }
.note { color: #555; }
.better { color: #0072B2; } .worse { color: #D55E00; }
</style>
"""


class ReviewWindow(QWidget):
    """`week_changed(str)` carries the ISO week shown ('2026-W15')."""

    week_changed = Signal(str)
    _section_due = Signal()  # queued: the next section of the numbers, at the next turn

    def __init__(
        self,
        database: Path,
        week: Week | None = None,
        tz: tzinfo | None = None,
        categorizer: Categorizer | None = None,
        now: float | None = None,
        parent: QWidget | None = None,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self._submit: Submit = submit or _BUILDER.submit
        self.tz = tz or local_zone()
        self.categorizer = categorizer or default_categorizer()
        self._now = now
        self.current_week = Week.containing(self.now(), self.tz)
        self.week = week or Week.last_complete(self.now(), self.tz)
        self.report: WeeklyReport | None = None
        self.canvas: FigureCanvasQTAgg | None = None
        self._pending: tuple[Week, QTextDocument | None, list[QTextDocument]] = (
            self.week,
            None,
            [],
        )
        self._section_due.connect(self._add_next_section, Qt.ConnectionType.QueuedConnection)

        self.setWindowTitle(self.tr("Weekly review"))
        self.resize(1500, 900)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀ Previous week"))
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button = QPushButton(self.tr("Next week ▶"))
        self.next_button.clicked.connect(self.show_next)
        self.week_label = QLabel()
        self.week_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.week_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.week_label.setFont(font)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save this review as HTML, PNG or PDF"))
        self.export_button.clicked.connect(self.ask_export)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.week_label, 1)
        bar.addWidget(self.next_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.numbers = QTextBrowser()
        self.numbers.setOpenExternalLinks(False)
        self.charts = QScrollArea()
        self.charts.setWidgetResizable(True)
        splitter.addWidget(self.numbers)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 940])
        layout.addWidget(splitter, 1)
        self.show_week(self.week)

    def now(self) -> float:
        return time.time() if self._now is None else self._now

    # --- navigation ---------------------------------------------------------------------

    def show_previous(self) -> None:
        self.show_week(self.week.previous())

    def show_next(self) -> None:
        if self.week < self.current_week:
            self.show_week(self.week.next())

    def show_week(self, week: Week) -> None:
        """Switch to `week`; its report is built off the main thread and shown when done."""
        self.week = week
        self.report = None
        self.week_label.setText(week_label(week))
        self.next_button.setEnabled(week < self.current_week)
        # Known once the report arrives: whether any week before this one has data.
        self.previous_button.setEnabled(False)
        self.numbers.setHtml("")  # the week's numbers follow from the background
        self.canvas = None
        placeholder = QLabel(self.tr("Drawing the charts…"))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._replace_chart_widget(placeholder)
        font = QFont(self.numbers.font())
        op(self, lambda: self._build_numbers(week, font), self._submit).success(
            lambda built: self._show_report(week, *built)
        ).run()

    def _build_numbers(self, week: Week, font: QFont) -> tuple[WeeklyReport, list[QTextDocument]]:
        """On the worker: the report, and its numbers as documents ready to show. Parsing the
        tables' HTML took 40-50 ms of the main thread; QTextDocument is reentrant, so they are
        made here and handed over (tr() is thread-safe). One document per section: laying
        out all the tables at once held the main thread 40-60 ms, a section takes 5-25 ms, and
        the browser adds them one per turn of the event loop (`_show_report`)."""
        report = self._build(week)
        app = QCoreApplication.instance()
        documents = []
        for section in self._numbers_html(report):
            document = QTextDocument()
            document.setDefaultFont(font)
            document.setHtml(_STYLE + section)
            if app is not None:
                document.moveToThread(app.thread())
            documents.append(document)
        return report, documents

    def _show_report(self, week: Week, report: WeeklyReport, numbers: list[QTextDocument]) -> None:
        if week != self.week:  # the user moved on while it was built
            return
        self.report = report
        first = report.first_week
        self.previous_button.setEnabled(first is not None and week > first)
        if report.so_far:
            self.week_label.setText(self.tr("{week} (so far)").format(week=week_label(week)))
        # The worker starts on the charts first: it draws while this thread lays out the
        # numbers.
        self._draw_charts(week, report)
        shown, *rest = numbers
        # The browser's child from now on: it frees it when the next week's replaces it.
        shown.setParent(self.numbers)
        self.numbers.setDocument(shown)
        self._add_sections(week, shown, rest)
        self.week_changed.emit(str(week))

    def _add_sections(self, week: Week, shown: QTextDocument, rest: list[QTextDocument]) -> None:
        """The sections after the first, one at a time at the end of the document shown, each
        at a later turn of the event loop (a queued signal): the browser lays out only what
        was added. Another week shown meanwhile drops them."""
        self._pending = (week, shown, rest)
        if rest:
            self._section_due.emit()

    def _add_next_section(self) -> None:
        week, shown, rest = self._pending
        if not rest or week != self.week or self.numbers.document() is not shown:
            return
        cursor = QTextCursor(shown)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        # A paragraph of its own (not the end of the last one), shaped as the section's first
        # (a heading): inserted into it, a fragment's first paragraph keeps the text's look
        # but takes the paragraph's.
        first = rest[0].firstBlock()
        cursor.insertBlock(first.blockFormat(), first.charFormat())
        cursor.insertFragment(QTextDocumentFragment(rest[0]))
        self._add_sections(week, shown, rest[1:])

    def numbers_ready(self) -> bool:
        """Whether every section of the week's numbers is shown (tests and the benchmark)."""
        week, _shown, rest = self._pending
        return self.report is not None and week == self.week and not rest

    def ready(self) -> bool:
        """Whether the week's numbers and charts are all shown."""
        return self.numbers_ready() and self.charts_ready()

    def _draw_charts(self, week: Week, report: WeeklyReport) -> None:
        """The charts are made and drawn on the worker; they arrive as a drawn page."""
        ratio = self.devicePixelRatioF() or 1.0
        op(self, lambda: draw_page(report, ratio), self._submit).success(
            lambda page: self._show_page(week, report, page)
        ).run()

    def _show_page(self, week: Week, report: WeeklyReport, page: DrawnPage) -> None:
        if week != self.week or report is not self.report or self.canvas is not None:
            return  # the user moved on while it was drawn
        canvas = canvas_class()(page.figure, page.renderer)
        # A fixed size: the page is laid out in inches, so it scrolls rather than squeezes.
        canvas.setFixedSize(*page.size)
        self._replace_chart_widget(canvas)
        self.canvas = canvas
        canvas.draw_idle()  # type: ignore[no-untyped-call,unused-ignore]  # the worker's drawing

    def charts_ready(self) -> bool:
        """Whether the charts of the week shown are drawn (tests and the benchmark wait)."""
        return self.canvas is not None and not self.canvas.figure.stale

    def _build(self, week: Week) -> WeeklyReport:
        # Imported here, off the main thread: the runtime package brings the coach, numpy and
        # the scheduler, which a review opened on its own (or first) should not wait for.
        from focuscoach.core.runtime.data import weekly_report

        return weekly_report(self.database, week, self.tz, self.categorizer, self.now())

    def _numbers_html(self, report: WeeklyReport) -> list[str]:
        """The headline and the score's definition, then each table, as HTML sections."""
        parts = []
        if report.empty:
            parts.append(f"<p><b>{_esc(gettext(EMPTY_MESSAGE))}</b></p>")
        else:
            score = report.current.score
            caption = self.tr("focus score")  # not inside an f-string: lupdate would miss it
            parts.append(
                f"<p><span style='font-size:28pt; font-weight:bold'>{fmt_number(score)}</span>"
                f" {_esc(caption)}</p>"
            )
            changes = [
                f"<tr><td>{_esc(h.label)}</td><td>{_esc(h.text)}</td>"
                f"<td class='{h.verdict}'>{_esc(h.change)}</td></tr>"
                for h in headlines(report)[:7]
            ]
            if report.so_far:
                this, before = self.tr("this week so far"), self.tr("vs. same days last week")
            else:
                this, before = self.tr("this week"), self.tr("vs. week before")
            parts.append(
                f"<table><tr><th></th><th>{_esc(this)}</th>"
                f"<th>{_esc(before)}</th></tr>{''.join(changes)}</table>"
            )
        heading = self.tr("How the focus score is computed")
        parts.append(f"<h3>{_esc(heading)}</h3>")
        parts.append("<p>" + "<br>".join(_esc(x) for x in score_definition().split("\n")) + "</p>")
        return ["".join(parts), *table_sections_html(report)]

    def _replace_chart_widget(self, widget: QWidget) -> None:
        old = self.charts.takeWidget()
        self.charts.setWidget(widget)
        if old is not None:
            old.deleteLater()

    # --- export -------------------------------------------------------------------------

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the weekly review"),
            str(Path.home() / f"focus-review-{self.week}.html"),
            self.tr("Web page (*.html);;PNG image (*.png);;PDF document (*.pdf)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the week shown; False (after telling the user) when it cannot be written."""
        if path.suffix.lower() not in (".html", ".png", ".pdf"):
            path = path.with_suffix(".html")
        from focuscoach.core.reports.render import write_report

        assert self.report is not None
        try:
            write_report(self.report, path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(
                self, self.tr("Export failed"), self.tr("Cannot write {0}: {1}").format(path, exc)
            )
            return False
        return True


def _esc(text: str) -> str:
    return html.escape(text)


def open_review(
    database: Path, week: Week | None = None, parent: QWidget | None = None
) -> ReviewWindow:
    """Open (and show) the review of `week`, by default the last complete one: what the
    end-of-week notification's action calls with the week `review_prompt_due` returned."""
    window = ReviewWindow(database, week=week, parent=parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
