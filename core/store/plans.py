"""Accepted plans: one per day, its blocks as instants (UTC seconds)."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.store.transaction import atomic

if TYPE_CHECKING:  # sqlite_utils (and numpy) cost a tenth of a second to import
    import sqlite_utils


def save_plan(db: sqlite_utils.Database, plan: StoredPlan) -> None:
    """Store `plan` as the accepted plan of its date, replacing an earlier one."""
    day = plan.date.isoformat()
    with atomic(db):
        db.execute("DELETE FROM plan_blocks WHERE date = ?", [day])
        db.execute("DELETE FROM plans WHERE date = ?", [day])
        db.execute(
            "INSERT INTO plans (date, accepted_at, unscheduled) VALUES (?, ?, ?)",
            [day, plan.accepted_at, json.dumps(list(plan.unscheduled))],
        )
        for block in plan.blocks:
            db.execute(
                'INSERT INTO plan_blocks (date, start, "end", kind, task_id, title)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                [day, block.start, block.end, block.kind, block.task_id, block.title],
            )


def load_plan(db: sqlite_utils.Database, day: date) -> StoredPlan | None:
    """The accepted plan of `day`, or None if none was accepted."""
    rows = list(db.query("SELECT * FROM plans WHERE date = ?", [day.isoformat()]))
    if not rows:
        return None
    blocks = tuple(
        StoredBlock(float(r["start"]), float(r["end"]), r["kind"], r["task_id"], r["title"])
        for r in db.query(
            'SELECT * FROM plan_blocks WHERE date = ? ORDER BY start, "end", kind',
            [day.isoformat()],
        )
    )
    return StoredPlan(
        date=day,
        accepted_at=float(rows[0]["accepted_at"]),
        blocks=blocks,
        unscheduled=tuple(int(i) for i in json.loads(rows[0]["unscheduled"])),
    )
