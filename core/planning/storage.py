"""Where the coaching records used to be persisted; the SQL now lives in core/store/.

Kept as names only, for callers not yet pointed at the store: tasks (store/tasks.py), the
journal of moods, coach events and nudge labels (store/journal.py), the coach's saved state
(store/state.py), and accepted plans (planning/service.py turns a Plan into store/plans.py's
StoredPlan and back). Nothing here imports the coaching package, so planning and coaching no
longer import each other.
"""

from __future__ import annotations

import sqlite_utils

from ..records import CoachLogEntry
from ..store.journal import (
    add_mood,
    latest_mood,
    list_coach_events,
    list_moods,
    list_nudge_labels,
    record_coach_event,
    record_nudge_label,
)
from ..store.schema import migrate
from ..store.state import load_coach_state, save_coach_state
from ..store.tasks import (
    add_task,
    delete_task,
    get_task,
    list_tasks,
    set_task_done,
    update_task,
)
from .service import load_plan, save_plan


def create_coaching_tables(db: sqlite_utils.Database) -> None:
    """Bring a database opened directly (tests, tools) up to the store's schema.

    The coaching tables belong to the store's numbered migrations (version 4); this is the
    same path every database takes, so nothing here can drift from it.
    """
    migrate(db.conn)


__all__ = [
    "CoachLogEntry",
    "add_mood",
    "add_task",
    "create_coaching_tables",
    "delete_task",
    "get_task",
    "latest_mood",
    "list_coach_events",
    "list_moods",
    "list_nudge_labels",
    "list_tasks",
    "load_coach_state",
    "load_plan",
    "record_coach_event",
    "record_nudge_label",
    "save_coach_state",
    "save_plan",
    "set_task_done",
    "update_task",
]
