"""The drift rule with context (issue 12), pure and on a fake clock: a distracting window
judged on-task for the block's task (the set a worker stored) is not distraction, so no nudge
comes and none names it; anything else still nudges after the configured time."""

from __future__ import annotations

from dataclasses import dataclass, field

from focuscoach.core.categories import default_categorizer
from focuscoach.core.coaching.drift import DriftNudgeDue, DriftSettings, DriftWatch
from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.coaching.nudges import NudgeSettings, NudgeState

TASK = "Write the asyncio scheduler"
TUTORIAL = ("firefox", "Python asyncio tutorial - YouTube — Mozilla Firefox")
CATS = ("firefox", "Funny cat compilation - YouTube — Mozilla Firefox")
ON_TASK = frozenset({(TASK, *TUTORIAL)})
T0 = 1_776_243_600.0
BLOCK = (T0, T0 + 3600)
STEP_S = 5.0


@dataclass
class Day:
    """A fake clock that steps the rule every STEP_S through a sequence of windows."""

    watch: DriftWatch
    task: str = TASK
    now: float = T0
    nudges: NudgeState = field(default_factory=NudgeState)
    events: list[CoachEvent] = field(default_factory=list)
    _prev: tuple[str, str] | None = None

    def stay(self, window: tuple[str, str], seconds: float) -> None:
        end = self.now + seconds
        while self.now < end:
            self.now += STEP_S
            self.nudges, events = self.watch.step(
                now=self.now,
                elapsed_s=STEP_S if self._prev is not None else 0.0,
                prev=self._prev,
                current=window,
                block=BLOCK,
                task_id=1,
                task_title=self.task,
                quiet=False,
                nudges=self.nudges,
                nudge_settings=NudgeSettings(),
                day="2026-04-15",
            )
            self.events += events
            self._prev = window

    @property
    def drift_nudges(self) -> list[DriftNudgeDue]:
        return [e for e in self.events if isinstance(e, DriftNudgeDue)]


def _watch(on_task: frozenset[tuple[str, str, str]] = ON_TASK) -> DriftWatch:
    return DriftWatch(default_categorizer(), DriftSettings(after_s=120.0), on_task=on_task)


def test_an_on_task_video_is_not_drift() -> None:
    day = Day(_watch())
    assert not day.watch.distracting(*TUTORIAL, TASK)
    day.stay(TUTORIAL, 20 * 60)
    assert day.drift_nudges == []
    assert day.watch.state.distracted_s == 0.0


def test_the_cat_video_still_nudges_after_the_configured_time() -> None:
    day = Day(_watch())
    day.stay(TUTORIAL, 10 * 60)
    day.stay(CATS, 3 * 60)
    [nudge] = day.drift_nudges
    # The count holds the cat video's time only, and the notice names no on-task window.
    assert 120.0 <= nudge.distracted_s <= 120.0 + STEP_S
    assert nudge.at - (T0 + 10 * 60) <= 120.0 + 2 * STEP_S
    assert nudge.explanation == f"2 min on YouTube during '{TASK}'"


def test_the_same_video_is_drift_in_another_tasks_block_or_without_the_judgement() -> None:
    other = Day(_watch(), task="Write the quarterly sales report")
    other.stay(TUTORIAL, 3 * 60)
    assert len(other.drift_nudges) == 1
    unjudged = Day(_watch(frozenset()))  # a title the worker has not judged yet
    unjudged.stay(TUTORIAL, 3 * 60)
    assert len(unjudged.drift_nudges) == 1


def test_new_categories_or_settings_keep_the_judgements() -> None:
    watch = _watch()
    again = watch.reconfigured(default_categorizer(), DriftSettings(after_s=60.0))
    assert again.on_task == ON_TASK
