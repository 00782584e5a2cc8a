"""The review charts' look: the Okabe-Ito palette, the cividis map and the fonts.

Colours readable with colour-vision deficiencies; DejaVu Sans with a CJK-capable font as
fallback so Chinese or Japanese window titles render instead of boxes (matplotlib's font list
is rebuilt once when a CJK font was installed after it was cached).
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from cycler import cycler
from matplotlib import font_manager, rc_context

from focuscoach.core import i18n

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

FOCUS_COLOUR = BLUE
OTHER_COLOUR = GREY
DISTRACTION_COLOUR = VERMILLION
HEATMAP = "cividis"

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans SC",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Serif CJK SC",
)

_FONTS_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """DejaVu Sans, then the first CJK font installed (matplotlib falls back glyph by glyph).

    matplotlib caches its font list (fontlist-*.json in its cache folder) and never looks
    again; a CJK font installed after that cache was made would stay unseen and Chinese titles
    would be boxes. So when the cached list has no CJK font, it is rebuilt once if any font
    file on the system is missing from it."""
    with _FONTS_LOCK:
        cjk = _cjk_font()
        if cjk is None and refresh_font_list():
            cjk = _cjk_font()
    return ("DejaVu Sans", cjk) if cjk else ("DejaVu Sans",)


def _cjk_font() -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = next((name for name in CJK_FONTS if name in installed), None)
    if cjk is None:
        cjk = next((n for n in sorted(installed) if "CJK" in n or "Han Sans" in n), None)
    return cjk


def refresh_font_list() -> bool:
    """Rebuild matplotlib's font list (and its cache file) if a font file on the system is not
    in it; True if it was rebuilt. Listing the files costs milliseconds; the rebuild (about a
    second: every font file is opened) happens only when there is something new."""
    manager = font_manager.fontManager
    known = {f.fname for f in manager.ttflist}
    on_disk = set(font_manager.findSystemFonts(fontext="ttf"))
    if on_disk <= known:
        return False
    # What matplotlib itself does when a cached font file has gone: build a new manager (this
    # also rewrites the cache file) and take its state into the instance everyone refers to.
    load: Callable[..., font_manager.FontManager] | None = getattr(
        font_manager, "_load_fontmanager", None
    )
    fresh = load(try_read_cache=False) if load is not None else font_manager.FontManager()
    vars(manager).update(vars(fresh))
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    return True


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The review's look; figures keep it after the block (text takes its font when made)."""
    # Latin text needs no fallback (which costs time on every label); labels that hold CJK
    # ask for it themselves (see font_for), and in Chinese every text has the CJK font.
    family = ["DejaVu Sans"] if i18n.current() == "en" else list(font_families())
    params: dict[Any, Any] = {
        "font.family": family,
        "font.size": 9.5,
        "axes.titlesize": 11.5,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(
            color=[BLUE, ORANGE, GREEN, VERMILLION, SKY_BLUE, PURPLE, YELLOW, BLACK]
        ),
    }
    with rc_context(params), quiet_missing_glyphs():
        yield


@contextlib.contextmanager
def quiet_missing_glyphs() -> Iterator[None]:
    """Without any CJK font a title is drawn with boxes rather than failing the report; with
    one, a missing glyph is a bug and stays loud."""
    with warnings.catch_warnings():
        if len(font_families()) == 1:
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def font_for(labels: list[str]) -> dict[str, Any]:
    """The CJK fallback for tick labels that need it (window titles, app and task names)."""
    if any(ord(ch) >= 0x2E80 for label in labels for ch in label):
        return {"fontfamily": list(font_families())}
    return {}
