"""The tray's state icons (SVG files in resources/icons)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

from focuscoach.core.runtime.state import AppState


def icon_path(name: str) -> Path:
    return Path(str(resources.files("focuscoach.resources") / "icons" / f"{name}.svg"))


def icon(name: str) -> QIcon:
    # Not cached in a module global: an SVG icon that outlives the QApplication (and the
    # SVG plugin) can crash the interpreter at exit.
    return QIcon(str(icon_path(name)))


def state_icon(state: AppState) -> QIcon:
    return icon(state.value)
