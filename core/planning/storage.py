"""SQLite persistence for tasks, moods, accepted plans, the coach's log and nudge labels.

Functions take a `sqlite_utils.Database` so the store's writer owns the connection and the
transaction. Times are REAL POSIX seconds (UTC), dates ISO text, as everywhere in the store.
`create_coaching_tables` is meant to be called from one numbered schema migration.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import sqlite_utils

from ..coaching.mood import MoodEntry
from ..coaching.nudges import NudgeLabel
from ..store.schema import migrate
from .planner import BlockKind, Plan, PlanBlock
from .tasks import Task, TaskStatus


@contextlib.contextmanager
def _atomic(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction, committed at the end (sqlite-utils 4 `atomic`, else the connection)."""
    atomic = getattr(db, "atomic", None)
    if atomic is not None:
        with atomic():
            yield
    else:  # sqlite-utils 3.x
        with db.conn:
            yield


def _write(db: sqlite_utils.Database, sql: str, params: Any) -> sqlite3.Cursor:
    with _atomic(db):
        return db.execute(sql, params)


def create_coaching_tables(db: sqlite_utils.Database) -> None:
    """Bring a database opened directly (tests, tools) up to the store's schema.

    The coaching tables belong to the store's numbered migrations (version 4); this is the
    same path every database takes, so nothing here can drift from it.
    """
    migrate(db.conn)


# --- tasks -----------------------------------------------------------------------------


def _task_row(task: Task) -> dict[str, Any]:
    return {
        "title": task.title.strip(),
        "notes": task.notes,
        "priority": task.priority,
        "estimate_min": task.estimate,
        "due": task.due.isoformat() if task.due else None,
        "status": task.status.value,
        "created": task.created,
        "done_at": task.done_at,
        "app_pattern": task.app_pattern,
        "title_pattern": task.title_pattern,
    }


def _task_from_row(row: Mapping[str, Any]) -> Task:
    return Task(
        id=int(row["id"]),
        title=row["title"],
        notes=row["notes"] or "",
        priority=int(row["priority"]),
        estimate=None if row["estimate_min"] is None else int(row["estimate_min"]),
        due=date.fromisoformat(row["due"]) if row["due"] else None,
        status=TaskStatus(row["status"]),
        created=float(row["created"]),
        done_at=None if row["done_at"] is None else float(row["done_at"]),
        app_pattern=row["app_pattern"],
        title_pattern=row["title_pattern"],
    )


def add_task(db: sqlite_utils.Database, task: Task) -> Task:
    """Insert `task` (its id is ignored) and return it with the new id."""
    row = _task_row(task)
    cursor = _write(
        db,
        "INSERT INTO tasks (title, notes, priority, estimate_min, due, status, created, done_at,"
        " app_pattern, title_pattern) VALUES (:title, :notes, :priority, :estimate_min, :due,"
        " :status, :created, :done_at, :app_pattern, :title_pattern)",
        row,
    )
    task_id = cursor.lastrowid
    assert task_id is not None
    return get_task(db, task_id)


def get_task(db: sqlite_utils.Database, task_id: int) -> Task:
    """Raise KeyError("no task with id N") when it does not exist."""
    rows = list(db.query("SELECT * FROM tasks WHERE id = ?", [task_id]))
    if not rows:
        raise KeyError(f"no task with id {task_id}")
    return _task_from_row(rows[0])


def list_tasks(db: sqlite_utils.Database, *, include_done: bool = False) -> list[Task]:
    """Open tasks (or all) in planning order: priority, due date (undated last), age."""
    where = "" if include_done else "WHERE status = 'open'"
    rows = db.query(
        f"SELECT * FROM tasks {where} "
        "ORDER BY status = 'done', priority, due IS NULL, due, created, id"
    )
    return [_task_from_row(r) for r in rows]


_UNSET: Any = object()


def update_task(
    db: sqlite_utils.Database,
    task_id: int,
    *,
    title: str = _UNSET,
    notes: str = _UNSET,
    priority: int = _UNSET,
    estimate: int | None = _UNSET,
    due: date | None = _UNSET,
    app_pattern: str | None = _UNSET,
    title_pattern: str | None = _UNSET,
) -> Task:
    """Change only the fields given (None clears an optional field); validates like Task()."""
    current = get_task(db, task_id)
    changes = {
        name: value
        for name, value in {
            "title": title,
            "notes": notes,
            "priority": priority,
            "estimate": estimate,
            "due": due,
            "app_pattern": app_pattern,
            "title_pattern": title_pattern,
        }.items()
        if value is not _UNSET
    }
    fields = {name: getattr(current, name) for name in Task.__slots__}
    fields.update(changes)
    updated = Task(**fields)  # validates
    row = _task_row(updated)
    _write(
        db,
        "UPDATE tasks SET title = :title, notes = :notes, priority = :priority,"
        " estimate_min = :estimate_min, due = :due, app_pattern = :app_pattern,"
        " title_pattern = :title_pattern WHERE id = :id",
        {**row, "id": task_id},
    )
    return get_task(db, task_id)


def set_task_done(db: sqlite_utils.Database, task_id: int, at: float, *, done: bool = True) -> Task:
    """Mark done at `at` (or reopen with done=False)."""
    get_task(db, task_id)
    _write(
        db,
        "UPDATE tasks SET status = ?, done_at = ? WHERE id = ?",
        ["done" if done else "open", at if done else None, task_id],
    )
    return get_task(db, task_id)


def delete_task(db: sqlite_utils.Database, task_id: int) -> None:
    get_task(db, task_id)
    _write(db, "DELETE FROM tasks WHERE id = ?", [task_id])


# --- mood ------------------------------------------------------------------------------


def add_mood(db: sqlite_utils.Database, entry: MoodEntry) -> MoodEntry:
    cursor = _write(
        db,
        "INSERT INTO mood_entries (at, mood, energy, note) VALUES (?, ?, ?, ?)",
        [entry.at, entry.mood, entry.energy, entry.note],
    )
    return MoodEntry(entry.at, entry.mood, entry.energy, entry.note, cursor.lastrowid)


def _mood_from_row(row: Mapping[str, Any]) -> MoodEntry:
    return MoodEntry(
        at=float(row["at"]),
        mood=int(row["mood"]),
        energy=None if row["energy"] is None else int(row["energy"]),
        note=row["note"] or "",
        id=int(row["id"]),
    )


def list_moods(
    db: sqlite_utils.Database, *, since: float | None = None, until: float | None = None
) -> list[MoodEntry]:
    """Entries in [since, until), oldest first."""
    rows = db.query(
        "SELECT * FROM mood_entries WHERE at >= ? AND at < ? ORDER BY at, id",
        [since if since is not None else float("-inf"), until if until is not None else 1e300],
    )
    return [_mood_from_row(r) for r in rows]


def latest_mood(db: sqlite_utils.Database, *, before: float | None = None) -> MoodEntry | None:
    rows = list(
        db.query(
            "SELECT * FROM mood_entries WHERE at <= ? ORDER BY at DESC, id DESC LIMIT 1",
            [before if before is not None else 1e300],
        )
    )
    return _mood_from_row(rows[0]) if rows else None


# --- accepted plans --------------------------------------------------------------------


def save_plan(db: sqlite_utils.Database, plan: Plan, accepted_at: float) -> None:
    """Store `plan` as the accepted plan of its date, replacing an earlier one."""
    day = plan.date.isoformat()
    with _atomic(db):
        db.execute("DELETE FROM plan_blocks WHERE date = ?", [day])
        db.execute("DELETE FROM plans WHERE date = ?", [day])
        db.execute(
            "INSERT INTO plans (date, accepted_at, unscheduled) VALUES (?, ?, ?)",
            [day, accepted_at, json.dumps(list(plan.unscheduled))],
        )
        for block in plan.blocks:
            db.execute(
                'INSERT INTO plan_blocks (date, start, "end", kind, task_id, title)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    day,
                    block.start.timestamp(),
                    block.end.timestamp(),
                    block.kind.value,
                    block.task_id,
                    block.title,
                ],
            )


def load_plan(db: sqlite_utils.Database, day: date, tz: tzinfo) -> Plan | None:
    """The accepted plan of `day` with times in `tz`, or None if none was accepted."""
    rows = list(db.query("SELECT * FROM plans WHERE date = ?", [day.isoformat()]))
    if not rows:
        return None
    blocks = tuple(
        PlanBlock(
            datetime.fromtimestamp(r["start"], UTC).astimezone(tz),
            datetime.fromtimestamp(r["end"], UTC).astimezone(tz),
            BlockKind(r["kind"]),
            r["task_id"],
            r["title"],
        )
        for r in db.query(
            'SELECT * FROM plan_blocks WHERE date = ? ORDER BY start, "end", kind',
            [day.isoformat()],
        )
    )
    return Plan(
        date=day,
        blocks=blocks,
        unscheduled=tuple(int(i) for i in json.loads(rows[0]["unscheduled"])),
    )


# --- coach log, labels, state ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CoachLogEntry:
    at: float
    kind: str
    detail: dict[str, Any]


def record_coach_event(
    db: sqlite_utils.Database, at: float, kind: str, detail: Mapping[str, Any] | None = None
) -> None:
    """Append to the coach log (break_started, break_skipped, nudge_shown, ...)."""
    _write(
        db,
        "INSERT INTO coach_events (at, kind, detail) VALUES (?, ?, ?)",
        [at, kind, json.dumps(dict(detail or {}), sort_keys=True)],
    )


def list_coach_events(
    db: sqlite_utils.Database,
    *,
    since: float | None = None,
    until: float | None = None,
    kinds: Sequence[str] | None = None,
) -> list[CoachLogEntry]:
    """Log entries in [since, until), oldest first, optionally only some kinds."""
    sql = "SELECT at, kind, detail FROM coach_events WHERE at >= ? AND at < ?"
    params: list[Any] = [
        since if since is not None else float("-inf"),
        until if until is not None else 1e300,
    ]
    if kinds is not None:
        sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        params.extend(kinds)
    return [
        CoachLogEntry(float(r["at"]), r["kind"], json.loads(r["detail"]))
        for r in db.query(sql + " ORDER BY at, id", params)
    ]


def record_nudge_label(db: sqlite_utils.Database, label: NudgeLabel) -> None:
    """Store the user's answer to a nudge as a training label for the detector."""
    _write(
        db,
        "INSERT INTO nudge_labels (at, answered_at, answer, distracted, probability,"
        " explanation, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            label.at,
            label.answered_at,
            label.answer,
            int(label.distracted),
            label.probability,
            label.explanation,
            label.task_id,
        ],
    )


def list_nudge_labels(
    db: sqlite_utils.Database, *, since: float | None = None, until: float | None = None
) -> list[NudgeLabel]:
    rows = db.query(
        "SELECT * FROM nudge_labels WHERE at >= ? AND at < ? ORDER BY at, id",
        [since if since is not None else float("-inf"), until if until is not None else 1e300],
    )
    return [
        NudgeLabel(
            at=float(r["at"]),
            answered_at=float(r["answered_at"]),
            answer=r["answer"],
            distracted=bool(r["distracted"]),
            probability=r["probability"],
            explanation=r["explanation"],
            task_id=r["task_id"],
        )
        for r in rows
    ]


def save_coach_state(
    db: sqlite_utils.Database, key: str, saved_at: float, value: Mapping[str, Any]
) -> None:
    """Keep the latest snapshot of the coach's timers, so a restart resumes them."""
    _write(
        db,
        "INSERT INTO coach_state (key, saved_at, value) VALUES (?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET saved_at = excluded.saved_at, value = excluded.value",
        [key, saved_at, json.dumps(dict(value), sort_keys=True)],
    )


def load_coach_state(db: sqlite_utils.Database, key: str) -> tuple[float, dict[str, Any]] | None:
    rows = list(db.query("SELECT saved_at, value FROM coach_state WHERE key = ?", [key]))
    if not rows:
        return None
    value = json.loads(rows[0]["value"])
    if not isinstance(value, dict):
        return None
    return float(rows[0]["saved_at"]), value
