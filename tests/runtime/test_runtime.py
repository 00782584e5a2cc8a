"""The runtime and its App facade without a display: recording through a scripted window
backend, the coach wired to the writer, labels stored, pause, focus blocks, commands that return
futures at once, and the recorder lock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.coaching.events import BlockStarted, CoachEvent, NudgeDue
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.lockfile import LockFile
from focuscoach.core.paths import resolve
from focuscoach.core.planning.tasks import Task
from focuscoach.core.runtime import App, AppState, RecorderBusy, Runtime
from focuscoach.core.store import tasks as task_store
from tests.conftest import db_rows
from tests.fakes import EXPLANATION, FixedScorer, ScriptedBackend
from tests.support.waiting import until

TZ = ZoneInfo("Europe/Berlin")


def _settings(**coaching: object) -> config.Settings:
    base: dict[str, dict[str, object]] = {
        "recording": {"poll_interval": 0.1},
        "detector": {"interval_s": 1.0, "tick_s": 1.0},
        "nudges": {"only_in_focus_blocks": False, "min_interval_s": 0.0},
    }
    for key, value in coaching.items():
        section, name = key.split("__")
        base.setdefault(section, {})[name] = value
    return config.parse(base)


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def app(tmp_path: Path, backend: ScriptedBackend) -> Iterator[App]:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    runtime = Runtime(
        paths,
        _settings(),
        backend_factory=lambda: (backend, None),
        input_monitor=False,
        scorer=FixedScorer(0.9),
    )
    running = App(runtime).start()
    yield running
    running.close()


def _until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    until(condition, timeout)


def test_records_windows_and_a_switch_becomes_a_nudge_whose_answer_is_stored(
    app: App, backend: ScriptedBackend
) -> None:
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    _until(lambda: app.latest_score(time.time()).probability == 0.9)  # detector has run
    backend.window = WindowInfo("browser", "news")
    _until(lambda: any(isinstance(e, NudgeDue) for e in events))
    nudge = next(e for e in events if isinstance(e, NudgeDue))
    assert nudge.explanation == EXPLANATION
    label = app.answer_nudge(NudgeAnswer.NOT_DISTRACTED).result()
    assert label is not None and label.distracted is False
    db = app.paths.database
    assert db_rows(db, "SELECT answer, distracted FROM nudge_labels") == [("not_distracted", 0)]
    app.flush().result()
    titles = [r[0] for r in db_rows(db, "SELECT title FROM window_spans ORDER BY start")]
    assert titles[:2] == ["report.md", "news"]
    kinds = {r[0] for r in db_rows(db, "SELECT kind FROM coach_events")}
    assert {"nudge_shown", "nudge_answered"} <= kinds


def test_pause_stops_recording_and_resume_starts_again(app: App, backend: ScriptedBackend) -> None:
    _until(lambda: app.status().state is AppState.RECORDING)
    app.pause_recording("15m").result()
    assert app.status().state is AppState.PAUSED
    assert app.runtime.observation().active is False
    time.sleep(0.3)
    app.flush().result()
    db = app.paths.database
    stop = db_rows(db, "SELECT max(stop) FROM window_spans")[0][0]
    backend.window = WindowInfo("chat", "secret")
    time.sleep(0.5)
    app.flush().result()
    assert db_rows(db, "SELECT max(stop) FROM window_spans")[0][0] == stop
    assert "secret" not in {r[0] for r in db_rows(db, "SELECT title FROM window_spans")}
    app.resume_recording().result()
    _until(
        lambda: (
            app.flush().result() and ("secret",) in db_rows(db, "SELECT title FROM window_spans")
        )
    )


def test_a_focus_block_started_by_hand_is_stored_and_announced(app: App) -> None:
    events: list[CoachEvent] = []
    app.subscribe(events.append)
    task = app.write(
        lambda db: task_store.add_task(db, Task(None, "Write report", created=time.time()))
    ).result()
    app.start_focus_block(25, task.id).result()
    status = app.status()
    assert status.state is AppState.FOCUS and status.block_title == "Write report"
    assert any(isinstance(e, BlockStarted) and e.task_id == task.id for e in events)
    assert db_rows(app.paths.database, "SELECT kind, task_id FROM plan_blocks") == [
        ("focus", task.id)
    ]
    app.stop_focus_block().result()
    assert app.status().state is AppState.RECORDING


def test_a_failing_write_changes_nothing_and_recording_goes_on(app: App) -> None:
    def bad(db: object) -> None:
        db.execute("INSERT INTO mood_entries (at, mood) VALUES (1, 3)")  # type: ignore[attr-defined]
        raise ValueError("nope")

    with pytest.raises(ValueError, match="nope"):
        app.write(bad).result()
    assert db_rows(app.paths.database, "SELECT count(*) FROM mood_entries") == [(0,)]
    with pytest.raises(ValueError, match="mood"):
        app.log_mood(9, None).result()
    entry = app.log_mood(4, 2, " fine ").result()
    assert (entry.mood, entry.energy, entry.note) == (4, 2, "fine")
    assert app.runtime.writer is not None and app.runtime.writer.failed is None


def test_the_recorder_lock_keeps_out_a_second_recorder(tmp_path: Path) -> None:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    held = LockFile(paths.data_dir / "recorder.lock")
    assert held.acquire()
    try:
        runtime = Runtime(
            paths, config.Settings(), backend_factory=lambda: (None, None), input_monitor=False
        )
        with pytest.raises(RecorderBusy, match="already running"):
            runtime.start()
    finally:
        held.release()


def test_commands_return_at_once_while_the_writer_is_busy(app: App) -> None:
    """The App never blocks its caller: a command queued behind a slow writer returns its
    Future at once, and the result arrives when the writer is free again."""
    writer = app.runtime.writer
    assert writer is not None
    writer.call(lambda _conn: time.sleep(1.0))  # e.g. a big import holding the writer
    started = time.monotonic()
    future = app.log_mood(3, None)
    returned = time.monotonic() - started
    assert returned < 0.05 and not future.done()
    entry = future.result(timeout=10)
    assert entry.mood == 3 and time.monotonic() - started >= 0.9


def test_status_reads_the_coach_under_the_runners_lock(app: App) -> None:
    """A status taken while the scheduler holds the coach waits for it (no torn reads)."""
    import threading

    runner = app.runtime.runner
    assert runner is not None
    inside, release = threading.Event(), threading.Event()

    def hold(_coach: object) -> None:
        inside.set()
        release.wait(5)

    holder = threading.Thread(target=lambda: runner.inspect(hold))
    holder.start()
    assert inside.wait(5)
    statuses: list[AppState] = []
    reader = threading.Thread(target=lambda: statuses.append(app.status().state))
    reader.start()
    reader.join(0.3)
    assert statuses == []  # still waiting for the lock
    release.set()
    reader.join(5)
    holder.join(5)
    assert statuses == [AppState.RECORDING]


def test_a_failed_command_comes_back_in_its_future(app: App) -> None:
    with pytest.raises(ValueError, match="8 hours"):
        app.start_focus_block(600).result()
    with pytest.raises(ValueError, match="unknown pause"):
        app.pause_recording("forever").result()
    assert app.status().state is AppState.RECORDING


def test_the_review_prompt_runs_on_the_coachs_scheduler(app: App) -> None:
    """Like every other prompt, the end-of-week one is fired by the coach's APScheduler."""
    from focuscoach.core.coaching.review_prompt import CHECK_EVERY_S

    runner = app.runtime.runner
    assert runner is not None
    job = runner._scheduler.get_job("review-prompt")
    assert job is not None and job.trigger.interval.total_seconds() == CHECK_EVERY_S
