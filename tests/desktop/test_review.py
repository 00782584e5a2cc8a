"""The Weekly review window: charts and numbers of a week, navigation, export, empty state."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextDocument, QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from focuscoach.core.reports.charts import PANELS
from focuscoach.core.reports.summary import EMPTY_MESSAGE, fmt_duration
from focuscoach.core.reports.week import Week
from focuscoach.desktop.review import _STYLE, ReviewWindow
from tests.reports import simdb

NOW = simdb.SIM_START + 15 * 86400  # Tuesday of the third week: week 2 is the last complete


@pytest.fixture(scope="module")
def sim_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "focuscoach.db"
    simdb.fill(path)
    return path


def make(qtbot, database: Path, **kwargs: object) -> ReviewWindow:  # type: ignore[no-untyped-def]
    window = ReviewWindow(database, tz=simdb.ZONE, now=NOW, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.ready, timeout=10_000)
    return window


def test_opens_on_the_last_complete_week_with_charts_and_numbers(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    assert window.week == simdb.WEEK
    assert window.week_label.text() == simdb.WEEK.label()
    report = window.report
    assert report is not None and not report.empty
    text = window.numbers.toPlainText()
    assert f"{report.current.score:.0f}" in text
    assert fmt_duration(report.current.focus_s) in text
    assert "How the focus score is computed" in text and "Deep-work share" in text
    assert "淘宝" in text or "微信" in text  # CJK titles in the tables
    canvas = window.canvas
    assert canvas is not None and canvas.isVisible()
    titles = [ax.get_title(loc="left") for ax in canvas.figure.axes]
    for _, caption in PANELS:
        assert any(t.startswith(caption.split(" (")[0]) or caption in t for t in titles), caption
    canvas.draw()  # type: ignore[no-untyped-call]  # matplotlib's Qt canvas has no annotations
    assert canvas.width() > 300 and canvas.height() > 1000


def test_previous_and_next_week(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    assert window.next_button.isEnabled()  # week 3 (this week) can still be looked at
    with qtbot.waitSignal(window.week_changed) as signal:
        window.previous_button.click()
    assert signal.args == [str(simdb.WEEK.previous())]
    assert window.week_label.text() == simdb.WEEK.previous().label()
    assert window.report is not None and not window.report.empty
    window.next_button.click()
    window.next_button.click()
    assert window.week == Week.containing(NOW, simdb.ZONE)
    assert not window.next_button.isEnabled()  # no reviews of the future
    window.show_next()
    assert window.week == Week.containing(NOW, simdb.ZONE)


def test_previous_week_stops_at_the_first_week_with_data(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    assert window.report is not None and window.report.first_week == simdb.WEEK.previous()
    assert window.previous_button.isEnabled()
    with qtbot.waitSignal(window.week_changed):
        window.previous_button.click()
    assert window.week == simdb.WEEK.previous()
    assert not window.previous_button.isEnabled()  # nothing was recorded before this week


def test_the_current_week_is_labelled_so_far(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    # Wednesday noon of the second simulated week, which is then the current week.
    window = ReviewWindow(sim_db, tz=simdb.ZONE, now=simdb.SIM_START + 9.5 * 86400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.ready, timeout=10_000)
    assert window.week == simdb.WEEK.previous()
    with qtbot.waitSignal(window.week_changed):
        window.next_button.click()
    assert window.report is not None and window.report.so_far
    assert "(so far)" in window.week_label.text()
    text = window.numbers.toPlainText()
    assert "this week so far" in text and "vs. same days last week" in text


def test_charts_scroll_with_the_wheel_and_nothing_is_cut(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    canvas = window.canvas
    assert canvas is not None
    bar = window.charts.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    where = QPointF(canvas.width() / 2, 40)
    wheel = QWheelEvent(
        where,
        canvas.mapToGlobal(where),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, wheel)
    assert bar.value() > 0
    # Every text of the charts lies inside the page: the summary lines, the longest window
    # title on the left of its chart, the mood chart's right-hand axis label.
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    page = canvas.figure.bbox
    for text in canvas.figure.texts:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, text.get_text()
    for ax in canvas.figure.axes:
        tight = ax.get_tightbbox(renderer)
        assert tight is not None
        assert page.x0 <= tight.x0 and tight.x1 <= page.x1, ax.get_title(loc="left")


def test_day_by_day_headers_do_not_break_inside_words(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    window.resize(900, 700)
    document = window.numbers.document()
    document.documentLayout().documentSize()
    headers = {"focused", "distraction", "episodes", "longest stretch", "focused last week"}
    seen = set()
    block = document.begin()
    while block.isValid():
        text = block.text().replace("\xa0", " ")  # Qt keeps a nowrap text's spaces so
        if text in headers:
            seen.add(text)
            layout = block.layout()
            assert layout is not None and layout.lineCount() == 1, text
        block = block.next()
    assert seen == headers


def test_empty_week_shows_the_friendly_state(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, tmp_path / "nothing-yet.db")
    assert window.report is not None and window.report.empty
    assert EMPTY_MESSAGE in window.numbers.toPlainText()
    assert window.canvas is not None
    assert not (tmp_path / "nothing-yet.db").exists()  # looking creates no database


def test_export_writes_the_week_shown(qtbot, sim_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    assert window.export_to(tmp_path / "review.html")
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert simdb.WEEK.label() in page and page.count("<svg") == len(PANELS)
    assert window.export_to(tmp_path / "review.png")
    assert (tmp_path / "review.png").read_bytes()[:4] == b"\x89PNG"


def test_export_button_asks_for_a_file(qtbot, sim_db: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "chosen.png"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG image (*.png)")
    )
    window = make(qtbot, sim_db)
    window.export_button.click()
    assert target.exists() and target.stat().st_size > 50_000


def test_export_failure_is_told_not_raised(
    qtbot: QtBot, sim_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append(text))
    window = make(qtbot, sim_db)
    assert not window.export_to(tmp_path / "missing" / "review.html")
    assert shown and "missing" in shown[0]


def test_unreadable_database_shows_the_empty_state(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "focuscoach.db"
    sqlite3.connect(path).close()  # exists, but holds no tables yet
    window = make(qtbot, path)
    assert window.report is not None and window.report.empty


def test_numbers_arrive_in_sections_and_read_as_one_document(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    """Shown one section per turn of the event loop (the main thread never lays out all the
    tables at once), the numbers read and look as the whole document would."""
    window = make(qtbot, sim_db)
    report = window.report
    assert report is not None
    sections = window._numbers_html(report)
    assert len(sections) >= 5
    whole = QTextDocument()
    whole.setHtml(_STYLE + "".join(sections))
    assert window.numbers.toPlainText() == whole.toPlainText()
    assert _looks(window.numbers.document()) == _looks(whole)


def _looks(document: QTextDocument) -> list[tuple[str, int, float, bool]]:
    """Each paragraph's text, heading level, size and weight as shown."""
    looks = []
    block = document.begin()
    while block.isValid():
        if block.text():
            char = block.begin().fragment().charFormat() if not block.begin().atEnd() else None
            size = char.fontPointSize() if char is not None else 0.0
            bold = char is not None and char.fontWeight() >= 600
            looks.append((block.text(), block.blockFormat().headingLevel(), size, bold))
        block = block.next()
    return looks


def test_another_week_drops_the_sections_not_yet_shown(qtbot, sim_db: Path) -> None:  # type: ignore[no-untyped-def]
    window = make(qtbot, sim_db)
    shown = window.numbers.toPlainText()
    window.show_previous()
    qtbot.waitUntil(window.ready, timeout=10_000)
    earlier = window.numbers.toPlainText()
    assert earlier != shown
    # Every table title once: nothing of the week before was appended to it.
    for title in ("Day by day", "Top windows"):
        assert earlier.count(title) == 1, title
