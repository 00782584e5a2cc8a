"""The tray's state icons (SVG files in resources/icons)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

from focuscoach.core.engine import AppState


def icon_path(name: str) -> Path:
    return Path(str(resources.files("focuscoach.resources") / "icons" / f"{name}.svg"))


_cache: dict[str, QIcon] = {}


def icon(name: str) -> QIcon:
    if name not in _cache:
        _cache[name] = QIcon(str(icon_path(name)))
    return _cache[name]


def state_icon(state: AppState) -> QIcon:
    return icon(state.value)
