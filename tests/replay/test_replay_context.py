"""Context in the drift rule end to end (issue 12): over a stored day with a focus block for
"Write the asyncio scheduler", 10 min of a Python asyncio tutorial on YouTube and later 10 min
of cat videos. Before the background job has judged them, replay nudges about both; after
`focuscoach categories context` (the job the tray starts, the encoder in its own process) it
nudges about the cat videos only, as the running app would."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from focuscoach.core.planning.tasks import Task
from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.store import history, plans
from focuscoach.core.store import tasks as task_store
from focuscoach.core.store.database import open_database
from focuscoach.core.timeutil import local_zone
from tests.conftest import Cli

TASK = "Write the asyncio scheduler"
CODE = ("code", "scheduler.py - focus - Visual Studio Code")
TUTORIAL = ("firefox", "Python asyncio tutorial - YouTube — Mozilla Firefox")
CATS = ("firefox", "Funny cat compilation - YouTube — Mozilla Firefox")
WINDOWS = [(CODE, 600), (TUTORIAL, 600), (CODE, 300), (CATS, 600), (CODE, 300)]
#: The block runs on this long after the last window.
AFTER_S = 300


def _start() -> float:
    """About three hours ago, or earlier if the stored day would cross local midnight: a day's
    replay reads each day's plan, so the block stopped at midnight, before the cat videos (a
    run made at 02:40 failed so)."""
    start = float(int(time.time() - 3 * 3600) // 60 * 60)
    span = sum(seconds for _, seconds in WINDOWS) + AFTER_S
    zone = local_zone()
    last_day = datetime.fromtimestamp(start + span, zone).date()
    if last_day != datetime.fromtimestamp(start, zone).date():
        midnight = datetime.combine(last_day, clock_time(), zone).timestamp()
        start = midnight - span - 600
    return start


def _store_day(home: Path, start: float) -> dict[str, tuple[float, float]]:
    """The day's windows, task and accepted plan; returns when each video played."""
    rows: list[tuple[float, float, str, str]] = []
    when: dict[str, tuple[float, float]] = {}
    t = start
    for (app, title), seconds in WINDOWS:
        rows.append((t, t + seconds, app, title))
        when.setdefault(title, (t, t + seconds))
        t += seconds
    db = open_database(home / "focuscoach.db")
    db.conn.execute("BEGIN")
    history.insert_windows(db.conn, rows)
    db.conn.execute("COMMIT")
    task = task_store.add_task(db, Task(None, TASK, created=start))
    day = datetime.fromtimestamp(start, local_zone()).date()
    block = StoredBlock(start, t + AFTER_S, "focus", task.id, TASK)
    plans.save_plan(db, StoredPlan(day, start, (block,)))
    db.close()
    return {"tutorial": when[TUTORIAL[1]], "cats": when[CATS[1]]}


def _drift_nudges(cli: Cli) -> list[tuple[float, str]]:
    result = cli("replay", "--json")
    assert result.code == 0, result.err
    return [
        (datetime.fromisoformat(str(n["at"])[:-1]).replace(tzinfo=UTC).timestamp(), n["what"])
        for n in result.json()["nudges"]
        if n["kind"] == "drift"
    ]


def test_no_drift_nudge_for_the_tutorial_once_the_job_has_judged_it(cli: Cli, home: Path) -> None:
    (home / "config.toml").write_text("[breaks]\nenabled = false\n", encoding="utf-8")
    played = _store_day(home, _start())

    def during(at: float, video: str) -> bool:
        lo, hi = played[video]
        return lo < at <= hi

    before = _drift_nudges(cli)
    assert [during(at, "tutorial") for at, _ in before] == [True, False]
    assert [during(at, "cats") for at, _ in before] == [False, True]

    judged = cli("categories", "context", "--json")
    assert judged.code == 0, judged.err
    assert judged.json() == {"tasks": 1, "windows": 2, "judged": 2, "on_task": 1}

    after = _drift_nudges(cli)
    assert len(after) == 1
    at, what = after[0]
    assert during(at, "cats") and what == "YouTube"
    # Judged once: the job run again has nothing new to judge.
    assert cli("categories", "context", "--json").json()["judged"] == 0
