"""Build what the bundle ships besides the program: icons and the Linux desktop files.

    python packaging/build_assets.py OUT_DIR

writes, from the app's icon (resources/icons/app.svg) and the templates in packaging/linux/:

    OUT_DIR/focuscoach.ico, OUT_DIR/focuscoach.icns            (Windows, macOS)
    OUT_DIR/share/icons/hicolor/scalable/apps/APP_ID.svg
    OUT_DIR/share/icons/hicolor/NxN/apps/APP_ID.png            (N in PNG_SIZES)
    OUT_DIR/share/applications/APP_ID.desktop
    OUT_DIR/share/metainfo/APP_ID.metainfo.xml

The SVG is rasterised with QtSvg (PySide6 is a dependency already) and the ICO and ICNS files
are written by Pillow (a matplotlib dependency), so no system tool is needed on any platform.
The spec runs this in its own process: Qt wants a fresh process with the offscreen platform.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import appinfo  # noqa: E402  (packaging/ is not a package)

ICON_SVG = appinfo.ROOT / "resources" / "icons" / "app.svg"  # the icon the app itself shows
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["build_assets"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg} as SVG")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        out[size] = bytes(data.data())
    del app
    return out


def release_date() -> str:
    """The date of the last commit (reproducible builds), else today."""
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return dt.datetime.now(dt.UTC).date().isoformat()


def render_template(name: str, values: dict[str, str]) -> str:
    text = (HERE / "linux" / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise SystemExit(f"{name}: unfilled placeholders {leftover}")
    return text


def build(out: Path) -> None:
    from PIL import Image

    if out.exists():
        shutil.rmtree(out)
    app_id = appinfo.APP_ID
    pngs = render_pngs(ICON_SVG, tuple(sorted({*PNG_SIZES, *ICO_SIZES, 1024})))

    hicolor = out / "share" / "icons" / "hicolor"
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(ICON_SVG, hicolor / "scalable" / "apps" / f"{app_id}.svg")
    for size in PNG_SIZES:
        folder = hicolor / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        (folder / f"{app_id}.png").write_bytes(pngs[size])

    def image(size: int) -> Image.Image:
        return Image.open(BytesIO(pngs[size])).convert("RGBA")

    largest = max(ICO_SIZES)
    image(largest).save(
        out / "focuscoach.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[image(s) for s in ICO_SIZES if s != largest],
    )
    image(1024).save(
        out / "focuscoach.icns",
        format="ICNS",
        append_images=[image(s) for s in (16, 32, 64, 128, 256, 512)],
    )

    values = {
        "APP_ID": app_id,
        "APP_NAME": appinfo.APP_NAME,
        "VERSION": appinfo.version(),
        "DATE": release_date(),
        "SUMMARY": appinfo.summary(),
    }
    for template, target in (
        ("focuscoach.desktop.in", f"applications/{app_id}.desktop"),
        ("focuscoach.metainfo.xml.in", f"metainfo/{app_id}.metainfo.xml"),
    ):
        path = out / "share" / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_template(template, values), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: {sys.argv[0]} OUT_DIR")
    build(Path(sys.argv[1]))
