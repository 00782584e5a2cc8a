"""The detector loop on a fake clock: it scores unless paused, hands each score on, and a
failing model is counted and logged but never stops it."""

from __future__ import annotations

import logging

import pytest

from focuscoach.core.coaching.nudges import Score
from focuscoach.core.runtime.detection import DetectionLoop


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
    import threading

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
