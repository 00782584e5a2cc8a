"""The report's files as written: PDF pages of the locale's paper with TrueType fonts, HTML
with each chart's title once, and the week's statistics as JSON (without matplotlib)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from focuscoach.core.reports.panels import PANELS
from focuscoach.core.reports.paper import A4, LETTER, Paper, paper_for
from focuscoach.core.reports.render import render_html, render_pdf
from focuscoach.core.reports.stats import SCORE_DEFINITION
from focuscoach.core.reports.summary import WeeklyReport, build_report, headlines
from focuscoach.core.store.database import connect
from tests.reports import simdb

POINTS = 72.0
MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


@pytest.fixture(scope="module")
def sim_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("files") / "focuscoach.db"
    simdb.fill(path)
    return path


@pytest.fixture(scope="module")
def report(sim_db: Path) -> WeeklyReport:
    conn = connect(sim_db, readonly=True)
    try:
        return build_report(conn, simdb.WEEK, simdb.ZONE, now=time.time())
    finally:
        conn.close()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox as (width, height) in points (matplotlib writes no object
    streams: every dictionary is plain text in the file)."""
    return [
        (float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in MEDIABOX.findall(pdf)
    ]


def assert_fonts_embedded_as_truetype(pdf: bytes) -> None:
    assert b"/Type /Font" in pdf
    assert b"/Subtype /Type3" not in pdf and b"/Type3" not in pdf
    descriptors = pdf.count(b"/Type /FontDescriptor")
    assert descriptors >= 2  # DejaVu Sans (regular, bold); a CJK font for the titles
    assert pdf.count(b"/FontFile2") == descriptors  # every font's TrueType program is inside


@pytest.mark.parametrize(
    ("environ", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, LETTER),
        ({"LANG": "en_CA.UTF-8"}, LETTER),
        ({"LANG": "fr_CA.UTF-8"}, LETTER),
        ({"LANG": "es_MX.UTF-8"}, LETTER),
        ({"LANG": "en_GB.UTF-8"}, A4),
        ({"LANG": "zh_CN.UTF-8"}, A4),
        ({"LANG": "de_DE.UTF-8", "LC_PAPER": "en_US.UTF-8"}, LETTER),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, A4),
        ({"LC_PAPER": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, A4),
        ({"LC_ALL": "en_US"}, LETTER),
        ({"LANG": "C.UTF-8"}, A4),
        ({"LANG": "POSIX"}, A4),
        ({}, A4),
    ],
)
def test_paper_follows_the_locale(environ: dict[str, str], paper: Paper) -> None:
    assert paper_for(environ) is paper


@pytest.mark.parametrize("paper", [A4, LETTER])
def test_pdf_is_pages_of_paper_with_truetype_fonts(report: WeeklyReport, paper: Paper) -> None:
    pdf = render_pdf(report, paper)
    sizes = page_sizes(pdf)
    assert len(sizes) >= 2  # eight charts do not fit one sheet
    width, height = (A4.width_in, A4.height_in) if paper is A4 else (8.5, 11.0)
    for w, h in sizes:
        assert w == pytest.approx(width * POINTS, abs=0.5)
        assert h == pytest.approx(height * POINTS, abs=0.5)
    assert_fonts_embedded_as_truetype(pdf)


def test_cli_pdf_paper_comes_from_the_environment(  # type: ignore[no-untyped-def]
    cli, home: Path, sim_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "focuscoach.db").write_bytes(sim_db.read_bytes())
    for key in ("LC_ALL", "LC_PAPER"):
        monkeypatch.delenv(key, raising=False)
    expected = {"en_US.UTF-8": (612.0, 792.0), "de_DE.UTF-8": (595.3, 841.9)}
    for lang, size in expected.items():
        monkeypatch.setenv("LANG", lang)
        out = tmp_path / f"{lang}.pdf"
        result = cli("report", "--week", str(simdb.WEEK), "--out", str(out))
        assert result.code == 0, result.err
        pdf = out.read_bytes()
        assert {(round(w, 1), round(h, 1)) for w, h in page_sizes(pdf)} == {size}
        assert_fonts_embedded_as_truetype(pdf)


class _VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside <head>, and inside each inline SVG the text
    matplotlib drew (as glyph paths, each preceded by a comment holding its text)."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[tuple[str, str]] = []  # (where, text)
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop() != tag:
            pass

    def _where(self) -> str:
        if "head" in self._open or "style" in self._open:
            return "hidden"
        return "figure" if "figure" in self._open else "page"

    def handle_data(self, data: str) -> None:
        if data.strip() and self._where() != "hidden":
            self.chunks.append((self._where(), data.strip()))

    def handle_comment(self, data: str) -> None:
        if "svg" in self._open and data.strip():
            self.chunks.append((self._where(), data.strip()))


def test_html_shows_each_chart_title_once(report: WeeklyReport) -> None:
    reader = _VisibleText()
    reader.feed(render_html(report))
    charts = [text for where, text in reader.chunks if where == "figure"]
    assert any(text == "Mon" for text in charts)  # the charts' own text is read
    for _, caption in PANELS:
        shown = [text for text in charts if caption in text]
        assert shown == [caption], f"{caption!r} shown {len(shown)} times: {shown}"
    # The charts' second lines stay (they are not their captions).
    assert any(text.startswith("r with focused hours") for text in charts)
    assert any(text.startswith("false-alarm rate") for text in charts)


def test_json_holds_the_reports_figures(  # type: ignore[no-untyped-def]
    cli, home: Path, sim_db: Path, tmp_path: Path, report: WeeklyReport
) -> None:
    (home / "focuscoach.db").write_bytes(sim_db.read_bytes())
    out = tmp_path / "week.json"
    result = cli("report", "--week", str(simdb.WEEK), "--out", str(out))
    assert result.code == 0, result.err
    assert "statistics" in result.out and str(out) in result.out
    assert out.stat().st_mode & 0o777 == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    cur, prev = report.current, report.previous
    assert data["week"] == "2024-W02" and data["zone"] == "UTC"
    assert data["score_definition"] == SCORE_DEFINITION
    assert data["current"]["score"] == pytest.approx(cur.score, abs=0.05)
    assert data["previous"]["score"] == pytest.approx(prev.score, abs=0.05)
    assert data["current"]["focus_s"] == pytest.approx(cur.focus_s, abs=0.05)
    assert data["current"]["active_s"] == pytest.approx(cur.active_s, abs=0.05)
    assert data["current"]["distraction_episodes"] == cur.episodes
    days = data["current"]["days"]
    assert [d["date"] for d in days] == [d.day.isoformat() for d in cur.days]
    assert [d["focus_s"] for d in days] == [pytest.approx(d.focus_s, abs=0.05) for d in cur.days]
    assert len(data["current"]["focus_by_hour"]) == 7
    assert all(len(row) == 24 for row in data["current"]["focus_by_hour"])
    assert [c["category"] for c in data["current"]["categories"]] == [n for n, _ in cur.categories]
    assert any("报告" in t["title"] or "代码评审" in t["title"] for t in data["current"]["tasks"])
    assert data["current"]["breaks"]["taken"] == cur.breaks.taken  # type: ignore[union-attr]
    # The comparison as the report's first table shows it, text included.
    assert [(h["label"], h["text"], h["change"]) for h in data["headline"]] == [
        (h.label, h.text, h.change) for h in headlines(report)
    ]


def test_json_of_an_empty_week(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "empty.json"
    result = cli("report", "--week", "2026-W15", "--out", str(out))
    assert result.code == 0, result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["empty"] is True and data["current"]["score"] is None
    assert data["current"]["days"][0]["date"] == "2026-04-06"


def test_json_report_loads_no_matplotlib(home: Path, sim_db: Path, tmp_path: Path) -> None:
    (home / "focuscoach.db").write_bytes(sim_db.read_bytes())
    out = tmp_path / "r.json"
    code = (
        "import sys; from focuscoach.core.cli import main; "
        f"rc = main(['--home', {str(home)!r}, 'report', '--week', '2024-W02', '--out', {str(out)!r}]); "
        "print('loaded:', sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'PIL', 'PySide6', 'torch', 'onnxruntime', 'sklearn'})); sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["week"] == "2024-W02"
