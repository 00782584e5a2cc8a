"""What the bundle, the desktop files and the installers say about the app.

The version and the summary come from the installed distribution's metadata (pyproject.toml is
the one source); the application id comes from focuscoach.core.appinfo.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from focuscoach.core.appinfo import APP_ID, APP_NAME

__all__ = ["APP_ID", "APP_NAME", "DIST_NAME", "summary", "version"]

DIST_NAME = "focuscoach"

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    """The installed version, checked against pyproject.toml so a stale install cannot ship."""
    installed = metadata.version(DIST_NAME)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    if installed != declared:
        raise SystemExit(
            f"installed {DIST_NAME} is {installed} but pyproject.toml says {declared}: "
            "reinstall it (make venv) before packaging"
        )
    return installed


def summary() -> str:
    return metadata.metadata(DIST_NAME)["Summary"]
