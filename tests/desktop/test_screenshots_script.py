"""docs/screenshots/take.py, the README's screenshots, runs in a real X session (Xvfb +
openbox) and writes its five pictures at the sizes it promises, with something drawn in them:
the Today window, the break screen over the whole screen, the Chinese review with its charts,
the tray menu of a running app, and the Categories window asking about a window. So the script cannot rot while the windows change."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from focuscoach.core.reports.chart_style import FOCUS_COLOUR
from tests.xsession import XSession

pytestmark = pytest.mark.x11

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "take.py"
SCREEN = (1600, 1000)


def _script() -> ModuleType:
    """The script as a module, for the sizes it promises (it draws nothing when imported)."""
    spec = importlib.util.spec_from_file_location("take_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return (value >> 16, (value >> 8) & 0xFF, value & 0xFF)


def _colours(image: Image.Image) -> dict[tuple[int, int, int], int]:
    """Pixel count per colour."""
    found = image.convert("RGB").getcolors(image.width * image.height)
    assert found is not None
    return {colour: count for count, colour in found}  # type: ignore[misc]


def test_the_script_writes_the_screenshots(tmp_path: Path) -> None:
    take = _script()
    with XSession(size=f"{SCREEN[0]}x{SCREEN[1]}x24") as x:
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
            env={**x.env, "QT_QPA_PLATFORM": "xcb"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(take.NAMES)
    sizes = {
        "today.png": take.TODAY_SIZE,
        "break-screen.png": SCREEN,
        "review-zh.png": take.REVIEW_SIZE,
        "categories.png": take.CATEGORIES_SIZE,
    }
    images = {name: Image.open(tmp_path / name) for name in take.NAMES}
    for name, image in images.items():
        assert image.format == "PNG", name
        if name == "tray-menu.png":  # as large as its items: about fifteen rows
            assert 100 <= image.width <= 600 and 250 <= image.height <= 800, image.size
        else:
            assert image.size == sizes[name], name
        assert f"wrote {tmp_path / name} {image.width}x{image.height}" in result.stdout
        assert len(_colours(image)) > 50, f"{name} looks blank"

    # The break screen covers every pixel: its dark overlay in each corner, not the bare root.
    overlay = images["break-screen.png"].convert("RGB")
    w, h = overlay.size
    corners = {overlay.getpixel(p) for p in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))}
    assert len(corners) == 1, corners
    (corner,) = corners
    assert isinstance(corner, tuple) and sum(corner) > 0 and max(corner) < 40, corner

    # The review's charts were drawn (the focus bars' colour), not the "drawing…" placeholder.
    assert _colours(images["review-zh.png"]).get(_rgb(FOCUS_COLOUR), 0) > 5000


def test_without_an_x_session_it_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: run this inside an X session (xvfb-run -a ...)"
    ]
    assert list(tmp_path.iterdir()) == []
