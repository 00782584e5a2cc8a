"""Context for the live drift rule: which distracting windows are on-task for which task.

The tray may not load the text encoder (its memory budget is 150 MB), so the meaning is judged
ahead of time in a process that has it: the background job `focuscoach categories context`
(the tray starts it when new distracting windows or tasks appear, core/runtime/context_job.py)
and `train`. For every current task (open tasks, and the tasks of today's and tomorrow's focus
blocks) and every (app, title) the rules call distracting seen in the last `LOOKBACK_S`, not
judged yet, it decides as core/categorize/context.py does (the page, without site and
browser, at cosine similarity >= ON_TASK_SIMILARITY to the task's title) and stores the
judgement (core/store/context.py). The drift rule then looks pairs up; it never encodes.

A title first seen during a focus block is not judged until the job next runs: until then it
counts as the rules say (distracting). The tray checks every CHECK_EVERY_S and starts the job
at once when the running block's task has a new pair.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

import numpy as np

from focuscoach.core.activity import WindowSpan
from focuscoach.core.appinfo import OWN_APPS
from focuscoach.core.categories import Categorizer
from focuscoach.core.categorize.context import ON_TASK_SIMILARITY
from focuscoach.core.categorize.encoder import Encoder
from focuscoach.core.categorize.titles import reduce
from focuscoach.core.store import context as store

#: Distracting windows seen this recently are judged.
LOOKBACK_S = 7 * 86400.0
#: At most this many distracting windows (most time first) per run.
MAX_WINDOWS = 2000

Pair = tuple[str, str]


def distracting_windows(
    windows: Iterable[WindowSpan], rules: Categorizer, limit: int = MAX_WINDOWS
) -> list[Pair]:
    """(app, title) the rules call distracting, with a title, not Focus Coach's own; most
    time first."""
    seconds: dict[Pair, float] = {}
    verdict: dict[Pair, bool] = {}
    for w in windows:
        key = (w.app, w.title)
        known = verdict.get(key)
        if known is None:
            known = verdict[key] = (
                bool(w.title.strip())
                and w.app.casefold() not in OWN_APPS
                and rules.is_distracting_window(w.app, w.title)
            )
        if known:
            seconds[key] = seconds.get(key, 0.0) + max(0.0, w.end - w.start)
    return sorted(seconds, key=lambda k: -seconds[k])[:limit]


def unjudged(
    tasks: Sequence[str], windows: Sequence[Pair], judged: Collection[store.OnTaskPair]
) -> list[store.OnTaskPair]:
    """The (task, app, title) not judged yet."""
    return [(t, a, w) for t in tasks for a, w in windows if (t, a, w) not in judged]


def page_of(app: str, title: str) -> str:
    """What is compared with the task: the page, without site and browser (context.py)."""
    reduced = reduce(app, title)
    return reduced.page or reduced.text


def judge(encoder: Encoder, pairs: Sequence[store.OnTaskPair]) -> list[store.Judgement]:
    """Each (task, app, title) judged on-task or not, as `context.task_similarity` does."""
    pages = {(a, w): page_of(a, w) for _, a, w in pairs}
    texts = list(dict.fromkeys([*(t for t, _, _ in pairs), *pages.values()]))
    texts = [t for t in texts if t.strip()]
    vectors = dict(zip(texts, encoder.encode(texts), strict=True)) if texts else {}
    judged = []
    for task, app, title in pairs:
        page = pages[(app, title)]
        a, b = vectors.get(page), vectors.get(task)
        similarity = float(np.dot(a, b)) if a is not None and b is not None else 0.0
        judged.append(
            store.Judgement(task, app, title, similarity, similarity >= ON_TASK_SIMILARITY)
        )
    return judged


def plan_days(now: float, tz: tzinfo) -> list[date]:
    """Today and tomorrow, local time."""
    from datetime import datetime

    today = datetime.fromtimestamp(now, tz).date()
    return [today, today + timedelta(days=1)]


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a run did: tasks and distracting windows considered, pairs judged, on-task."""

    tasks: int
    windows: int
    judged: int
    on_task: int


def pending(
    conn: sqlite3.Connection, rules: Categorizer, now: float, tz: tzinfo
) -> tuple[list[str], list[Pair], list[store.OnTaskPair]]:
    """The current tasks, the recent distracting windows and the pairs not judged yet (no
    encoder: the tray counts these to decide whether to start the job)."""
    from focuscoach.core.store.history import window_spans

    tasks = store.current_tasks(conn, plan_days(now, tz))
    if not tasks:  # nothing to judge against: the tray asks every few minutes
        return tasks, [], []
    windows = distracting_windows(window_spans(conn, now - LOOKBACK_S, now), rules)
    return tasks, windows, unjudged(tasks, windows, store.judged_pairs(conn))


def refresh(
    conn: sqlite3.Connection, encoder: Encoder, rules: Categorizer, now: float, tz: tzinfo
) -> Refreshed:
    """Judge what is new and store it (`conn`: a writable autocommit connection)."""
    tasks, windows, new = pending(conn, rules, now, tz)
    judged = judge(encoder, new) if new else []
    if judged:
        store.save_judgements(conn, judged, now)
    return Refreshed(len(tasks), len(windows), len(judged), sum(j.on_task for j in judged))
