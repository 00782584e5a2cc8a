"""Rendered reports are real: the PNG is a page of charts, the HTML holds every chart and the
numbers, CJK titles have a font, and `focuscoach report` behaves as the CLI contract says."""

from __future__ import annotations

import html
import io
import re
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from focuscoach.core.reports import chart_style, charts
from focuscoach.core.reports.render import render_html, render_pdf, render_png, write_report
from focuscoach.core.reports.summary import (
    EMPTY_MESSAGE,
    WeeklyReport,
    build_report,
    fmt_duration,
)
from focuscoach.core.reports.week import Week
from focuscoach.core.store.database import connect
from focuscoach.core.timeutil import local_zone
from tests.conftest import run_focuscoach
from tests.reports import simdb

OKABE_ITO_BLUE = (0x00, 0x72, 0xB2)
VERMILLION = (0xD5, 0x5E, 0x00)
EVIL_TITLE = "<script>alert('x')</script> & 报告"


@pytest.fixture(scope="module")
def sim_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sim") / "focuscoach.db"
    simdb.fill(path)
    conn = sqlite3.connect(path)
    start = simdb.WEEK.bounds(simdb.ZONE)[0] + 9 * 3600
    conn.execute(
        "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, 'Code', ?)",
        (start, start + 5 * 3600, EVIL_TITLE),
    )
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def report(sim_db: Path) -> WeeklyReport:
    conn = connect(sim_db, readonly=True)
    try:
        return build_report(conn, simdb.WEEK, simdb.ZONE, now=time.time())
    finally:
        conn.close()


def test_png_is_one_page_of_real_charts(report: WeeklyReport) -> None:
    data = render_png(report)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 100_000
    with Image.open(io.BytesIO(data)) as raw:
        image = raw.convert("RGB")
    width, height = image.size
    assert width >= 1200 and height >= 1200
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 500  # text, bars, a heatmap: not blank
    present = {rgb for _, rgb in colours}
    assert OKABE_ITO_BLUE in present and VERMILLION in present
    white = sum(count for count, rgb in colours if rgb == (255, 255, 255))
    assert white < 0.85 * width * height


def test_the_page_is_the_page_matplotlib_writes(report: WeeklyReport) -> None:
    """The same pixels as matplotlib's own PNG of the same figure (only the bytes differ)."""
    from focuscoach.core.reports.charts import composite_figure, quiet_missing_glyphs

    buffer = io.BytesIO()
    with quiet_missing_glyphs():
        composite_figure(report).savefig(buffer, format="png", dpi=100, facecolor="white")
    ours = render_png(report, pair=False)
    with Image.open(io.BytesIO(ours)) as mine, Image.open(buffer) as theirs:
        assert mine.size == theirs.size
        assert np.array_equal(np.asarray(mine), np.asarray(theirs.convert("RGBA")))


def test_html_is_self_contained_with_every_chart_and_the_numbers(report: WeeklyReport) -> None:
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    for name, caption in charts.PANELS:
        assert f'id="chart-{name}"' in page
        assert html.escape(caption) in page
    assert page.count("<svg") == len(charts.PANELS)
    # Nothing is fetched: no external scripts, styles, images or fonts.
    assert not re.search(r"""(src|href)=["']https?:""", page)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "报告" in page
    cur = report.current
    for figure in (fmt_duration(cur.focus_s), fmt_duration(cur.active_s), f"{cur.score:.0f}"):
        assert figure in page
    assert "How the focus score is computed" in page and "deep-work share" in page
    assert "false-alarm rate" in page
    # Each chart's ids are its own, so the inline SVGs cannot clip each other.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_pdf_renders(report: WeeklyReport) -> None:
    data = render_pdf(report)
    assert data.startswith(b"%PDF") and len(data) > 20_000


def test_empty_week_renders_a_friendly_page(tmp_path: Path) -> None:
    report = build_report(None, Week(2026, 15), simdb.ZONE)
    page = render_html(report)
    assert html.escape(EMPTY_MESSAGE) in page and "<svg" not in page
    write_report(report, tmp_path / "empty.png")
    with Image.open(tmp_path / "empty.png") as image:
        assert image.size[0] >= 1000


def test_a_cjk_font_is_found_and_has_the_glyphs() -> None:
    families = charts.font_families()
    assert len(families) == 2, f"no CJK font among {families} (install fonts-noto-cjk)"
    path = font_manager.findfont(font_manager.FontProperties(family=families[1]))
    font = FT2Font(path)
    assert all(font.get_char_index(ord(ch)) for ch in "淘宝网周报代码评审")


def test_without_a_cjk_font_titles_fall_back_quietly(
    report: WeeklyReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Warnings are errors in the tests: a missing glyph would fail this render.
    # Where the glyph check and the CJK fallback look it up (charts re-exports it).
    monkeypatch.setattr(chart_style, "font_families", lambda: ("DejaVu Sans",))
    assert len(render_png(report)) > 100_000


def test_unknown_format_is_refused(report: WeeklyReport, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png, \.html, \.pdf or \.json"):
        write_report(report, tmp_path / "r.docx")
    assert not list(tmp_path.iterdir())


# --- the command --------------------------------------------------------------------------


def test_cli_writes_png_and_html(cli, home: Path, sim_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "focuscoach.db").write_bytes(sim_db.read_bytes())
    out = tmp_path / "week.html"
    result = cli("report", "--week", str(simdb.WEEK), "--out", str(out))
    assert result.code == 0, result.err
    assert "Week 2, 2024" in result.out
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == len(charts.PANELS)
    png = tmp_path / "week.png"
    assert cli("report", "--week", "2024-W02", "--out", str(png)).code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-15"], "not an ISO week"),
        (["--week", "2025-W53"], "ISO weeks 1 to 52"),
        (["--out", "{tmp}/r.txt"], "use a .png, .html, .pdf or .json file"),
        (["--out", "{tmp}/missing/r.png"], "does not exist"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(  # type: ignore[no-untyped-def]
    cli, home: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "r.png")]
    result = cli("report", *argv)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
    assert not (tmp_path / "r.png").exists()
    assert not (home / "focuscoach.db").exists()


def test_cli_without_history_writes_the_empty_review_and_creates_nothing(  # type: ignore[no-untyped-def]
    cli, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = cli("report", "--out", str(out))
    assert result.code == 0, result.err
    assert "empty week" in result.out
    expected = Week.last_complete(time.time(), local_zone())
    assert str(expected) in out.read_text(encoding="utf-8")
    assert not (home / "focuscoach.db").exists()


def test_report_process_stays_light(home: Path, tmp_path: Path) -> None:
    """The report's process imports neither Qt nor the model's runtimes (they cost seconds)."""
    out = tmp_path / "r.png"
    code = (
        "import sys; from focuscoach.core.cli import main; "
        f"rc = main(['--home', {str(home)!r}, 'report', '--week', '2024-W02', '--out', {str(out)!r}]); "
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'PySide6', 'torch', 'onnxruntime', 'transformers', 'sklearn'}); "
        "print('heavy:', heavy); sys.exit(rc)"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "heavy: []" in done.stdout
    assert out.stat().st_size > 10_000


def test_cli_as_a_process(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.png"
    done = run_focuscoach("--home", str(home), "report", "--week", "2024-W02", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert out.exists()
