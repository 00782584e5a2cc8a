"""When the coach asks the detector: never while the window matches the block's task.

This is why the model has no on_task input any more (tests/model/test_global_layout.py): at
every moment the model's answer can lead to a nudge, on_task is false, so the input was a
constant 0 in serving (and in training, which had no task to look at).
"""

from __future__ import annotations

from datetime import UTC, datetime

from focuscoach.core.coaching.coach import Coach, Observation
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.core.planning.tasks import Task

from .fakes import ScriptedScorer

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC).timestamp()


def test_the_detector_is_asked_only_off_task() -> None:
    task = Task(1, "Write report", app_pattern="libreoffice", title_pattern="report")
    block = PlanBlock(
        datetime.fromtimestamp(T0, UTC),
        datetime.fromtimestamp(T0 + 3000, UTC),
        BlockKind.FOCUS,
        1,
        task.title,
    )
    scorer = ScriptedScorer(0.0)
    coach = Coach(tz=UTC, plan=Plan(block.start.date(), (block,)), tasks=[task], scorer=scorer)
    windows = [
        ("libreoffice-writer", "report.odt"),  # on task
        ("firefox", "YouTube"),  # off task: scored
        ("libreoffice-writer", "report draft.odt"),  # on task again
        ("libreoffice-writer", "budget.ods"),  # the title does not match: off task
        ("Code", "planner.py"),  # off task
    ]
    on_task_moments = []
    for k, (app, title) in enumerate(windows):
        now = T0 + 60.0 * (k + 1)
        coach.observe(Observation(app=app, title=title), now)
        if "report" in title and app.startswith("libreoffice"):
            on_task_moments.append(now)
    assert scorer.calls == [T0 + 120.0, T0 + 240.0, T0 + 300.0]
    assert not set(scorer.calls) & set(on_task_moments)
