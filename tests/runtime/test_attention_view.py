"""The App's attention strip (runtime/attention.py): read from the store and scored with the
active model (the shipped prior in a fresh home) on a thread of its own; None when the app
scores with an injected scorer (no model to explain)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from focuscoach.core import config
from focuscoach.core.paths import Paths, resolve
from focuscoach.core.records import StripSegment
from focuscoach.core.runtime import App
from focuscoach.core.runtime.attention import NUDGE_STRIP_S
from focuscoach.core.store.history import insert_windows
from tests.fakes import FixedScorer, scripted_runtime

T = 1_700_000_000.0
_SETTINGS = config.parse({"recording": {"poll_interval": 0.1}, "breaks": {"enabled": False}})


def _paths(tmp_path: Path) -> Paths:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    return paths


def _app(paths: Paths, scorer: FixedScorer | None) -> App:
    runtime = scripted_runtime(
        paths,
        _SETTINGS,
        scorer=scorer,
        clock=lambda: T,
    )
    return App(runtime).start()


def _store_an_hour(app: App) -> None:
    rows = []
    for k in range(60):  # a minute each: code, then YouTube, then Focus Coach's window
        app_name, title = [
            ("code", "main.py - VS Code"),
            ("firefox", "Cats - YouTube — Mozilla Firefox"),
            ("Focus Coach", "Today — Focus Coach"),
        ][k % 3]
        rows.append((T - 3600.0 + 60.0 * k, T - 3540.0 + 60.0 * k, app_name, title))

    def write(db: sqlite_utils.Database) -> None:
        insert_windows(db.conn, rows)

    app.write(write).result(10)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[App]:
    running = _app(_paths(tmp_path), None)
    yield running
    running.close()


def test_the_strip_comes_from_the_store_and_the_active_model(
    live: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_an_hour(live)
    seen: list[str] = []
    strip = live.attention.strip

    def traced(at: float, window_s: float) -> list[StripSegment] | None:
        seen.append(threading.current_thread().name)
        return strip(at, window_s)

    monkeypatch.setattr(live.attention, "strip", traced)
    segments = live.attention_strip(T, NUDGE_STRIP_S).result(30)
    assert segments is not None
    assert len(segments) == 20  # 30 one-minute windows, Focus Coach's 10 left out
    assert {s.name for s in segments} == {"code", "YouTube"}
    assert all(T - NUDGE_STRIP_S <= s.start < s.end <= T for s in segments)
    assert max(s.weight for s in segments) == 1.0
    assert {s.distracting for s in segments if s.name == "YouTube"} == {True}
    assert seen == ["focuscoach-attention"]  # on a thread of its own, not the command queue
    # Nothing recorded in an hour's time: an empty strip, not None.
    assert live.attention_strip(T + 7200.0).result(30) == []


def test_no_strip_without_a_model_scoring(tmp_path: Path) -> None:
    app = _app(_paths(tmp_path), FixedScorer(0.9))
    try:
        _store_an_hour(app)
        assert not app.attention.available
        assert app.attention_strip(T).result(5) is None
    finally:
        app.close()
