"""The import's duplicate check is exact: two different events whose 48-bit digests collide
(and start in the same microsecond) are both kept, and importing either again adds nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from focuscoach.core.store import imported
from focuscoach.core.store.database import open_database


class _Constant:
    """A blake2b whose every digest is the same: every event collides with every other."""

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        pass

    def digest(self) -> bytes:
        return b"\x01\x02\x03\x04\x05\x06"


def _rows(*titles: str, start: float = 1000.0) -> list[imported.MappedRow]:
    return [(start, start + 30.0, ("firefox", t), {"app": "firefox", "title": t}) for t in titles]


def _titles(path: Path) -> list[str]:
    db = open_database(path)
    try:
        rows = db.conn.execute(
            "SELECT t.text FROM windows w JOIN strings t ON t.id = w.title ORDER BY w.digest"
        ).fetchall()
    finally:
        db.close()
    return [r[0] for r in rows]


def _add(path: Path, rows: list[imported.MappedRow]) -> int:
    db = open_database(path)
    try:
        with imported.transaction(db.conn):
            return imported.add_mapped(db.conn, imported.WINDOW, "aw-watcher-window_h", rows)
    finally:
        db.close()


def test_colliding_events_are_both_kept_and_found_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imported, "hashlib", SimpleNamespace(blake2b=_Constant))
    path = tmp_path / "focuscoach.db"
    assert _add(path, _rows("Cats - YouTube")) == 1
    # A different event, same start, same (forced) digest: kept, not taken for the first.
    assert _add(path, _rows("Docs - Python")) == 1
    assert _titles(path) == ["Cats - YouTube", "Docs - Python"]
    # Importing both again (and one twice in the same file) adds nothing.
    assert _add(path, _rows("Docs - Python", "Cats - YouTube", "Docs - Python")) == 0
    # A third colliding one goes to the next free digest.
    assert _add(path, _rows("News", "Cats - YouTube")) == 1
    assert _titles(path) == ["Cats - YouTube", "Docs - Python", "News"]


def test_without_collisions_a_second_import_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    rows = _rows("a", "b", start=1.0) + _rows("c", start=2.0)
    assert _add(path, rows) == 3
    assert _add(path, rows) == 0
    assert sorted(_titles(path)) == ["a", "b", "c"]
