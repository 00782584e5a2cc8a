"""The shipped categories' names in the user's language wherever they are shown (review tables
and charts, Today), while stored names, rules, colours and JSON keep the English name."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from focuscoach.core import i18n
from focuscoach.core.categories import default_categorizer
from focuscoach.core.reports.panels import draw_categories
from focuscoach.core.reports.summary import WeeklyReport, build_report, tables
from focuscoach.core.store.database import connect
from tests.reports import simdb


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> WeeklyReport:
    path: Path = tmp_path_factory.mktemp("names") / "focuscoach.db"
    simdb.fill(path)
    conn = connect(path, readonly=True)
    try:
        return build_report(conn, simdb.WEEK, simdb.ZONE, now=time.time())
    finally:
        conn.close()


def test_every_shipped_category_has_a_chinese_name() -> None:
    with i18n.language("zh_CN"):
        for name in default_categorizer().names:
            shown = i18n.category_name(" › ".join(name)).split(" › ")
            assert all(zh != en for zh, en in zip(shown, name, strict=True)), shown


def test_names_follow_the_language_and_leave_the_users_own_alone() -> None:
    assert i18n.category_name("Work › Programming") == "Work › Programming"
    with i18n.language("zh_CN"):
        assert i18n.category_name("Work › Programming") == "工作 › 编程"
        assert i18n.category_name("Distracting") == "分心"
        assert i18n.category_name("Side project › Work") == "Side project › 工作"


def test_review_table_and_chart_show_chinese_names(report: WeeklyReport) -> None:
    assert any(name.startswith("Work") for name, _s in report.current.categories)
    with i18n.language("zh_CN"):
        table = next(t for t in tables(report) if t.title == i18n.gettext("Time by category"))
        shown = [row[0] for row in table.rows]
        figure = Figure()
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        draw_categories(ax, report)
        labels = [t.get_text() for t in ax.get_yticklabels()]
    assert shown and not any(name.startswith(("Work", "Distracting")) for name in shown)
    assert any(name.startswith("工作") for name in shown)
    assert any(label.startswith(("工作", "分心")) for label in labels), labels
    # The data keeps the English names that rules, colours and JSON read.
    assert any(name.startswith("Work") for name, _s in report.current.categories)
