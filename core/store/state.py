"""Saved state: the latest snapshot of the coach's timers, so a restart resumes them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from focuscoach.core.store.transaction import write as _write


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
