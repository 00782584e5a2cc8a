"""Stand-ins at the edges the runtime and the app talk to: a window backend the test drives and
a detector with a fixed answer."""

from __future__ import annotations

from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.nudges import Score

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
