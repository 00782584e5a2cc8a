"""The report in Chinese: every title, label, table header, unit and date of the charts, the
headline, the HTML and the PDF, following the `[app] language` setting (or the locale for
"system"); the JSON stays English for scripts; nothing is left without a translation."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from focuscoach.core import i18n
from focuscoach.core.reports import charts
from focuscoach.core.reports.panels import PANELS
from focuscoach.core.reports.paper import A4
from focuscoach.core.reports.render import render_html, render_pdf
from focuscoach.core.reports.summary import WeeklyReport, build_report, fmt_duration, tables
from focuscoach.core.store.database import connect
from tests.reports import simdb
from tests.reports import test_report_layout as layout

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Text that is data, not the app's words: window titles, apps, categories, tasks, numbers.
LATIN_WORDS = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def sim_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("i18n") / "focuscoach.db"
    simdb.fill(path)
    return path


@pytest.fixture(scope="module")
def report(sim_db: Path) -> WeeklyReport:
    conn = connect(sim_db, readonly=True)
    try:
        return build_report(conn, simdb.WEEK, simdb.ZONE, now=time.time())
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("setting", "environ", "expected"),
    [
        ("zh_CN", {"LANG": "en_US.UTF-8"}, "zh_CN"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("system", {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ("system", {"LANG": "zh_SG.UTF-8"}, "zh_CN"),
        ("system", {"LANG": "zh_TW.UTF-8"}, "en"),
        ("system", {"LANG": "de_DE.UTF-8"}, "en"),
        ("system", {"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
        ("system", {"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ("system", {"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ("system", {}, "en"),
    ],
)
def test_language_from_setting_and_locale(
    setting: str, environ: dict[str, str], expected: str
) -> None:
    assert i18n.resolve(setting, environ) == expected


def drawn_texts(figure: Figure) -> list[str]:
    FigureCanvasAgg(figure).draw()  # type: ignore[no-untyped-call,unused-ignore]
    found = [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    return [t for t in found if t.strip()]


def test_charts_and_headline_in_chinese(report: WeeklyReport) -> None:
    with i18n.language("zh_CN"):
        page = charts.composite_figure(report)
        texts = drawn_texts(page)
        titles = [ax.get_title(loc="left") for ax in page.axes if ax.get_title(loc="left")]
        assert len(titles) == len(PANELS)
        assert all(CJK.search(t) for t in titles), titles
        for _, caption in PANELS:
            assert not any(caption in t for t in texts), caption
        labels = [ax.get_xlabel() for ax in page.axes] + [ax.get_ylabel() for ax in page.axes]
        assert all(CJK.search(x) for x in labels if x), labels
        assert "专注分 " in " ".join(texts) and "周一" in " ".join(texts)
        assert fmt_duration(report.current.focus_s) in " ".join(texts)
        assert "小时" in fmt_duration(report.current.focus_s)
        # Every word on the page that is the app's own is Chinese: what stays Latin is data
        # (apps, window titles, categories, tasks) or a time zone's name.
        data = {a for a, _ in report.current.apps} | {n for n, _ in report.current.categories}
        data |= {t for _, t, _ in report.current.titles} | {report.zone, "Focus", "Coach"}
        data |= {t.title for t in report.current.tasks or []}
        for text in texts:
            for word in LATIN_WORDS.findall(text):
                assert any(word in d for d in data), f"English {word!r} in {text!r}"
    assert not i18n.missing("zh_CN")


def test_tables_html_and_pdf_in_chinese(report: WeeklyReport) -> None:
    with i18n.language("zh_CN"):
        headers = [h for table in tables(report) for h in (table.title, *table.headers)]
        assert all(CJK.search(h) for h in headers if h and not re.fullmatch(r"\d{4}-W\d\d", h))
        page = render_html(report)
        assert '<html lang="zh-CN">' in page and "详细数据" in page
        for _, caption in PANELS:
            assert html.escape(caption) not in page
        assert "专注分的计算方法" in page and "深度工作占比" in page
        pdf = render_pdf(report, A4)
        assert pdf.startswith(b"%PDF") and b"/Subtype /Type3" not in pdf
        for figure in charts.page_figures(report, A4.size):
            assert "页" in " ".join(drawn_texts(figure))
    assert not i18n.missing("zh_CN")


def test_layout_holds_in_chinese(report: WeeklyReport) -> None:
    """Chinese labels are wider per character: the same checks as in English."""
    with i18n.language("zh_CN"):
        layout.test_the_focus_score_is_the_pages_headline(report)
        layout.test_bar_labels_are_never_under_a_mark_and_fit_their_bar(report)
        layout.test_legends_cover_no_bar_mark_line_or_text(report)
        layout.test_charts_stay_inside_their_page(report)


def test_cli_follows_the_language_setting(  # type: ignore[no-untyped-def]
    cli, home: Path, sim_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "focuscoach.db").write_bytes(sim_db.read_bytes())
    config = home / "config.toml"
    cases = [("zh_CN", "C.UTF-8", True), ("system", "zh_CN.UTF-8", True)]
    cases += [("system", "en_US.UTF-8", False), ("en", "zh_CN.UTF-8", False)]
    for setting, lang, chinese in cases:
        config.write_text(f'[app]\nlanguage = "{setting}"\n', encoding="utf-8")
        monkeypatch.setenv("LANG", lang)
        out = tmp_path / f"{setting}-{lang}.html"
        result = cli("report", "--week", str(simdb.WEEK), "--out", str(out))
        assert result.code == 0, result.err
        # What it printed is in the report's language too.
        said = (
            f"已将{simdb.WEEK.year}年第{simdb.WEEK.week}周" if chinese else "Wrote the focus review"
        )
        assert result.out.startswith(said) and result.out.rstrip().endswith(str(out)), result.out
        page = out.read_text(encoding="utf-8")
        assert ("每日专注时间" in page) is chinese, (setting, lang)
        assert ("Focused time per day" in page) is not chinese, (setting, lang)
        data = tmp_path / f"{setting}-{lang}.json"
        assert cli("report", "--week", str(simdb.WEEK), "--out", str(data)).code == 0
        figures = json.loads(data.read_text(encoding="utf-8"))
        assert figures["headline"][0]["label"] == "Focus score"  # JSON: always English
        assert figures["score_definition"].startswith("Focus score (0–100)")
