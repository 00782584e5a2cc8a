"""Writing a report to a file: PNG (one page of charts), PDF (A4 or Letter pages, the
locale's), one self-contained HTML file (inline SVG charts and every number as text, nothing
fetched from anywhere), or the week's statistics as JSON.

matplotlib is imported only to draw (it is most of a report's time): JSON never loads it.
"""

from __future__ import annotations

import html
import io
import re
from datetime import datetime
from pathlib import Path

from focuscoach.core import i18n
from focuscoach.core.files import check_target, write_private
from focuscoach.core.i18n import _
from focuscoach.core.reports.paper import Paper, paper_for
from focuscoach.core.reports.summary import (
    EMPTY_MESSAGE,
    WeeklyReport,
    score_definition,
    tables_html,
    week_label,
)

FORMATS = (".png", ".html", ".pdf", ".json")
FORMATS_TEXT = "a .png, .html, .pdf or .json file"
PNG_DPI = 100

_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2em auto;
       max-width: 1100px; color: #222; line-height: 1.4; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } .sub { color: #555; margin-top: 0; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; }
th { background: #f3f3f3; } td:not(:first-child) { font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.9em; } .score { font-size: 2.4em; font-weight: bold; }
.definition { background: #f6f8fa; padding: 0.8em 1em; border-left: 4px solid #0072B2; }
.empty { font-size: 1.2em; padding: 2em; background: #f6f8fa; }
"""


def write_report(report: WeeklyReport, path: Path) -> None:
    """Render by the file's suffix into a private (0600) file, atomically (a failed render
    leaves no half file); a symbolic link or special file at ``path`` is refused
    (files.UnsafeTarget, a ValueError) before rendering and is never replaced."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot write {path.name}: use {FORMATS_TEXT}")
    check_target(path)
    if suffix == ".json":
        from focuscoach.core.reports.as_json import render_json

        data = render_json(report)
    elif suffix == ".html":
        data = render_html(report).encode("utf-8")
    elif suffix == ".png":
        data = render_png(report)
    else:
        data = render_pdf(report)
    # A report says where someone's attention went: keep it private.
    write_private(path, data)


def render_png(report: WeeklyReport, pair: bool | None = None) -> bytes:
    """The page of charts; where it can and a processor is idle, drawn by two processes at
    once (png_pair.py), which gives the same bytes in about half the time (`pair` True: two
    whenever they can, False: one, None: as the machine's load says)."""
    from focuscoach.core.reports.png_pair import render_png_pair, render_png_whole, spare_processor

    if pair is None:
        pair = spare_processor()
    if pair and (data := render_png_pair(report, PNG_DPI)) is not None:
        return data
    return render_png_whole(report, PNG_DPI)


def render_pdf(report: WeeklyReport, paper: Paper | None = None) -> bytes:
    """Pages of the locale's paper (see paper.py) unless `paper` is given; fonts embedded as
    TrueType (Type 42, subset), never as Type 3 glyph procedures, which some printers and
    viewers render badly and no one can select or search."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    from focuscoach.core.reports.charts import page_figures, quiet_missing_glyphs

    size = (paper or paper_for()).size
    buffer = io.BytesIO()
    metadata = {
        "Title": _("Focus review — {week}").format(week=report.week),
        "Creator": "Focus Coach",
    }
    with (
        rc_context({"pdf.fonttype": 42}),
        quiet_missing_glyphs(),
        PdfPages(buffer, metadata=metadata) as pages,  # type: ignore[no-untyped-call,unused-ignore]
    ):
        for figure in page_figures(report, size):
            pages.savefig(figure, facecolor="white")  # type: ignore[no-untyped-call,unused-ignore]
    return buffer.getvalue()


def svg_chart(name: str, report: WeeklyReport) -> str:
    """One chart as an <svg> element to inline (ids salted per chart so they cannot clash),
    without its title: the page captions it."""
    from matplotlib import rc_context

    from focuscoach.core.reports.charts import panel_figure, quiet_missing_glyphs

    buffer = io.StringIO()
    # Glyphs as paths: the page needs no font to show the charts.
    with (
        rc_context({"svg.hashsalt": f"focuscoach-{name}", "svg.fonttype": "path"}),
        quiet_missing_glyphs(),
    ):
        figure = panel_figure(name, report, titled=False)
        figure.savefig(buffer, format="svg", facecolor="white")
    text = buffer.getvalue()
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else text
    # Matplotlib's ids (clip paths, glyphs) are reused in every file it writes: prefix them.
    return re.sub(r'(id="|href="#|url\(#)', rf"\g<1>{name}-", svg)


def render_html(report: WeeklyReport) -> str:
    from focuscoach.core.reports.panels import PANELS, caption

    title = _("Focus review — {week}").format(week=week_label(report.week))
    lang = "en" if i18n.current() == "en" else i18n.current().replace("_", "-")
    cur = report.current
    when = datetime.fromtimestamp(report.generated_at).strftime("%Y-%m-%d %H:%M")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        '<p class="sub">'
        + html.escape(
            _(
                "ISO week {week}, times in {zone}; made by Focus Coach on {when}, "
                "from data that never left this computer."
            ).format(week=report.week, zone=report.zone, when=when)
        )
        + "</p>",
    ]
    if report.empty:
        parts.append(f'<p class="empty">{html.escape(_(EMPTY_MESSAGE))}</p>')
    else:
        score = "–" if cur.score is None else f"{cur.score:.0f}"
        before = "–" if report.previous.score is None else f"{report.previous.score:.0f}"
        parts.append(
            f'<p><span class="score">{score}</span> '
            + html.escape(_("focus score (the week before: {before})").format(before=before))
            + "</p>"
        )
    parts.append(
        f'<div class="definition"><strong>{html.escape(_("How the focus score is computed."))}'
        "</strong> "
        + "<br>".join(html.escape(line) for line in score_definition().split("\n"))
        + "</div>"
    )
    if not report.empty:
        for name, _caption in PANELS:
            parts.append(
                f'<figure id="chart-{name}"><figcaption>{html.escape(caption(name))}</figcaption>'
                f"{svg_chart(name, report)}</figure>"
            )
    parts.append(f"<h2>{html.escape(_('The numbers'))}</h2>")
    parts.append(tables_html(report))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
