"""Fixtures for the Qt tests (offscreen): a real engine on a temporary home, with a scripted
window backend and detector so no display or model timing is involved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core import config
from focuscoach.core.engine import Engine
from focuscoach.core.paths import Paths, resolve
from tests.fakes import FixedScorer, ScriptedBackend


def make_settings() -> config.Settings:
    return config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "nudges": {"only_in_focus_blocks": False, "min_interval_s": 0.0},
            "planning": {"day_start": "00:00", "day_end": "23:59"},
        }
    )


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    p = resolve(tmp_path / "home")
    p.ensure()
    return p


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def engine(paths: Paths, backend: ScriptedBackend) -> Iterator[Engine]:
    eng = Engine(
        paths,
        make_settings(),
        backend_factory=lambda: (backend, None),
        input_monitor=False,
        scorer=FixedScorer(0.95),
    )
    eng.start()
    yield eng
    eng.stop()


@pytest.fixture
def artifacts() -> Path:
    from tests.desktop.x11app import artifacts_dir

    return artifacts_dir()


def delete_now() -> None:
    """Run the pending deleteLater()s: no event loop runs between tests to do it."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
