"""The one place the running app is wired: threads, the recorder and detector loops, the app's
state, and the `App` facade the tray calls (`focuscoach record` uses the same `Runtime`).

    lifecycle.Runtime   lock, writer, threads, coach runner, quiet signals: start and stop
    recording           the one recorder loop and the window tap the coach reads
    detection           the one detector loop, and the live detector it scores with
    coach_io            the coach's persistence through the writer, the cached score
    store_access        a write that waits for its commit (for worker threads only)
    state               AppState / Status, read under the runner's lock
    plan_edits          pure edits of today's plan (hand-started blocks, pauses)
    review              the end-of-week prompt job (policy in coaching.review_prompt)
    daily_summary       the end-of-day summary job (policy in coaching.daily_summary)
    app.App             user commands that return futures and never block the caller
"""

from focuscoach.core.runtime.app import App
from focuscoach.core.runtime.lifecycle import RecorderBusy, Runtime
from focuscoach.core.runtime.state import AppState, Status, StatusChanged

__all__ = ["App", "AppState", "RecorderBusy", "Runtime", "Status", "StatusChanged"]
