"""Tasks in the store: the one place their SQL lives."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from focuscoach.core.records import Task, TaskStatus
from focuscoach.core.store.transaction import write as _write

if TYPE_CHECKING:  # sqlite_utils (and numpy) cost a tenth of a second to import
    import sqlite_utils


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
