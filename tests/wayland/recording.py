"""`focuscoach record` on a test compositor, as the Wayland recording tests drive it: the
windows of WINDOWS, focus moved from "fc.plain" through SWITCHES, then away and back."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import db_rows
from tests.recording_check import (
    assert_switch_timing,
    cpu_seconds,
    start_recorder,
    stop_recorder,
)

WINDOWS = {
    "fc.plain": "Focus test: plain ASCII editor",
    "fc.zh": "专注 中文标题 — 写作",
    "fc.emoji": "Emoji 🎯 focus ✨ done",
}
AFK_TIMEOUT = 10  # the smallest the settings allow
SWITCHES = ("fc.zh", "fc.emoji", "fc.plain", "fc.zh")


class Recording:
    """A recorder started (with AFK_TIMEOUT) while "fc.plain" has focus."""

    def __init__(self, home: Path, env: Mapping[str, str]) -> None:
        self.recorder = start_recorder(home, env, afk_timeout=AFK_TIMEOUT)
        self.db = home / "focuscoach.db"
        self.started = time.time()
        self._clock, self._cpu_started = time.monotonic(), cpu_seconds(self.recorder.pid)
        self.switched: list[tuple[str, float]] = []
        self.last_input = 0.0

    def switch(
        self, focus: Callable[[str], float], touch: Callable[[], float] | None = None
    ) -> None:
        """Every 2.5 s focus the next of SWITCHES (`focus` returns when it did), each
        followed by user input through `touch` if given (returning when it happened)."""
        for app_id in SWITCHES:
            time.sleep(2.5)
            self.switched.append((app_id, focus(app_id)))
            if touch is not None:
                self.last_input = touch()

    def come_back(self, touch: Callable[[], float], away_at: float | None = None) -> float:
        """Once away (the recorder stored an away span; or, given `away_at`, by the clock),
        user input through `touch`; when it happened."""
        if away_at is None:
            deadline = time.monotonic() + AFK_TIMEOUT + 10
            while not db_rows(self.db, "SELECT count(*) FROM afk_spans WHERE afk = 1")[0][0]:
                assert time.monotonic() < deadline, "never went away"
                time.sleep(0.2)
            time.sleep(1.0)
        else:
            time.sleep(max(0.0, away_at - time.time()))
        back = touch()
        time.sleep(2.5)
        return back

    def stop(self, compositor: str) -> None:
        cpu = (cpu_seconds(self.recorder.pid) - self._cpu_started) / (
            time.monotonic() - self._clock
        )
        stop_recorder(self.recorder, timeout=15)
        print(f"\nrecorder CPU while recording on {compositor}: {cpu:.1%} of one core")

    def check(self, compositor: str) -> tuple[float, float]:
        """The spans follow the switches, in time and without gaps; the user was away once
        and came back; no input counts (Wayland has none to give). When away and back
        were dated."""
        db = self.db
        spans = db_rows(db, "SELECT start, stop, app, title FROM window_spans ORDER BY start")
        expected = ["fc.plain", *[app_id for app_id, _at in self.switched]]
        assert [(s[2], s[3]) for s in spans] == [(a, WINDOWS[a]) for a in expected]
        assert_switch_timing(spans, self.switched, f"{compositor} switch")

        afk = db_rows(db, "SELECT start, stop, afk FROM afk_spans ORDER BY start")
        assert [row[2] for row in afk] == [0, 1, 0], afk
        # Wayland gives no key or click counts: nothing is written, rather than zeros.
        assert db_rows(db, "SELECT count(*) FROM input_activity") == [(0,)]
        return float(afk[1][0]), float(afk[2][0])
