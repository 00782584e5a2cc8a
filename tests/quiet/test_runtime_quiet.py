"""The quiet signals wired into the running app: a process holding a (fake) camera holds
every prompt, the tray's tooltip says why, and the deferred break comes once it lets go."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from focuscoach.core import config
from focuscoach.core.coaching.events import BreakDue, CoachEvent
from focuscoach.core.paths import resolve
from focuscoach.core.quiet import Probe, QuietSignals, Signal
from focuscoach.core.quiet.calls import CameraInUse
from focuscoach.core.runtime import App
from focuscoach.desktop.notices import tooltip
from tests.fakes import FixedScorer, scripted_runtime
from tests.support.waiting import until


def _until(condition: Callable[[], object], timeout: float = 15.0) -> None:
    until(condition, timeout)


def test_a_camera_in_use_holds_the_break_and_the_tooltip_says_so(tmp_path: Path) -> None:
    camera = tmp_path / "video0"
    camera.write_bytes(b"")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(camera)!r}); import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    probe = CameraInUse(str(tmp_path / "video*"))
    _until(lambda: probe() is True)
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"micro_interval_s": 5, "micro_duration_s": 5},
            "nudges": {"enabled": False},
            "checkins": {"enabled": False},
        }
    )
    paths = resolve(tmp_path / "home")
    paths.ensure()
    runtime = scripted_runtime(
        paths,
        settings,
        scorer=FixedScorer(0.1),
        quiet=QuietSignals([Probe(Signal.IN_CALL, "in a call (camera)", probe, 0.2)]),
    )
    app = App(runtime).start()
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    try:
        _until(lambda: runtime.status().quiet == ("in a call (camera)",))
        assert "Quiet: in a call (camera)" in tooltip(runtime.status())
        time.sleep(8.0)  # the micro break is due after 5 s of activity...
        assert not [e for e in events if isinstance(e, BreakDue)]  # ...and held
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        released = time.monotonic()
        _until(lambda: any(isinstance(e, BreakDue) for e in events), timeout=10)
        assert time.monotonic() - released < 5  # delivered as soon as the call ended
        assert len([e for e in events if isinstance(e, BreakDue)]) == 1  # no burst
        assert runtime.status().quiet == ()
        # A Focus Coach window open (the mood dialog) reaches the coach's gate, and closes.
        runner = runtime.runner
        assert runner is not None
        app.coach_window(True).result(timeout=10)
        assert runner.inspect(lambda coach: coach.quiet.windows_open) == 1
        app.coach_window(False).result(timeout=10)
        assert runner.inspect(lambda coach: coach.quiet.windows_open) == 0
    finally:
        app.close()
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
