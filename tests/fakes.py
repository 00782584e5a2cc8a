"""Stand-ins at the edges the runtime and the app talk to: a window backend the test drives and
a detector with a fixed answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.nudges import DistractionScorer, Score
from focuscoach.core.paths import Paths
from focuscoach.core.quiet import QuietSignals
from focuscoach.core.runtime import Runtime

EXPLANATION = "rapid switching between editor and browser"


class ScriptedBackend:
    """The focused window is whatever the test puts in `window`."""

    def __init__(self) -> None:
        self.window: WindowInfo | None = WindowInfo("editor", "report.md")

    def active_window(self) -> WindowInfo | None:
        return self.window

    def close(self) -> None:
        pass


class FixedScorer:
    """Always the same probability; counts how often it was asked."""

    def __init__(self, p: float) -> None:
        self.p = p
        self.calls = 0

    def score(self, now: float) -> Score:
        self.calls += 1
        return Score(self.p, EXPLANATION)


def scripted_runtime(
    paths: Paths,
    settings: config.Settings,
    *,
    scorer: DistractionScorer | None = None,
    clock: Callable[[], float] = time.time,
    tz: tzinfo | None = None,
    quiet: QuietSignals | None = None,
) -> Runtime:
    """A Runtime whose focused window the test sets (a `ScriptedBackend`) and that watches no
    keyboard or mouse."""
    return Runtime(
        paths,
        settings,
        backend_factory=lambda: (ScriptedBackend(), None),
        input_monitor=False,
        scorer=scorer,
        clock=clock,
        tz=tz,
        quiet=quiet,
    )
