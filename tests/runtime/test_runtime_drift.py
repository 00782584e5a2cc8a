"""The running app's coach has the drift rule, wired from the user's settings and categories
(issue 13): a short real run with a scripted window backend, a focus block and YouTube."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.drift import DriftNudgeDue, DriftSettings, DriftWatch
from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.paths import resolve
from focuscoach.core.planning.tasks import Task
from focuscoach.core.runtime import App, Runtime
from focuscoach.core.store import tasks as task_store
from tests.conftest import db_rows
from tests.fakes import FixedScorer, ScriptedBackend
from tests.support.waiting import until

YOUTUBE = WindowInfo("firefox", "Cats - YouTube — Mozilla Firefox")


def _settings(**nudges: object) -> config.Settings:
    return config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "detector": {"interval_s": 1.0, "tick_s": 1.0},
            "breaks": {"enabled": False},
            "checkins": {"enabled": False},
            "quiet": {"calm_gap_s": 0, "notice_timeout_s": 0, "checkin_after_break_s": 0},
            "nudges": {"min_interval_s": 0.0, **nudges},
        }
    )


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def app(tmp_path: Path, backend: ScriptedBackend) -> Iterator[App]:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    runtime = Runtime(
        paths,
        _settings(drift_after_s=10),
        backend_factory=lambda: (backend, None),
        input_monitor=False,
        scorer=FixedScorer(0.0),  # the forecast never fires: every nudge is the drift rule's
    )
    running = App(runtime).start()
    yield running
    running.close()


def _until(condition: Callable[[], object], timeout: float = 30.0) -> None:
    until(condition, timeout)


def _drift(app: App) -> DriftWatch | None:
    runner = app.runtime.runner
    assert runner is not None
    return runner.inspect(lambda coach: coach.drift)


def test_the_running_coach_nudges_after_the_configured_time_on_youtube_in_a_focus_block(
    app: App, backend: ScriptedBackend
) -> None:
    watch = _drift(app)
    assert watch is not None and watch.settings == DriftSettings(after_s=10.0)
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    task = app.write(
        lambda db: task_store.add_task(db, Task(None, "Write report", created=time.time()))
    ).result()
    app.start_focus_block(25, task.id).result()
    began = time.monotonic()
    backend.window = YOUTUBE
    _until(lambda: any(isinstance(e, DriftNudgeDue) for e in events))
    waited = time.monotonic() - began
    nudge = next(e for e in events if isinstance(e, DriftNudgeDue))
    assert waited >= 9.0  # not before the configured 10 s (one poll of slack)
    assert nudge.what == "YouTube" and nudge.distracted_s >= 10.0
    assert nudge.task_title == "Write report"
    assert nudge.explanation == f"{int(nudge.distracted_s)} s on YouTube during 'Write report'"
    # "It's work": stored like every nudge answer, and YouTube is spared for the block.
    label = app.answer_nudge(NudgeAnswer.NOT_DISTRACTED).result()
    assert label is not None and label.distracted is False and label.at == nudge.at
    db = app.paths.database
    assert db_rows(db, "SELECT answer, distracted FROM nudge_labels") == [("not_distracted", 0)]
    watch = _drift(app)
    assert watch is not None and watch.state.excused == ("YouTube",)
    app.flush().result()
    shown = db_rows(db, "SELECT detail FROM coach_events WHERE kind = 'nudge_shown'")
    assert [json.loads(r[0])["nudge_kind"] for r in shown] == ["drift"]
    assert json.loads(shown[0][0])["what"] == "YouTube"
    assert db_rows(db, "SELECT count(*) FROM coach_events WHERE kind = 'nudge_answered'") == [(1,)]


def test_a_settings_change_applies_to_the_drift_rule_at_once(app: App) -> None:
    before = _drift(app)
    assert before is not None and before.settings.enabled
    app.reload_settings(_settings(drift_enabled=False, drift_after_s=300)).result()
    after = _drift(app)
    assert after is not None
    assert after.settings == DriftSettings(enabled=False, after_s=300.0)
    runner = app.runtime.runner
    assert runner is not None
    assert runner.inspect(lambda coach: coach.settings.drift) == after.settings
