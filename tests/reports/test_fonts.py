"""The review notices a CJK font installed after matplotlib cached its font list: it rebuilds
the list once instead of drawing Chinese window titles as boxes."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from focuscoach.core.reports import charts

LABELS = ["微信", "小红书", "淘宝网周报"]

RENDER = """
import io, json, warnings
from matplotlib import font_manager
from matplotlib.figure import Figure
from focuscoach.core.reports import chart_style, charts

warnings.simplefilter("error")  # a missing glyph ("Glyph ... missing from font") fails
labels = json.loads(%r)
families = charts.font_families()
figure = Figure()
ax = figure.add_subplot()
with charts.style():
    ax.set_yticks(range(len(labels)), labels, **chart_style.font_for(labels))
    figure.savefig(io.BytesIO(), format="png")
cjk = font_manager.findfont(font_manager.FontProperties(family=families[-1]))
print(json.dumps({"families": families, "font": cjk}))
"""


def _has_cjk(path: str) -> bool:
    try:
        return bool(FT2Font(path).get_char_index(ord("中")))
    except (OSError, RuntimeError, ValueError):
        return False


def _stale_cache(folder: Path) -> list[str]:
    """A font list cached as if before any CJK font was installed; the CJK files it lacks."""
    manager = font_manager.fontManager
    cjk = sorted({f.fname for f in manager.ttflist if _has_cjk(f.fname)})
    assert cjk, "no CJK font on this machine (install fonts-noto-cjk, .ci/apt-packages.txt)"
    stale = copy.copy(manager)
    stale.ttflist = [f for f in manager.ttflist if f.fname not in cjk]
    folder.mkdir()
    font_manager.json_dump(stale, folder / _cache_name())
    return cjk


def _cache_name() -> str:
    return f"fontlist-v{font_manager.FontManager.__version__}.json"


def test_a_cjk_font_missing_from_a_stale_font_cache_is_found_and_used(tmp_path: Path) -> None:
    folder = tmp_path / "mpl"
    cjk = _stale_cache(folder)
    result = subprocess.run(
        [sys.executable, "-c", RENDER % json.dumps(LABELS)],
        env={**os.environ, "MPLCONFIGDIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert len(shown["families"]) == 2, shown  # DejaVu Sans, then a CJK font
    assert shown["font"] in cjk, shown
    # The rebuilt list was saved: the next start finds the font without rebuilding.
    cached = json.loads((folder / _cache_name()).read_text())
    assert {f["fname"] for f in cached["ttflist"]} & set(cjk)


def test_nothing_is_rebuilt_when_no_font_file_is_new() -> None:
    # This run's font cache was built with every installed font: nothing to add.
    assert charts.refresh_font_list() is False
