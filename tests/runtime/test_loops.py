"""The runtime's loops on a fake clock: the detector scores unless paused, hands each score on,
and a failing model is counted and logged but never stops it; the recorder closes its spans
while paused and starts afresh after."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.nudges import Score
from focuscoach.core.runtime.detection import DetectionLoop
from focuscoach.core.runtime.recording import RecordingLoop, WindowTap
from focuscoach.core.store.database import open_database
from focuscoach.core.store.writer import StoreWriter
from tests.conftest import db_rows
from tests.fakes import ScriptedBackend


class Scorer:
    def __init__(self) -> None:
        self.calls: list[float] = []
        self.fail = False

    def score(self, now: float) -> Score:
        self.calls.append(now)
        if self.fail:
            raise RuntimeError("model broken")
        return Score(0.7, "why")


def test_scores_unless_paused_and_survives_failures(caplog: pytest.LogCaptureFixture) -> None:
    now = [1000.0]
    paused_until = [0.0]
    seen: list[tuple[float, float]] = []
    scorer = Scorer()
    loop = DetectionLoop(
        scorer,
        30.0,
        clock=lambda: now[0],
        paused=lambda t: t < paused_until[0],
        on_score=lambda score, at: seen.append((score.probability, at)),
    )
    loop.step()
    assert seen == [(0.7, 1000.0)]
    paused_until[0] = 2000.0
    now[0] = 1030.0
    loop.step()
    assert scorer.calls == [1000.0] and len(seen) == 1  # paused: nothing is scored
    now[0] = 2000.0
    scorer.fail = True
    with caplog.at_level(logging.ERROR, logger="focuscoach.detector"):
        for _ in range(10):
            loop.step()
    assert loop.failures == 10
    assert [r.getMessage() for r in caplog.records] == [
        "detector failed (1 times in a row)",
        "detector failed (10 times in a row)",
    ]
    scorer.fail = False
    loop.step()
    assert loop.failures == 0 and seen[-1] == (0.7, 2000.0)


def test_the_loop_waits_first_then_every_interval() -> None:
    class Stop(threading.Event):
        def __init__(self) -> None:
            super().__init__()
            self.waits: list[float] = []

        def wait(self, timeout: float | None = None) -> bool:
            self.waits.append(timeout or 0.0)
            return len(self.waits) > 3

    scorer = Scorer()
    stop = Stop()
    DetectionLoop(scorer, 30.0, first_after_s=5.0, clock=lambda: 1.0).run(stop)
    assert stop.waits == [5.0, 30.0, 30.0, 30.0] and len(scorer.calls) == 3


class FakeTime(threading.Event):
    """An Event whose waits move a fake wall clock on by one second instead of sleeping;
    `script[n]` runs at the n-th wait (the test's hand on the app), the last one stops it."""

    def __init__(self, clock: list[float], script: dict[int, Callable[[], None]]) -> None:
        super().__init__()
        self.clock = clock
        self.script = script
        self.waits = 0

    def wait(self, timeout: float | None = None) -> bool:
        self.waits += 1
        self.clock[0] += 1.0  # one poll interval passes, whatever the loop computed
        action = self.script.get(self.waits)
        if action is not None:
            action()
        return self.is_set()


def test_the_recorder_loop_closes_spans_while_paused_and_starts_afresh(tmp_path: Path) -> None:
    """On a fake clock: a minute of recording, a pause (the open span ends when it starts,
    nothing is recorded during it), then recording again in a new span after the pause."""
    db = tmp_path / "focuscoach.db"
    open_database(db).close()
    writer = StoreWriter(db).start()
    settings = config.parse({"recording": {"poll_interval": 1.0}}).recording
    backend = ScriptedBackend()
    clock = [1_000_000.0]
    paused_until: list[float | None] = [None]
    statuses: list[float] = []

    def pause() -> None:
        paused_until[0] = clock[0] + 600

    def switch_while_paused() -> None:
        backend.window = WindowInfo("chat", "secret")

    def resume() -> None:
        paused_until[0] = None

    script: dict[int, Callable[[], None]] = {60: pause, 62: switch_while_paused, 64: resume}
    stop = FakeTime(clock, script)
    script[90] = stop.set
    loop = RecordingLoop(
        writer,
        settings,
        WindowTap(backend, settings, lambda _info: None),
        None,
        clock=lambda: clock[0],
        paused_until=lambda: paused_until[0],
        wake=stop,
        on_status=statuses.append,
    )
    try:
        loop.run(stop)
    finally:
        writer.stop()
    rows = db_rows(db, "SELECT start, stop, title FROM window_spans ORDER BY start")
    assert [r[2] for r in rows] == ["report.md", "secret"]
    (first_start, first_stop, _), (second_start, _, _) = rows
    assert first_start == 1_000_000.0
    assert first_stop <= statuses[1]  # ended when the pause began
    assert second_start >= statuses[1] + 1  # nothing recorded while paused
    assert len(statuses) == 3  # started, paused, started again
